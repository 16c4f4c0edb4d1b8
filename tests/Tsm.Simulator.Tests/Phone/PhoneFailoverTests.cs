using System.Net;
using Tsm.Protocol.Seram;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;

namespace Tsm.Simulator.Tests.Phone;

/// <summary>The phone's several gateway addresses (<c>--gateway</c> repeated) and its first, registering login.</summary>
public sealed class PhoneFailoverTests
{
    private const string SeId = SeramLocalAgentTests.SeId;
    private const string Aid = "A0000003330101";

    private static readonly PhoneSettings Settings = new() { Agent = SeramLocalAgentTests.Fast, TaskPollPause = TimeSpan.Zero };

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await PhoneCommand.RunAsync(args, stdout, stderr, Settings, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_dead_first_gateway_fails_over_to_the_next_for_login_and_download()
    {
        await using var gateway = await FakeGateway.StartAsync();
        gateway.Login = Login(registered: true, sessionId: null);
        gateway.Accepted = new WalletOperationAccepted { TaskId = "t-1", SessionId = "op-s" };
        gateway.Script("op-s", new RemoteManagementOrder { Delay = 0, RamCommands = [RamCommand.Start(), RamCommand.Notification("installing")] });
        gateway.Task = new WalletTaskStatus { TaskId = "t-1", SeId = SeId, Operation = WalletOperation.Download, ApplicationAid = Aid, State = WalletTaskState.Succeeded };
        var dead = $"http://127.0.0.1:{SeramLocalAgentTests.ClosedPort()}/";

        var (code, stdout, stderr) = await RunAsync(
            "--gateway", dead, "--gateway", gateway.BaseAddress.ToString(), "--seid", SeId, "--msisdn", "13800138000", "download", Aid);

        Assert.True(code == 0, stdout + stderr);
        // Once: after the first failure the phone stays on the gateway that answered.
        Assert.Single(stdout.Split('\n'), l => l.StartsWith("failover: gateway " + dead + " unreachable", StringComparison.Ordinal));
        Assert.EndsWith("task t-1: succeeded", stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(2, gateway.ReportsOf("op-s").Count);
    }

    [Fact]
    public async Task When_every_gateway_is_dead_the_phone_exits_2_naming_them()
    {
        var first = $"http://127.0.0.1:{SeramLocalAgentTests.ClosedPort()}/";
        var second = $"http://127.0.0.1:{SeramLocalAgentTests.ClosedPort()}/";

        var (code, stdout, stderr) = await RunAsync("--gateway", first, "--gateway", second, "--seid", SeId, "--msisdn", "13800138000", "login");

        Assert.Equal(PhoneCommand.Exit.Gateway, code);
        Assert.Contains("failover: gateway " + first, stdout, StringComparison.Ordinal);
        Assert.Contains(first + ", " + second, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_answering_503_is_left_for_the_next_one()
    {
        await using var failing = await FakeGateway.StartAsync();
        failing.LoginProblem = new WalletProblem { Title = "Service unavailable", Status = 503, Detail = "storage down" };
        await using var healthy = await FakeGateway.StartAsync();
        healthy.Login = Login(registered: true, sessionId: null);
        var messages = new List<string>();
        using var http = new HttpClient(new GatewayFailoverHandler([failing.BaseAddress, healthy.BaseAddress], messages.Add)) { BaseAddress = failing.BaseAddress };

        using var response = await http.PostAsync(new Uri(WalletPaths.Login.TrimStart('/'), UriKind.Relative), new StringContent(
            """{"msisdn":"13800138000","seId":"SE","imsi":"460001380013800","token":null}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(messages, m => m.Contains("answered 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_first_login_that_registers_says_so_instead_of_registered_false()
    {
        await using var gateway = await FakeGateway.StartAsync();
        // What the gateway answers an SE it does not know yet: not registered, and a registration task to run now.
        gateway.Login = Login(registered: false, sessionId: "reg-s") with { TaskId = "t-reg" };
        gateway.Script("reg-s", new RemoteManagementOrder { Delay = 0, RamCommands = [RamCommand.Start(), RamCommand.SeRam("80CA9F7F00")] });
        gateway.Task = new WalletTaskStatus { TaskId = "t-reg", SeId = SeId, Operation = WalletOperation.Sync, ApplicationAid = null, State = WalletTaskState.Succeeded };

        var (code, stdout, stderr) = await RunAsync("--gateway", gateway.BaseAddress.ToString(), "--seid", SeId, "--msisdn", "13800138000", "login");

        Assert.True(code == 0, stdout + stderr);
        Assert.DoesNotContain("registered=false", stdout, StringComparison.Ordinal);
        Assert.Contains("login: registered=registering", stdout, StringComparison.Ordinal);
        Assert.Contains("registration: task t-reg succeeded: registered=true", stdout, StringComparison.Ordinal);
    }

    private static WalletLoginResponse Login(bool registered, string? sessionId) => new()
    {
        SeId = SeId,
        Msisdn = "13800138000",
        Registered = registered,
        QueryOnly = false,
        SessionId = sessionId,
        Applications = new WalletApplications { Download = [Aid] },
    };
}
