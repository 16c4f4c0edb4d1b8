using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Tsm.Testing;

/// <summary>
/// A SoftHSM2 token for tests (docs/key-service.md, "SoftHSM2"): one per test process, initialized with
/// <c>softhsm2-util --init-token --free</c> in a temporary token directory before the PKCS#11 module is first loaded
/// (SoftHSM2 reads its token list once, at C_Initialize). Tests skip with <see cref="SkipReason"/> when SoftHSM2 is not
/// installed. Each user of the token takes its own label prefix, so gateways and tests sharing it never see each other's keys.
/// </summary>
public sealed class SoftHsm
{
    /// <summary>The environment variable that runs the OTA tests against the PKCS#11 key service (build.sh's second pass).</summary>
    public const string KeyServiceVariable = "TSM_KEY_SERVICE";

    public const string Pin = "tsm-test-user-pin";

    private static readonly string[] LibraryPaths = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"];
    private static readonly Lazy<SoftHsm> Token = new(Initialize);

    private SoftHsm(string library, string configuration, string tokenLabel, string? skipReason)
    {
        Library = library;
        Configuration = configuration;
        TokenLabel = tokenLabel;
        SkipReason = skipReason;
    }

    /// <summary>
    /// A second token nobody logs in to, for tests of a refused PIN: once a process is logged in to a token, PKCS#11
    /// answers every further login with CKR_USER_ALREADY_LOGGED_IN, whatever the PIN.
    /// </summary>
    public string IdleTokenLabel => TokenLabel + "-idle";

    /// <summary>The process's token (initialized on first use).</summary>
    public static SoftHsm Shared => Token.Value;

    /// <summary>Whether the OTA tests run against the PKCS#11 key service (<c>TSM_KEY_SERVICE=pkcs11</c>).</summary>
    public static bool Selected => string.Equals(Environment.GetEnvironmentVariable(KeyServiceVariable), "pkcs11", StringComparison.OrdinalIgnoreCase);

    public string Library { get; }

    /// <summary>The SoftHSM2 configuration file (what <c>SOFTHSM2_CONF</c> names) for child processes.</summary>
    public string Configuration { get; }

    public string TokenLabel { get; }

    /// <summary>Why the token is not available (SoftHSM2 not installed), or null.</summary>
    public string? SkipReason { get; }

    public bool IsAvailable => SkipReason is null;

    /// <summary>A fresh label prefix for one user of the token.</summary>
    public static string NewPrefix() => "t" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    /// <summary>Gateway arguments selecting the PKCS#11 key service on this token, importing the configured keys at start.</summary>
    public IReadOnlyList<string> GatewayArguments(string prefix) =>
    [
        "--KeyService:Provider", "Pkcs11",
        "--KeyService:Pkcs11:Library", Library,
        "--KeyService:Pkcs11:TokenLabel", TokenLabel,
        "--KeyService:Pkcs11:Pin", Pin,
        "--KeyService:Pkcs11:LabelPrefix", prefix,
        "--KeyService:Pkcs11:ImportConfiguredKeys", "true",
    ];

    /// <summary>
    /// What a test gateway adds to its arguments: nothing, or with <c>TSM_KEY_SERVICE=pkcs11</c> the PKCS#11 key service on
    /// this process's token under <paramref name="prefix"/>. A run that asks for the HSM without SoftHSM2 fails rather
    /// than passing on the software service.
    /// </summary>
    public static IReadOnlyList<string> TestGatewayArguments(string prefix)
    {
        if (!Selected)
            return [];
        var token = Shared;
        if (!token.IsAvailable)
            throw new InvalidOperationException($"{KeyServiceVariable}=pkcs11, but {token.SkipReason}");
        return token.GatewayArguments(prefix);
    }

    private static SoftHsm Initialize()
    {
        var library = LibraryPaths.FirstOrDefault(File.Exists);
        var util = new[] { "/usr/bin/softhsm2-util", "/usr/local/bin/softhsm2-util" }.FirstOrDefault(File.Exists);
        if (library is null || util is null || !OperatingSystem.IsLinux())
            return new SoftHsm("", "", "", "SoftHSM2 is not installed (apt-get install softhsm2): the PKCS#11 key service is not tested here.");
        var configuration = Environment.GetEnvironmentVariable("SOFTHSM2_CONF");
        if (string.IsNullOrEmpty(configuration))
        {
            var folder = Directory.CreateTempSubdirectory("tsm-softhsm-").FullName;
            Directory.CreateDirectory(Path.Combine(folder, "tokens"));
            configuration = Path.Combine(folder, "softhsm2.conf");
            File.WriteAllText(configuration, $"directories.tokendir = {Path.Combine(folder, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n");
            // The module reads SOFTHSM2_CONF with getenv: set it in the native environment too, before it is loaded.
            Environment.SetEnvironmentVariable("SOFTHSM2_CONF", configuration);
            _ = SetEnv("SOFTHSM2_CONF", configuration, 1);
        }
        var label = "tsm-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        InitToken(util, configuration, label);
        InitToken(util, configuration, label + "-idle");
        return new SoftHsm(library, configuration, label, null);
    }

    private static void InitToken(string util, string configuration, string label)
    {
        var info = new ProcessStartInfo(util) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--init-token", "--free", "--label", label, "--so-pin", Pin + "-so", "--pin", Pin })
            info.ArgumentList.Add(arg);
        info.Environment["SOFTHSM2_CONF"] = configuration;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("softhsm2-util did not start.");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"softhsm2-util --init-token failed ({process.ExitCode}): {output}");
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
