using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Smsc;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Gateway.Tests.Access;

/// <summary>
/// A phone proves its number the way a real one does (requirement 5.5.2; docs/security.md, "Wallets"): the platform
/// sends a registration code by SMS through its own SMPP link to the SMSC simulator, the phone reads it from its
/// handset queue and logs in with it; the SE is registered and the code is spent.
/// </summary>
public sealed partial class RegistrationBySmsCodeTests
{
    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex SixDigits();

    [Fact]
    public async Task A_phone_registers_with_the_code_its_handset_receives_and_the_code_works_once()
    {
        var handsets = new Handsets();
        var smsc = new SmppSmsc(new SmppSmscOptions { Port = 0, Accounts = new Dictionary<string, string> { ["tsm"] = "s3cret" }, Handsets = handsets });
        smsc.Start();
        await using var running = smsc;
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path,
            "--Sms:Smpp:Accounts:0:Name", "smsc", "--Sms:Smpp:Accounts:0:Port", smsc.Port.ToString(CultureInfo.InvariantCulture),
            "--Sms:Smpp:Accounts:0:SystemId", "tsm", "--Sms:Smpp:Accounts:0:Password", "s3cret", "--Sms:Smpp:Accounts:0:SourceAddress", "10657")
        { TrustLoopbackNetworkGateway = false };
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000D301", "13800001301");

        using (var asked = await gateway.Anonymous.PostAsJsonAsync("/wallet/v1/registration-codes", new { seId = phone.SeId, msisdn = phone.Msisdn }))
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var sms = await handsets.ReceiveAsync(phone.Msisdn, TimeSpan.FromSeconds(20));
        Assert.NotNull(sms?.Text);
        var code = SixDigits().Match(sms.Text!).Groups[1].Value;

        var login = await phone.LoginOnlyAsync(code: code);
        Assert.NotNull(login.AccessToken);
        Assert.True((await phone.RunSessionAsync(login.SessionId!)).IsCompleted);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(login.TaskId!)).State);
        Assert.True((await phone.LoginOnlyAsync()).Registered);

        // The code proved that number only: another number presenting it gets a look at the SE, no token.
        using var other = new Phone(gateway.BaseAddress, phone.SeId, "13800001302", phone.Card);
        var stolen = await other.LoginOnlyAsync(code: code);
        Assert.True(stolen.QueryOnly);
        Assert.Null(stolen.AccessToken);
        // And it is spent: on a new SE it proves nothing.
        using var fresh = new Phone(gateway.BaseAddress, "8600000000000000D302", phone.Msisdn);
        var refused = await Assert.ThrowsAsync<Tsm.Simulator.Phone.WalletApiException>(() => fresh.LoginOnlyAsync(code: code));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }
}
