-- TSM gateway, cluster profile (PostgreSQL): the operation records people query
-- (who did what to which SE / MSISDN / application, and how it ended); the same columns as the
-- embedded profile. At is UTC ticks, so that ranges and "newest first" are integer comparisons;
-- Seq breaks ties in insertion order (SQLite's rowid).
CREATE TABLE IF NOT EXISTS OperationRecords
(
    Id             TEXT   NOT NULL PRIMARY KEY,
    At             BIGINT NOT NULL,
    Actor          TEXT   NOT NULL,
    Operation      TEXT   NOT NULL,
    SeId           TEXT   NOT NULL,
    Msisdn         TEXT   NOT NULL,
    ApplicationAid TEXT   NULL,
    Result         TEXT   NOT NULL,
    Detail         TEXT   NULL,
    Seq            BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX IF NOT EXISTS IX_OperationRecords_At ON OperationRecords (At);
CREATE INDEX IF NOT EXISTS IX_OperationRecords_Msisdn_At ON OperationRecords (Msisdn, At);
CREATE INDEX IF NOT EXISTS IX_OperationRecords_SeId_At ON OperationRecords (SeId, At);
CREATE INDEX IF NOT EXISTS IX_OperationRecords_ApplicationAid_At ON OperationRecords (ApplicationAid, At);
