-- TSM gateway, cluster profile (PostgreSQL): Orleans grain state
-- (Microsoft.Orleans.Persistence.AdoNet, ADO invariant "Npgsql").
--
-- Contract with the provider (the same as the embedded profile's 02-Persistence.sql):
--   parameters  @GrainIdHash, @GrainTypeHash (int hashes), @GrainIdN0, @GrainIdN1 (long),
--               @GrainTypeString, @GrainIdExtensionString (NULL when the key has no extension),
--               @ServiceId, @GrainStateVersion (NULL when the grain holds no ETag), @PayloadBinary.
--   read        one row with columns PayloadBinary and Version, or no row.
--   write/clear one row with column NewGrainStateVersion. The provider takes the new version
--               as the grain's ETag; a row that repeats @GrainStateVersion (or is NULL) tells it
--               that nothing was written, and it throws InconsistentStateException.
--
-- A missing key extension is stored as '' so that the unique key below (the upsert's conflict
-- target) holds. A cleared state keeps its row with a NULL payload and a bumped version, so that
-- a stale writer still meets a version check.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            INTEGER      NOT NULL,
    GrainIdN0              BIGINT       NOT NULL,
    GrainIdN1              BIGINT       NOT NULL,
    GrainTypeHash          INTEGER      NOT NULL,
    GrainTypeString        VARCHAR(512) NOT NULL,
    GrainIdExtensionString VARCHAR(512) NOT NULL DEFAULT '',
    ServiceId              VARCHAR(150) NOT NULL,
    PayloadBinary          BYTEA        NULL,
    ModifiedOn             TIMESTAMPTZ  NOT NULL,
    Version                INTEGER      NOT NULL,
    CONSTRAINT UX_OrleansStorage_Grain
        UNIQUE (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId)
);

-- Insert (no ETag yet, no row) or update (ETag matches) in one statement; when neither happened,
-- the second branch echoes the caller's version so that the provider reports the conflict. Of two
-- concurrent first writes, the second meets the first's row and its update condition fails.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $q$
    WITH written AS (
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT
            @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
            COALESCE(CAST(@GrainIdExtensionString AS VARCHAR), ''), @ServiceId, CAST(@PayloadBinary AS BYTEA), now(), 1
        WHERE CAST(@GrainStateVersion AS INTEGER) IS NULL
            OR EXISTS (
                SELECT 1 FROM OrleansStorage
                WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
                  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
                  AND GrainTypeString = @GrainTypeString
                  AND GrainIdExtensionString = COALESCE(CAST(@GrainIdExtensionString AS VARCHAR), '')
                  AND ServiceId = @ServiceId)
        ON CONFLICT ON CONSTRAINT UX_OrleansStorage_Grain
        DO UPDATE SET
            PayloadBinary = excluded.PayloadBinary,
            ModifiedOn = excluded.ModifiedOn,
            Version = OrleansStorage.Version + 1
        WHERE OrleansStorage.Version = CAST(@GrainStateVersion AS INTEGER)
        RETURNING Version)
    SELECT Version AS NewGrainStateVersion FROM written
    UNION ALL
    SELECT CAST(@GrainStateVersion AS INTEGER) WHERE NOT EXISTS (SELECT 1 FROM written);
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $q$
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString = COALESCE(CAST(@GrainIdExtensionString AS VARCHAR), '')
      AND ServiceId = @ServiceId
    LIMIT 1;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $q$
    WITH cleared AS (
        UPDATE OrleansStorage
        SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
        WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
          AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
          AND GrainTypeString = @GrainTypeString
          AND GrainIdExtensionString = COALESCE(CAST(@GrainIdExtensionString AS VARCHAR), '')
          AND ServiceId = @ServiceId
          AND Version = CAST(@GrainStateVersion AS INTEGER)
        RETURNING Version)
    SELECT Version AS NewGrainStateVersion FROM cleared
    UNION ALL
    SELECT CAST(@GrainStateVersion AS INTEGER) WHERE NOT EXISTS (SELECT 1 FROM cleared);
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
