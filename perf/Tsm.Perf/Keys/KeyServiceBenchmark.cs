using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Grains.Keys.Pkcs11;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Cap;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;
using Tsm.Testing;

namespace Tsm.Perf.Keys;

/// <summary>
/// <c>keys [--provider software|pkcs11|both] [--downloads N] [--iterations N]</c>: the key service's cost per download
/// (docs/key-service.md, "Cost per download"). Real downloads run through <see cref="OtaSession"/> on a simulated SE
/// whose ISD keys are EMV-diversified from the batch master key, with every key service call counted and timed; then
/// each operation alone. The PKCS#11 provider runs on a SoftHSM2 token made for the run in a temporary directory.
/// </summary>
public static class KeyServiceBenchmark
{
    public const string Usage = "usage: Tsm.Perf keys [--provider software|pkcs11|both] [--downloads N] [--iterations N]";

    private const string StorageKey = "505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F";
    private const string Master = "0123456789ABCDEFFEDCBA9876543210";
    private const string Kek = "F0E1D2C3B4A59687F0E1D2C3B4A59687";
    private const string Tk = "00112233445566778899AABBCCDDEEFF";
    private const string SeId = "86000000000000000042";

    private static readonly SeBatch Batch = new() { Id = "emv", SeIdFrom = "86000000000000000000", SeIdTo = "86FFFFFFFFFFFFFFFFFF", MasterKeyRef = "master", Derivation = KeyDerivation.Emv };

    private static readonly ApplicationDefinition App = new()
    {
        Aid = "A000000333010101",
        LoadFileAid = "A0000003330101",
        Instances = [new InstanceDefinition { ModuleAid = "A000000333010101", InstanceAid = "A000000333010101" }],
        CapFile = "demo:8192",
    };

