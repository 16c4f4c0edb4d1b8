using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tsm.Protocol.Scp80;

/// <summary>
/// A secured command packet (ETSI TS 102 225 §5.1.1) in the SMS-PP form of 3GPP TS 31.115 §4.2, where the command
/// packet identifier (CPI) is the user-data-header element <c>70 00</c> and the command header identifier (CHI) is
/// empty:
/// <code>
/// CPL(2) CHL(1) SPI(2) KIc(1) KID(1) TAR(3) | CNTR(5) PCNTR(1) RC/CC/DS(n) secured data, padding
/// </code>
/// CHL counts SPI to the end of RC/CC/DS (13 + n); CPL counts CHL to the end (padding included). When the SPI asks
/// for ciphering, everything after TAR is ciphered under KIc, with zero padding up to whole cipher blocks counted
/// in PCNTR. The RC/CC/DS covers CPL, CHL, SPI, KIc, KID, TAR, CNTR, PCNTR and the secured data with its padding
/// (the user data header is not covered); the checksum field itself is left out.
/// </summary>
public sealed record CommandPacket
{
    /// <summary>CPL, CHL, SPI, KIc, KID and TAR: the part never ciphered.</summary>
    public const int ClearHeaderLength = 2 + 1 + 2 + 1 + 1 + 3;

    /// <summary>CHL without the RC/CC/DS: SPI 2, KIc 1, KID 1, TAR 3, CNTR 5, PCNTR 1.</summary>
    public const int MinHeaderLength = 13;

    public CommandPacket(Spi spi, Scp80KeyId kic, Scp80KeyId kid, ReadOnlyMemory<byte> tar, ulong counter, ReadOnlyMemory<byte> data)
    {
        if (tar.Length != 3)
            throw new ArgumentException($"A TAR has 3 bytes, got {tar.Length}.", nameof(tar));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(counter, CounterRule.Max);
        Spi = spi;
        Kic = kic;
        Kid = kid;
        Tar = tar;
        Counter = counter;
        Data = data;
    }

    public Spi Spi { get; }

    public Scp80KeyId Kic { get; }

    public Scp80KeyId Kid { get; }

    /// <summary>The toolkit application reference, 3 bytes (000000 is the ISD's RAM server).</summary>
    public ReadOnlyMemory<byte> Tar { get; }

    /// <summary>CNTR, 5 bytes big-endian.</summary>
    public ulong Counter { get; }

    /// <summary>The plain secured data (a remote command script), padding removed.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Secures and encodes the packet, CPL first.</summary>
    /// <exception cref="Scp80FormatException">The SPI or KID names an algorithm not offered (fault Unsupported).</exception>
    public byte[] Encode(Scp80Keys? keys)
    {
        var checksumLength = Scp80Crypto.ChecksumLength(Spi.Checksum, Kid)
            ?? throw new Scp80FormatException($"SPI {Spi} with KID {Kid} names a checksum that is not offered.", Scp80Fault.Unsupported);
        if ((Spi.Ciphered || checksumLength > 0) && keys is null)
            throw new ArgumentNullException(nameof(keys), "The SPI asks for ciphering or a checksum: keys are needed.");
        var padding = 0;
        if (Spi.Ciphered)
        {
            if (!Scp80Crypto.CanCipher(Kic))
                throw new Scp80FormatException($"KIc {Kic} names a cipher that is not offered.", Scp80Fault.Unsupported);
            var block = Scp80Crypto.BlockSize(Kic);
            var ciphered = 5 + 1 + checksumLength + Data.Length; // CNTR, PCNTR, RC/CC/DS, data
            padding = (block - (ciphered % block)) % block;
        }
        var chl = MinHeaderLength + checksumLength;
        var cpl = 1 + chl + Data.Length + padding; // CHL, header, data, padding
        if (cpl > 0xFFFF)
            throw new ArgumentException($"A command packet holds at most 65535 octets after CPL, got {cpl}.", nameof(keys));

        var packet = new byte[2 + cpl];
        BinaryPrimitives.WriteUInt16BigEndian(packet, (ushort)cpl);
        packet[2] = (byte)chl;
        packet[3] = Spi.First;
        packet[4] = Spi.Second;
        packet[5] = Kic.Value;
        packet[6] = Kid.Value;
        Tar.Span.CopyTo(packet.AsSpan(7));
        var cntr = packet.AsSpan(ClearHeaderLength);
        WriteCounter(cntr, Counter);
        cntr[5] = (byte)padding;
        var dataAt = ClearHeaderLength + 6 + checksumLength;
        Data.Span.CopyTo(packet.AsSpan(dataAt));

        if (checksumLength > 0)
        {
            var checksum = Scp80Crypto.Checksum(Spi.Checksum, Kid, keys!.Kid, ChecksumInput(packet, checksumLength));
            checksum.CopyTo(packet.AsSpan(ClearHeaderLength + 6));
        }
        if (Spi.Ciphered)
        {
            var cipher = Scp80Crypto.Encrypt(Kic, keys!.Kic, packet.AsSpan(ClearHeaderLength));
            cipher.CopyTo(packet.AsSpan(ClearHeaderLength));
        }
        return packet;
    }

