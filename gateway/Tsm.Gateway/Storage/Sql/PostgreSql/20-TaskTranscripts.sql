-- TSM gateway, cluster profile (PostgreSQL): finished tasks' session transcripts, apart from grain state
-- (docs/ota.md, "Transcripts"); the same columns as the embedded profile. Only those the retention policy keeps are
-- written, at the task's end; the purge deletes them after Transcripts:RetentionDays. At is UTC ticks.
CREATE TABLE IF NOT EXISTS TaskTranscripts
(
    TaskId TEXT   NOT NULL PRIMARY KEY,
    SeId   TEXT   NOT NULL,
    State  TEXT   NOT NULL,
    At     BIGINT NOT NULL,
    Body   BYTEA  NOT NULL
);

CREATE INDEX IF NOT EXISTS IX_TaskTranscripts_At ON TaskTranscripts (At);
