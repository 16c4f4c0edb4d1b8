using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms;
using Tsm.Gateway.Sms.Mo;
using Tsm.Gateway.Sms.Push;
using Tsm.Gateway.Sms.Smpp;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Sms.Push;
using Tsm.Simulator.Smsc.Smpp;
using Tsm.Testing;

namespace Tsm.Gateway.Tests.Sms;

public sealed class SqliteReceiptMatchingOverSmsTests : ReceiptMatchingOverSmsCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresReceiptMatchingOverSmsTests : ReceiptMatchingOverSmsCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>
/// The push sender, the receipt handler and our ESME against the SMSC simulator over loopback, on both profiles: an
/// SMSC that restarts with its message ids from 1 again (docs/sms.md, "Receipt matching") — ours, and node-smpp's
/// (tests/interop/smsc.js, an independent SMSC whose counter starts at 1 in each run) — and a database that is
/// down when a receipt or an MO message comes (answered ESME_RX_T_APPN, delivered again, stored once it is back).
/// </summary>
public abstract class ReceiptMatchingOverSmsCases : PlatformDatabaseCases
{
    private static readonly IOptions<PushOptions> Options = Microsoft.Extensions.Options.Options.Create(new PushOptions
    {
        InDoubtAfter = TimeSpan.FromSeconds(10),
        RetryPause = TimeSpan.FromMilliseconds(20),
        MaxRetryPause = TimeSpan.FromMilliseconds(100),
    });

    private sealed class Stack : IAsyncDisposable
    {
        public required OutageDatabase Database { get; init; }

        public required PushStore Store { get; init; }

        public required PushSender Sender { get; init; }

        public required SmsInbound Inbound { get; init; }

        public required SmppEsme Esme { get; init; }

        public async ValueTask DisposeAsync()
        {
            await Esme.DisposeAsync();
            await Inbound.StopAsync(CancellationToken.None);
            Inbound.Dispose();
        }
    }

    private async Task<Stack> StartAsync(int smscPort)
    {
        var database = new OutageDatabase(Database);
        var store = new PushStore(database, Options);
        var router = new MoRouter(database, new SeDirectory(database, TimeProvider.System), null!, null!,
            Microsoft.Extensions.Options.Options.Create(new MoOptions()), TimeProvider.System, NullLogger<MoRouter>.Instance);
        var inbound = new SmsInbound(store, router, Options, TimeProvider.System, NullLogger<SmsInbound>.Instance);
        await inbound.StartAsync(CancellationToken.None);
        var esme = new SmppEsme(SmppKit.Account(smscPort), inbound, NullLogger.Instance);
        esme.Start();
        await esme.WaitUntilBoundAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var sender = new PushSender(store, null!, Options, TimeProvider.System, NullLogger<PushSender>.Instance);
        return new Stack { Database = database, Store = store, Sender = sender, Inbound = inbound, Esme = esme };
    }

    private static SmppSmsc StartSmsc(SmppSmscOptions options, int port = 0)
    {
        var smsc = new SmppSmsc(options with
        {
            Port = port,
            Accounts = new Dictionary<string, string> { [SmppKit.SystemId] = SmppKit.Password },
            DeliverRetryPause = options.DeliverRetryPause == new SmppSmscOptions().DeliverRetryPause ? TimeSpan.FromMilliseconds(100) : options.DeliverRetryPause,
        });
        smsc.Start();
        return smsc;
    }

    /// <summary>Stores a pending sync push to <paramref name="msisdn"/>; returns its serial.</summary>
    internal static async Task<string> PushAsync(PushStore store, string msisdn)
    {
        var now = DateTimeOffset.UtcNow;
        var push = new PushRecord
        {
            Serial = PushSerial.New(now).ToString(),
            SeId = "86000000000000000001",
            Msisdn = msisdn,
            Operation = "sync",
            RequestedBy = "test",
            State = PushStates.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            ExpiresAt = now.AddHours(1),
            UpdatedAt = now,
        };
        Assert.True(await store.TryInsertAsync(push));
        return push.Serial;
    }

