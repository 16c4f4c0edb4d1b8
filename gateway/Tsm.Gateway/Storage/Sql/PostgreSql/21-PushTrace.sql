-- TSM gateway, cluster profile (PostgreSQL): the trace a push was stored in (W3C traceparent of the request that made
-- it), so that the outbox worker's delivery of its SMS continues that trace (docs/operations.md, "Traces"). NULL when
-- no span was recorded (no trace export configured).
ALTER TABLE Pushes ADD COLUMN IF NOT EXISTS TraceParent TEXT NULL;
