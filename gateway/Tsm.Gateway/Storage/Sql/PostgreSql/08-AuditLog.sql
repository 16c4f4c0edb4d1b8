-- TSM gateway, cluster profile (PostgreSQL): the audit log (requirement 7.4; docs/security.md, "Audit log"). Times are UTC ticks.

-- Append-only and hash-chained: seq 1, 2, 3, ... without gaps; hash = SHA-256 over the row's canonical encoding and
-- prev_hash (gateway/Tsm.Gateway/Audit/AuditChain.cs), prev_hash = the previous row's hash (32 zero bytes for seq 1).
-- Appends from every silo are serialized by a transaction-scoped advisory lock (SqlAuditLog.AppendLockKey).
-- The triggers refuse UPDATE, DELETE and TRUNCATE; someone who can drop them can change rows, which VerifyAsync then
-- detects. They are dropped and created again at every start, so a dropped trigger comes back.
CREATE TABLE IF NOT EXISTS audit_log
(
    seq       BIGINT NOT NULL PRIMARY KEY,
    at        BIGINT NOT NULL,
    actor     TEXT   NOT NULL,
    roles     TEXT   NOT NULL,
    region    TEXT   NULL,
    action    TEXT   NOT NULL,
    target    TEXT   NULL,
    outcome   TEXT   NOT NULL,
    before    TEXT   NULL,
    after     TEXT   NULL,
    remote    TEXT   NULL,
    prev_hash BYTEA  NOT NULL,
    hash      BYTEA  NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_audit_log_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS ix_audit_log_actor ON audit_log (actor);
CREATE INDEX IF NOT EXISTS ix_audit_log_target ON audit_log (target);

CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;

DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The head of the chain (last seq and hash), written in the append's transaction: the chain alone cannot show that
-- its last rows were removed, a head that names a later row can. Seeded only while the log is empty, so that a head
-- removed from a non-empty log stays missing (and reported) rather than starting the chain again.
CREATE TABLE IF NOT EXISTS audit_head
(
    id   INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    seq  BIGINT  NOT NULL,
    hash BYTEA   NOT NULL
);

INSERT INTO audit_head (id, seq, hash)
SELECT 1, 0, decode(repeat('00', 32), 'hex') WHERE NOT EXISTS (SELECT 1 FROM audit_log)
ON CONFLICT (id) DO NOTHING;

CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.seq = OLD.seq + 1 THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_head only moves forward, one row at a time: % refused', TG_OP;
END;
$$;

DROP TRIGGER IF EXISTS audit_head_forward ON audit_head;
CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();

DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_head;
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
