using System.Diagnostics;
using Npgsql;
using Tsm.Gateway.Storage;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>What the cluster tests share: the cluster profile's arguments, the membership table, sessions run to their end.</summary>
internal static class ClusterHarness
{
    /// <summary>Orleans' silo status "Active" and "Dead" in the membership table.</summary>
    public const int Active = 3;
    public const int Dead = 6;

    /// <summary>The cluster profile with failure detection shortened from Orleans' defaults (about 15 s) to about 2 s.</summary>
    public static string[] Args(string connectionString) =>
    [
        "--Storage:Profile", StorageProfiles.Cluster,
        "--Storage:PostgresConnectionString", connectionString,
        "--" + StorageExtensions.AdvertisedAddressKey, "127.0.0.1",
        "--" + StorageExtensions.MembershipSection + ":ProbeTimeout", "00:00:01",
        "--" + StorageExtensions.MembershipSection + ":NumMissedProbesLimit", "2",
        "--" + StorageExtensions.MembershipSection + ":NumVotesForDeathDeclaration", "1",
        "--Seram:LongPoll", "00:00:03",
    ];

    /// <summary>
    /// Runs a task's SERAM session to its stopCommand. When the session breaks off (a silo died or left, or the other
    /// silo cannot reach the task's grains until the dead one is declared dead), the phone starts again with a void
    /// report: the wallet protocol's way of asking for the current order, which makes the task open a new secure
    /// channel. Returns how many times it started again.
    /// </summary>
    public static async Task<int> RunToEndAsync(CountingCard card, HttpClient http, string sessionId, Action<string> log)
    {
        var options = Phone.FastAgent with { RetryWindow = TimeSpan.FromSeconds(10), RetryPause = TimeSpan.FromMilliseconds(100) };
        var deadline = Stopwatch.StartNew();
        for (var restarts = 0; ; restarts++)
        {
            var session = await new SeramLocalAgent(card, card.SeId, http, sessionId, options).RunAsync();
            if (session.IsCompleted)
                return restarts;
            log($"{card.SeId} starts its session again after {session.Outcome}: {session.Detail}");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"{card.SeId}: {session.Outcome} {session.Detail} after {restarts} restarts");
            await Task.Delay(options.RetryPause);
        }
    }

    /// <summary>
    /// Registers the phone's SE through <paramref name="http"/> (the registration task run to its end and checked), keeps
    /// its access token on the client, and has the wallet ask for a download of <paramref name="applicationAid"/>;
    /// returns the download's task and SERAM session.
    /// </summary>
    public static async Task<(string TaskId, string SessionId)> RegisterAndRequestDownloadAsync(
        CountingCard card, HttpClient http, string applicationAid, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(http);
        http.DefaultRequestHeaders.Add("X-Network-Msisdn", card.Msisdn);
        var wallet = new WalletClient(http);
        var login = await wallet.LoginAsync(new WalletLoginRequest { Msisdn = card.Msisdn, SeId = card.SeId, Imsi = "460001234567890", Token = WalletClient.ReadToken(card.Inner) });
        Assert.NotNull(login.SessionId);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", login.AccessToken);
        await RunToEndAsync(card, http, login.SessionId, log);
        Assert.Equal(WalletTaskState.Succeeded, (await wallet.GetTaskAsync(login.TaskId!)).State);
        var accepted = await wallet.SubmitOperationAsync(new WalletOperationRequest
        {
            Msisdn = card.Msisdn, SeId = card.SeId, Operation = WalletOperation.Download, ApplicationAid = applicationAid,
        });
        return (accepted.TaskId, accepted.SessionId);
    }

    /// <summary>Waits until the membership table shows <paramref name="count"/> silos with the given status.</summary>
    public static async Task WaitForSilosAsync(string connectionString, int status, int count)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM OrleansMembershipTable WHERE Status = @Status;", connection);
            command.Parameters.AddWithValue("Status", status);
            var found = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            if (found == count)
                return;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{found} silos with status {status} after 60 s, expected {count}");
            await Task.Delay(100);
        }
    }

    /// <summary>The results of the 'download' operation records, per SE.</summary>
    public static async Task<Dictionary<string, List<string>>> DownloadRecordsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT SeId, Result FROM OperationRecords WHERE Operation = 'download';", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var records = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync())
        {
            var seId = reader.GetString(0);
            if (!records.TryGetValue(seId, out var results))
                records[seId] = results = [];
            results.Add(reader.GetString(1));
        }
        return records;
    }
}
