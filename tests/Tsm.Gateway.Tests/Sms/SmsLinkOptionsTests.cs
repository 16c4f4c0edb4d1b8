using Microsoft.Extensions.Configuration;
using Tsm.Gateway.Sms.Cmpp;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Smpp;

namespace Tsm.Gateway.Tests.Sms;

/// <summary>The link settings every SMS account has: the same keys for SMPP and CMPP, bound once.</summary>
public sealed class SmsLinkOptionsTests
{
    private static readonly Dictionary<string, string?> Shared = new()
    {
        ["Name"] = "a",
        ["Host"] = "10.0.0.5",
        ["Port"] = "4000",
        ["Links"] = "3",
        ["Window"] = "7",
        ["RatePerSecond"] = "25",
        ["ResponseTimeout"] = "00:00:04",
        ["MaxAttempts"] = "5",
        ["ConnectTimeout"] = "00:00:06",
        ["ReconnectDelay"] = "00:00:02",
        ["MaxReconnectDelay"] = "00:00:20",
        ["ThrottlePause"] = "00:00:00.500",
        ["CloseTimeout"] = "00:00:03",
        ["ResendInDoubt"] = "false",
    };

    [Fact]
    public void The_shared_keys_bind_alike_for_both_protocols_and_reach_the_links()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(Shared).Build();
        var smpp = new SmppAccountOptions();
        config.Bind(smpp);
        var cmpp = new CmppAccountOptions();
        config.Bind(cmpp);

        var expected = ("a", "10.0.0.5", 4000, 3, 7, 25.0, TimeSpan.FromSeconds(4), 5, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(2),
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3), false);
        Assert.Equal(expected, SharedOf(smpp));
        Assert.Equal(expected, SharedOf(cmpp));
        // Only the keep-alive is the protocol's: enquire_link (one miss closes) or ACTIVE_TEST (N misses close).
        Assert.Equal((TimeSpan.FromSeconds(30), 1), (smpp.KeepAliveInterval, smpp.KeepAliveMaxMisses));
        Assert.Equal((TimeSpan.FromMinutes(3), 5), (cmpp.KeepAliveInterval, cmpp.KeepAliveMaxMisses));
    }

    [Fact]
    public void Each_protocol_keeps_its_defaults_and_names_its_keep_alive_key_in_problems()
    {
        var smpp = new SmppAccountOptions { Name = "s", SystemId = "tsm", EnquireLinkInterval = TimeSpan.Zero };
        var cmpp = new CmppAccountOptions { Name = "c", SpId = "901234", SharedSecret = "x", ActiveTestInterval = TimeSpan.Zero };
        Assert.Equal((2775, 50, TimeSpan.FromSeconds(10)), (smpp.Port, smpp.Window, smpp.ResponseTimeout));
        Assert.Equal((7890, 16, TimeSpan.FromSeconds(60)), (cmpp.Port, cmpp.Window, cmpp.ResponseTimeout));
        Assert.Equal(["p:EnquireLinkInterval must be positive."], smpp.Validate("p"));
        Assert.Equal(["p:ActiveTestInterval must be positive."], cmpp.Validate("p"));
    }

    private static (string, string, int, int, int, double, TimeSpan, int, TimeSpan, TimeSpan, TimeSpan, TimeSpan, TimeSpan, bool) SharedOf(SmsLinkOptions o) =>
        (o.Name, o.Host, o.Port, o.Links, o.Window, o.RatePerSecond, o.ResponseTimeout, o.MaxAttempts, o.ConnectTimeout, o.ReconnectDelay,
            o.MaxReconnectDelay, o.ThrottlePause, o.CloseTimeout, o.ResendInDoubt);
}
