using Microsoft.Extensions.Time.Testing;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Simulator.Smsc.Cmpp;

namespace Tsm.Simulator.Tests.Smsc.Cmpp;

/// <summary>
/// The ISMG simulator's deviations an independent SP found, each against its CMPP clause (docs/sms.md "CMPP 2.0 / 3.0"):
/// QUERY and CANCEL answered, an undefined Command_Id skipped without losing the link, FWD from an SP refused, a CONNECT
/// with a stale Timestamp refused, and a link that never connects closed.
/// </summary>
public sealed class CmppIsmgConformanceTests
{
    private const string SpId = "901234";
    private const string Secret = "ismg-secret";

    private static CmppIsmgSimulator Start(TimeProvider? time = null, TimeSpan? connectTimeout = null)
    {
        var ismg = new CmppIsmgSimulator(new CmppIsmgOptions
        {
            Port = 0,
            Accounts = [new CmppIsmgAccount(SpId, Secret)],
            ReportDelay = TimeSpan.FromMilliseconds(20),
            ConnectTimestampSkew = TimeSpan.FromMinutes(10),
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(30),
        }, timeProvider: time);
        ismg.Start();
        return ismg;
    }

    private static CmppSubmit WakeUp(uint sequence) => new()
    {
        SequenceId = sequence,
        ServiceId = "TSMPUSH",
        TpUdhi = 1,
        MsgFmt = CmppMsgFmt.Binary,
        MsgSrc = SpId,
        SrcId = "10657",
        DestTerminalIds = ["8613900000000"],
        MsgContent = new byte[] { 0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 1, 2, 3 },
    };

