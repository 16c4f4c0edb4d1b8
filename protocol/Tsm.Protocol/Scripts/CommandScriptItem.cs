using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.Scripts;

/// <summary>One TLV of a command scripting template (ETSI TS 102 226 §5.2.1).</summary>
public abstract record CommandScriptItem
{
    private protected CommandScriptItem()
    {
    }

    /// <summary>The item's tag (<see cref="ScriptTags"/>).</summary>
    public abstract byte Tag { get; }

    /// <summary>Bytes of the item's value.</summary>
    internal abstract int ValueLength { get; }

    internal abstract void WriteValue(Span<byte> destination);
}

/// <summary>C-APDU TLV (tag 22): one command for the card to execute.</summary>
public sealed record CApduItem(CommandApdu Apdu) : CommandScriptItem
{
    public override byte Tag => ScriptTags.CApdu;

    internal override int ValueLength => Apdu.EncodedLength;

    internal override void WriteValue(Span<byte> destination) => Apdu.ToArray().CopyTo(destination);
}

/// <summary>Immediate action TLV (tag 81): an action the card takes at this point of the script, e.g. a proactive session.</summary>
public sealed record ImmediateActionItem(ReadOnlyMemory<byte> Action) : CommandScriptItem
{
    public override byte Tag => ScriptTags.ImmediateAction;

    internal override int ValueLength => Action.Length;

    internal override void WriteValue(Span<byte> destination) => Action.Span.CopyTo(destination);

    public bool Equals(ImmediateActionItem? other) => other is not null && Action.Span.SequenceEqual(other.Action.Span);

    public override int GetHashCode() => HashCode.Combine(Tag, Action.Length);
}

/// <summary>Error action TLV (tag 82): what the card does if a following C-APDU fails.</summary>
public sealed record ErrorActionItem(ReadOnlyMemory<byte> Action) : CommandScriptItem
{
    public override byte Tag => ScriptTags.ErrorAction;

    internal override int ValueLength => Action.Length;

    internal override void WriteValue(Span<byte> destination) => Action.Span.CopyTo(destination);

    public bool Equals(ErrorActionItem? other) => other is not null && Action.Span.SequenceEqual(other.Action.Span);

    public override int GetHashCode() => HashCode.Combine(Tag, Action.Length);
}

/// <summary>Script chaining TLV (tag 83): links scripts sent in several packets.</summary>
public sealed record ScriptChainingItem(ScriptChaining Chaining) : CommandScriptItem
{
    public override byte Tag => ScriptTags.ScriptChaining;

    internal override int ValueLength => 1;

    internal override void WriteValue(Span<byte> destination) => destination[0] = (byte)Chaining;
}
