using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tsm.Protocol.Scp80;

/// <summary>
/// A response packet, the proof of receipt (ETSI TS 102 225 §5.2), in the SMS-PP form of 3GPP TS 31.115 §4.3 where
/// the response packet identifier (RPI) is the user-data-header element <c>71 00</c> and the response header
/// identifier (RHI) is empty:
/// <code>
/// RPL(2) RHL(1) TAR(3) | CNTR(5) PCNTR(1) status(1) RC/CC/DS(n) additional response data, padding
/// </code>
/// RHL counts TAR to the end of RC/CC/DS (10 + n); RPL counts RHL to the end. TAR and CNTR are the command's. The
/// second SPI octet of the command says whether the PoR is ciphered (everything after TAR) and which RC/CC/DS it
/// carries, under the command's KIc and KID. Unlike the command, the PoR's RC/CC/DS also covers the user data
/// header <c>02 71 00</c> (UDHL, RPI, its zero length), then RPL … status, the data and the padding.
/// <para>
/// A receiving entity that could not authenticate or decipher the command, or found no keys or application for
/// it (statuses 01, 05, 06, 09, 0A), answers without ciphering and without RC/CC/DS, since it cannot trust what
/// it would secure the answer for; see <see cref="IsSentInClear"/>. A reader accepts such a PoR only with one of
/// those statuses, so a forged clear PoR can never claim success.
/// </para>
/// </summary>
public sealed record ResponsePacket
{
    /// <summary>UDHL, IEI 71, IEDL 0: covered by the PoR's RC/CC/DS (TS 31.115 §4.3).</summary>
    private static ReadOnlySpan<byte> RpiHeader => [0x02, SmsPp.ResponsePacketIei, 0x00];

    /// <summary>RPL, RHL and TAR: the part never ciphered.</summary>
    public const int ClearHeaderLength = 2 + 1 + 3;

    /// <summary>RHL without the RC/CC/DS: TAR 3, CNTR 5, PCNTR 1, status 1.</summary>
    public const int MinHeaderLength = 10;

    public ResponsePacket(ReadOnlyMemory<byte> tar, ulong counter, PorStatus status, ReadOnlyMemory<byte> data = default)
    {
        if (tar.Length != 3)
            throw new ArgumentException($"A TAR has 3 bytes, got {tar.Length}.", nameof(tar));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(counter, CounterRule.Max);
        Tar = tar;
        Counter = counter;
        Status = status;
        Data = data;
    }

    public ReadOnlyMemory<byte> Tar { get; }

    public ulong Counter { get; }

    public PorStatus Status { get; }

    /// <summary>Additional response data (the remote script's response), padding removed.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Statuses for which the PoR goes unciphered and without RC/CC/DS whatever the SPI asks.</summary>
    public static bool IsSentInClear(PorStatus status) => status is PorStatus.ChecksumFailed or PorStatus.CipheringError
        or PorStatus.UnidentifiedSecurityError or PorStatus.TarUnknown or PorStatus.InsufficientSecurityLevel;

