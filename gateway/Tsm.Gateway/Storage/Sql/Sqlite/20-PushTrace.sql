-- TSM gateway, embedded profile (SQLite): the trace a push was stored in (W3C traceparent of the request that made
-- it), so that the outbox worker's delivery of its SMS continues that trace (docs/operations.md, "Traces"). NULL when
-- no span was recorded (no trace export configured).
--
-- SQLite cannot add a column only when it is missing: the script is applied in one transaction, and "duplicate column
-- name" on a later start means it was applied whole (the runner skips it). Change nothing here once released.
ALTER TABLE Pushes ADD COLUMN TraceParent TEXT NULL;
