using System.Globalization;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp80;
using Tsm.Protocol.Scripts;

namespace Tsm.Simulator.Cli;

/// <summary>
/// <c>scp80 pack</c> and <c>scp80 unpack-por</c>: the sending side of an SCP80 exchange (ETSI TS 102 225 secured
/// packets carrying TS 102 226 remote scripts, by SMS-PP per 3GPP TS 31.115) for QA, so that what a platform sends
/// to a SIM and what the SIM answers can be produced and checked by hand. See docs/cli.md.
/// </summary>
public static class Scp80Command
{
    public const string Usage =
        "usage: Tsm.Simulator scp80 pack --spi HEX --kic HEX --kid HEX [--kic-key HEX] [--kid-key HEX] --tar HEX --counter HEX\n" +
        "                                [--compact|--expanded] --apdu HEX... [--sms [--oa DIGITS] [--scts yyyy-MM-ddTHH:mm:ssZ] [--reference HEX]]\n" +
        "       Tsm.Simulator scp80 unpack-por --spi HEX --kic HEX --kid HEX [--kic-key HEX] [--kid-key HEX] HEX\n" +
        "  pack prints the secured command packet (from CPL on) as upper-case hex, then with --sms each SMS-DELIVER TPDU;\n" +
        "  unpack-por reads a PoR (from RPL on, or SMS user data starting 027100) sent for a command with that SPI, KIc and KID;\n" +
        "  it exits 2 when the PoR does not decipher or its checksum does not verify.";

