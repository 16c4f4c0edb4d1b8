-- TSM gateway, cluster profile (PostgreSQL): requests sent with an Idempotency-Key and their answers
-- (docs/idempotency.md). Shared by every silo, so that a client retrying on another gateway finds its request.
-- Id is the SHA-256 of the caller, the route and the key (neither the caller nor the key is stored); Fingerprint the
-- SHA-256 of the request. A row without Status is a request in progress, held by its lease. Times are UTC ticks.
CREATE TABLE IF NOT EXISTS IdempotentRequests
(
    Id          TEXT    NOT NULL PRIMARY KEY,
    Fingerprint TEXT    NOT NULL,
    LeaseUntil  BIGINT  NOT NULL,
    Reservation TEXT    NULL,
    Status      INTEGER NULL,
    ContentType TEXT    NULL,
    Location    TEXT    NULL,
    Body        BYTEA   NULL,
    ExpiresAt   BIGINT  NOT NULL
);

CREATE INDEX IF NOT EXISTS IX_IdempotentRequests_ExpiresAt ON IdempotentRequests (ExpiresAt);
