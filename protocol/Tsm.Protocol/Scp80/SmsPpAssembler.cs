using Tsm.Protocol.Sms.Udh;

namespace Tsm.Protocol.Scp80;

/// <summary>
/// Rebuilds secured packets from SMS-PP user data (3GPP TS 31.115 §4; concatenation per TS 23.040 §9.2.3.24.1):
/// a single SM with <c>70 00</c> or <c>71 00</c> in its header is a whole packet; concatenated SMs are held by
/// their reference until every part has arrived, in any order, duplicates ignored. One instance per receiving
/// entity (per SIM, per originator); not thread-safe; no I/O.
/// </summary>
public sealed class SmsPpAssembler
{
    /// <summary>Partial packets kept at most; the oldest is dropped beyond it so that stray parts cannot grow memory.</summary>
    public const int MaxPending = 16;

    private readonly Dictionary<ushort, byte[]?[]> _pending = [];
    private readonly List<ushort> _order = [];
    private readonly Dictionary<ushort, bool> _kinds = [];

    /// <summary>Adds the user data of one SM (UDHI set); returns the packet once it is whole, otherwise null.</summary>
    /// <exception cref="Scp80FormatException">The header is malformed or names no secured packet, or parts disagree (fault Malformed).</exception>
    public SmsPpPacket? Add(ReadOnlyMemory<byte> userData)
    {
        UserDataHeader header;
        ReadOnlyMemory<byte> payload;
        try
        {
            (header, payload) = UserDataHeader.Parse(userData);
        }
        catch (FormatException ex)
        {
            throw new Scp80FormatException($"The SM's user data header is malformed: {ex.Message}", ex);
        }
        bool? kind = null;
        foreach (var e in header.Elements)
        {
            if (e.Iei is SmsPp.CommandPacketIei or SmsPp.ResponsePacketIei)
                kind = e.Iei == SmsPp.CommandPacketIei;
        }
        var concat = header.Concatenation;
        if (concat is not { } c || c.Total == 1)
        {
            if (kind is null)
                throw new Scp80FormatException("The SM's header has neither a command (70) nor a response (71) packet identifier.", Scp80Fault.Malformed);
            if (payload.IsEmpty)
                throw new Scp80FormatException("The SM carries no packet after its header.", Scp80Fault.Malformed);
            return new SmsPpPacket(kind.Value, payload.ToArray());
        }
        if (c.Sequence == 0 || c.Sequence > c.Total)
            throw new Scp80FormatException($"Concatenated part {c.Sequence} of {c.Total} is out of range.", Scp80Fault.Malformed);
        if (!_pending.TryGetValue(c.Reference, out var parts))
        {
            if (_pending.Count >= MaxPending)
                Forget(_order[0]);
            parts = new byte[]?[c.Total];
            _pending[c.Reference] = parts;
            _order.Add(c.Reference);
        }
        else if (parts.Length != c.Total)
        {
            throw new Scp80FormatException($"Reference {c.Reference} had {parts.Length} parts, this SM says {c.Total}.", Scp80Fault.Malformed);
        }
        if (kind is { } k)
            _kinds[c.Reference] = k;
        parts[c.Sequence - 1] ??= payload.ToArray();
        if (parts.Any(p => p is null))
            return null;
        var identified = _kinds.TryGetValue(c.Reference, out var isCommand);
        Forget(c.Reference);
        if (!identified)
            throw new Scp80FormatException($"Concatenated SMs with reference {c.Reference} carry no packet identifier (70 or 71).", Scp80Fault.Malformed);
        return new SmsPpPacket(isCommand, [.. parts.SelectMany(p => p!)]);
    }

    /// <summary>Partial packets waiting for parts.</summary>
    public int PendingCount => _pending.Count;

    private void Forget(ushort reference)
    {
        _pending.Remove(reference);
        _kinds.Remove(reference);
        _order.Remove(reference);
    }
}
