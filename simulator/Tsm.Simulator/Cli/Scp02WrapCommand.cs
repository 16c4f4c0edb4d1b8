using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;

namespace Tsm.Simulator.Cli;

/// <summary>
/// <c>scp02 wrap</c>: replays the host side of an SCP02 session (GP 2.2.1 Appendix E) from a trace so that QA can
/// check what a gateway sent: verifies the card cryptogram, prints EXTERNAL AUTHENTICATE and every wrapped APDU.
/// </summary>
public static class Scp02WrapCommand
{
    public const string Usage =
        "usage: Tsm.Simulator scp02 wrap (--key HEX | --enc HEX --mac HEX --dek HEX) --host-challenge HEX\n" +
        "                                 --init-update-response HEX --level 01|02|03|11|13 [--i 15|55] [--apdu HEX]...";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var options = Options.Parse(args, "key", "enc", "mac", "dek", "host-challenge", "init-update-response", "level", "i", "apdu");
            using var keys = ReadKeys(options);
            var hostChallenge = Options.HexValue("host-challenge", options.Required("host-challenge"), 8);
            var level = ReadLevel(options.Required("level"));
            var parameter = new Scp02Parameter(options.Single("i") is { } i ? Options.HexValue("i", i, 1)[0] : (byte)0x15);
            var response = ReadInitializeUpdateResponse(options.Required("init-update-response"));
            var apdus = options.All("apdu").Select(ParseApdu).ToList();

            using var host = new Scp02HostChannel(keys, level, parameter);
            host.InitializeUpdate(response.KeyVersion, hostChallenge);
            CommandApdu externalAuthenticate;
            try
            {
                externalAuthenticate = host.ExternalAuthenticate(response);
            }
            catch (Scp02Exception ex)
            {
                stderr.WriteLine($"scp02 wrap: {ex.Message}");
                return ExitCodes.Failed;
            }
            stdout.WriteLine(externalAuthenticate.ToHex());
            foreach (var apdu in apdus)
                stdout.WriteLine(host.Wrap(apdu).ToHex());
            return ExitCodes.Ok;
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"scp02 wrap: {ex.Message}");
            stderr.WriteLine(Usage);
            return ExitCodes.Usage;
        }
    }

    private static Scp02KeySet ReadKeys(Options options)
    {
        var (single, t) = options.SecureChannelKeys();
        return single is not null
            ? Scp02KeySet.FromSingleKey(0x00, Options.HexValue("key", single, 16))
            : new Scp02KeySet(0x00, Options.HexValue("enc", t.Enc, 16), Options.HexValue("mac", t.Mac, 16), Options.HexValue("dek", t.Dek, 16));
    }

    private static SecurityLevel ReadLevel(string text)
    {
        var value = Options.HexValue("level", text, 1)[0];
        var level = (SecurityLevel)value;
        if (level == SecurityLevel.None || !SecurityLevels.IsValid(level))
            throw new UsageException($"security level {value:X2} is not one of 01, 02, 03, 11, 13");
        return level;
    }

    private static InitializeUpdateResponse ReadInitializeUpdateResponse(string text)
    {
        var bytes = Options.HexValue("init-update-response", text);
        // Accept the response with or without its status word, as traces show both.
        if (bytes.Length == InitializeUpdateResponse.Length + 2)
        {
            var sw = ResponseApdu.Parse(bytes).StatusWord;
            if (sw != StatusWords.Success)
                throw new UsageException($"the INITIALIZE UPDATE response ends with {sw} ({sw.Name}), not 9000");
            bytes = bytes[..^2];
        }
        try
        {
            return InitializeUpdateResponse.Parse(bytes);
        }
        catch (Scp02Exception ex)
        {
            throw new UsageException($"option '--init-update-response': {ex.Message}");
        }
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
}
