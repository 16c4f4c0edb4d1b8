-- TSM gateway, cluster profile (PostgreSQL): delivery receipts match only the push they belong to (docs/sms.md,
-- "Receipt matching"). Times are UTC ticks (BIGINT).

-- The account that took the push's submit (its message id is unique only within that SMSC's account, and only for a
-- while), when the submit went out, and when the receipt that set its final state was received.
ALTER TABLE Pushes ADD COLUMN IF NOT EXISTS Account TEXT NULL;
ALTER TABLE Pushes ADD COLUMN IF NOT EXISTS SubmittedAt BIGINT NULL;
ALTER TABLE Pushes ADD COLUMN IF NOT EXISTS ReceiptAt BIGINT NULL;

DROP INDEX IF EXISTS IX_Pushes_MessageId;
CREATE INDEX IF NOT EXISTS IX_Pushes_MessageId_Account ON Pushes (MessageId, Account);

-- Final receipts that matched no push awaiting its receipt yet: held (one row per form of the message id) for
-- Sms:Push:ReceiptHold, applied when the submit answer they belong to is recorded, else dropped with a log line.
DROP TABLE IF EXISTS EarlyReceipts;
CREATE TABLE IF NOT EXISTS HeldReceipts
(
    ReceiptId  TEXT    NOT NULL,
    Candidate  TEXT    NOT NULL,
    Account    TEXT    NOT NULL,
    MessageId  TEXT    NOT NULL,
    State      TEXT    NOT NULL,
    Detail     TEXT    NULL,
    ReceivedAt BIGINT  NOT NULL,
    PRIMARY KEY (ReceiptId, Candidate)
);

CREATE INDEX IF NOT EXISTS IX_HeldReceipts_Candidate_Account ON HeldReceipts (Candidate, Account);
CREATE INDEX IF NOT EXISTS IX_HeldReceipts_ReceivedAt ON HeldReceipts (ReceivedAt);
