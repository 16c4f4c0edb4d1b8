-- TSM gateway, embedded profile (SQLite): wake-up pushes (requirement 5.8.5), SE bindings, MO messages.
-- Times are UTC ticks.

-- One row per push: the durable outbox and the push record at once. A push is stored before it is sent; the sender
-- takes rows that are due (pending, or in doubt after a lost link) and marks them; delivery receipts update them.
CREATE TABLE IF NOT EXISTS Pushes
(
    Serial         TEXT    NOT NULL PRIMARY KEY,
    SeId           TEXT    NOT NULL,
    Msisdn         TEXT    NOT NULL,
    Operation      TEXT    NOT NULL,
    ApplicationAid TEXT    NULL,
    TaskId         TEXT    NULL,
    RequestedBy    TEXT    NOT NULL,
    State          TEXT    NOT NULL,
    Attempts       INTEGER NOT NULL DEFAULT 0,
    NextAttemptAt  INTEGER NOT NULL,
    MessageId      TEXT    NULL,
    CreatedAt      INTEGER NOT NULL,
    ExpiresAt      INTEGER NOT NULL,
    UpdatedAt      INTEGER NOT NULL,
    UsedAt         INTEGER NULL,
    Detail         TEXT    NULL
);

CREATE INDEX IF NOT EXISTS IX_Pushes_State_NextAttemptAt ON Pushes (State, NextAttemptAt);
CREATE INDEX IF NOT EXISTS IX_Pushes_SeId ON Pushes (SeId);

-- Which MSISDN each registered SE is bound to (requirement 5.5.2), for messages that name a number, not an SE.
CREATE TABLE IF NOT EXISTS SeBindings
(
    SeId    TEXT    NOT NULL PRIMARY KEY,
    Msisdn  TEXT    NOT NULL,
    BoundAt INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS IX_SeBindings_Msisdn ON SeBindings (Msisdn);

-- Mobile-originated messages as received, with what the routing rules did with them.
CREATE TABLE IF NOT EXISTS MoMessages
(
    Id          TEXT    NOT NULL PRIMARY KEY,
    ReceivedAt  INTEGER NOT NULL,
    Account     TEXT    NOT NULL,
    Source      TEXT    NOT NULL,
    Destination TEXT    NOT NULL,
    Text        TEXT    NULL,
    UserData    TEXT    NOT NULL,
    Rule        TEXT    NULL,
    Outcome     TEXT    NULL
);

CREATE INDEX IF NOT EXISTS IX_MoMessages_Source_ReceivedAt ON MoMessages (Source, ReceivedAt);

-- Receipts are matched by (MessageId, Account) and held when early: see the receipt-matching script.
