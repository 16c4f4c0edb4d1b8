using Tsm.Protocol.Seram;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;

namespace Tsm.Simulator.Tests.Phone;

public sealed class PhoneCommandTests
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

    [Theory]
    [InlineData("")]
    [InlineData("login")]
    [InlineData("--gateway http://127.0.0.1:1 --seid " + SeId + " login")]
    [InlineData("--gateway ftp://x --seid " + SeId + " --msisdn 13800138000 login")]
    [InlineData("--gateway http://127.0.0.1:1 --seid XYZ --msisdn 13800138000 login")]
    [InlineData("--gateway http://127.0.0.1:1 --seid " + SeId + " --msisdn 138abc login")]
    [InlineData("--gateway http://127.0.0.1:1 --seid " + SeId + " --msisdn 13800138000 install " + Aid)]
    [InlineData("--gateway http://127.0.0.1:1 --seid " + SeId + " --msisdn 13800138000 download")]
    [InlineData("--gateway http://127.0.0.1:1 --seid " + SeId + " --msisdn 13800138000 download A000")]
    [InlineData("--gateway http://127.0.0.1:1 --seid " + SeId + " --msisdn 13800138000 sync " + Aid)]
    [InlineData("--gateway http://127.0.0.1:1 --seid " + SeId + " --msisdn 13800138000 --channel shop sync")]
    [InlineData("--gateway http://127.0.0.1:1 --seid " + SeId + " --msisdn 13800138000 --colour red sync")]
    [InlineData("--gateway http://127.0.0.1:1 --seid " + SeId + " --msisdn 13800138000 sync --state")]
    public async Task Bad_arguments_exit_64(string commandLine)
    {
        var (code, _, stderr) = await RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(64, code);
        Assert.Contains("usage:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_gateway_exits_2()
    {
        var (code, _, stderr) = await RunAsync("--gateway", $"http://127.0.0.1:{SeramLocalAgentTests.ClosedPort()}", "--seid", SeId, "--msisdn", "13800138000", "login");

        Assert.Equal(2, code);
        Assert.Contains("unreachable", stderr, StringComparison.Ordinal);
    }

    private static WalletLoginResponse LoginAnswer(string? sessionId) => new()
    {
        SeId = SeId,
        Msisdn = "13800138000",
        Registered = true,
        QueryOnly = false,
        SessionId = sessionId,
        Applications = new WalletApplications { Download = [Aid] },
    };

    [Fact]
    public async Task A_problem_from_the_gateway_exits_2()
    {
        await using var gateway = await FakeGateway.StartAsync();
        gateway.LoginProblem = new WalletProblem { Title = "Unknown SE", Status = 404, Detail = "SE not issued" };

        var (code, _, stderr) = await RunAsync("--gateway", gateway.BaseAddress.ToString(), "--seid", SeId, "--msisdn", "13800138000", "login");

        Assert.Equal(2, code);
        Assert.Contains("Unknown SE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_runs_both_seram_sessions_and_prints_the_final_state()
    {
        await using var gateway = await FakeGateway.StartAsync();
        gateway.Login = LoginAnswer("login-s");
        gateway.Script("login-s", new RemoteManagementOrder { Delay = 0, RamCommands = [RamCommand.Start(), RamCommand.SeRam("80CA9F7F00")] });
        gateway.Accepted = new WalletOperationAccepted { TaskId = "t-1", SessionId = "op-s" };
        gateway.Script("op-s", new RemoteManagementOrder { Delay = 0, RamCommands = [RamCommand.Start(), RamCommand.Notification("installing")] });
        gateway.Task = new WalletTaskStatus { TaskId = "t-1", SeId = SeId, Operation = WalletOperation.Download, ApplicationAid = Aid, State = WalletTaskState.Succeeded };
        var state = Path.Combine(Path.GetTempPath(), $"phone-{Guid.NewGuid():N}.json");
        try
        {
            var (code, stdout, stderr) = await RunAsync(
                "--gateway", gateway.BaseAddress.ToString(), "--seid", SeId, "--msisdn", "13800138000", "--state", state,
                "download", Aid, "--channel", "business-hall");

            Assert.True(code == 0, stdout + stderr);
            Assert.True(File.Exists(state));
            Assert.Contains("card: seId=" + SeId + " token=none", stdout, StringComparison.Ordinal);
            Assert.Contains("seram: notification installing", stdout, StringComparison.Ordinal);
            Assert.EndsWith("task t-1: succeeded", stdout.TrimEnd(), StringComparison.Ordinal);
            Assert.Single(gateway.ReportsOf("login-s"), r => r.LocalAgentStatus.ExecutedSeRamCommands == 1);
            Assert.Equal(2, gateway.ReportsOf("op-s").Count);
            var operation = Assert.Single(gateway.Operations);
            Assert.Equal(WalletChannel.BusinessHall, operation.Channel);
            Assert.Equal(Aid, operation.ApplicationAid);
        }
        finally
        {
            File.Delete(state);
        }
    }

    [Fact]
    public async Task A_failed_task_exits_1_with_reason_and_sw()
    {
        await using var gateway = await FakeGateway.StartAsync();
        gateway.Login = LoginAnswer(null);
        gateway.Accepted = new WalletOperationAccepted { TaskId = "t-2", SessionId = "op-2" };
        gateway.Script("op-2");
        gateway.Task = new WalletTaskStatus
        {
            TaskId = "t-2",
            SeId = SeId,
            Operation = WalletOperation.Download,
            ApplicationAid = Aid,
            State = WalletTaskState.Failed,
            Failure = new WalletTaskFailure { Reason = "not enough memory", StatusWord = "6A84" },
        };

        var (code, stdout, _) = await RunAsync("--gateway", gateway.BaseAddress.ToString(), "--seid", SeId, "--msisdn", "13800138000", "download", Aid);

        Assert.Equal(1, code);
        Assert.Contains("task t-2: failed: not enough memory (SW 6A84)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_is_read_from_the_isd()
    {
        using var card = new Simulator.Card.SimulatedCard(Simulator.Card.CardFactory.CreateDefault(SeId));
        card.PowerOn();
        Assert.Null(WalletClient.ReadToken(card));

        card.Image.Applications.First(a => a.SecurityDomain is not null && a.Aid == WalletClient.IsdAid).SecurityDomain!.StoredData["1047"] = "0102030405";
        Assert.Equal("0102030405", WalletClient.ReadToken(card));
        await Task.CompletedTask;
    }
}
