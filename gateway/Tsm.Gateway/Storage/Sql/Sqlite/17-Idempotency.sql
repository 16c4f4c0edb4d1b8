-- TSM gateway, embedded profile (SQLite): requests sent with an Idempotency-Key and their answers (docs/idempotency.md).
-- Id is the SHA-256 of the caller, the route and the key (neither the caller nor the key is stored); Fingerprint the
-- SHA-256 of the request. A row without Status is a request in progress, held by its lease. Times are UTC ticks.
CREATE TABLE IF NOT EXISTS IdempotentRequests
(
    Id          TEXT    NOT NULL PRIMARY KEY,
    Fingerprint TEXT    NOT NULL,
    LeaseUntil  INTEGER NOT NULL,
    Reservation TEXT    NULL,
    Status      INTEGER NULL,
    ContentType TEXT    NULL,
    Location    TEXT    NULL,
    Body        BLOB    NULL,
    ExpiresAt   INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS IX_IdempotentRequests_ExpiresAt ON IdempotentRequests (ExpiresAt);
