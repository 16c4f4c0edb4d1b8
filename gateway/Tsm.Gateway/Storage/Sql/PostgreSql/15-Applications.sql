-- TSM gateway, cluster profile (PostgreSQL): the application catalogue (docs/management/applications.md).

-- One row per application version. Status is the lower-case state name (initial, reviewed, tested, published,
-- archiving, archived). Definition is the engine's record (JSON of ApplicationDefinition); Manifest the uploaded
-- structure (JSON), null for entries seeded from configuration; Tests the recorded test results (JSON array).
-- Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS Applications
(
    VersionId       TEXT    NOT NULL PRIMARY KEY,
    Aid             TEXT    NOT NULL,
    ProviderId      TEXT    NOT NULL,
    ProviderVersion TEXT    NOT NULL,
    Name            TEXT    NOT NULL,
    Status          TEXT    NOT NULL,
    Reason          TEXT    NULL,
    Definition      TEXT    NOT NULL,
    Manifest        TEXT    NULL,
    Tests           TEXT    NOT NULL DEFAULT '[]',
    Seeded          INTEGER NOT NULL DEFAULT 0,
    CreatedAt       BIGINT  NOT NULL,
    UpdatedAt       BIGINT  NOT NULL
);

CREATE INDEX IF NOT EXISTS IX_Applications_Provider ON Applications (ProviderId, Status);
CREATE INDEX IF NOT EXISTS IX_Applications_Aid ON Applications (Aid);

-- Every change of state (and every rejection or test result), oldest first.
CREATE TABLE IF NOT EXISTS ApplicationTransitions
(
    Id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    VersionId  TEXT    NOT NULL REFERENCES Applications (VersionId),
    Action     TEXT    NOT NULL,
    FromStatus TEXT    NULL,
    ToStatus   TEXT    NOT NULL,
    Actor      TEXT    NOT NULL,
    At         BIGINT  NOT NULL,
    Reason     TEXT    NULL
);

CREATE INDEX IF NOT EXISTS IX_ApplicationTransitions_VersionId ON ApplicationTransitions (VersionId, Id);

-- Uploaded CAP files by the SHA-1 of their bytes ("stored:SHA1" in a load file's CapFile).
CREATE TABLE IF NOT EXISTS CapFiles
(
    Sha1     TEXT    NOT NULL PRIMARY KEY,
    Content  BYTEA   NOT NULL,
    StoredAt BIGINT  NOT NULL
);

-- Libraries (dependent extensions): operator-owned load files applications import. LoadFile is the JSON of its
-- LoadFileDefinition.
CREATE TABLE IF NOT EXISTS Libraries
(
    Aid       TEXT    NOT NULL PRIMARY KEY,
    Name      TEXT    NOT NULL,
    LoadFile  TEXT    NOT NULL,
    CreatedAt BIGINT  NOT NULL
);
