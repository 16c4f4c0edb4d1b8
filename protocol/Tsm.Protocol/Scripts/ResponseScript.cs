using System.Buffers;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.Scripts;

/// <summary>
/// A response script in the expanded remote format (ETSI TS 102 226 §5.2.2): a response scripting template,
/// <c>AB</c> definite or <c>AF 80 … 00 00</c> indefinite (TS 101 220 §7.2), holding the number of executed
/// C-APDUs (tag 80), one R-APDU TLV (tag 23, data ‖ SW) per executed C-APDU, and optionally the immediate action
/// response (81), the bad format TLV (90) and the script chaining response (83).
/// </summary>
public sealed class ResponseScript : IEquatable<ResponseScript>
{
    private static ReadOnlySpan<byte> AllowedTags =>
        [ScriptTags.ExecutedCommands, ScriptTags.RApdu, ScriptTags.BadFormat, ScriptTags.ImmediateActionResponse, ScriptTags.ScriptChainingResponse];

    public ResponseScript(
        int executedCommands,
        IEnumerable<ResponseApdu> responses,
        BadFormatCode? badFormat = null,
        byte? immediateActionResponse = null,
        ScriptChainingResult? chainingResult = null,
        bool isIndefinite = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(executedCommands);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(executedCommands, 0xFFFF);
        ArgumentNullException.ThrowIfNull(responses);
        ExecutedCommands = executedCommands;
        Responses = responses.ToArray();
        BadFormat = badFormat;
        ImmediateActionResponse = immediateActionResponse;
        ChainingResult = chainingResult;
        IsIndefinite = isIndefinite;
    }

    /// <summary>Number of C-APDUs the card executed (tag 80).</summary>
    public int ExecutedCommands { get; }

    /// <summary>The R-APDUs in execution order (tags 23).</summary>
    public IReadOnlyList<ResponseApdu> Responses { get; }

    /// <summary>Why the card could not decode the command script (tag 90), if it could not.</summary>
    public BadFormatCode? BadFormat { get; }

    /// <summary>Immediate action response (tag 81), e.g. 01 = suspension error.</summary>
    public byte? ImmediateActionResponse { get; }

    /// <summary>Script chaining response (tag 83).</summary>
    public ScriptChainingResult? ChainingResult { get; }

    /// <summary>Encoded (or was decoded) with the indefinite template <c>AF</c>.</summary>
    public bool IsIndefinite { get; }

    /// <summary>The R-APDU of the last executed command, if any.</summary>
    public ResponseApdu? LastResponse => Responses.Count == 0 ? null : Responses[^1];

    public int EncodedLength
    {
        get
        {
            var content = ContentLength();
            return IsIndefinite
                ? 2 + content + 2 // AF 80, items, 00 00
                : 1 + BerTlvWriter.LengthFieldSize(content) + content; // AB, length, items
        }
    }

