using Microsoft.Extensions.Configuration;
using Tsm.Gateway.Sms.Cmpp;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Smpp;

namespace Tsm.Gateway.Tests.Sms;

/// <summary>The link settings every SMS account has: the same keys for SMPP and CMPP, mapped onto the links once.</summary>
public sealed class SmsAccountOptionsTests
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

        var expected = new SmsLinkOptions
        {
            Host = "10.0.0.5", Port = 4000, Links = 3, Window = 7, RatePerSecond = 25, ResponseTimeout = TimeSpan.FromSeconds(4),
            MaxAttempts = 5, ConnectTimeout = TimeSpan.FromSeconds(6), ReconnectDelay = TimeSpan.FromSeconds(2),
            MaxReconnectDelay = TimeSpan.FromSeconds(20), ThrottlePause = TimeSpan.FromMilliseconds(500),
            CloseTimeout = TimeSpan.FromSeconds(3), ResendInDoubt = false,
        };
        // Only the keep-alive is the protocol's: enquire_link (one miss closes) or ACTIVE_TEST (N misses close).
        Assert.Equal(expected with { KeepAliveInterval = TimeSpan.FromSeconds(30), KeepAliveMaxMisses = 1 }, smpp.ToLinkOptions());
        Assert.Equal(expected with { KeepAliveInterval = TimeSpan.FromMinutes(3), KeepAliveMaxMisses = 5 }, cmpp.ToLinkOptions());
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
}
