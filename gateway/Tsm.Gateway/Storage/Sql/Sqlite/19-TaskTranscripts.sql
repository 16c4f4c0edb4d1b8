-- TSM gateway, embedded profile (SQLite): finished tasks' session transcripts, apart from grain state
-- (docs/ota.md, "Transcripts"). Only those the retention policy keeps (failed and aborted tasks, a sample of the
-- succeeded ones) are written, at the task's end; the purge deletes them after Transcripts:RetentionDays.
-- TaskId is the task's id as operation records write it (GUID, "D" form); At is UTC ticks; Body the engine's
-- binary form (secrets zeroed, LOAD blocks by reference to their load file).
CREATE TABLE IF NOT EXISTS TaskTranscripts
(
    TaskId TEXT    NOT NULL PRIMARY KEY,
    SeId   TEXT    NOT NULL,
    State  TEXT    NOT NULL,
    At     INTEGER NOT NULL,
    Body   BLOB    NOT NULL
);

CREATE INDEX IF NOT EXISTS IX_TaskTranscripts_At ON TaskTranscripts (At);
