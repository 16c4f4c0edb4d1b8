-- TSM gateway, embedded profile (SQLite): SE batches and test numbers (docs/management/batches.md).
-- Definition is the batch (JSON: the engine's record and the memory type and state of each preset); SeIdFrom and
-- SeIdTo repeat its range in upper case for the overlap and registered-SE checks. Times are UTC ticks.
CREATE TABLE IF NOT EXISTS SeBatches
(
    Id         TEXT    NOT NULL PRIMARY KEY,
    SeIdFrom   TEXT    NOT NULL,
    SeIdTo     TEXT    NOT NULL,
    Definition TEXT    NOT NULL,
    ChangedBy  TEXT    NOT NULL,
    ChangedAt  INTEGER NOT NULL
);

-- The MSISDNs whose SEs testers may test unpublished applications on (requirement 5.4.4).
CREATE TABLE IF NOT EXISTS TestNumbers
(
    Msisdn  TEXT    NOT NULL PRIMARY KEY,
    Note    TEXT    NOT NULL,
    AddedBy TEXT    NOT NULL,
    AddedAt INTEGER NOT NULL
);
