using System.Buffers;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.Scripts;

/// <summary>
/// A command script in the expanded remote format (ETSI TS 102 226 §5.2.1): a command scripting template,
/// <c>AA</c> with a definite length or <c>AE 80 … 00 00</c> with the indefinite one (TS 101 220 §7.2), holding
/// C-APDU, immediate action, error action and script chaining TLVs in the order the card processes them.
/// </summary>
public sealed class CommandScript : IEquatable<CommandScript>
{
    private static ReadOnlySpan<byte> AllowedTags => [ScriptTags.CApdu, ScriptTags.ImmediateAction, ScriptTags.ErrorAction, ScriptTags.ScriptChaining];

    public CommandScript(IEnumerable<CommandScriptItem> items, bool isIndefinite = false)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items.ToArray();
        foreach (var item in Items)
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        IsIndefinite = isIndefinite;
    }

    /// <summary>A script of C-APDUs only.</summary>
    public static CommandScript FromCommands(IEnumerable<CommandApdu> commands, bool isIndefinite = false)
    {
        ArgumentNullException.ThrowIfNull(commands);
        return new CommandScript(commands.Select(c => new CApduItem(c)), isIndefinite);
    }

    public IReadOnlyList<CommandScriptItem> Items { get; }

    /// <summary>Encoded (or was decoded) with the indefinite template <c>AE</c>.</summary>
    public bool IsIndefinite { get; }

    /// <summary>The C-APDUs in order, without the action and chaining TLVs.</summary>
    public IEnumerable<CommandApdu> Commands => Items.OfType<CApduItem>().Select(i => i.Apdu);

    /// <summary>The encoded length of the whole template.</summary>
    public int EncodedLength
    {
        get
        {
            var content = ContentLength();
            return IsIndefinite
                ? 2 + content + 2 // AE 80, items, 00 00
                : 1 + BerTlvWriter.LengthFieldSize(content) + content; // AA, length, items
        }
    }

    /// <summary>Writes the template.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = EncodedLength;
        var span = writer.GetSpan(length);
        var pos = 0;
        if (IsIndefinite)
        {
            span[pos++] = ScriptTags.CommandTemplateIndefinite;
            span[pos++] = 0x80;
        }
        else
        {
            span[pos++] = ScriptTags.CommandTemplateDefinite;
            pos += BerTlvWriter.WriteLength(span[pos..], ContentLength());
        }
        foreach (var item in Items)
        {
            span[pos++] = item.Tag;
            pos += BerTlvWriter.WriteLength(span[pos..], item.ValueLength);
            item.WriteValue(span.Slice(pos, item.ValueLength));
            pos += item.ValueLength;
        }
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

    /// <summary>Decodes a command scripting template, definite or indefinite.</summary>
    /// <exception cref="ScriptFormatException">Malformed script, with the TS 102 226 bad-format type where one applies.</exception>
    public static CommandScript Parse(ReadOnlySpan<byte> script)
    {
        var items = new List<CommandScriptItem>();
        var indefinite = ParseInto(script, items);
        return new CommandScript(items, indefinite);
    }

    /// <summary>Parses hex text (spaces allowed).</summary>
    /// <exception cref="FormatException">Not hex, or not a valid script (<see cref="ScriptFormatException"/>).</exception>
    public static CommandScript Parse(string hex) => Parse(Hex.Parse(hex));

    /// <summary>
    /// Decodes as a card does, item by item: returns the items before the first fault and the fault itself, so that
    /// the items already read can be executed before the bad format is reported (TS 102 226 §5.2.2).
    /// </summary>
    internal static CommandScript ParsePrefix(ReadOnlySpan<byte> script, out ScriptFormatException? error)
    {
        var items = new List<CommandScriptItem>();
        var indefinite = script.Length > 0 && script[0] == ScriptTags.CommandTemplateIndefinite;
        try
        {
            indefinite = ParseInto(script, items);
            error = null;
        }
        catch (ScriptFormatException e)
        {
            error = e;
        }
        return new CommandScript(items, indefinite);
    }

    private static bool ParseInto(ReadOnlySpan<byte> script, List<CommandScriptItem> items)
    {
        var reader = new ScriptTlvReader(script, ScriptTags.CommandTemplateDefinite, ScriptTags.CommandTemplateIndefinite, AllowedTags);
        while (reader.TryRead(out var tag, out var value, out var offset))
            items.Add(DecodeItem(tag, value, offset));
        return reader.IsIndefinite;
    }

    private static CommandScriptItem DecodeItem(byte tag, ReadOnlySpan<byte> value, int offset)
    {
        switch (tag)
        {
            case ScriptTags.CApdu:
                try
                {
                    return new CApduItem(CommandApdu.Parse(value));
                }
                catch (ApduFormatException e)
                {
                    // A C-APDU whose own length fields do not add up is a length fault of the TLV's value.
                    throw new ScriptFormatException($"The C-APDU is malformed: {e.Message}", BadFormatCode.WrongLength, offset, e);
                }
            case ScriptTags.ImmediateAction:
                return new ImmediateActionItem(value.ToArray());
            case ScriptTags.ErrorAction:
                return new ErrorActionItem(value.ToArray());
            default:
                if (value.Length != 1)
                    throw new ScriptFormatException($"Script chaining has 1 byte, got {value.Length}", BadFormatCode.WrongLength, offset);
                var chaining = (ScriptChaining)value[0];
                if (!Enum.IsDefined(chaining))
                    throw new ScriptFormatException($"Script chaining value {value[0]:X2} is not defined", null, offset);
                return new ScriptChainingItem(chaining);
        }
    }

    private int ContentLength()
    {
        var sum = 0;
        foreach (var item in Items)
            sum += 1 + BerTlvWriter.LengthFieldSize(item.ValueLength) + item.ValueLength; // tag, length, value
        return sum;
    }

    public bool Equals(CommandScript? other) =>
        other is not null && IsIndefinite == other.IsIndefinite && Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => Equals(obj as CommandScript);

    public override int GetHashCode() => HashCode.Combine(IsIndefinite, Items.Count);

    public override string ToString() => Hex.Format(ToArray());
}
