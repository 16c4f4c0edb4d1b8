using Tsm.Protocol.Sms.Cmpp;
using Tsm.Simulator.Cli;
using Tsm.Simulator.Smsc;

namespace Tsm.Simulator.Tests.Smsc.Cmpp;

/// <summary><c>smsc --cmpp-port ...</c>: the CMPP options and starting the ISMG.</summary>
public sealed class CmppSmscCommandTests
{
    [Fact]
    public async Task Cmpp_options_configure_and_start_the_ismg_alone()
    {
        var options = SmscCommand.Parse(["--cmpp-port", "0", "--cmpp-account", "901234:s3cret:2.0", "--cmpp-account", "901235:other",
            "--throttle-above", "5", "--drop-every", "9", "--receipt-delay", "250", "--cmpp-report-stat", "UNDELIV", "--cmpp-active-test", "30"]);

        Assert.Null(options.Smpp);
        var cmpp = Assert.IsType<Tsm.Simulator.Smsc.Cmpp.CmppIsmgOptions>(options.Cmpp);
        Assert.Equal([("901234", CmppVersion.V20), ("901235", CmppVersion.V30)], cmpp.Accounts.Select(a => (a.SpId, a.HighestVersion)));
        Assert.Equal((5, 9, TimeSpan.FromMilliseconds(250), "UNDELIV", TimeSpan.FromSeconds(30)),
            (cmpp.Faults.FlowControlRate, cmpp.Faults.DropEveryPdus, cmpp.ReportDelay, cmpp.ReportStat, cmpp.ActiveTestInterval!.Value));
        Assert.DoesNotContain("s3cret", cmpp.Accounts[0].ToString(), StringComparison.Ordinal);

        await using var servers = SmscServers.Start(options);
        Assert.Null(servers.Smpp);
        await using var sp = await RawSp.ConnectAsync(servers.Cmpp!.Endpoint, "901234", "s3cret", CmppVersion.V20);
    }

    [Theory]
    [InlineData(new string[0], "'--smpp-port' or '--cmpp-port'")]
    [InlineData(new[] { "--cmpp-port", "7890", "--cmpp-account", "901234" }, "SP_ID:SECRET")]
    [InlineData(new[] { "--cmpp-port", "7890", "--cmpp-account", "901234:x:4.0" }, "not 2.0 or 3.0")]
    [InlineData(new[] { "--cmpp-port", "70000" }, "--cmpp-port")]
    public void Bad_cmpp_options_are_usage_errors(string[] args, string message)
    {
        var ex = Assert.Throws<UsageException>(() => SmscCommand.Parse(args));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