    /// <summary>Reads the clear header (CPL to TAR) so that a receiving entity can find the keys by TAR, KIc and KID.</summary>
    /// <exception cref="Scp80FormatException">Lengths that do not add up (fault Malformed).</exception>
    public static CommandPacketHeader ReadHeader(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 2 + 1 + MinHeaderLength)
            throw new Scp80FormatException($"A command packet has at least {2 + 1 + MinHeaderLength} octets, got {packet.Length}.", Scp80Fault.Malformed);
        var cpl = BinaryPrimitives.ReadUInt16BigEndian(packet);
        if (cpl != packet.Length - 2)
            throw new Scp80FormatException($"CPL {cpl} does not match the {packet.Length - 2} octets after it.", Scp80Fault.Malformed);
        var chl = packet[2];
        if (chl < MinHeaderLength || 1 + chl > cpl)
            throw new Scp80FormatException($"CHL {chl} is below {MinHeaderLength} or runs past CPL {cpl}.", Scp80Fault.Malformed);
        return new CommandPacketHeader(new Spi(packet[3], packet[4]), new Scp80KeyId(packet[5]), new Scp80KeyId(packet[6]), packet.Slice(7, 3).ToArray(), chl - MinHeaderLength);
    }

    /// <summary>Deciphers and verifies a packet as its receiving entity does (counter not checked: see <see cref="CounterRule"/>).</summary>
    /// <exception cref="Scp80FormatException">Malformed, ciphering error, checksum failure or an algorithm not offered (see <see cref="Scp80FormatException.Fault"/>).</exception>
    public static CommandPacket Open(ReadOnlySpan<byte> packet, Scp80Keys? keys)
    {
        var header = ReadHeader(packet);
        var spi = header.Spi;
        var expected = Scp80Crypto.ChecksumLength(spi.Checksum, header.Kid)
            ?? throw new Scp80FormatException($"SPI {spi} with KID {header.Kid} names a checksum that is not offered.", Scp80Fault.Unsupported);
        if (header.ChecksumLength != expected)
            throw new Scp80FormatException($"CHL gives a {header.ChecksumLength}-octet RC/CC/DS, the SPI and KID a {expected}-octet one.", Scp80Fault.Malformed);
        if ((spi.Ciphered || expected > 0) && keys is null)
            throw new ArgumentNullException(nameof(keys), "The SPI asks for ciphering or a checksum: keys are needed.");

        var plain = packet.ToArray();
        if (spi.Ciphered)
        {
            if (!Scp80Crypto.CanCipher(header.Kic))
                throw new Scp80FormatException($"KIc {header.Kic} names a cipher that is not offered.", Scp80Fault.Unsupported);
            Scp80Crypto.RequireFit(header.Kic, keys!.Kic, "KIc");
            var ciphered = packet[ClearHeaderLength..];
            if (ciphered.Length % Scp80Crypto.BlockSize(header.Kic) != 0)
                throw new Scp80FormatException($"The ciphered part of {ciphered.Length} octets is not whole blocks.", Scp80Fault.Ciphering);
            Scp80Crypto.Decrypt(header.Kic, keys!.Kic, ciphered).CopyTo(plain.AsSpan(ClearHeaderLength));
        }
        var dataAt = ClearHeaderLength + 6 + expected;
        var padding = plain[ClearHeaderLength + 5];
        if (padding > plain.Length - dataAt)
            throw new Scp80FormatException($"PCNTR {padding} runs past the {plain.Length - dataAt} octets of secured data.", spi.Ciphered ? Scp80Fault.Ciphering : Scp80Fault.Malformed);
        if (expected > 0)
        {
            if (spi.Checksum == Scp80ChecksumKind.CryptographicChecksum)
                Scp80Crypto.RequireFit(header.Kid, keys!.Kid, "KID");
            var computed = Scp80Crypto.Checksum(spi.Checksum, header.Kid, keys!.Kid, ChecksumInput(plain, expected));
            if (!CryptographicOperations.FixedTimeEquals(computed, plain.AsSpan(ClearHeaderLength + 6, expected)))
                throw new Scp80FormatException("The command packet's RC/CC/DS does not verify.", Scp80Fault.Checksum);
        }
        var counter = ReadCounter(plain.AsSpan(ClearHeaderLength));
        var data = plain.AsMemory(dataAt, plain.Length - dataAt - padding);
        return new CommandPacket(spi, header.Kic, header.Kid, header.Tar, counter, data);
    }

    internal static void WriteCounter(Span<byte> destination, ulong counter)
    {
        for (var i = 4; i >= 0; i--)
        {
            destination[i] = (byte)counter;
            counter >>= 8;
        }
    }

    internal static ulong ReadCounter(ReadOnlySpan<byte> source)
    {
        ulong value = 0;
        for (var i = 0; i < 5; i++)
            value = (value << 8) | source[i];
        return value;
    }

    /// <summary>The packet without its checksum field: CPL … PCNTR, then data and padding.</summary>
    private static byte[] ChecksumInput(ReadOnlySpan<byte> plain, int checksumLength)
    {
        var input = new byte[plain.Length - checksumLength];
        plain[..(ClearHeaderLength + 6)].CopyTo(input);
        plain[(ClearHeaderLength + 6 + checksumLength)..].CopyTo(input.AsSpan(ClearHeaderLength + 6));
        return input;
    }

    public bool Equals(CommandPacket? other) =>
        other is not null && Spi == other.Spi && Kic == other.Kic && Kid == other.Kid && Counter == other.Counter
        && Tar.Span.SequenceEqual(other.Tar.Span) && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(Spi, Kic, Kid, Counter, Data.Length);
}
