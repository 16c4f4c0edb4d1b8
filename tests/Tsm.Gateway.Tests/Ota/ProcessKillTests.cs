using System.Diagnostics;
using System.Globalization;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>The gateway as an OS process, killed (SIGKILL) in the middle of a LOAD and started again on its database.</summary>
public sealed class ProcessKillTests
{
    /// <summary>A gateway process started and stopped by its process id (never by name).</summary>
    private sealed class GatewayProcess(string database, int port) : IDisposable
    {
        private Process? _process;

        public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}");

        public async Task StartAsync()
        {
            var folder = AppContext.BaseDirectory;
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
            foreach (var arg in new[]
            {
                Path.Combine(folder, "Tsm.Gateway.dll"), "--urls", BaseAddress.ToString().TrimEnd('/'), "--contentRoot", folder,
                "--Storage:SqlitePath", database,
                "--Orleans:SiloPort", SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
                "--Orleans:GatewayPort", SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
                "--Logging:LogLevel:Default", "Warning",
            })
            {
                info.ArgumentList.Add(arg);
            }
            _process = Process.Start(info) ?? throw new InvalidOperationException("The gateway did not start.");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (_process.HasExited)
                    throw new InvalidOperationException($"The gateway exited with {_process.ExitCode}.");
                try
                {
                    using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
                    if (health.IsSuccessStatusCode)
                        return;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                await Task.Delay(200);
            }
            throw new TimeoutException("The gateway did not answer /health within 60 s.");
        }

        /// <summary>SIGKILL: no shutdown code runs, as when the machine loses the process.</summary>
        public void Kill()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process?.Dispose();
            _process = null;
        }

        public void Dispose() => Kill();
    }

    [Fact]
    public async Task A_gateway_process_killed_mid_load_loses_nothing_acknowledged_and_the_download_completes()
    {
        using var database = new TempDatabase();
        using var gateway = new GatewayProcess(database.Path, SiloHost.FreePort());
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000B001", "13200000001");
        await phone.LoginAsync();
        var accepted = await phone.SubmitAsync(WalletOperation.Download, "A000000333010101");

        Task? restart = null;
        var card = new LoadInterruptingCard(phone.Card, 10, () =>
        {
            gateway.Kill();
            restart = gateway.StartAsync();
        });
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        var session = await new SeramLocalAgent(card, phone.SeId, http, accepted.SessionId, Phone.FastAgent with { RetryWindow = TimeSpan.FromSeconds(60) }).RunAsync();
        Assert.NotNull(restart);
        await restart;
        Assert.True(session.IsCompleted, session.Detail);

        // The registration and the accepted task survived the kill; the task resumed without a second load file.
        var task = await new WalletClient(http).GetTaskAsync(accepted.TaskId);
        Assert.True(task.State == WalletTaskState.Succeeded, task.Failure?.Reason);
        Assert.Single(phone.Card.Image.LoadFiles, f => f.Aid == "A0000003330101");
        Assert.Single(phone.Card.Image.Applications, a => a.Aid == "A000000333010101");
    }
}
