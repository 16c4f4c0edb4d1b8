-- TSM gateway, embedded profile (SQLite): service providers and business platforms (docs/management/providers.md).

-- A provider from its registration on: Id is the registration's id (REG000001), or the configured id of a seeded
-- provider ("demo"); Spid is issued on approval (SP000001, from SpidNumber's sequence) and never reused. Status is
-- pending, approved, rejected, blacklisted or deregistered; Reason the reason of the latest decision.
CREATE TABLE IF NOT EXISTS Providers
(
    Id                         TEXT    NOT NULL PRIMARY KEY,
    RegistrationNumber         INTEGER NULL UNIQUE,
    Spid                       TEXT    NULL UNIQUE,
    SpidNumber                 INTEGER NULL UNIQUE,
    Status                     TEXT    NOT NULL CHECK (Status IN ('pending', 'approved', 'rejected', 'blacklisted', 'deregistered')),
    Name                       TEXT    NOT NULL,
    Type                       TEXT    NOT NULL,
    BusinessRegistrationNumber TEXT    NOT NULL,
    OperatingLicenceNumber     TEXT    NOT NULL,
    ApplicationTypes           TEXT    NOT NULL,
    CooperationType            TEXT    NOT NULL,
    Address                    TEXT    NULL,
    Postcode                   TEXT    NULL,
    Telephone                  TEXT    NULL,
    Fax                        TEXT    NULL,
    ContactName                TEXT    NULL,
    ContactMobile              TEXT    NULL,
    ContactEmail               TEXT    NULL,
    Account                    TEXT    NULL,
    RegisteredBy               TEXT    NOT NULL,
    RegisteredAt               INTEGER NOT NULL,
    DecidedBy                  TEXT    NULL,
    Reason                     TEXT    NULL,
    UpdatedAt                  INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS IX_Providers_Status ON Providers (Status, RegisteredAt);

-- Business platforms (requirement 5.7.1): the callback secret is protected with the platform's Data Protection keys.
CREATE TABLE IF NOT EXISTS ServicePlatforms
(
    Id             TEXT    NOT NULL PRIMARY KEY,
    CallbackUrl    TEXT    NULL,
    CallbackSecret TEXT    NULL,
    CreatedAt      INTEGER NOT NULL
);

-- The providers a platform acts for, each with the capabilities granted (space-separated names).
CREATE TABLE IF NOT EXISTS ServicePlatformGrants
(
    PlatformId   TEXT NOT NULL REFERENCES ServicePlatforms (Id),
    ProviderId   TEXT NOT NULL,
    Capabilities TEXT NOT NULL,
    PRIMARY KEY (PlatformId, ProviderId)
);

-- Credentials: SHA-256 of an API key, or a client certificate's SHA-256 thumbprint (upper-case hex); unique per kind.
CREATE TABLE IF NOT EXISTS ServicePlatformCredentials
(
    Kind       TEXT    NOT NULL CHECK (Kind IN ('api-key', 'certificate')),
    Sha256     TEXT    NOT NULL,
    PlatformId TEXT    NOT NULL REFERENCES ServicePlatforms (Id),
    CreatedAt  INTEGER NOT NULL,
    PRIMARY KEY (Kind, Sha256)
);

CREATE INDEX IF NOT EXISTS IX_ServicePlatformCredentials_Platform ON ServicePlatformCredentials (PlatformId);
