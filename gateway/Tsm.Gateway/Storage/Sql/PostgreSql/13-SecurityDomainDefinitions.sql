-- TSM gateway, cluster profile (PostgreSQL): security-domain definitions (docs/management/security-domains.md).
-- Definition is the engine's record (JSON) from which the CMS2AC install parameters are generated; State is pending,
-- approved or rejected; times are UTC ticks. SecurityDomainAids holds every AID the platform ever allocated or
-- seeded, so an AID is never given out twice, even after its definition is deleted.
CREATE TABLE IF NOT EXISTS SecurityDomainDefinitions
(
    Aid        TEXT    NOT NULL PRIMARY KEY,
    Owner      TEXT    NOT NULL,
    State      TEXT    NOT NULL,
    Definition TEXT    NOT NULL,
    AppliedBy  TEXT    NOT NULL,
    AppliedAt  BIGINT  NOT NULL,
    DecidedBy  TEXT    NULL,
    DecidedAt  BIGINT  NULL,
    Reason     TEXT    NULL,
    ChangedBy  TEXT    NOT NULL,
    ChangedAt  BIGINT  NOT NULL
);

CREATE INDEX IF NOT EXISTS IX_SecurityDomainDefinitions_Owner_State ON SecurityDomainDefinitions (Owner, State);

CREATE TABLE IF NOT EXISTS SecurityDomainAids
(
    Aid         TEXT    NOT NULL PRIMARY KEY,
    AllocatedAt BIGINT  NOT NULL
);
