using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// One key data field of PUT KEY, format 1 (GP 2.2.1 §11.8.2.3.1, Table 11-68): key type (DES <c>80</c>, AES
/// <c>88</c>, §11.1.8), the already encrypted key value, and its key check value. The value is opaque here:
/// encryption (and any inner length GPPro puts before an AES cryptogram) belongs to the secure channel module.
/// </summary>
public sealed record KeyComponent(byte Type, ByteString EncryptedValue, ByteString Kcv)
{
    public const byte Des = 0x80;
    public const byte Aes = 0x88;

    public byte Type { get; init; } = Type != 0xFF ? Type : throw new ArgumentOutOfRangeException(nameof(Type), "Type FF starts the extended format 2, which is not supported.");

    public ByteString EncryptedValue { get; init; } = EncryptedValue.Length is >= 1 and <= 0xFFFF ? EncryptedValue : throw new ArgumentOutOfRangeException(nameof(EncryptedValue));

    public ByteString Kcv { get; init; } = Kcv.Length <= 0x7F ? Kcv : throw new ArgumentOutOfRangeException(nameof(Kcv));
}

/// <summary>
/// PUT KEY <c>80 D8 P1 P2 Lc data 00</c> (GP 2.2.1 §11.8). P1 = KVN to replace (<c>00</c> adds a new set), b8 = more
/// commands (Table 11-65); P2 = first key id, b8 = several keys (Table 11-66). Data: new KVN, then one key data
/// field per key with implicit ids P2, P2+1, ….
/// </summary>
public sealed record PutKeyCommand(byte OldKeyVersionNumber, byte KeyId, byte NewKeyVersionNumber, ValueList<KeyComponent> Keys, bool MoreCommands = false)
{
    public const byte Ins = 0xD8;
    public const byte MoreCommandsBit = 0x80;
    public const byte MultipleKeysBit = 0x80;

    public byte OldKeyVersionNumber { get; init; } = OldKeyVersionNumber <= 0x7F ? OldKeyVersionNumber : throw new ArgumentOutOfRangeException(nameof(OldKeyVersionNumber));

    public byte KeyId { get; init; } = KeyId <= 0x7F ? KeyId : throw new ArgumentOutOfRangeException(nameof(KeyId));

    public byte NewKeyVersionNumber { get; init; } = NewKeyVersionNumber is >= 1 and <= 0x7F ? NewKeyVersionNumber : throw new ArgumentOutOfRangeException(nameof(NewKeyVersionNumber), "The new KVN is 01 to 7F.");

    public ValueList<KeyComponent> Keys { get; init; } = Keys is { Count: > 0 } ? Keys : throw new ArgumentException("PUT KEY needs at least one key.", nameof(Keys));

    public CommandApdu ToApdu()
    {
        var data = new List<byte> { NewKeyVersionNumber };
        foreach (var key in Keys)
        {
            data.Add(key.Type);
            GpEncoding.WriteBerLv(data, key.EncryptedValue.Span);
            GpEncoding.WriteLv(data, key.Kcv.Span);
        }
        var p1 = (byte)(OldKeyVersionNumber | (MoreCommands ? MoreCommandsBit : 0));
        var p2 = (byte)(KeyId | (Keys.Count > 1 ? MultipleKeysBit : 0));
        return new CommandApdu(GpEncoding.ProprietaryCla, Ins, p1, p2, data.ToArray(), ne: CommandApdu.MaxShortNe);
    }

    /// <exception cref="GpFormatException">Wrong header or malformed key data.</exception>
    public static PutKeyCommand Parse(CommandApdu apdu)
    {
        GpEncoding.CheckHeader(apdu, Ins, "PUT KEY");
        return GpFormatException.Guard("PUT KEY command", apdu.Data.Span, data =>
        {
            var r = new GpReader(data, "PUT KEY data");
            var kvn = r.ReadByte();
            var keys = new List<KeyComponent>();
            do
            {
                var type = r.ReadByte();
                if (type == 0xFF)
                    throw new GpFormatException("PUT KEY format 2 (key type FF xx) is not supported.");
                var value = new ByteString(r.ReadBerLv());
                var kcv = r.ReadLv();
                if (kcv.Length > 0x7F)
                    throw new GpFormatException($"PUT KEY KCV length {kcv.Length} exceeds 7F.");
                keys.Add(new KeyComponent(type, value, new ByteString(kcv)));
            }
            while (!r.IsAtEnd);
            return new PutKeyCommand(
                (byte)(apdu.P1 & ~MoreCommandsBit), (byte)(apdu.P2 & ~MultipleKeysBit), kvn, new ValueList<KeyComponent>(keys), (apdu.P1 & MoreCommandsBit) != 0);
        });
    }
}

/// <summary>
/// The PUT KEY response (GP 2.2.1 §11.8.3.1): the KVN followed by the KCVs as sent, without lengths, so the
/// command is needed to split them.
/// </summary>
public sealed record PutKeyResponse(StatusWord StatusWord, byte? KeyVersionNumber, ValueList<ByteString> Kcvs)
{
    public bool IsSuccess => StatusWord == StatusWords.Success;

    /// <summary>True when the card echoed the KVN and KCVs of <paramref name="command"/>.</summary>
    public bool Confirms(PutKeyCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return IsSuccess && KeyVersionNumber == command.NewKeyVersionNumber && Kcvs.SequenceEqual(command.Keys.Select(k => k.Kcv));
    }

    /// <exception cref="GpFormatException">Success with data that does not fit the command's KCV lengths.</exception>
    public static PutKeyResponse Parse(ResponseApdu response, PutKeyCommand command)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(command);
        if (!response.IsSuccess)
            return new PutKeyResponse(response.StatusWord, null, ValueList<ByteString>.Empty);
        var r = new GpReader(response.Data.Span, "PUT KEY response");
        var kvn = r.ReadByte();
        var kcvs = new List<ByteString>();
        foreach (var key in command.Keys)
            kcvs.Add(new ByteString(r.Read(key.Kcv.Length)));
        r.ExpectEnd();
        return new PutKeyResponse(response.StatusWord, kvn, new ValueList<ByteString>(kcvs));
    }

    /// <summary>Card side: the response data confirming <paramref name="command"/>.</summary>
    public static byte[] Encode(PutKeyCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return [command.NewKeyVersionNumber, .. command.Keys.SelectMany(k => k.Kcv.ToArray())];
    }
}