    /// <summary>Encodes the PoR, RPL first, secured as the command's SPI asks (clear for <see cref="IsSentInClear"/> statuses).</summary>
    public byte[] Encode(Spi commandSpi, Scp80KeyId kic, Scp80KeyId kid, Scp80Keys? keys)
    {
        var clear = IsSentInClear(Status);
        var kind = clear ? Scp80ChecksumKind.None : commandSpi.PorChecksum;
        var ciphered = !clear && commandSpi.PorCiphered;
        var checksumLength = Scp80Crypto.ChecksumLength(kind, kid)
            ?? throw new Scp80FormatException($"SPI {commandSpi} with KID {kid} names a PoR checksum that is not offered.", Scp80Fault.Unsupported);
        if ((ciphered || checksumLength > 0) && keys is null)
            throw new ArgumentNullException(nameof(keys), "The SPI asks for a ciphered or checksummed PoR: keys are needed.");
        var padding = 0;
        if (ciphered)
        {
            if (!Scp80Crypto.CanCipher(kic))
                throw new Scp80FormatException($"KIc {kic} names a cipher that is not offered.", Scp80Fault.Unsupported);
            var block = Scp80Crypto.BlockSize(kic);
            padding = (block - ((5 + 1 + 1 + checksumLength + Data.Length) % block)) % block; // CNTR, PCNTR, status, RC/CC/DS, data
        }
        var rhl = MinHeaderLength + checksumLength;
        var rpl = 1 + rhl + Data.Length + padding; // RHL, header, data, padding
        if (rpl > 0xFFFF)
            throw new InvalidOperationException($"A response packet holds at most 65535 octets after RPL, got {rpl}.");
        var packet = new byte[2 + rpl];
        BinaryPrimitives.WriteUInt16BigEndian(packet, (ushort)rpl);
        packet[2] = (byte)rhl;
        Tar.Span.CopyTo(packet.AsSpan(3));
        CommandPacket.WriteCounter(packet.AsSpan(ClearHeaderLength), Counter);
        packet[ClearHeaderLength + 5] = (byte)padding;
        packet[ClearHeaderLength + 6] = (byte)Status;
        Data.Span.CopyTo(packet.AsSpan(ClearHeaderLength + 7 + checksumLength));
        if (checksumLength > 0)
            Scp80Crypto.Checksum(kind, kid, keys!.Kid, ChecksumInput(packet, checksumLength)).CopyTo(packet.AsSpan(ClearHeaderLength + 7));
        if (ciphered)
            Scp80Crypto.Encrypt(kic, keys!.Kic, packet.AsSpan(ClearHeaderLength)).CopyTo(packet.AsSpan(ClearHeaderLength));
        return packet;
    }

    /// <summary>Reads and verifies a PoR to a command sent with <paramref name="commandSpi"/>, <paramref name="kic"/> and <paramref name="kid"/>.</summary>
    /// <exception cref="Scp80FormatException">Malformed, not deciphering, or a checksum that does not verify (see <see cref="Scp80FormatException.Fault"/>).</exception>
    public static ResponsePacket Decode(ReadOnlySpan<byte> packet, Spi commandSpi, Scp80KeyId kic, Scp80KeyId kid, Scp80Keys? keys)
    {
        if (packet.Length < 2 + 1 + MinHeaderLength)
            throw new Scp80FormatException($"A response packet has at least {2 + 1 + MinHeaderLength} octets, got {packet.Length}.", Scp80Fault.Malformed);
        var rpl = BinaryPrimitives.ReadUInt16BigEndian(packet);
        if (rpl != packet.Length - 2)
            throw new Scp80FormatException($"RPL {rpl} does not match the {packet.Length - 2} octets after it.", Scp80Fault.Malformed);
        var rhl = packet[2];
        if (rhl < MinHeaderLength || 1 + rhl > rpl)
            throw new Scp80FormatException($"RHL {rhl} is below {MinHeaderLength} or runs past RPL {rpl}.", Scp80Fault.Malformed);
        var checksumLength = rhl - MinHeaderLength;
        var tar = packet.Slice(3, 3).ToArray();

        var clear = checksumLength == 0 && commandSpi.PorChecksum != Scp80ChecksumKind.None;
        if (clear)
        {
            var status = (PorStatus)packet[ClearHeaderLength + 6];
            if (!IsSentInClear(status))
                throw new Scp80FormatException($"The PoR carries no RC/CC/DS although SPI {commandSpi} asks for one, and its status {(byte)status:X2} is not a security failure.", Scp80Fault.Checksum);
            return Read(packet, tar, 0, ciphered: false);
        }
        var kind = commandSpi.PorChecksum;
        var expected = Scp80Crypto.ChecksumLength(kind, kid)
            ?? throw new Scp80FormatException($"SPI {commandSpi} with KID {kid} names a PoR checksum that is not offered.", Scp80Fault.Unsupported);
        if (checksumLength != expected)
            throw new Scp80FormatException($"RHL gives a {checksumLength}-octet RC/CC/DS, the SPI and KID a {expected}-octet one.", Scp80Fault.Malformed);
        if ((commandSpi.PorCiphered || expected > 0) && keys is null)
            throw new ArgumentNullException(nameof(keys), "The SPI asks for a ciphered or checksummed PoR: keys are needed.");

        try
        {
            return ReadSecured(packet, commandSpi, kic, kid, keys, tar, expected);
        }
        catch (Scp80FormatException ex) when (ex.Fault != Scp80Fault.Unsupported && expected == 0 && commandSpi.PorCiphered
            && IsSentInClear((PorStatus)packet[ClearHeaderLength + 6]))
        {
            // Ciphered without RC/CC/DS, the PoR cannot show whether it is a clear failure PoR; see the type's remarks.
            return Read(packet, tar, 0, ciphered: false);
        }
    }