    /// <summary>Sends due pushes in rounds until each of <paramref name="serials"/> has its submit answer recorded.</summary>
    private static async Task SendAllAsync(Stack stack, params string[] serials)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await StatesAsync(stack.Store, serials)).Any(s => s is PushStates.Pending or PushStates.Sending))
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out sending the pushes");
            if (await stack.Sender.SendDueAsync([stack.Esme], CancellationToken.None) == 0)
                await Task.Delay(20);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    private static async Task<string[]> StatesAsync(PushStore store, IEnumerable<string> serials)
    {
        var states = new List<string>();
        foreach (var serial in serials)
            states.Add((await store.GetAsync(serial))!.State);
        return [.. states];
    }

    [SkippableFact]
    public async Task After_an_SMSC_restart_with_ids_from_1_each_receipt_reaches_its_own_push_and_older_pushes_keep_theirs()
    {
        _ = Database;
        // The SMSC before its restart: ids 1-3 with quick receipts (delivered), then ids 4-5 whose receipts the restart loses.
        var smsc = StartSmsc(new SmppSmscOptions { MessageIdPrefix = "", ReceiptDelay = TimeSpan.FromMilliseconds(5) });
        var port = smsc.Port;
        await using var stack = await StartAsync(port);
        var delivered = new[] { await PushAsync(stack.Store, "8613900000001"), await PushAsync(stack.Store, "8613900000002"), await PushAsync(stack.Store, "8613900000003") };
        await SendAllAsync(stack, delivered);
        await WaitForAsync(async () => (await StatesAsync(stack.Store, delivered)).All(s => s == PushStates.Delivered), "the first receipts");
        await smsc.DisposeAsync();
        smsc = StartSmsc(new SmppSmscOptions { MessageIdPrefix = "", FirstMessageNumber = 4, Receipts = false }, port);
        await stack.Esme.WaitUntilBoundAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var awaiting = new[] { await PushAsync(stack.Store, "8613900000004"), await PushAsync(stack.Store, "8613900000005") };
        await SendAllAsync(stack, awaiting);
        Assert.Equal(["4", "5"], (await Task.WhenAll(awaiting.Select(s => stack.Store.GetAsync(s)))).Select(p => p!.MessageId).Order(StringComparer.Ordinal));

        // Restarted: ids from 1 again (in the order the concurrent submits arrive), receipts at once, often before the
        // answers are recorded; the receipt for N2's number is a failure.
        await smsc.DisposeAsync();
        await using var restarted = StartSmsc(new SmppSmscOptions
        {
            MessageIdPrefix = "",
            ReceiptDelay = TimeSpan.Zero,
            UndeliverableDestinations = new HashSet<string>(StringComparer.Ordinal) { "8613900000012" },
        }, port);
        await stack.Esme.WaitUntilBoundAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var fresh = new List<string>();
        for (var i = 1; i <= 5; i++)
            fresh.Add(await PushAsync(stack.Store, $"86139000000{10 + i}"));
        await SendAllAsync(stack, [.. fresh]);
        Assert.Equal(["1", "2", "3", "4", "5"], (await Task.WhenAll(fresh.Select(s => stack.Store.GetAsync(s)))).Select(p => p!.MessageId).Order(StringComparer.Ordinal));
        await WaitForAsync(async () => (await StatesAsync(stack.Store, fresh)).All(s => s != PushStates.Submitted), "the receipts after the restart");
        await WaitForAsync(() => Task.FromResult(restarted.ReceiptsAcknowledged == 5), "every receipt acknowledged");

        Assert.Equal([PushStates.Delivered, PushStates.Failed, PushStates.Delivered, PushStates.Delivered, PushStates.Delivered], await StatesAsync(stack.Store, fresh));
        Assert.Equal([PushStates.Delivered, PushStates.Delivered, PushStates.Delivered], await StatesAsync(stack.Store, delivered));
        Assert.Equal([PushStates.Submitted, PushStates.Submitted], await StatesAsync(stack.Store, awaiting));
    }

    /// <summary>
    /// A receipt and an MO message that come while the database is down are answered ESME_RX_T_APPN (SMPP 3.4 §5.1.3:
    /// a temporary error, the SMSC keeps the message), never acknowledged; the SMSC delivers them again on its schedule
    /// and once the database is back both are stored.
    /// </summary>
    [SkippableFact]
    public async Task A_receipt_or_MO_that_cannot_be_stored_is_refused_for_now_and_stored_when_it_comes_again()
    {
        _ = Database;
        await using var smsc = StartSmsc(new SmppSmscOptions
        {
            ReceiptDelay = TimeSpan.FromMilliseconds(300),
            DeliverRetryPause = TimeSpan.FromMilliseconds(50),
            DeliverMaxRetryPause = TimeSpan.FromMilliseconds(200),
        });
        await using var stack = await StartAsync(smsc.Port);
        var serial = await PushAsync(stack.Store, "8613900000021");
        await SendAllAsync(stack, serial);
        stack.Database.Down = true;

        var mo = smsc.SendMoTextAsync(SmppKit.SystemId, "8613900000021", "10657", "HELLO");
        await WaitForAsync(() => Task.FromResult(smsc.DeliveryRetries >= 6), "the SMSC to be refused a few times");
        var readable = new PushStore(Database, Options);
        Assert.Equal(PushStates.Submitted, (await readable.GetAsync(serial))!.State);
        Assert.Equal((0, 0), (smsc.ReceiptsAcknowledged, smsc.MoAcknowledged));
        Assert.False(mo.IsCompleted);

        stack.Database.Down = false;
        Assert.Equal(0u, await mo.WaitAsync(TimeSpan.FromSeconds(20)));
        await WaitForAsync(async () => (await readable.GetAsync(serial))!.State == PushStates.Delivered, "the receipt delivered again");
        // Acknowledged after its commit: the SMSC counts the answer a moment after the push reads delivered.
        await WaitForAsync(() => Task.FromResult(smsc.ReceiptsAcknowledged == 1), "the receipt acknowledged");
        await using var connection = await Database.OpenConnectionAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM MoMessages WHERE Source = '8613900000021';";
        Assert.Equal(1L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The same against node-smpp 0.5.1 as the SMSC (issue: after a restart, new pushes stayed submitted and a failure
    /// receipt turned earlier delivered pushes failed): its ids restart at 1, its receipts give them in decimal while
    /// submit_sm_resp gave 8 padded hex digits, and they come at once, often before the answers are recorded.
    /// </summary>
    [SkippableFact]
    public async Task After_a_node_smpp_SMSC_restarts_its_ids_each_receipt_reaches_its_own_push()
    {
        _ = Database;
        Skip.If(NodeInterop.Node is null, NodeInterop.SkipReason);
        var wait = TimeSpan.FromSeconds(20);
        var port = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var smsc = NodeInterop.Start("smsc.js", port, SmppKit.SystemId, SmppKit.Password, "--no-receipt=8613900000034");
        try
        {
            await smsc.WaitForAsync("listening", wait);
            await using var stack = await StartAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
            var before = new[]
            {
                await PushAsync(stack.Store, "8613900000031"), await PushAsync(stack.Store, "8613900000032"),
                await PushAsync(stack.Store, "8613900000033"), await PushAsync(stack.Store, "8613900000034"),
            };
            await SendAllAsync(stack, before);
            await WaitForAsync(async () => (await StatesAsync(stack.Store, before[..3])).All(s => s == PushStates.Delivered), "node-smpp's first receipts");

            smsc.Dispose(); // stopped by its process id; the new run counts from 1 again
            smsc = NodeInterop.Start("smsc.js", port, SmppKit.SystemId, SmppKit.Password, "--undeliverable=8613900000042");
            await smsc.WaitForAsync("listening", wait);
            await stack.Esme.WaitUntilBoundAsync().WaitAsync(wait);
            var after = new[]
            {
                await PushAsync(stack.Store, "8613900000041"), await PushAsync(stack.Store, "8613900000042"),
                await PushAsync(stack.Store, "8613900000043"), await PushAsync(stack.Store, "8613900000044"),
            };
            await SendAllAsync(stack, after);
            Assert.Equal(["1", "2", "3", "4"], (await Task.WhenAll(after.Select(s => stack.Store.GetAsync(s)))).Select(p => p!.MessageId).Order(StringComparer.Ordinal));
            await WaitForAsync(async () => (await StatesAsync(stack.Store, after)).All(s => s != PushStates.Submitted), "node-smpp's receipts after its restart");

            Assert.Equal([PushStates.Delivered, PushStates.Failed, PushStates.Delivered, PushStates.Delivered], await StatesAsync(stack.Store, after));
            Assert.Equal([PushStates.Delivered, PushStates.Delivered, PushStates.Delivered, PushStates.Submitted], await StatesAsync(stack.Store, before));
        }
        finally
        {
            smsc.Dispose();
        }
    }
}
