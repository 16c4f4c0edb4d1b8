using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Tsm.Gateway.Hosting;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Configuration;

/// <summary>Ports and where the gateway finds its files (docs/configuration.md, "Ports", "Content root").</summary>
public sealed class PortsTests
{
    [Fact]
    public async Task A_taken_silo_port_stops_the_start_with_a_message_naming_the_setting()
    {
        var siloPort = SiloHost.FreePort();
        // What another silo does: listen with its port shared (SO_REUSEADDR and, on Unix, SO_REUSEPORT).
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        other.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        other.Bind(new IPEndPoint(IPAddress.Loopback, siloPort));
        other.Listen();

        var error = Assert.IsType<InvalidOperationException>(await FailedStart.RunAsync("--Orleans:SiloPort", siloPort.ToString(CultureInfo.InvariantCulture)));

        Assert.Contains($"The Orleans port {siloPort} (Orleans:SiloPort) is already in use", error.Message, StringComparison.Ordinal);
        Assert.Contains("--Orleans:SiloPort", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_gateway_on_the_same_orleans_ports_does_not_start()
    {
        var ports = new[] { "--Orleans:SiloPort", SiloHost.FreePort().ToString(CultureInfo.InvariantCulture), "--Orleans:GatewayPort", SiloHost.FreePort().ToString(CultureInfo.InvariantCulture) };
        using var firstDatabase = new TempDatabase();
        await using var first = new RunningGateway(firstDatabase.Path, ports);
        await first.StartAsync();

        var error = Assert.IsType<InvalidOperationException>(await FailedStart.RunAsync(ports));

        Assert.Contains("(Orleans:SiloPort) is already in use", error.Message, StringComparison.Ordinal);
        // The first one is unharmed.
        using var health = await first.Anonymous.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void A_free_port_passes_the_check_and_a_listened_one_does_not()
    {
        var port = SiloHost.FreePort();
        Assert.True(SiloPortCheck.IsFree(IPAddress.Loopback, port));
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        try
        {
            Assert.False(SiloPortCheck.IsFree(IPAddress.Loopback, port));
            Assert.False(SiloPortCheck.IsFree(IPAddress.Any, port));
        }
        finally
        {
            listener.Stop();
        }
        Assert.True(SiloPortCheck.IsFree(IPAddress.Loopback, port));
    }

    [Fact]
    public void The_content_root_is_the_programs_folder_only_when_started_elsewhere_with_nothing_said()
    {
        var program = Directory.CreateTempSubdirectory("tsm-program-").FullName;
        var elsewhere = Directory.CreateTempSubdirectory("tsm-cwd-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(program, "appsettings.json"), "{}");
            static string? None(string _) => null;

            Assert.Equal(program, GatewayHosting.ContentRoot([], elsewhere, program, None));
            Assert.Null(GatewayHosting.ContentRoot(["--contentRoot", elsewhere], elsewhere, program, None));
            Assert.Null(GatewayHosting.ContentRoot([], elsewhere, program, n => n == "ASPNETCORE_CONTENTROOT" ? elsewhere : null));
            // dotnet run: the project folder is the current one and holds appsettings.json.
            Assert.Null(GatewayHosting.ContentRoot([], program, program, None));
            File.WriteAllText(Path.Combine(elsewhere, "appsettings.json"), "{}");
            Assert.Null(GatewayHosting.ContentRoot([], elsewhere, program, None));
        }
        finally
        {
            Directory.Delete(program, recursive: true);
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task The_built_gateway_started_from_another_folder_reads_its_appsettings_and_listens_on_ASPNETCORE_URLS()
    {
        var folder = Directory.CreateTempSubdirectory("tsm-elsewhere-").FullName;
        var port = SiloHost.FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Tsm.Gateway.dll"), "--environment", "Testing",
            "--Orleans:SiloPort", SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(arg);
        }
        // No --urls and no --contentRoot: the environment's address, and the program's own appsettings.json (its
        // storage key and demo catalogue; without them the start fails on the storage key).
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        info.Environment["TSM_DATA_DIR"] = Path.Combine(folder, "data");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"), Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            HttpStatusCode? status = null;
            while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(90) && !process.HasExited)
            {
                try
                {
                    using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
                    status = health.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(250);
                }
            }

            Assert.True(status == HttpStatusCode.OK, "The gateway did not answer on ASPNETCORE_URLS: " + string.Join(Environment.NewLine, output));
            Assert.True(File.Exists(Path.Combine(folder, "data", StoragePaths.DatabaseFileName)));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Without_an_address_the_gateway_listens_on_the_default_and_urls_wins()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(["--environment", "Testing"]);
        GatewayHosting.UseDefaultUrl(builder);
        Assert.Equal(GatewayHosting.DefaultUrl, builder.Configuration["urls"]);

        var configured = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:6090"]);
        GatewayHosting.UseDefaultUrl(configured);
        Assert.Equal("http://127.0.0.1:6090", configured.Configuration["urls"]);
    }
}