    private static ResponsePacket ReadSecured(ReadOnlySpan<byte> packet, Spi commandSpi, Scp80KeyId kic, Scp80KeyId kid, Scp80Keys? keys, byte[] tar, int expected)
    {
        var plain = packet.ToArray();
        if (commandSpi.PorCiphered)
        {
            if (!Scp80Crypto.CanCipher(kic))
                throw new Scp80FormatException($"KIc {kic} names a cipher that is not offered.", Scp80Fault.Unsupported);
            Scp80Crypto.RequireFit(kic, keys!.Kic, "KIc");
            var ciphered = packet[ClearHeaderLength..];
            if (ciphered.Length % Scp80Crypto.BlockSize(kic) != 0)
                throw new Scp80FormatException($"The ciphered part of {ciphered.Length} octets is not whole blocks.", Scp80Fault.Ciphering);
            Scp80Crypto.Decrypt(kic, keys.Kic, ciphered).CopyTo(plain.AsSpan(ClearHeaderLength));
        }
        if (expected > 0)
        {
            if (commandSpi.PorChecksum == Scp80ChecksumKind.CryptographicChecksum)
                Scp80Crypto.RequireFit(kid, keys!.Kid, "KID");
            var computed = Scp80Crypto.Checksum(commandSpi.PorChecksum, kid, keys!.Kid, ChecksumInput(plain, expected));
            if (!CryptographicOperations.FixedTimeEquals(computed, plain.AsSpan(ClearHeaderLength + 7, expected)))
                throw new Scp80FormatException("The PoR's RC/CC/DS does not verify.", Scp80Fault.Checksum);
        }
        return Read(plain, tar, expected, commandSpi.PorCiphered);
    }

    private static ResponsePacket Read(ReadOnlySpan<byte> plain, byte[] tar, int checksumLength, bool ciphered)
    {
        var dataAt = ClearHeaderLength + 7 + checksumLength;
        var padding = plain[ClearHeaderLength + 5];
        if (padding > plain.Length - dataAt)
            throw new Scp80FormatException($"PCNTR {padding} runs past the {plain.Length - dataAt} octets of response data.", ciphered ? Scp80Fault.Ciphering : Scp80Fault.Malformed);
        var counter = CommandPacket.ReadCounter(plain[ClearHeaderLength..]);
        var status = (PorStatus)plain[ClearHeaderLength + 6];
        return new ResponsePacket(tar, counter, status, plain[dataAt..^padding].ToArray());
    }

    /// <summary><c>02 71 00</c>, then RPL … status, then data and padding: the checksum field left out.</summary>
    private static byte[] ChecksumInput(ReadOnlySpan<byte> plain, int checksumLength)
    {
        var head = ClearHeaderLength + 7;
        var input = new byte[RpiHeader.Length + plain.Length - checksumLength];
        RpiHeader.CopyTo(input);
        plain[..head].CopyTo(input.AsSpan(RpiHeader.Length));
        plain[(head + checksumLength)..].CopyTo(input.AsSpan(RpiHeader.Length + head));
        return input;
    }

    public bool Equals(ResponsePacket? other) =>
        other is not null && Counter == other.Counter && Status == other.Status
        && Tar.Span.SequenceEqual(other.Tar.Span) && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(Counter, Status, Data.Length);
}
