using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms;
using Tsm.Gateway.Sms.Cmpp;
using Tsm.Gateway.Sms.Mo;
using Tsm.Gateway.Sms.Push;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Simulator.Smsc.Cmpp;

namespace Tsm.Gateway.Tests.Sms.Cmpp;

public sealed class SqliteCmppStorageOutageTests : CmppStorageOutageCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresCmppStorageOutageTests : CmppStorageOutageCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>
/// The CMPP side of "never acknowledged and lost" (docs/sms.md): a status report and an MO message that come while the
/// database is down are answered CMPP_DELIVER_RESP Result 8 (flow control: the ISMG keeps the message and delivers it
/// again), never Result 0; once the database is back, both are stored, each once. Our SP client against the ISMG
/// simulator over loopback, on both profiles.
/// </summary>
public abstract class CmppStorageOutageCases : PlatformDatabaseCases
{
    private const string SpId = "901235";
    private const string Secret = "cmpp-outage";
    private const string Msisdn = "8613900000031";

    private static readonly IOptions<PushOptions> Options = Microsoft.Extensions.Options.Options.Create(new PushOptions
    {
        InDoubtAfter = TimeSpan.FromSeconds(10),
        RetryPause = TimeSpan.FromMilliseconds(20),
        MaxRetryPause = TimeSpan.FromMilliseconds(100),
    });

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    [SkippableFact]
    public async Task A_report_or_MO_that_cannot_be_stored_gets_result_8_and_is_stored_once_when_delivered_again()
    {
        var database = new OutageDatabase(Database);
        await using var ismg = new CmppIsmgSimulator(new CmppIsmgOptions
        {
            Port = 0,
            Accounts = [new CmppIsmgAccount(SpId, Secret)],
            ReportDelay = TimeSpan.FromMilliseconds(300),
        });
        ismg.Start();
        var store = new PushStore(database, Options);
        var router = new MoRouter(database, new SeDirectory(database, TimeProvider.System), null!, null!,
            Microsoft.Extensions.Options.Options.Create(new MoOptions()), TimeProvider.System, NullLogger<MoRouter>.Instance);
        using var inbound = new SmsInbound(store, router, Options, TimeProvider.System, NullLogger<SmsInbound>.Instance);
        await inbound.StartAsync(CancellationToken.None);
        try
        {
            await using var client = new CmppSpClient(new CmppAccountOptions
            {
                Name = "cmpp-outage",
                Port = ismg.Endpoint.Port,
                Version = "3.0",
                SpId = SpId,
                SharedSecret = Secret,
                SrcId = "10657",
                ServiceId = "TSMPUSH",
                ResponseTimeout = TimeSpan.FromSeconds(2),
                ReconnectDelay = TimeSpan.FromMilliseconds(50),
                MaxReconnectDelay = TimeSpan.FromMilliseconds(400),
            }, inbound, NullLogger.Instance);
            client.Start();
            await client.WaitUntilAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));

            var serial = await ReceiptMatchingOverSmsCases.PushAsync(store, Msisdn);
            var sender = new PushSender(store, null!, Options, TimeProvider.System, NullLogger<PushSender>.Instance);
            await WaitForAsync(async () =>
            {
                await sender.SendDueAsync([client], CancellationToken.None);
                return (await store.GetAsync(serial))!.State == PushStates.Submitted;
            }, "the submit answer recorded");

            // Down before the report comes (300 ms after the submit); an MO comes meanwhile too.
            database.Down = true;
            ismg.SendMo(SpId, new CmppMoMessage(Msisdn, "10657", "HELLO"u8.ToArray(), CmppMsgFmt.Ascii));
            await WaitForAsync(() => Task.FromResult(ismg.DeliverResps.Count(r => r.Result == CmppSubmitResult.FlowControl) >= 4),
                "the ISMG to be answered Result 8 a few times");
            Assert.DoesNotContain(ismg.DeliverResps, r => r.Result == CmppSubmitResult.Ok);
            Assert.Equal(PushStates.Submitted, (await new PushStore(Database, Options).GetAsync(serial))!.State);

            database.Down = false;
            var readable = new PushStore(Database, Options);
            await WaitForAsync(async () => (await readable.GetAsync(serial))!.State == PushStates.Delivered, "the report delivered again");
            await WaitForAsync(async () => await MoCountAsync() == 1, "the MO delivered again");
            await WaitForAsync(() => Task.FromResult(ismg.DeliverResps.Count(r => r.Result == CmppSubmitResult.Ok) == 2), "both acknowledged");
            Assert.Equal(1, await MoCountAsync());
        }
        finally
        {
            await inbound.StopAsync(CancellationToken.None);
        }
    }

    private async Task<long> MoCountAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM MoMessages WHERE Source = '{Msisdn}';";
        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
