-- TSM gateway, embedded profile (SQLite): the audit log (requirement 7.4; docs/security.md, "Audit log"). Times are UTC ticks.

-- Append-only and hash-chained: seq 1, 2, 3, ... without gaps; hash = SHA-256 over the row's canonical encoding and
-- prev_hash (gateway/Tsm.Gateway/Audit/AuditChain.cs), prev_hash = the previous row's hash (32 zero bytes for seq 1).
-- The triggers refuse UPDATE and DELETE; someone who can drop them can change rows, which VerifyAsync then detects.
CREATE TABLE IF NOT EXISTS audit_log
(
    seq       INTEGER PRIMARY KEY ASC,
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    roles     TEXT    NOT NULL,
    region    TEXT    NULL,
    action    TEXT    NOT NULL,
    target    TEXT    NULL,
    outcome   TEXT    NOT NULL,
    before    TEXT    NULL,
    after     TEXT    NULL,
    remote    TEXT    NULL,
    prev_hash BLOB    NOT NULL,
    hash      BLOB    NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_audit_log_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS ix_audit_log_actor ON audit_log (actor);
CREATE INDEX IF NOT EXISTS ix_audit_log_target ON audit_log (target);

CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be updated');
END;

CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
END;

-- The head of the chain (last seq and hash), written in the append's transaction: the chain alone cannot show that
-- its last rows were removed, a head that names a later row can. Seeded only while the log is empty, so that a head
-- removed from a non-empty log stays missing (and reported) rather than starting the chain again.
CREATE TABLE IF NOT EXISTS audit_head
(
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash BLOB    NOT NULL
);

INSERT OR IGNORE INTO audit_head (id, seq, hash)
SELECT 1, 0, zeroblob(32) WHERE NOT EXISTS (SELECT 1 FROM audit_log);

CREATE TRIGGER IF NOT EXISTS audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1
BEGIN
    SELECT RAISE(ABORT, 'audit_head only moves forward, one row at a time');
END;

CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'audit_head cannot be deleted');
END;
