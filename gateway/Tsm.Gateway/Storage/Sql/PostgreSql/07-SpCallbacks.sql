-- TSM gateway, cluster profile (PostgreSQL): the outbox of service-provider callbacks (docs/sp-api.md). Times are UTC ticks.

-- One row per provider task that ended, for a platform with a callback URL: written when the task ends, taken by the
-- callback sender when due, marked delivered on a 2xx answer, or pending again with a later NextAttemptAt. The URL and
-- the signing secret are read from configuration when sending, never stored.
CREATE TABLE IF NOT EXISTS SpCallbacks
(
    EventId       TEXT    NOT NULL PRIMARY KEY,
    Platform      TEXT    NOT NULL,
    Body          TEXT    NOT NULL,
    State         TEXT    NOT NULL,
    Attempts      INTEGER NOT NULL DEFAULT 0,
    NextAttemptAt BIGINT  NOT NULL,
    CreatedAt     BIGINT  NOT NULL,
    UpdatedAt     BIGINT  NOT NULL,
    Detail        TEXT    NULL
);

CREATE INDEX IF NOT EXISTS IX_SpCallbacks_State_NextAttemptAt ON SpCallbacks (State, NextAttemptAt);
