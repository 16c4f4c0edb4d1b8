using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;
using Tsm.Protocol.Scp03;

namespace Tsm.Simulator.Cli;

/// <summary>
/// <c>scp03 wrap</c>: replays the host side of an SCP03 session (GP Amendment D; docs/secure-channels.md) from a trace:
/// verifies the card cryptogram, prints EXTERNAL AUTHENTICATE and every wrapped APDU, and checks the card's answers
/// (R-MAC, R-ENCRYPTION), printing each one's plain form after its command.
/// </summary>
public static class Scp03WrapCommand
{
    public const string Usage =
        "usage: Tsm.Simulator scp03 wrap (--key HEX | --enc HEX --mac HEX --dek HEX) --host-challenge HEX\n" +
        "                                 --init-update-response HEX --level 01|03|11|13|33 [--i HEX]\n" +
        "                                 [--apdu HEX]... [--response HEX]...\n" +
        "keys are AES-128, -192 or -256 (16, 24 or 32 bytes); the n-th --response is the card's answer to the n-th --apdu;\n" +
        "output: EXTERNAL AUTHENTICATE, then each wrapped APDU followed by the plain form of its answer, one hex line each";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var options = Options.Parse(args, "key", "enc", "mac", "dek", "host-challenge", "init-update-response", "level", "i", "apdu", "response");
            using var keys = ReadKeys(options);
            var hostChallenge = Options.HexValue("host-challenge", options.Required("host-challenge"), Scp03Crypto.ChallengeLength);
            var level = ReadLevel(options.Required("level"));
            var response = ReadInitializeUpdateResponse(options.Required("init-update-response"));
            if (options.Single("i") is { } i && Options.HexValue("i", i, 1)[0] != response.Parameter.Value)
                throw new UsageException($"the card answered i = {response.Parameter}, not {i.ToUpperInvariant()}");
            var apdus = options.All("apdu").Select(a => ParseHex("apdu", a, b => CommandApdu.Parse(b))).ToList();
            var responses = options.All("response").Select(r => ParseHex("response", r, b => ResponseApdu.Parse(b))).ToList();
            if (responses.Count > apdus.Count)
                throw new UsageException($"{responses.Count} responses for {apdus.Count} APDUs: each --response answers one --apdu");

            using var host = new Scp03HostChannel(keys, level);
            host.InitializeUpdate(response.KeyVersion, hostChallenge);
            try
            {
                stdout.WriteLine(host.ExternalAuthenticate(response).ToHex());
                for (var n = 0; n < apdus.Count; n++)
                {
                    stdout.WriteLine(host.Wrap(apdus[n]).ToHex());
                    if (n < responses.Count)
                        stdout.WriteLine(Hex.Format(host.Unwrap(responses[n]).ToArray()));
                }
            }
            catch (Scp03Exception ex)
            {
                stderr.WriteLine($"scp03 wrap: {ex.Message}");
                return ExitCodes.Failed;
            }
            return ExitCodes.Ok;
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"scp03 wrap: {ex.Message}");
            stderr.WriteLine(Usage);
            return ExitCodes.Usage;
        }
    }

    private static Scp03KeySet ReadKeys(Options options)
    {
        var (single, t) = options.SecureChannelKeys();
        return single is not null
            ? Scp03KeySet.FromSingleKey(0x00, AesKey("key", single))
            : new Scp03KeySet(0x00, AesKey("enc", t.Enc), AesKey("mac", t.Mac), AesKey("dek", t.Dek));
    }

    private static byte[] AesKey(string name, string text)
    {
        var key = Options.HexValue(name, text);
        return Scp03Crypto.IsAesKeyLength(key.Length)
            ? key
            : throw new UsageException($"option '--{name}': an AES key has 16, 24 or 32 bytes, got {key.Length}");
    }

    private static SecurityLevel ReadLevel(string text)
    {
        var value = Options.HexValue("level", text, 1)[0];
        var level = (SecurityLevel)value;
        if (level == SecurityLevel.None || !Scp03Parameter.I70.Allows(level))
            throw new UsageException($"security level {value:X2} is not one of 01, 03, 11, 13, 33");
        return level;
    }

    private static Scp03InitializeUpdateResponse ReadInitializeUpdateResponse(string text)
    {
        var bytes = Options.HexValue("init-update-response", text);
        // Accept the response with or without its status word, as traces show both.
        if (bytes.Length is Scp03InitializeUpdateResponse.Length + 2 or Scp03InitializeUpdateResponse.Length + 5)
        {
            var sw = ResponseApdu.Parse(bytes).StatusWord;
            if (sw != StatusWords.Success)
                throw new UsageException($"the INITIALIZE UPDATE response ends with {sw} ({sw.Name}), not 9000");
            bytes = bytes[..^2];
        }
        try
        {
            return Scp03InitializeUpdateResponse.Parse(bytes);
        }
        catch (Scp03Exception ex)
        {
            throw new UsageException($"option '--init-update-response': {ex.Message}");
        }
    }

    private static T ParseHex<T>(string name, string text, Func<byte[], T> parse)
    {
        try
        {
            return parse(Options.HexValue(name, text));
        }
        catch (Exception ex) when (ex is FormatException or ApduFormatException or ArgumentException)
        {
            throw new UsageException($"option '--{name}' {text}: {ex.Message}");
        }
    }
}
