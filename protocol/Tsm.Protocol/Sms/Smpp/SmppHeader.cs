namespace Tsm.Protocol.Sms.Smpp;

/// <summary>The 16-octet PDU header (SMPP 3.4 §3.2): four big-endian unsigned integers.</summary>
/// <param name="Length">command_length: the whole PDU, header included.</param>
/// <param name="CommandId">command_id (<see cref="SmppCommandId"/>; bit 31 = response).</param>
/// <param name="Status">command_status: 0 in requests.</param>
/// <param name="Sequence">sequence_number: 1..0x7FFFFFFF; a response copies its request's.</param>
public readonly record struct SmppHeader(uint Length, uint CommandId, uint Status, uint Sequence)
{
    public const int Size = 16;

    public bool IsResponse => SmppCommands.IsResponse(CommandId);
}
