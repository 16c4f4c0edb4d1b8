using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tsm.Simulator.Cli.Pdu;

/// <summary>Writes one decoded PDU of a protocol as the JSON object <c>pdu decode</c> prints (see docs/sms.md).</summary>
public interface IPduJsonDecoder
{
    /// <summary>Decodes <paramref name="pdu"/> (one whole PDU, header included) into <paramref name="json"/>.</summary>
    /// <exception cref="FormatException">The PDU is malformed; the message says why.</exception>
    void Write(ReadOnlySpan<byte> pdu, Utf8JsonWriter json);
}

/// <summary><c>pdu decode --protocol smpp34 HEX</c>: one captured PDU as one JSON object, for QA.</summary>
public static class PduCommand
{
    public const string Usage =
        "usage: Tsm.Simulator pdu decode --protocol PROTOCOL HEX\n" +
        "  PROTOCOL: smpp34, cmpp20 or cmpp30\n" +
        "  HEX: the whole PDU, header included; spaces, colons and dashes are ignored";

    // One decoder per protocol name; each lives in its own file (SmppPduJson.cs, and CMPP's beside it).
    private static readonly Dictionary<string, IPduJsonDecoder> s_decoders = new(StringComparer.Ordinal)
    {
        ["smpp34"] = new SmppPduJson(),
        ["cmpp20"] = new CmppPduJson(Tsm.Protocol.Sms.Cmpp.CmppVersion.V20),
        ["cmpp30"] = new CmppPduJson(Tsm.Protocol.Sms.Cmpp.CmppVersion.V30),
    };

    private static readonly JsonWriterOptions s_json = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args is ["--help"] or ["-h"] or ["decode", "--help"])
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Ok;
        }
        if (args.ToArray() is not ["decode", "--protocol", var protocol, .. var hexParts] || hexParts.Length == 0)
        {
            stderr.WriteLine("pdu: expected 'decode --protocol PROTOCOL HEX'");
            stderr.WriteLine(Usage);
            return ExitCodes.Usage;
        }
        if (!s_decoders.TryGetValue(protocol, out var decoder))
        {
            stderr.WriteLine($"pdu decode: unknown protocol '{protocol}'; known: {string.Join(", ", s_decoders.Keys)}");
            return ExitCodes.Usage;
        }
        byte[] bytes;
        try
        {
            bytes = Protocol.Hex.Parse(string.Concat(hexParts));
        }
        catch (FormatException ex)
        {
            stderr.WriteLine($"pdu decode: the input is not hex: {ex.Message}");
            return ExitCodes.Failed;
        }
        using var buffer = new MemoryStream();
        try
        {
            using var json = new Utf8JsonWriter(buffer, s_json);
            decoder.Write(bytes, json);
        }
        catch (FormatException ex)
        {
            stderr.WriteLine($"pdu decode: malformed {protocol} PDU: {ex.Message}");
            return ExitCodes.Failed;
        }
        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        return ExitCodes.Ok;
    }
}
