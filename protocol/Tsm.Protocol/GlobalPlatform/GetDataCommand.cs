using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// GET DATA <c>80 CA P1 P2 00</c> (GP 2.2.1 §11.3): P1 P2 = the tag of the data object. With a GP class byte the card
/// answers with the whole TLV (§11.3.3.1), which the response types below accept.
/// </summary>
public sealed record GetDataCommand(ushort Tag, ByteString Data = default)
{
    public const byte Ins = 0xCA;

    // GP 2.2.1 §11.3.2.1 and Appendix H
    public const ushort CardDataTag = 0x0066;
    public const ushort KeyInformationTag = 0x00E0;
    public const ushort SequenceCounterTag = 0x00C1;
    public const ushort CplcTag = 0x9F7F;
    public const ushort ExtendedCardResourcesTag = 0xFF21;
    public const ushort IinTag = 0x0042;
    public const ushort CinTag = 0x0045;
    public const ushort ApplicationListTag = 0x2F00;

    public static GetDataCommand CardData => new(CardDataTag);

    public static GetDataCommand KeyInformation => new(KeyInformationTag);

    public static GetDataCommand SequenceCounter => new(SequenceCounterTag);

    public static GetDataCommand Cplc => new(CplcTag);

    public static GetDataCommand ExtendedCardResources => new(ExtendedCardResourcesTag);

    public static GetDataCommand Iin => new(IinTag);

    public static GetDataCommand Cin => new(CinTag);

    /// <summary>The list of on-card applications (Table 11-29) needs the data <c>5C 00</c>.</summary>
    public static GetDataCommand ApplicationList => new(ApplicationListTag, new byte[] { 0x5C, 0x00 });

    public CommandApdu ToApdu() =>
        new(GpEncoding.ProprietaryCla, Ins, (byte)(Tag >> 8), (byte)Tag, Data.Memory, ne: CommandApdu.MaxShortNe);

    /// <exception cref="GpFormatException">Wrong header.</exception>
    public static GetDataCommand Parse(CommandApdu apdu)
    {
        GpEncoding.CheckHeader(apdu, Ins, "GET DATA");
        return new GetDataCommand((ushort)((apdu.P1 << 8) | apdu.P2), new ByteString(apdu.Data.Span));
    }
}
