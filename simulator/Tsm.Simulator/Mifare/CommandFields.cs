using Tsm.Protocol.Tlv;

namespace Tsm.Simulator.Mifare;

/// <summary>
/// The flat BER-TLV data field of one Mifare Card Manager command: primitive tags at most once, templates
/// (<see cref="MifareTags.SectorConfig"/>) any number of times, nothing else than the tags the command allows.
/// </summary>
internal sealed class CommandFields
{
    private readonly Dictionary<uint, ReadOnlyMemory<byte>> _values = [];
    private readonly List<BerTlv> _templates = [];

    private CommandFields()
    {
    }

    public IReadOnlyList<BerTlv> Templates => _templates;

    /// <summary>Parses <paramref name="data"/>; null when it is not well-formed BER-TLV, repeats a tag, or uses one outside <paramref name="allowed"/>.</summary>
    public static CommandFields? TryParse(ReadOnlyMemory<byte> data, ReadOnlySpan<uint> allowed)
    {
        IReadOnlyList<BerTlv> elements;
        try
        {
            elements = BerTlv.ParseAll(data);
        }
        catch (TlvFormatException)
        {
            return null;
        }
        var fields = new CommandFields();
        foreach (var element in elements)
        {
            if (!allowed.Contains(element.Tag.Value) || element.IsIndefinite)
                return null;
            if (element.Tag.IsConstructed)
                fields._templates.Add(element);
            else if (!fields._values.TryAdd(element.Tag.Value, element.Value))
                return null;
        }
        return fields;
    }

    /// <summary>Parses the children of a template with the same rules.</summary>
    public static CommandFields? TryParse(BerTlv template, ReadOnlySpan<uint> allowed) => TryParse(template.Value, allowed);

    public bool Has(uint tag) => _values.ContainsKey(tag);

    /// <summary>The value of <paramref name="tag"/> when present with a length in [min, max].</summary>
    public bool TryGet(uint tag, int minLength, int maxLength, out ReadOnlyMemory<byte> value) =>
        _values.TryGetValue(tag, out value) && value.Length >= minLength && value.Length <= maxLength;

    public bool TryGet(uint tag, int length, out ReadOnlyMemory<byte> value) => TryGet(tag, length, length, out value);
}
