-- TSM gateway, cluster profile (PostgreSQL): what the statistics and the providers' queries read
-- (docs/management/statistics.md); the same as the embedded profile.

-- Counts by day of one operation (registrations, logins, downloads): a range of one operation's records.
CREATE INDEX IF NOT EXISTS IX_OperationRecords_Operation_At ON OperationRecords (Operation, At);

-- Which SEs hold a provider's applications: the last successful download and delete of each application on each SE,
-- read from the index alone.
CREATE INDEX IF NOT EXISTS IX_OperationRecords_Holdings ON OperationRecords (ApplicationAid, SeId, Operation, Result, At);

-- The free memory each SE last reported (GET DATA FF21 at the start of a task), written when its SE grain records the
-- task's card facts. At is UTC ticks.
CREATE TABLE IF NOT EXISTS SeSpace
(
    SeId            TEXT   NOT NULL PRIMARY KEY,
    FreeNonVolatile BIGINT NULL,
    FreeVolatile    BIGINT NULL,
    ReportedAt      BIGINT NOT NULL
);
