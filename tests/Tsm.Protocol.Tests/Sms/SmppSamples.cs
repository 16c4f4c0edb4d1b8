using Tsm.Protocol.Sms.Smpp;
using Tsm.Protocol.Sms.Udh;

namespace Tsm.Protocol.Tests.Sms;

/// <summary>One PDU of every SMPP 3.4 type, with non-default fields, for round trips and splits.</summary>
internal static class SmppSamples
{
    /// <summary>The wake-up submit_sm of docs/sms.md "The codec" (src 10657, dst 8613900000000, UDH 06 05 04 0B84 23F0 + 20 octets), encoded by node-smpp 0.5.1.</summary>
    public const string WakeUpHex =
        "0000004E000000040000000000000001000000313036353700010138363133393030303030303030004000000000010004001B" +
        "0605040B8423F08600000000000000000100000000000000000001";

    public static SubmitSm WakeUp => new()
    {
        Sequence = 1,
        Source = SmppAddress.Unknown("10657"),
        Destination = SmppAddress.International("8613900000000"),
        EsmClass = SmppEsmClass.Udhi,
        RegisteredDelivery = 1,
        DataCoding = SmppDataCoding.Binary8Bit,
        ShortMessage = UserData.WakeUp(2948, 9200, Hex.Parse("8600000000000000000100000000000000000001")),
    };

    public static IReadOnlyList<SmppPdu> All =>
    [
        new Bind { Mode = SmppBindMode.Transceiver, SystemId = "tsm", Password = "secret", SystemType = "OTA", AddrTon = 1, AddrNpi = 1, AddressRange = "^861", Sequence = 1 },
        new Bind { Mode = SmppBindMode.Transmitter, SystemId = "t", Password = "p", Sequence = 2 },
        new Bind { Mode = SmppBindMode.Receiver, SystemId = "r", Password = "p", Sequence = 3 },
        new BindResp { Mode = SmppBindMode.Transceiver, SystemId = "SMSC", Sequence = 1, Tlvs = [SmppTlv.FromByte(SmppTlvTag.ScInterfaceVersion, 0x34)] },
        new BindResp { Mode = SmppBindMode.Receiver, Status = SmppStatus.RINVPASWD, Sequence = 3 },
        new Outbind { SystemId = "SMSC", Password = "pw", Sequence = 9 },
        new GenericNack { Status = SmppStatus.RINVCMDID, Sequence = 77 },
        new EnquireLink { Sequence = 0x7FFFFFFF },
        new EnquireLinkResp { Sequence = 0x7FFFFFFF },
        new Unbind { Sequence = 5 },
        new UnbindResp { Sequence = 5 },
        WakeUp,
        new SubmitSm
        {
            Sequence = 10, ServiceType = "WAP", Source = SmppAddress.International("8613800138000"), Destination = SmppAddress.International("8613900000000"),
            ProtocolId = 0x7F, PriorityFlag = 1, ScheduleDeliveryTime = "250101120000000+", ValidityPeriod = "000001000000000R",
            RegisteredDelivery = 0x11, ReplaceIfPresentFlag = 1, DataCoding = 8, SmDefaultMsgId = 3,
            Tlvs = [SmppTlv.FromUInt16(SmppTlvTag.DestinationPort, 2948), new SmppTlv(SmppTlvTag.MessagePayload, new byte[300])],
        },
        new SubmitSmResp { MessageId = "5F3A0001", Sequence = 10 },
        new SubmitSmResp { Status = SmppStatus.RTHROTTLED, Sequence = 11 },
        new DeliverSm
        {
            Sequence = 12, Source = SmppAddress.International("8613900000000"), Destination = SmppAddress.Unknown("10657"), EsmClass = SmppEsmClass.DeliveryReceipt,
            ShortMessage = "id:5F3A0001 sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:"u8.ToArray(),
            Tlvs = [SmppTlv.FromCString(SmppTlvTag.ReceiptedMessageId, "5F3A0001"), SmppTlv.FromByte(SmppTlvTag.MessageState, 2)],
        },
        new DeliverSmResp { Sequence = 12 },
        new DataSm { Sequence = 13, ServiceType = "", Source = SmppAddress.International("8613900000000"), Destination = SmppAddress.Unknown("10657"), DataCoding = 4, Tlvs = [new SmppTlv(SmppTlvTag.MessagePayload, new byte[] { 1, 2, 3 })] },
        new DataSmResp { MessageId = "X1", Sequence = 13, Tlvs = [SmppTlv.FromCString(SmppTlvTag.AdditionalStatusInfoText, "ok")] },
        new QuerySm { MessageId = "5F3A0001", Source = SmppAddress.Unknown("10657"), Sequence = 14 },
        new QuerySmResp { MessageId = "5F3A0001", FinalDate = "250101120100000+", MessageState = 2, ErrorCode = 0, Sequence = 14 },
        new CancelSm { ServiceType = "", MessageId = "5F3A0001", Source = SmppAddress.Unknown("10657"), Destination = SmppAddress.International("8613900000000"), Sequence = 15 },
        new CancelSmResp { Sequence = 15 },
        new ReplaceSm { MessageId = "5F3A0001", Source = SmppAddress.Unknown("10657"), RegisteredDelivery = 1, ShortMessage = new byte[] { 9, 8, 7 }, Sequence = 16 },
        new ReplaceSmResp { Sequence = 16 },
        new SubmitMulti
        {
            Sequence = 17, Source = SmppAddress.Unknown("10657"), EsmClass = 0x40, DataCoding = 4, ShortMessage = new byte[] { 6, 5, 4 },
            Destinations = [new SmppMultiDestination { Address = SmppAddress.International("8613900000001") }, new SmppMultiDestination { DistributionList = "ops" }],
        },
        new SubmitMultiResp { MessageId = "M1", Unsuccessful = [new SmppUnsuccessfulSme(SmppAddress.International("8613900000001"), SmppStatus.RINVDSTADR)], Sequence = 17 },
        new AlertNotification { Source = SmppAddress.International("8613900000000"), Esme = SmppAddress.Unknown("10657"), Sequence = 18, Tlvs = [SmppTlv.FromByte(SmppTlvTag.MsAvailabilityStatus, 0)] },
    ];
}
