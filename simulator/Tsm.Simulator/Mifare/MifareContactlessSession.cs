namespace Tsm.Simulator.Mifare;

/// <summary>
/// What a MIFARE reader can do over the air (NXP MF1S50 §8.6–8.7 and the command set of §10, without the Crypto1
/// layer): authenticate to one sector with key A or B, then read, write, increment, decrement, restore and transfer
/// blocks of that sector. As on a real card, any refused command drops the authentication (the card goes back to
/// idle after a NAK); the transfer buffer lives only as long as the authentication.
/// </summary>
public sealed class MifareContactlessSession
{
    private readonly MifareClassicMemory _memory;
    private int _sector = -1;
    private MifareKeyType _keyType;
    private (int Value, byte Address)? _transferBuffer;

    internal MifareContactlessSession(MifareClassicMemory memory) => _memory = memory;

    /// <summary>The sector authenticated to, or null.</summary>
    public int? AuthenticatedSector => _sector < 0 ? null : _sector;

    public MifareStatus Authenticate(int sector, MifareKeyType keyType, ReadOnlySpan<byte> key)
    {
        Halt();
        var status = _memory.Authenticate(sector, keyType, key);
        if (status == MifareStatus.Ok)
        {
            _sector = sector;
            _keyType = keyType;
        }
        return status;
    }

    /// <summary>Reads a block (absolute block number) of the authenticated sector into 16 bytes of <paramref name="destination"/>.</summary>
    public MifareStatus ReadBlock(int block, Span<byte> destination) =>
        Check(block) ?? Outcome(_memory.Read(block, _keyType, destination));

    /// <summary>Writes 16 bytes to a block (absolute block number) of the authenticated sector.</summary>
    public MifareStatus WriteBlock(int block, ReadOnlySpan<byte> data) =>
        Check(block) ?? Outcome(_memory.Write(block, _keyType, data));

    public MifareStatus Increment(int block, int operand) => Load(block, ValueOperation.Increment, operand);

    public MifareStatus Decrement(int block, int operand) => Load(block, ValueOperation.Decrement, operand);

    public MifareStatus Restore(int block) => Load(block, ValueOperation.Restore, 0);

    /// <summary>Writes the transfer buffer to a value block of the authenticated sector.</summary>
    public MifareStatus Transfer(int block)
    {
        if (Check(block) is { } refused)
            return refused;
        if (_transferBuffer is not { } buffered)
            return Outcome(MifareStatus.TransferBufferEmpty);
        var status = Outcome(_memory.StoreValue(block, _keyType, buffered.Value, buffered.Address));
        if (status == MifareStatus.Ok)
            _transferBuffer = null;
        return status;
    }

    /// <summary>HLTA, or the field going away: the authentication and the transfer buffer are lost.</summary>
    public void Halt()
    {
        _sector = -1;
        _transferBuffer = null;
    }

    private MifareStatus Load(int block, ValueOperation operation, int operand)
    {
        if (Check(block) is { } refused)
            return refused;
        var status = Outcome(_memory.LoadValue(block, _keyType, operation, operand, out var value, out var address));
        if (status == MifareStatus.Ok)
            _transferBuffer = (value, address);
        return status;
    }

    private MifareStatus? Check(int block)
    {
        if (_sector < 0 || !_memory.IsValidBlock(block) || MifareClassicMemory.SectorOf(block) != _sector)
            return Outcome(MifareStatus.NotAuthenticated);
        return null;
    }

    private MifareStatus Outcome(MifareStatus status)
    {
        if (status != MifareStatus.Ok)
            Halt();
        return status;
    }
}
