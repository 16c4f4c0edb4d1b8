using System.Buffers;

namespace Tsm.Grains.Ota.Transcripts;

/// <summary>
/// The stored form of a transcript (docs/ota.md, "Transcripts"): binary, no hex, and each LOAD sequence's hash once.
/// <code>
/// 'T' 01                                   magic and version
/// n  hash[20] × n                          the LOAD sequences referenced
/// m  exchange × m                          each: order, commands, answer
///    exchange = order  k command × k  answered(0|1) [r (len bytes) × r]
///    command  = 00 len bytes                a C-APDU as sent (secrets zeroed)
///             | 01 header[4] hash# offset length   a LOAD block by reference
/// </code>
/// Numbers are unsigned LEB128 (7 bits a byte, low first). Pure: no I/O.
/// </summary>
public static class TranscriptCodec
{
    private const byte Magic = (byte)'T';
    private const byte Version = 1;
    private const byte Apdu = 0;
    private const byte LoadBlock = 1;

    public static byte[] Encode(IReadOnlyList<TranscriptExchange> exchanges)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        var hashes = new List<ReadOnlyMemory<byte>>();
        foreach (var load in exchanges.SelectMany(e => e.Commands).Select(c => c.Load).OfType<LoadBlockReference>())
        {
            if (IndexOf(hashes, load.SequenceHash.Span) < 0)
                hashes.Add(load.SequenceHash);
        }
        var writer = new ArrayBufferWriter<byte>(256);
        Write(writer, [Magic, Version]);
        WriteNumber(writer, hashes.Count);
        foreach (var hash in hashes)
            Write(writer, hash.Span);
        WriteNumber(writer, exchanges.Count);
        foreach (var exchange in exchanges)
        {
            WriteNumber(writer, exchange.Order);
            WriteNumber(writer, exchange.Commands.Count);
            foreach (var command in exchange.Commands)
            {
                if (command.Load is { } load)
                {
                    Write(writer, [LoadBlock]);
                    Write(writer, command.Bytes.Span[..4]);
                    WriteNumber(writer, IndexOf(hashes, load.SequenceHash.Span));
                    WriteNumber(writer, load.Offset);
                    WriteNumber(writer, load.Length);
                }
                else
                {
                    Write(writer, [Apdu]);
                    WriteBytes(writer, command.Bytes.Span);
                }
            }
            Write(writer, [exchange.Responses is null ? (byte)0 : (byte)1]);
            if (exchange.Responses is { } responses)
            {
                WriteNumber(writer, responses.Count);
                foreach (var response in responses)
                    WriteBytes(writer, response.Span);
            }
        }
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a stored transcript; <see cref="FormatException"/> when the bytes are not one.</summary>
    public static IReadOnlyList<TranscriptExchange> Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        if (reader.Byte() != Magic || reader.Byte() != Version)
            throw new FormatException("Not a stored transcript of a known version.");
        var hashes = new byte[reader.Count()][];
        for (var i = 0; i < hashes.Length; i++)
            hashes[i] = reader.Bytes(LoadBlockReference.HashLength);
        var exchanges = new TranscriptExchange[reader.Count()];
        for (var e = 0; e < exchanges.Length; e++)
        {
            var order = reader.Number();
            var commands = new TranscriptCommand[reader.Count()];
            for (var c = 0; c < commands.Length; c++)
            {
                commands[c] = reader.Byte() switch
                {
                    Apdu => new TranscriptCommand(reader.Bytes(reader.Count())),
                    LoadBlock => ReadLoad(ref reader, hashes),
                    var kind => throw new FormatException($"Unknown command kind {kind}."),
                };
            }
            ReadOnlyMemory<byte>[]? responses = null;
            if (reader.Byte() == 1)
            {
                responses = new ReadOnlyMemory<byte>[reader.Count()];
                for (var r = 0; r < responses.Length; r++)
                    responses[r] = reader.Bytes(reader.Count());
            }
            exchanges[e] = new TranscriptExchange(order, commands, responses);
        }
        if (!reader.AtEnd)
            throw new FormatException("Bytes after the last exchange.");
        return exchanges;
    }

    private static TranscriptCommand ReadLoad(ref Reader reader, byte[][] hashes)
    {
        var header = reader.Bytes(4);
        var index = reader.Number();
        if (index >= hashes.Length)
            throw new FormatException($"LOAD sequence #{index} is not in the table of {hashes.Length}.");
        return new TranscriptCommand(header, new LoadBlockReference(hashes[index], reader.Number(), reader.Number()));
    }

    private static int IndexOf(List<ReadOnlyMemory<byte>> hashes, ReadOnlySpan<byte> hash)
    {
        for (var i = 0; i < hashes.Count; i++)
        {
            if (hashes[i].Span.SequenceEqual(hash))
                return i;
        }
        return -1;
    }

    private static void Write(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => writer.Write(bytes);

    private static void WriteBytes(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        WriteNumber(writer, bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteNumber(ArrayBufferWriter<byte> writer, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var span = writer.GetSpan(5);
        var n = 0;
        var v = (uint)value;
        while (v >= 0x80)
        {
            span[n++] = (byte)(v | 0x80);
            v >>= 7;
        }
        span[n++] = (byte)v;
        writer.Advance(n);
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        public readonly bool AtEnd => _at == _bytes.Length;

        public byte Byte() => _at < _bytes.Length ? _bytes[_at++] : throw new FormatException("The transcript is truncated.");

        public byte[] Bytes(int count)
        {
            if (count > _bytes.Length - _at)
                throw new FormatException("The transcript is truncated.");
            var bytes = _bytes.Slice(_at, count).ToArray();
            _at += count;
            return bytes;
        }

        /// <summary>A count, which can be no larger than the bytes left (each item takes at least one).</summary>
        public int Count()
        {
            var count = Number();
            return count <= _bytes.Length - _at ? count : throw new FormatException("A count exceeds the transcript's length.");
        }

        public int Number()
        {
            var value = 0;
            for (var shift = 0; shift < 32; shift += 7)
            {
                var b = Byte();
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                    return value >= 0 ? value : throw new FormatException("A number is out of range.");
            }
            throw new FormatException("A number is too long.");
        }
    }
}
