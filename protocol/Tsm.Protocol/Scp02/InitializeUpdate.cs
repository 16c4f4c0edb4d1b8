using System.Buffers.Binary;
using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.Scp02;

/// <summary>INITIALIZE UPDATE <c>80 50 KVN 00 08 hostChallenge 00</c> (GP 2.2.1 §E.5.1). KVN 00 = first available key set.</summary>
public sealed record InitializeUpdateCommand(byte KeyVersion, ReadOnlyMemory<byte> HostChallenge)
{
    public const byte Ins = 0x50;

    public CommandApdu ToApdu()
    {
        if (HostChallenge.Length != 8)
            throw new ArgumentException("The host challenge has 8 bytes.", nameof(HostChallenge));
        return new CommandApdu(0x80, Ins, KeyVersion, 0x00, HostChallenge, 256);
    }

    /// <summary>Card side: decodes the command.</summary>
    /// <exception cref="Scp02Exception">Wrong INS, P2 or challenge length.</exception>
    public static InitializeUpdateCommand Parse(CommandApdu apdu)
    {
        ArgumentNullException.ThrowIfNull(apdu);
        if (apdu.Ins != Ins)
            throw new Scp02Exception("Not an INITIALIZE UPDATE command.");
        if (apdu.Data.Length != 8)
            throw new Scp02Exception("INITIALIZE UPDATE needs an 8-byte host challenge.");
        return new InitializeUpdateCommand(apdu.P1, apdu.Data.ToArray());
    }
}

/// <summary>
/// The INITIALIZE UPDATE response (GP 2.2.1 §E.5.1.4, Table E-14): key diversification data (10), key information
/// (KVN, SCP id), sequence counter (2), card challenge (6), card cryptogram (8).
/// </summary>
public sealed record InitializeUpdateResponse(
    ReadOnlyMemory<byte> KeyDiversificationData,
    byte KeyVersion,
    byte ScpIdentifier,
    ushort SequenceCounter,
    ReadOnlyMemory<byte> CardChallenge,
    ReadOnlyMemory<byte> CardCryptogram)
{
    public const int Length = 28;

    /// <exception cref="Scp02Exception">Not 28 bytes, or not SCP02.</exception>
    public static InitializeUpdateResponse Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != Length)
            throw new Scp02Exception($"The INITIALIZE UPDATE response has {Length} bytes, got {data.Length}.");
        var response = new InitializeUpdateResponse(
            data[..10].ToArray(),
            data[10],
            data[11],
            BinaryPrimitives.ReadUInt16BigEndian(data[12..]),
            data.Slice(14, 6).ToArray(),
            data.Slice(20, 8).ToArray());
        if (response.ScpIdentifier != 0x02)
            throw new Scp02Exception($"The card answered for SCP{response.ScpIdentifier:X2}, not SCP02.");
        return response;
    }

    public byte[] ToArray()
    {
        var data = new byte[Length];
        KeyDiversificationData.Span.CopyTo(data);
        data[10] = KeyVersion;
        data[11] = ScpIdentifier;
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(12), SequenceCounter);
        CardChallenge.Span.CopyTo(data.AsSpan(14));
        CardCryptogram.Span.CopyTo(data.AsSpan(20));
        return data;
    }
}
