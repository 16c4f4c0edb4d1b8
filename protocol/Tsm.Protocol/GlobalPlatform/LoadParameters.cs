using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// Load parameters of INSTALL [for load] (GP 2.2.1 §11.5.2.3.7, Table 11-49): <c>EF</c> { <c>C6</c> non-volatile
/// code minimum, <c>C7</c> volatile data minimum, <c>C8</c> non-volatile data minimum }. Memory values take 2
/// bytes up to 32767, else 4 (GP 2.2.1 §11.5.2.3.7 notes); other tags in <c>EF</c> are ignored on parse.
/// </summary>
public sealed record LoadParameters(int? NonVolatileCodeMinimum = null, int? VolatileDataMinimum = null, int? NonVolatileDataMinimum = null)
{
    public const uint SystemParametersTag = 0xEF;
    public const uint NonVolatileCodeTag = 0xC6;
    public const uint VolatileDataTag = 0xC7;
    public const uint NonVolatileDataTag = 0xC8;

    /// <summary>The parameters field; empty when no value is set.</summary>
    public byte[] ToArray()
    {
        var inner = new List<byte>();
        MemoryValues.Write(inner, NonVolatileCodeTag, NonVolatileCodeMinimum);
        MemoryValues.Write(inner, VolatileDataTag, VolatileDataMinimum);
        MemoryValues.Write(inner, NonVolatileDataTag, NonVolatileDataMinimum);
        if (inner.Count == 0)
            return [];
        var result = new List<byte>();
        GpEncoding.WriteTlv(result, SystemParametersTag, inner.ToArray());
        return [.. result];
    }

    /// <exception cref="GpFormatException">Broken TLV or a bad memory value.</exception>
    public static LoadParameters Parse(ReadOnlySpan<byte> parameters) =>
        GpFormatException.Guard("load parameters", parameters, static data =>
        {
            var ef = MemoryValues.FindSystemParameters(data);
            return new LoadParameters(
                MemoryValues.Read(ef, NonVolatileCodeTag),
                MemoryValues.Read(ef, VolatileDataTag),
                MemoryValues.Read(ef, NonVolatileDataTag));
        });
}

/// <summary>Memory size values of the <c>EF</c> system parameters template (GP 2.2.1 §11.5.2.3.7).</summary>
internal static class MemoryValues
{
    public const int TwoByteLimit = 32767;

    public static void Write(List<byte> buffer, uint tag, int? value)
    {
        if (value is not { } v)
            return;
        if (v < 0)
            throw new ArgumentOutOfRangeException(nameof(value), "Memory sizes are not negative.");
        GpEncoding.WriteTlv(buffer, tag, GpEncoding.Unsigned(v, v <= TwoByteLimit ? 2 : 4));
    }

    public static BerTlv? FindSystemParameters(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
            return null;
        return BerTlv.ParseAll(data.ToArray()).FirstOrDefault(t => t.Tag == LoadParameters.SystemParametersTag);
    }

    public static int? Read(BerTlv? template, uint tag)
    {
        if (template?.Find(tag) is not { } tlv)
            return null;
        var value = GpEncoding.ReadUnsigned(tlv.Value.Span, $"Memory value {tag:X2}");
        if (value > int.MaxValue)
            throw new GpFormatException($"Memory value {tag:X2} is too large.");
        return (int)value;
    }
}
