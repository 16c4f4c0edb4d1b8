using Tsm.Protocol.Apdu;
using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// DELETE <c>80 E4 P1 P2 Lc data 00</c> (GP 2.2.1 §11.2). Card content: <c>4F</c> AID, then the optional <c>B6</c>
/// control reference template and <c>9E</c> delete token passed through as bytes (Table 11-22). Keys: <c>D0</c>
/// key id and/or <c>D2</c> KVN (Table 11-23). P2 b8 deletes related objects too (an ELF and its instances);
/// P1 b8 marks more DELETE commands.
/// </summary>
public sealed record DeleteCommand
{
    public const byte Ins = 0xE4;
    public const byte P1MoreCommands = 0x80;
    public const byte P2DeleteRelated = 0x80;
    public const uint AidTag = 0x4F;
    public const uint CrtTag = 0xB6;
    public const uint TokenTag = 0x9E;
    public const uint KeyIdTag = 0xD0;
    public const uint KeyVersionTag = 0xD2;

    private DeleteCommand(Aid? aid, bool deleteRelated, ByteString controlReferenceTemplate, ByteString token, byte? keyId, byte? keyVersionNumber)
    {
        Aid = aid;
        DeleteRelated = deleteRelated;
        ControlReferenceTemplate = controlReferenceTemplate;
        Token = token;
        KeyId = keyId;
        KeyVersionNumber = keyVersionNumber;
    }

    /// <summary>The application or ELF to delete; null for a key deletion.</summary>
    public Aid? Aid { get; }

    public bool DeleteRelated { get; }

    /// <summary>The value of <c>B6</c> (empty when absent).</summary>
    public ByteString ControlReferenceTemplate { get; }

    /// <summary>The value of <c>9E</c> (empty when absent).</summary>
    public ByteString Token { get; }

    public byte? KeyId { get; }

    public byte? KeyVersionNumber { get; }

    public bool MoreCommands { get; init; }

    public bool IsKeyDeletion => Aid is null;

    public static DeleteCommand ForObject(Aid aid, bool deleteRelated = false, ByteString controlReferenceTemplate = default, ByteString token = default)
    {
        ArgumentNullException.ThrowIfNull(aid);
        return new(aid, deleteRelated, controlReferenceTemplate, token, null, null);
    }

    /// <summary>Deletes one key (both given) or every key matching the one given.</summary>
    public static DeleteCommand ForKey(byte? keyId, byte? keyVersionNumber)
    {
        if (keyId is null && keyVersionNumber is null)
            throw new ArgumentException("Give a key id, a KVN or both.");
        return new(null, false, default, default, keyId, keyVersionNumber);
    }

    public CommandApdu ToApdu()
    {
        var data = new List<byte>();
        if (Aid is not null)
        {
            GpEncoding.WriteTlv(data, AidTag, Aid.Span);
            if (!ControlReferenceTemplate.IsEmpty)
                GpEncoding.WriteTlv(data, CrtTag, ControlReferenceTemplate.Span);
            if (!Token.IsEmpty)
                GpEncoding.WriteTlv(data, TokenTag, Token.Span);
        }
        else
        {
            if (KeyId is { } id)
                GpEncoding.WriteTlv(data, KeyIdTag, [id]);
            if (KeyVersionNumber is { } kvn)
                GpEncoding.WriteTlv(data, KeyVersionTag, [kvn]);
        }
        return new CommandApdu(
            GpEncoding.ProprietaryCla, Ins, MoreCommands ? P1MoreCommands : (byte)0, DeleteRelated ? P2DeleteRelated : (byte)0, data.ToArray(), ne: CommandApdu.MaxShortNe);
    }

    /// <exception cref="GpFormatException">Wrong header, RFU bits, or data that is neither a card content nor a key deletion.</exception>
    public static DeleteCommand Parse(CommandApdu apdu)
    {
        GpEncoding.CheckHeader(apdu, Ins, "DELETE");
        if ((apdu.P1 & ~P1MoreCommands) != 0 || (apdu.P2 & ~P2DeleteRelated) != 0)
            throw new GpFormatException($"DELETE P1 P2 {apdu.P1:X2}{apdu.P2:X2} set RFU bits.");
        var command = GpFormatException.Guard("DELETE command", apdu.Data.Span, data => ParseData(data, (apdu.P2 & P2DeleteRelated) != 0));
        return command with { MoreCommands = (apdu.P1 & P1MoreCommands) != 0 };
    }

    private static DeleteCommand ParseData(ReadOnlySpan<byte> data, bool related)
    {
        var elements = new List<(uint Tag, byte[] Value)>();
        var reader = new BerTlvReader(data);
        while (reader.TryRead(out var header, out var value))
        {
            if (header.IsIndefinite)
                throw new GpFormatException("DELETE data needs definite lengths.");
            elements.Add((header.Tag.Value, value.ToArray()));
        }
        if (elements.Count == 0)
            throw new GpFormatException("DELETE has no data.");
        if (elements[0].Tag == AidTag)
        {
            var aidBytes = elements[0].Value;
            if (aidBytes.Length is < Apdu.Aid.MinLength or > Apdu.Aid.MaxLength)
                throw new GpFormatException($"DELETE AID has {aidBytes.Length} bytes.");
            ByteString crt = default, token = default;
            var seen = new HashSet<uint>();
            foreach (var (tag, value) in elements.Skip(1))
            {
                if (!seen.Add(tag))
                    throw new GpFormatException($"DELETE repeats tag {tag:X2}.");
                if (tag == CrtTag)
                    crt = value;
                else if (tag == TokenTag)
                    token = value;
                else
                    throw new GpFormatException($"Unexpected tag {tag:X2} in DELETE [card content].");
            }
            return new DeleteCommand(Apdu.Aid.FromBytes(aidBytes), related, crt, token, null, null);
        }
        byte? keyId = null, kvn = null;
        foreach (var (tag, value) in elements)
        {
            if (value.Length != 1)
                throw new GpFormatException($"DELETE [key] element {tag:X2} has {value.Length} bytes.");
            if (tag == KeyIdTag && keyId is null)
                keyId = value[0];
            else if (tag == KeyVersionTag && kvn is null)
                kvn = value[0];
            else
                throw new GpFormatException($"Unexpected tag {tag:X2} in DELETE [key].");
        }
        return new DeleteCommand(null, related, default, default, keyId, kvn);
    }

    public bool Equals(DeleteCommand? other) =>
        other is not null && Aid == other.Aid && DeleteRelated == other.DeleteRelated && ControlReferenceTemplate == other.ControlReferenceTemplate
        && Token == other.Token && KeyId == other.KeyId && KeyVersionNumber == other.KeyVersionNumber && MoreCommands == other.MoreCommands;

    public override int GetHashCode() => HashCode.Combine(Aid, DeleteRelated, ControlReferenceTemplate, Token, KeyId, KeyVersionNumber, MoreCommands);
}

/// <summary>The DELETE response (GP 2.2.1 §11.2.3, Table 11-24): length and optional delete confirmation.</summary>
public sealed record DeleteResponse(StatusWord StatusWord, ByteString Confirmation)
{
    public bool IsSuccess => StatusWord == StatusWords.Success;

    public static DeleteResponse Parse(ResponseApdu response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new DeleteResponse(response.StatusWord, ConfirmationParser.Parse(response, "DELETE response"));
    }
}
