using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// LOAD <c>80 E8 P1 P2 Lc block 00</c> (GP 2.2.1 §11.6). P1 <c>80</c> = last block, <c>00</c> = more blocks
/// (Table 11-58); P2 = block number, sequential from <c>00</c> to <c>FF</c> (§11.6.2.2).
/// </summary>
public sealed record LoadCommand(byte BlockNumber, bool IsLastBlock, ByteString Block)
{
    public const byte Ins = 0xE8;
    public const byte P1LastBlock = 0x80;
    public const byte P1MoreBlocks = 0x00;

    public ByteString Block { get; init; } = Block.Length is >= 1 and <= CommandApdu.MaxShortNc
        ? Block
        : throw new ArgumentOutOfRangeException(nameof(Block), "A LOAD block has 1 to 255 bytes.");

    public CommandApdu ToApdu() =>
        new(GpEncoding.ProprietaryCla, Ins, IsLastBlock ? P1LastBlock : P1MoreBlocks, BlockNumber, Block.Memory, ne: CommandApdu.MaxShortNe);

    /// <exception cref="GpFormatException">Wrong header, P1 other than 00/80, or no data.</exception>
    public static LoadCommand Parse(CommandApdu apdu)
    {
        GpEncoding.CheckHeader(apdu, Ins, "LOAD");
        if (apdu.P1 is not (P1LastBlock or P1MoreBlocks))
            throw new GpFormatException($"LOAD P1 {apdu.P1:X2} is not 00 or 80.");
        if (apdu.Data.IsEmpty || apdu.Data.Length > CommandApdu.MaxShortNc)
            throw new GpFormatException($"LOAD carries {apdu.Data.Length} bytes, expected 1 to 255.");
        return new LoadCommand(apdu.P2, apdu.P1 == P1LastBlock, new ByteString(apdu.Data.Span));
    }
}

/// <summary>The LOAD response (GP 2.2.1 §11.6.3): <c>00</c>, or a load confirmation under delegated management.</summary>
public sealed record LoadResponse(StatusWord StatusWord, ByteString Confirmation)
{
    public bool IsSuccess => StatusWord == StatusWords.Success;

    public static LoadResponse Parse(ResponseApdu response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new LoadResponse(response.StatusWord, ConfirmationParser.Parse(response, "LOAD response"));
    }
}