    public static Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string provider = "both";
        int downloads = 200, iterations = 500;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--provider" when i + 1 < args.Length && args[i + 1] is "software" or "pkcs11" or "both":
                    provider = args[++i];
                    break;
                case "--downloads" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out downloads) && downloads > 0:
                    i++;
                    break;
                case "--iterations" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out iterations) && iterations > 0:
                    i++;
                    break;
                default:
                    Console.Error.WriteLine(Usage);
                    return Task.FromResult(64);
            }
        }
        if (provider != "software" && !SoftHsm.Shared.IsAvailable)
        {
            Console.Error.WriteLine(SoftHsm.Shared.SkipReason);
            return Task.FromResult(2);
        }
        Console.WriteLine($"Key service cost per download: {downloads} downloads of an 8 KB application (EMV-diversified ISD keys), {iterations} iterations per operation");
        foreach (var name in provider == "both" ? ["software", "pkcs11"] : new[] { provider })
        {
            var options = Configuration(name == "pkcs11");
            var service = name == "pkcs11" ? (IKeyService)new Pkcs11KeyService(options) : new SoftwareKeyService(Options.Create(options));
            try
            {
                Console.WriteLine();
                Console.WriteLine(name == "pkcs11" ? $"pkcs11 (SoftHSM2, {SoftHsm.Shared.Library})" : "software (in process)");
                Downloads(service, downloads);
                Operations(service, iterations);
            }
            finally
            {
                (service as IDisposable)?.Dispose();
            }
        }
        return Task.FromResult(0);
    }

    private static void Downloads(IKeyService service, int downloads)
    {
        var timed = new TimedKeyService(service);
        var cap = CapFile.Parse(CapWriter.Synthetic(App.LoadFileAid, [App.Aid], 8192));
        var image = CardFactory.CreateBatch(new SeBatchProfile { FirstSeId = SeId, MasterKey = Master, Diversification = DiversificationMethod.Emv }).Single();
        var card = new SimulatedCard(image);
        card.PowerOn();
        var keyTime = TimeSpan.Zero;
        var sessionTime = TimeSpan.Zero;
        var calls = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < downloads + 5; i++)
        {
            timed.Reset();
            var started = Stopwatch.GetTimestamp();
            Run(card, cap, timed, OperationKind.Download);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (i >= 5)
            {
                // The first five warm up the JIT and the token's session pool.
                keyTime += timed.Total;
                sessionTime += elapsed;
                foreach (var (operation, (count, _)) in timed.Calls)
                    calls[operation] = calls.GetValueOrDefault(operation) + count;
            }
            Run(card, cap, service, OperationKind.Delete);
        }
        var perDownload = string.Join(", ", calls.Select(c => $"{c.Key} x{c.Value / (double)downloads:0.#}"));
        Console.WriteLine($"  per download: {perDownload}; key service {Micros(keyTime / downloads)}, whole download (engine + simulated SE in memory) {Micros(sessionTime / downloads)}");
    }

    private static void Operations(IKeyService service, int iterations)
    {
        var kdd = Hex.Parse("00000000000000000042");
        var set = service.GenerateKeySet(0x30);
        var secret = service.Protect(Hex.Parse("00112233445566778899AABBCCDDEEFF"));
        var underKek = new DesCipher(Hex.Parse(Kek)).EncryptEcb(Hex.Parse("C1C2C3C4C5C6C7C8C9CACBCCCDCECFC0"));
        var underTk = new DesCipher(Hex.Parse(Tk)).EncryptCbc(new byte[8], DesMac.Pad(new byte[60]));
        using var cardKeys = KeyDiversification.Diversify(DiversificationMethod.Emv, Hex.Parse(Master), kdd, 0x01);
        using var hostKeys = service.IsdKeys(Batch, kdd, 0x01);
        using var host = OpenChannel(hostKeys, cardKeys, kdd);
        var results = new (string Name, Action Call)[]
        {
            ("IsdKeys (EMV)", () => service.IsdKeys(Batch, kdd, 0x01).Dispose()),
            ("OpenKeySet", () => service.OpenKeySet(set).Dispose()),
            ("GenerateKeySet", () => service.GenerateKeySet(0x30)),
            ("WrapForPutKey", () => service.WrapForPutKey(set, host)),
            ("TranslateKekToDek (16 bytes)", () => service.TranslateKekToDek("bank", underKek, host)),
            ("DecryptUnderTransportKey (64 bytes)", () => service.DecryptUnderTransportKey("bank", underTk)),
            ("DeriveToken", () => service.DeriveToken(SeId, new DateOnly(2026, 12, 7))),
            ("Protect", () => service.Protect(Hex.Parse("00112233445566778899AABBCCDDEEFF"))),
            ("Unprotect", () => service.Unprotect(secret)),
        }.Select(op => (op.Name, Mean: Measure(op.Call, iterations))).ToList();
        foreach (var (name, mean) in results)
            Console.WriteLine($"  {name,-38}{Micros(mean),12}");
        TimeSpan Of(string name) => results.Single(r => r.Name.StartsWith(name, StringComparison.Ordinal)).Mean;
        Console.WriteLine($"  {"download creating its SD (sum)",-38}{Micros(Of("IsdKeys") + Of("GenerateKeySet") + Of("WrapForPutKey") + Of("OpenKeySet")),12}   IsdKeys + GenerateKeySet + WrapForPutKey + OpenKeySet");
        Console.WriteLine($"  {"+ personalization mode 2 (sum)",-38}{Micros(Of("DecryptUnderTransportKey") + 2 * Of("TranslateKekToDek")),12}   DecryptUnderTransportKey + 2 x TranslateKekToDek");
    }

    private static TimeSpan Measure(Action call, int iterations)
    {
        for (var i = 0; i < Math.Min(20, iterations); i++)
            call();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
            call();
        return Stopwatch.GetElapsedTime(started) / iterations;
    }

    private static string Micros(TimeSpan time) => $"{time.TotalMicroseconds.ToString("0.0", CultureInfo.InvariantCulture)} µs";

    private static Scp02HostChannel OpenChannel(Scp02KeySet hostKeys, Scp02KeySet cardKeys, byte[] kdd)
    {
        var host = new Scp02HostChannel(hostKeys, SecurityLevel.CMac);
        using var card = new Scp02CardChannel(cardKeys, 0x0001, Scp02Parameter.I15, kdd, Hex.Parse("A0000001510000"));
        var response = card.InitializeUpdate(InitializeUpdateCommand.Parse(host.InitializeUpdate()));
        card.ExternalAuthenticate(host.ExternalAuthenticate(response));
        return host;
    }

    private static void Run(SimulatedCard card, CapFile cap, IKeyService keys, OperationKind kind)
    {
        OperationSpec operation = kind == OperationKind.Download ? new DownloadOperation(App.Aid) : new DeleteOperation(App.Aid);
        var spec = new TaskSpec { Id = TaskId.New(SeId), Operation = operation };
        using var session = new OtaSession(spec, Batch, App, cap, new KnownContent(false, new HashSet<string>()), keys, new OtaOptions());
        var order = session.Begin();
        while (true)
        {
            var responses = order.Commands.Select(c => ResponseApdu.Parse(card.Transmit(Hex.Parse(c)))).ToList();
            switch (session.Advance(responses))
            {
                case OtaFinished finished when finished.Outcome.State != TaskState.Succeeded:
                    throw new InvalidOperationException($"The {kind} failed: {finished.Outcome}");
                case OtaFinished:
                    return;
                case OtaContinue next:
                    order = next.Order;
                    break;
            }
        }
    }

    private static KeyServiceOptions Configuration(bool pkcs11)
    {
        var bootstrap = new SoftwareKeyService(Options.Create(new KeyServiceOptions { StorageKey = StorageKey }));
        var options = new KeyServiceOptions
        {
            StorageKey = StorageKey,
            MasterKeys = new() { ["master"] = bootstrap.Protect(Hex.Parse(Master)) },
            Providers = new() { ["bank"] = new ProviderKeys { TransportKey = bootstrap.Protect(Hex.Parse(Tk)), Kek = bootstrap.Protect(Hex.Parse(Kek)) } },
        };
        if (pkcs11)
        {
            options.Provider = KeyServiceProvider.Pkcs11;
            options.Pkcs11 = new Pkcs11Options
            {
                Library = SoftHsm.Shared.Library,
                TokenLabel = SoftHsm.Shared.TokenLabel,
                Pin = SoftHsm.Pin,
                LabelPrefix = SoftHsm.NewPrefix(),
                ImportConfiguredKeys = true,
            };
        }
        return options;
    }
}
