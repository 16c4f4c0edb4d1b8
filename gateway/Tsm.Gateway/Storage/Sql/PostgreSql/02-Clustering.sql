-- TSM gateway, cluster profile (PostgreSQL): Orleans cluster membership
-- (Microsoft.Orleans.Clustering.AdoNet, ADO invariant "Npgsql").
--
-- Contract with the provider:
--   parameters  @DeploymentId (the cluster id), @Address (IP text), @Port, @Generation (int),
--               @SiloName, @HostName, @Status (SiloStatus as int), @ProxyPort (the gateway port, 0 when none),
--               @StartTime, @IAmAliveTime (UTC DateTime), @SuspectTimes ("silo,time|silo,time", or NULL),
--               @Version (the table version the caller read, int).
--   reads       MembershipReadRowKey / MembershipReadAllKey: at least one row, the table version in column
--               Version, joined to the member columns (Address, Port, Generation, SiloName, HostName, Status,
--               ProxyPort, SuspectTimes, StartTime, IAmAliveTime), which are NULL when there is no member.
--               GatewaysQueryKey: Address, ProxyPort, Generation of the members in @Status.
--   writes      InsertMembershipVersionKey, InsertMembershipKey, UpdateMembershipKey: one row, one column,
--               true when the write happened. A member write must bump the table version in the same
--               statement, and only from the version the caller read (optimistic concurrency): both
--               happen or neither does.
--   others      UpdateIAmAlivetimeKey, DeleteMembershipTableEntriesKey, CleanupDefunctSiloEntriesKey,
--               CleanupDefunctSiloEntryKey (one dead member whose captured values still match): no result.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId VARCHAR(150) NOT NULL PRIMARY KEY,
    Timestamp    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    Version      INTEGER      NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId VARCHAR(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      VARCHAR(45)  NOT NULL,
    Port         INTEGER      NOT NULL,
    Generation   INTEGER      NOT NULL,
    SiloName     VARCHAR(150) NOT NULL,
    HostName     VARCHAR(150) NOT NULL,
    Status       INTEGER      NOT NULL,
    ProxyPort    INTEGER      NULL,
    SuspectTimes TEXT         NULL,
    StartTime    TIMESTAMPTZ  NOT NULL,
    IAmAliveTime TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM created);
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- The version row is the lock: of two writers that read the same version, the second waits on the
-- first's row lock, then finds the version changed and writes nothing. The member row is checked in
-- the same condition, so a version is never bumped for a write that cannot happen.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $q$
    WITH bumped AS (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = @DeploymentId AND Version = @Version
          AND NOT EXISTS (
              SELECT 1 FROM OrleansMembershipTable
              WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
        RETURNING DeploymentId),
    inserted AS (
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
        FROM bumped
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM inserted);
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $q$
    WITH bumped AS (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = @DeploymentId AND Version = @Version
          AND EXISTS (
              SELECT 1 FROM OrleansMembershipTable
              WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
        RETURNING DeploymentId),
    updated AS (
        UPDATE OrleansMembershipTable AS m
        SET Status = @Status,
            SuspectTimes = CAST(@SuspectTimes AS TEXT),
            IAmAliveTime = GREATEST(m.IAmAliveTime, @IAmAliveTime)
        FROM bumped
        WHERE m.DeploymentId = bumped.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM updated);
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Heartbeats never move the time backwards.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $q$
    SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
        ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $q$
    SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Dead members (SiloStatus.Dead = 6) not heard of since @IAmAliveTime.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = 6
      AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime
      AND COALESCE(SuspectTimes, '') = '';
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- The provider decides which dead member is old enough and names it with the values it read: a member
-- written since then no longer matches and stays.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = 6
      AND Address = @Address AND Port = @Port AND Generation = @Generation
      AND StartTime = CAST(@StartTime AS TIMESTAMPTZ) AND IAmAliveTime = CAST(@IAmAliveTime AS TIMESTAMPTZ)
      AND COALESCE(SuspectTimes, '') = COALESCE(CAST(@SuspectTimes AS TEXT), '');
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
