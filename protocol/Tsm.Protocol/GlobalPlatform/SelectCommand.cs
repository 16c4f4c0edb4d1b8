using Tsm.Protocol.Apdu;
using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// SELECT by name (GP 2.2.1 §11.9, ISO/IEC 7816-4): <c>00 A4 04 P2 Lc AID 00</c>. P2 <c>00</c> = first or only
/// occurrence, <c>02</c> = next occurrence (§11.9.2.2). A null AID selects the ISD (§11.9.2.3: empty data).
/// </summary>
public sealed record SelectCommand(Aid? Aid, bool NextOccurrence = false)
{
    public const byte Cla = 0x00;
    public const byte Ins = 0xA4;
    public const byte P1ByName = 0x04;
    public const byte P2First = 0x00;
    public const byte P2Next = 0x02;

    public CommandApdu ToApdu() =>
        new(Cla, Ins, P1ByName, NextOccurrence ? P2Next : P2First, Aid?.Memory ?? default, ne: CommandApdu.MaxShortNe);

    /// <exception cref="GpFormatException">Not a SELECT by name, or a bad AID length.</exception>
    public static SelectCommand Parse(CommandApdu apdu)
    {
        GpEncoding.CheckHeader(apdu, Ins, "SELECT", proprietary: false);
        if (apdu.P1 != P1ByName)
            throw new GpFormatException($"SELECT P1 {apdu.P1:X2} is not 04 (by name).");
        if (apdu.P2 is not (P2First or P2Next))
            throw new GpFormatException($"SELECT P2 {apdu.P2:X2} is not 00 or 02.");
        var data = apdu.Data.Span;
        if (!data.IsEmpty && data.Length is < Aid.MinLength or > Aid.MaxLength)
            throw new GpFormatException($"SELECT carries an AID of {data.Length} bytes.");
        return new SelectCommand(data.IsEmpty ? null : Aid.FromBytes(data), apdu.P2 == P2Next);
    }
}

/// <summary>
/// The FCI returned by SELECT (GP 2.2.1 §11.9.3.1, Table 11-75): <c>6F</c> { <c>84</c> AID, <c>A5</c> {
/// <c>73</c> security domain management data, <c>9F6E</c> application production life cycle data,
/// <c>9F65</c> maximum length of data field in command message } }. Parsed leniently: unknown or missing
/// elements are ignored because cards differ widely here; only broken TLV structure is an error.
/// </summary>
public sealed record SelectResponse(
    Aid? Aid,
    ByteString SecurityDomainManagementData,
    ByteString ApplicationProductionLifeCycleData,
    int? MaxCommandDataLength)
{
    public const uint FciTag = 0x6F;
    public const uint AidTag = 0x84;
    public const uint ProprietaryTag = 0xA5;
    public const uint SdManagementDataTag = 0x73;
    public const uint LifeCycleDataTag = 0x9F6E;
    public const uint MaxLengthTag = 0x9F65;

    /// <exception cref="GpFormatException">Broken TLV structure.</exception>
    public static SelectResponse Parse(ReadOnlySpan<byte> fci) =>
        GpFormatException.Guard("SELECT response", fci, static data =>
        {
            Aid? aid = null;
            ByteString sd = default, plc = default;
            int? max = null;
            if (data.IsEmpty)
                return new SelectResponse(null, sd, plc, null);
            var root = BerTlv.ParseAll(data.ToArray()).FirstOrDefault(t => t.Tag == FciTag);
            if (root is null)
                return new SelectResponse(null, sd, plc, null);
            if (root.Find(AidTag) is { } aidTlv && aidTlv.Value.Length is >= Aid.MinLength and <= Aid.MaxLength)
                aid = Aid.FromBytes(aidTlv.Value.Span);
            if (root.Find(ProprietaryTag) is { } a5)
            {
                if (a5.Find(SdManagementDataTag) is { } t73)
                    sd = new ByteString(t73.Value.Span);
                if (a5.Find(LifeCycleDataTag) is { } t9f6e)
                    plc = new ByteString(t9f6e.Value.Span);
                if (a5.Find(MaxLengthTag) is { } t9f65 && t9f65.Value.Length is >= 1 and <= 2)
                    max = (int)GpEncoding.ReadUnsigned(t9f65.Value.Span, "9F65");
            }
            return new SelectResponse(aid, sd, plc, max);
        });

    /// <summary>Encodes the FCI (for the simulator); absent elements are left out.</summary>
    public byte[] ToArray()
    {
        var a5 = new List<BerTlv>();
        if (!SecurityDomainManagementData.IsEmpty)
            a5.Add(BerTlv.Constructed(SdManagementDataTag, BerTlv.ParseAll(SecurityDomainManagementData.ToArray())));
        if (!ApplicationProductionLifeCycleData.IsEmpty)
            a5.Add(BerTlv.Primitive(LifeCycleDataTag, ApplicationProductionLifeCycleData.Span));
        if (MaxCommandDataLength is { } max)
            a5.Add(BerTlv.Primitive(MaxLengthTag, GpEncoding.Unsigned(max, max > 0xFF ? 2 : 1)));
        var children = new List<BerTlv>();
        if (Aid is not null)
            children.Add(BerTlv.Primitive(AidTag, Aid.Span));
        children.Add(BerTlv.Constructed(ProprietaryTag, a5));
        return BerTlv.Constructed(FciTag, children).ToArray();
    }
}
