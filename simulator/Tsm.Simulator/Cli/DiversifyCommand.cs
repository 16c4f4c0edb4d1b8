using Tsm.Protocol;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.Scp02;

namespace Tsm.Simulator.Cli;

/// <summary><c>diversify</c>: derives a card's ENC, MAC and DEK keys from a master key and its key diversification data (EMV CPS or VISA2).</summary>
public static class DiversifyCommand
{
    public const string Usage = "usage: Tsm.Simulator diversify --method emv|visa2 --master HEX --kdd HEX";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var options = Options.Parse(args, "method", "master", "kdd");
            var method = options.Required("method").ToLowerInvariant() switch
            {
                "emv" => DiversificationMethod.Emv,
                "visa2" => DiversificationMethod.Visa2,
                var other => throw new UsageException($"unknown method '{other}', expected emv or visa2"),
            };
            var master = Options.HexValue("master", options.Required("master"), 16);
            var kdd = Options.HexValue("kdd", options.Required("kdd"), 10);
            using var keys = KeyDiversification.Diversify(method, master, kdd);
            // This is a QA tool for test keys: printing the derived keys is its purpose.
            stdout.WriteLine($"ENC {Hex.Format(keys.Enc)} KCV {Hex.Format(DesMac.KeyCheckValue(keys.Enc))}");
            stdout.WriteLine($"MAC {Hex.Format(keys.Mac)} KCV {Hex.Format(DesMac.KeyCheckValue(keys.Mac))}");
            stdout.WriteLine($"DEK {Hex.Format(keys.Dek)} KCV {Hex.Format(DesMac.KeyCheckValue(keys.Dek))}");
            return ExitCodes.Ok;
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"diversify: {ex.Message}");
            stderr.WriteLine(Usage);
            return ExitCodes.Usage;
        }
    }
}