    private static readonly string[] Flags = ["compact", "expanded", "sms"];

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args is [_, "--help"] or ["--help"])
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Ok;
        }
        try
        {
            return args.ToArray() switch
            {
                ["pack", .. var rest] => Pack(rest, stdout),
                ["unpack-por", .. var rest] => UnpackPor(rest, stdout, stderr),
                _ => throw new UsageException(args.Count == 0 ? "missing sub-command: pack or unpack-por" : $"unknown sub-command '{args[0]}'"),
            };
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"scp80: {ex.Message}");
            stderr.WriteLine(Usage);
            return ExitCodes.Usage;
        }
    }

    private static int Pack(IReadOnlyList<string> args, TextWriter stdout)
    {
        var (rest, flags, positional) = Split(args);
        if (positional is not null)
            throw new UsageException($"unexpected argument '{positional}'");
        var options = Options.Parse(rest, "spi", "kic", "kid", "kic-key", "kid-key", "tar", "counter", "apdu", "oa", "scts", "reference");
        if (flags.Contains("compact") && flags.Contains("expanded"))
            throw new UsageException("give --compact or --expanded, not both");
        var (spi, kic, kid) = ReadSecurity(options);
        var tar = Options.HexValue("tar", options.Required("tar"), 3);
        var counter = ReadCounter(Options.HexValue("counter", options.Required("counter"), 5));
        var apdus = options.All("apdu").Select(ParseApdu).ToList();
        if (apdus.Count == 0)
            throw new UsageException("at least one --apdu is required");
        if (!flags.Contains("sms") && (options.Single("oa") ?? options.Single("scts") ?? options.Single("reference")) is not null)
            throw new UsageException("--oa, --scts and --reference go with --sms");

        byte[] script;
        try
        {
            script = flags.Contains("expanded") ? CommandScript.FromCommands(apdus).ToArray() : CompactScript.Encode(apdus);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"option '--apdu': {ex.Message}");
        }
        byte[] packet;
        using (var keys = ReadKeys(options, spi, kic, kid, forPor: false))
        {
            try
            {
                packet = new CommandPacket(spi, kic, kid, tar, counter, script).Encode(keys);
            }
            catch (Scp80FormatException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
        }
        stdout.WriteLine(Hex.Format(packet));
        if (flags.Contains("sms"))
        {
            var oa = options.Single("oa") ?? "12345";
            var scts = ReadTimestamp(options.Single("scts"));
            var reference = options.Single("reference") is { } r ? Options.HexValue("reference", r, 1)[0] : (byte)0;
            foreach (var userData in SmsPp.CommandUserData(packet, reference))
            {
                try
                {
                    stdout.WriteLine(Hex.Format(SmsTpdu.EncodeDeliver(oa, scts, userData)));
                }
                catch (ArgumentException ex)
                {
                    throw new UsageException($"option '--oa': {ex.Message}");
                }
            }
        }
        return ExitCodes.Ok;
    }

    private static int UnpackPor(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (rest, flags, positional) = Split(args);
        if (flags.Count > 0)
            throw new UsageException($"unknown option '--{flags.First()}'");
        var options = Options.Parse(rest, "spi", "kic", "kid", "kic-key", "kid-key");
        var (spi, kic, kid) = ReadSecurity(options);
        if (positional is null)
            throw new UsageException("the PoR (hex) is required");
        var bytes = Options.HexValue("por", positional);
        // SMS user data with the RPI header 02 71 00: the packet follows it (an RPL of 0271 would not match the length).
        if (bytes is [0x02, SmsPp.ResponsePacketIei, 0x00, ..] && ((bytes[0] << 8) | bytes[1]) != bytes.Length - 2)
            bytes = bytes[3..];
        ResponsePacket por;
        using (var keys = ReadKeys(options, spi, kic, kid, forPor: true))
        {
            try
            {
                por = ResponsePacket.Decode(bytes, spi, kic, kid, keys);
            }
            catch (Scp80FormatException ex) when (ex.Fault is Scp80Fault.Checksum or Scp80Fault.Ciphering)
            {
                stderr.WriteLine($"scp80 unpack-por: {ex.Message}");
                return ExitCodes.Failed;
            }
            catch (Scp80FormatException ex)
            {
                throw new UsageException($"the PoR cannot be read: {ex.Message}");
            }
        }
        stdout.WriteLine($"tar {Hex.Format(por.Tar.Span)}");
        stdout.WriteLine($"counter {por.Counter:X10}");
        stdout.WriteLine($"status {(byte)por.Status:X2} {por.Status}");
        stdout.WriteLine($"data {Hex.Format(por.Data.Span)}");
        WriteScriptResponse(por, stdout);
        return ExitCodes.Ok;
    }

    /// <summary>The additional data of a successful PoR read as the remote response: expanded (AB/AF) or compact.</summary>
    private static void WriteScriptResponse(ResponsePacket por, TextWriter stdout)
    {
        if (por.Status != PorStatus.Ok || por.Data.IsEmpty)
            return;
        var data = por.Data.Span;
        try
        {
            if (data[0] is ScriptTags.ResponseTemplateDefinite or ScriptTags.ResponseTemplateIndefinite)
            {
                var script = ResponseScript.Parse(data);
                stdout.WriteLine($"executed {script.ExecutedCommands}");
                foreach (var response in script.Responses)
                    stdout.WriteLine($"r-apdu {response.ToHex()}");
                if (script.BadFormat is { } bad)
                    stdout.WriteLine($"bad-format {(byte)bad:X2}");
            }
            else
            {
                var compact = CompactResponse.Decode(data);
                stdout.WriteLine($"executed {compact.ExecutedCommands}");
                stdout.WriteLine($"last-r-apdu {compact.LastResponse.ToHex()}");
            }
        }
        catch (FormatException ex)
        {
            stdout.WriteLine($"response-unreadable {ex.Message}");
        }
    }

    private static (Spi Spi, Scp80KeyId Kic, Scp80KeyId Kid) ReadSecurity(Options options)
    {
        var spi = Options.HexValue("spi", options.Required("spi"), 2);
        var kic = Options.HexValue("kic", options.Required("kic"), 1)[0];
        var kid = Options.HexValue("kid", options.Required("kid"), 1)[0];
        return (new Spi(spi[0], spi[1]), new Scp80KeyId(kic), new Scp80KeyId(kid));
    }

    /// <summary>The keys when the SPI needs them: KIc for ciphering, KID for a cryptographic checksum.</summary>
    private static Scp80Keys? ReadKeys(Options options, Spi spi, Scp80KeyId kic, Scp80KeyId kid, bool forPor)
    {
        var ciphered = forPor ? spi.PorCiphered : spi.Ciphered;
        var checksum = forPor ? spi.PorChecksum : spi.Checksum;
        var kicKey = options.Single("kic-key") is { } k1 ? Options.HexValue("kic-key", k1) : null;
        var kidKey = options.Single("kid-key") is { } k2 ? Options.HexValue("kid-key", k2) : null;
        if (ciphered)
            RequireKey("kic-key", kicKey, kic);
        if (checksum == Scp80ChecksumKind.CryptographicChecksum)
            RequireKey("kid-key", kidKey, kid);
        return kicKey is null && kidKey is null ? null : new Scp80Keys(kicKey ?? [], kidKey ?? []);
    }

    private static void RequireKey(string name, byte[]? key, Scp80KeyId id)
    {
        if (key is null)
            throw new UsageException($"the SPI needs option '--{name}'");
        var fits = id.Algorithm switch
        {
            Scp80Algorithm.Des => key.Length == 8,
            Scp80Algorithm.TripleDes2Key => key.Length == 16,
            Scp80Algorithm.TripleDes3Key => key.Length == 24,
            Scp80Algorithm.Aes => key.Length is 16 or 24 or 32,
            _ => throw new UsageException($"{id} names no algorithm offered: the low nibble is 1 (DES), 5 (3DES 2 keys), 9 (3DES 3 keys) or 2 (AES)"),
        };
        if (!fits)
            throw new UsageException($"option '--{name}' has {key.Length} bytes, which {id.Algorithm} does not take");
    }

    private static ulong ReadCounter(byte[] bytes)
    {
        ulong value = 0;
        foreach (var b in bytes)
            value = (value << 8) | b;
        return value;
    }

    private static DateTimeOffset ReadTimestamp(string? text)
    {
        if (text is null)
            return TimeProvider.System.GetUtcNow();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new UsageException($"option '--scts' {text} is not a date and time such as 2026-12-07T18:30:05Z");
    }

    private static CommandApdu ParseApdu(string text)
    {
        try
        {
            return CommandApdu.Parse(Hex.Parse(text));
        }
        catch (FormatException ex)
        {
            throw new UsageException($"option '--apdu' {text}: {ex.Message}");
        }
    }

    /// <summary>Takes the value-less flags and at most one positional argument out, leaving <c>--name value</c> pairs for <see cref="Options"/>.</summary>
    private static (List<string> Remaining, HashSet<string> Flags, string? Positional) Split(IReadOnlyList<string> args)
    {
        var rest = new List<string>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        string? positional = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && Flags.Contains(arg[2..]))
            {
                if (!flags.Add(arg[2..]))
                    throw new UsageException($"option '{arg}' given more than once");
                continue;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                rest.Add(arg);
                if (i + 1 < args.Count)
                    rest.Add(args[++i]);
                continue;
            }
            if (positional is not null)
                throw new UsageException($"unexpected argument '{arg}'");
            positional = arg;
        }
        return (rest, flags, positional);
    }
}
