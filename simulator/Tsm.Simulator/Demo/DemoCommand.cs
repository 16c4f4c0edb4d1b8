using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Spectre.Console;
using Tsm.Simulator.Cli;
using Tsm.Simulator.Phone;
using Tsm.Simulator.Smsc;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Simulator.Demo;

/// <summary>
/// <c>demo --phones N</c>: the whole platform in one command (docs/cli.md, "demo"). It starts the SMSC simulator (SMPP
/// with its air interface) in this process, the gateway on the embedded profile as a child process linked to it, and
/// N simulated phones. Each phone logs in, proving its number with the registration code the gateway texts it, which
/// registers its SE; then the platform asks for the demo application on every SE with a wake-up push, each phone
/// receives its wake-up SMS, runs the SERAM session and the download succeeds. Every step is printed, prefixed by
/// who did it; a table sums up. Exit code 0 when every phone registered and downloaded, 1 otherwise.
/// </summary>
public static class DemoCommand
{
    private const string AdminUser = "demo-admin";
    private const string OperatorUser = "demo-operator";

    public static async Task<int> RunAsync(DemoOptions options, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "tsm-demo-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            return await RunInAsync(options, work, stdout, stderr, ct);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException or JsonException)
        {
            await stderr.WriteLineAsync($"demo: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C, or the phones' time ran out: everything started is stopped on the way out.
            await stderr.WriteLineAsync(ct.IsCancellationRequested ? "demo: interrupted" : "demo: the phones did not finish in time");
            return ExitCodes.Failed;
        }
        finally
        {
            if (options.WorkDirectory is null)
                TryDelete(work);
        }
    }

    private static async Task<int> RunInAsync(DemoOptions options, string work, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var dll = await DemoGateway.LocateAsync(options.GatewayDll, stdout, ct);
        if (dll is null)
        {
            await stderr.WriteLineAsync("demo: no gateway found: run it from the repository (gateway/Tsm.Gateway) or give --gateway-dll PATH/Tsm.Gateway.dll");
            return ExitCodes.Usage;
        }

        await using var smsc = SmscServers.Start(new SmscCommandOptions(
            new SmppSmscOptions { Port = 0, Accounts = new Dictionary<string, string>(StringComparer.Ordinal) { [DemoGateway.SmppSystemId] = DemoGateway.SmppPassword } },
            AirPort: 0));
        var air = smsc.Air!.BaseAddress;
        await stdout.WriteLineAsync($"smsc: SMPP 3.4 SMSC on 127.0.0.1:{smsc.Smpp!.Port}, handsets' air interface on {air}");

        using var gateway = new DemoGateway(dll, Path.Combine(work, "gateway"));
        var password = "Demo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)) + "-a1!";
        await gateway.CreateAdministratorAsync(AdminUser, password, ct);
        await stdout.WriteLineAsync($"gateway: administrator '{AdminUser}' created in {Path.Combine(work, "gateway")}");
        await stdout.WriteLineAsync($"gateway: starting {dll} (embedded profile) on {gateway.BaseAddress}");
        await gateway.StartAsync(smsc.Smpp.Port, options.StartTimeout, ct);
        await stdout.WriteLineAsync($"gateway: healthy after {clock.Elapsed.TotalSeconds:0.0} s, SMPP link to the SMSC simulator");

        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        run.CancelAfter(options.RunTimeout);
        var gate = new Lock();
        var phones = Enumerable.Range(1, options.Phones).Select(i => new DemoPhone(i, work, gateway.BaseAddress, air, stdout, gate)).ToList();

        await stdout.WriteLineAsync($"demo: {phones.Count} phone(s) log in; each proves its number with a registration code sent by SMS, which registers its SE");
        await Task.WhenAll(phones.Select(p => p.LoginAsync(run.Token)));

        var registered = phones.Where(p => p.Registered).ToList();
        var listening = registered.Select(p => p.ListenAsync(run.Token)).ToList();
        // Separation of duties (docs/security.md): the system administrator makes a business administrator, who sends pushes.
        using (var admin = await SignInAsync(gateway.BaseAddress, AdminUser, password, run.Token))
            await CreateAccountAsync(admin, OperatorUser, password, "business-administrator", run.Token);
        await stdout.WriteLineAsync($"gateway: business administrator '{OperatorUser}' created by '{AdminUser}'");
        using (var operatorClient = await SignInAsync(gateway.BaseAddress, OperatorUser, password, run.Token))
        {
            await stdout.WriteLineAsync($"platform: asks for {options.ApplicationAid} on every registered SE: a task and a wake-up SMS each");
            foreach (var phone in registered)
                phone.PushSerial = await PushAsync(operatorClient, phone.SeId, options.ApplicationAid, run.Token);
        }
        await Task.WhenAll(listening);

        PrintSummary(stdout, phones, options.ApplicationAid, clock.Elapsed);
        return phones.All(p => p.Registered && p.Downloaded) ? ExitCodes.Ok : PhoneCommand.Exit.TaskFailed;
    }

    private static async Task<HttpClient> SignInAsync(Uri gateway, string userName, string password, CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync("admin/v1/session/login", new { userName, password }, ct);
        if (!response.IsSuccessStatusCode)
        {
            http.Dispose();
            throw new InvalidOperationException($"the sign-in of '{userName}' answered {(int)response.StatusCode}");
        }
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        http.DefaultRequestHeaders.Authorization = new("Bearer", body.RootElement.GetProperty("accessToken").GetString());
        return http;
    }

    private static async Task CreateAccountAsync(HttpClient admin, string userName, string password, string role, CancellationToken ct)
    {
        using var response = await admin.PostAsJsonAsync("admin/v1/accounts", new { userName, password, roles = new[] { role } }, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /admin/v1/accounts for '{userName}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    private static async Task<string> PushAsync(HttpClient admin, string seId, string aid, CancellationToken ct)
    {
        using var response = await admin.PostAsJsonAsync("admin/v1/pushes", new { seId, operation = "download", applicationAid = aid }, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /admin/v1/pushes for {seId} answered {(int)response.StatusCode}: {text}");
        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("serial").ToString();
    }

    private static void PrintSummary(TextWriter stdout, IReadOnlyList<DemoPhone> phones, string aid, TimeSpan elapsed)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = ConsoleProgress.IsTerminal(stdout) ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        var table = new Table().Title($"demo: {aid} on {phones.Count} phone(s)")
            .AddColumns("phone", "SE id", "MSISDN", "registered", "push", "download");
        foreach (var p in phones)
        {
            table.AddRow(
                p.Number.ToString(CultureInfo.InvariantCulture), p.SeId, p.Msisdn,
                p.Registered ? "yes" : "no", p.PushSerial ?? "-", p.Downloaded ? "succeeded" : "no");
        }
        console.Write(table);
        var done = phones.Count(p => p.Registered && p.Downloaded);
        stdout.WriteLine($"demo: {done} of {phones.Count} phone(s) registered and downloaded {aid} after a wake-up push, in {elapsed.TotalSeconds:0.0} s");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