    /// <summary>§7.4.3.9: CMPP_QUERY is answered with the account's counts of the day.</summary>
    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public async Task Query_is_answered_with_the_accounts_counts(CmppVersion version)
    {
        await using var ismg = Start();
        await using var sp = await RawSp.ConnectAsync(ismg.Endpoint, SpId, Secret, version);
        await sp.SendAsync(WakeUp(2));
        Assert.Equal(CmppSubmitResult.Ok, (await sp.ReceiveAsync<CmppSubmitResp>()).Result);
        await sp.SendAsync(new CmppQuery { SequenceId = 3, Time = DateTime.Now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), QueryType = 0 });
        var resp = await sp.ReceiveAsync<CmppQueryResp>();
        Assert.Equal((3u, 0, 1u, 1u), (resp.SequenceId, (int)resp.QueryType, resp.MtTotalMessages, resp.MtSucceeded));
    }

    /// <summary>§7.4.3.11: CMPP_CANCEL is answered; the simulator has handed every message on already, so Success_Id is 1.</summary>
    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public async Task Cancel_is_answered_not_cancelled(CmppVersion version)
    {
        await using var ismg = Start();
        await using var sp = await RawSp.ConnectAsync(ismg.Endpoint, SpId, Secret, version);
        await sp.SendAsync(WakeUp(2));
        var submitted = await sp.ReceiveAsync<CmppSubmitResp>();
        await sp.SendAsync(new CmppCancel { SequenceId = 3, MsgId = submitted.MsgId });
        var resp = await sp.ReceiveAsync<CmppCancelResp>();
        Assert.Equal((3u, CmppCancelResp.NotCancelled), (resp.SequenceId, resp.SuccessId));
    }

    /// <summary>
    /// CMPP defines no generic error response (SMPP's generic_nack has no CMPP counterpart): a Command_Id outside the spec
    /// is skipped whole, the link stays, and the next request is answered.
    /// </summary>
    [Fact]
    public async Task An_undefined_command_is_skipped_and_the_link_goes_on()
    {
        await using var ismg = Start();
        await using var sp = await RawSp.ConnectAsync(ismg.Endpoint, SpId, Secret, CmppVersion.V30);
        await sp.SendRawAsync([0, 0, 0, 16, 0x00, 0x00, 0x00, 0x42, 0, 0, 0, 7, 0xDE, 0xAD, 0xBE, 0xEF]);
        await sp.SendAsync(new CmppActiveTest { SequenceId = 8 });
        Assert.Equal(8u, (await sp.ReceiveAsync<CmppActiveTestResp>()).SequenceId);
        Assert.Equal(1, ismg.UnknownCommandsReceived);
        Assert.Equal(1, ismg.OpenLinks);
    }

    /// <summary>CMPP 2.0 §7.4.5.4: CMPP_FWD goes between ISMGs; from an SP it gets FWD_RESP Result 2 (command error).</summary>
    [Fact]
    public async Task A_fwd_from_an_SP_is_answered_with_result_2()
    {
        await using var ismg = Start();
        await using var sp = await RawSp.ConnectAsync(ismg.Endpoint, SpId, Secret, CmppVersion.V20);
        await sp.SendAsync(new CmppFwd { SequenceId = 4, SourceId = "000001", DestinationId = "000002", MsgId = new CmppMsgId(77), DestIds = ["8613900000000"], MsgContent = new byte[] { 1 } });
        var resp = await sp.ReceiveAsync<CmppFwdResp>();
        Assert.Equal((4u, 77ul, 2u), (resp.SequenceId, resp.MsgId.Value, resp.Result));
    }

    /// <summary>
    /// §7.4.3.1: the Timestamp goes into AuthenticatorSource so that it cannot be replayed; an ISMG that accepts any
    /// Timestamp accepts a captured CONNECT forever. One outside the skew gets Status 3 (authentication failed).
    /// </summary>
    [Theory]
    [InlineData(-24 * 60, CmppConnectStatus.AuthenticationFailed)]
    [InlineData(-11, CmppConnectStatus.AuthenticationFailed)]
    [InlineData(11, CmppConnectStatus.AuthenticationFailed)]
    [InlineData(-9, CmppConnectStatus.Ok)]
    [InlineData(9, CmppConnectStatus.Ok)]
    public async Task A_connect_with_a_timestamp_outside_the_skew_is_refused_as_an_authentication_failure(int minutes, uint status)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 5, 0, TimeSpan.Zero)) { };
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        await using var ismg = Start(time);
        await using var sp = await RawSp.OpenAsync(ismg.Endpoint);
        await sp.SendAsync(CmppConnect.Create(SpId, Secret, CmppVersion.V30, time.GetLocalNow().DateTime.AddMinutes(minutes), 1));
        Assert.Equal(status, Assert.IsType<CmppConnectResp>(await sp.ReceiveAsync()).Status);
    }

    [Fact]
    public void A_timestamp_names_the_nearest_valid_date_and_nonsense_names_none()
    {
        var now = new DateTime(2026, 1, 1, 0, 1, 0);
        Assert.Equal(new DateTime(2025, 12, 31, 23, 59, 0), CmppAuthenticator.TimeOf(1231235900, now));
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 30), CmppAuthenticator.TimeOf(0101000030, now));
        Assert.Null(CmppAuthenticator.TimeOf(1301000000, now)); // month 13
        Assert.Null(CmppAuthenticator.TimeOf(0230000000, now)); // 30 February
        Assert.Null(CmppAuthenticator.TimeOf(0101240000, now)); // hour 24
        Assert.Equal(new DateTime(2028, 2, 29, 12, 0, 0), CmppAuthenticator.TimeOf(0229120000, new DateTime(2028, 3, 1)));
    }

    [Fact]
    public async Task A_link_that_does_not_connect_in_time_is_closed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var ismg = Start(time, TimeSpan.FromSeconds(30));
        await using var idle = await RawSp.OpenAsync(ismg.Endpoint);
        await using var connected = await RawSp.ConnectAsync(ismg.Endpoint, SpId, Secret, CmppVersion.V30);
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(await idle.ReceiveAsync());
        await connected.SendAsync(new CmppActiveTest { SequenceId = 2 });
        Assert.Equal(2u, (await connected.ReceiveAsync<CmppActiveTestResp>()).SequenceId);
    }
}
