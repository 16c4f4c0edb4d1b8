-- TSM gateway, embedded profile (SQLite): system parameters (requirement 5.7.3.4; docs/parameters.md). Times are UTC ticks.

-- Values set through /admin/v1/parameters, one row per parameter (its configuration key). They are layered over the
-- configuration files by the gateway's parameter configuration provider; a row is a checked value of a known parameter.
CREATE TABLE IF NOT EXISTS SystemParameters
(
    Name      TEXT    NOT NULL PRIMARY KEY,
    Value     TEXT    NOT NULL,
    UpdatedAt INTEGER NOT NULL,
    UpdatedBy TEXT    NOT NULL
);

-- Every add, change and delete of a parameter, written in the same transaction as the change. Never updated.
CREATE TABLE IF NOT EXISTS SystemParameterHistory
(
    Seq       INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    Name      TEXT    NOT NULL,
    Action    TEXT    NOT NULL CHECK (Action IN ('add', 'change', 'delete')),
    OldValue  TEXT    NULL,
    NewValue  TEXT    NULL,
    ChangedAt INTEGER NOT NULL,
    ChangedBy TEXT    NOT NULL
);

CREATE INDEX IF NOT EXISTS IX_SystemParameterHistory_Name_Seq ON SystemParameterHistory (Name, Seq);