    /// <summary>Writes the template: 80, the 23s, then 81, 90 and 83 when present.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(EncodedLength);
        var pos = 0;
        if (IsIndefinite)
        {
            span[pos++] = ScriptTags.ResponseTemplateIndefinite;
            span[pos++] = 0x80;
        }
        else
        {
            span[pos++] = ScriptTags.ResponseTemplateDefinite;
            pos += BerTlvWriter.WriteLength(span[pos..], ContentLength());
        }
        span[pos++] = ScriptTags.ExecutedCommands;
        var countLength = CountLength;
        span[pos++] = (byte)countLength;
        if (countLength == 2)
            span[pos++] = (byte)(ExecutedCommands >> 8);
        span[pos++] = (byte)ExecutedCommands;
        foreach (var response in Responses)
        {
            span[pos++] = ScriptTags.RApdu;
            var bytes = response.ToArray();
            pos += BerTlvWriter.WriteLength(span[pos..], bytes.Length);
            bytes.CopyTo(span[pos..]);
            pos += bytes.Length;
        }
        pos = WriteByte(span, pos, ScriptTags.ImmediateActionResponse, ImmediateActionResponse);
        pos = WriteByte(span, pos, ScriptTags.BadFormat, (byte?)BadFormat);
        pos = WriteByte(span, pos, ScriptTags.ScriptChainingResponse, (byte?)ChainingResult);
        if (IsIndefinite)
        {
            span[pos++] = 0x00;
            span[pos++] = 0x00;
        }
        writer.Advance(pos);
    }

    public byte[] ToArray()
    {
        var buffer = new ArrayBufferWriter<byte>(EncodedLength);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a response scripting template, definite or indefinite.</summary>
    /// <exception cref="ScriptFormatException">Malformed, or the number of executed C-APDUs is missing or repeated.</exception>
    public static ResponseScript Parse(ReadOnlySpan<byte> script)
    {
        var reader = new ScriptTlvReader(script, ScriptTags.ResponseTemplateDefinite, ScriptTags.ResponseTemplateIndefinite, AllowedTags);
        int? executed = null;
        var responses = new List<ResponseApdu>();
        byte? immediate = null;
        BadFormatCode? badFormat = null;
        ScriptChainingResult? chaining = null;
        while (reader.TryRead(out var tag, out var value, out var offset))
        {
            switch (tag)
            {
                case ScriptTags.ExecutedCommands:
                    if (executed is not null)
                        throw new ScriptFormatException("The number of executed C-APDUs is repeated", null, offset);
                    executed = value.Length switch
                    {
                        1 => value[0],
                        2 => (value[0] << 8) | value[1],
                        _ => throw new ScriptFormatException($"The number of executed C-APDUs has 1 or 2 bytes, got {value.Length}", BadFormatCode.WrongLength, offset),
                    };
                    break;
                case ScriptTags.RApdu:
                    if (value.Length < 2)
                        throw new ScriptFormatException("An R-APDU has at least SW1 SW2", BadFormatCode.WrongLength, offset);
                    responses.Add(ResponseApdu.Parse(value));
                    break;
                case ScriptTags.ImmediateActionResponse:
                    immediate = ReadSingle(value, offset, immediate is not null);
                    break;
                case ScriptTags.BadFormat:
                    badFormat = (BadFormatCode)ReadSingle(value, offset, badFormat is not null);
                    break;
                default:
                    chaining = (ScriptChainingResult)ReadSingle(value, offset, chaining is not null);
                    break;
            }
        }
        if (executed is null)
            throw new ScriptFormatException("The number of executed C-APDUs (tag 80) is missing", null, 0);
        return new ResponseScript(executed.Value, responses, badFormat, immediate, chaining, reader.IsIndefinite);
    }

    /// <summary>Parses hex text (spaces allowed).</summary>
    /// <exception cref="FormatException">Not hex, or not a valid response script (<see cref="ScriptFormatException"/>).</exception>
    public static ResponseScript Parse(string hex) => Parse(Hex.Parse(hex));

    private static byte ReadSingle(ReadOnlySpan<byte> value, int offset, bool repeated)
    {
        if (repeated)
            throw new ScriptFormatException("A response TLV is repeated", null, offset);
        if (value.Length != 1)
            throw new ScriptFormatException($"The TLV has 1 byte, got {value.Length}", BadFormatCode.WrongLength, offset);
        return value[0];
    }

    private static int WriteByte(Span<byte> span, int pos, byte tag, byte? value)
    {
        if (value is not { } v)
            return pos;
        span[pos++] = tag;
        span[pos++] = 1;
        span[pos++] = v;
        return pos;
    }

    private int CountLength => ExecutedCommands > 0xFF ? 2 : 1;

    private int ContentLength()
    {
        var sum = 2 + CountLength; // 80, length, count
        foreach (var response in Responses)
        {
            var length = response.Data.Length + 2;
            sum += 1 + BerTlvWriter.LengthFieldSize(length) + length; // 23, length, data ‖ SW
        }
        sum += ImmediateActionResponse is null ? 0 : 3;
        sum += BadFormat is null ? 0 : 3;
        sum += ChainingResult is null ? 0 : 3;
        return sum;
    }

    public bool Equals(ResponseScript? other) =>
        other is not null && ExecutedCommands == other.ExecutedCommands && BadFormat == other.BadFormat
        && ImmediateActionResponse == other.ImmediateActionResponse && ChainingResult == other.ChainingResult
        && IsIndefinite == other.IsIndefinite && Responses.SequenceEqual(other.Responses);

    public override bool Equals(object? obj) => Equals(obj as ResponseScript);

    public override int GetHashCode() => HashCode.Combine(ExecutedCommands, Responses.Count, BadFormat, IsIndefinite);

    public override string ToString() => Hex.Format(ToArray());
}
