namespace Tsm.Protocol.Sms.Smpp;

/// <summary>The three bind operations; they share one layout and differ only in command_id.</summary>
public enum SmppBindMode
{
    Transmitter,
    Receiver,
    Transceiver,
}

/// <summary>bind_transmitter, bind_receiver and bind_transceiver (SMPP 3.4 §4.1.1, §4.1.3, §4.1.5).</summary>
public sealed record Bind : SmppPdu
{
    /// <summary>interface_version for SMPP 3.4.</summary>
    public const byte Version34 = 0x34;

    public SmppBindMode Mode { get; init; } = SmppBindMode.Transceiver;

    /// <summary>system_id, C ≤ 16.</summary>
    public string SystemId { get; init; } = "";

    /// <summary>password, C ≤ 9. Never logged.</summary>
    public string Password { get; init; } = "";

    /// <summary>system_type, C ≤ 13.</summary>
    public string SystemType { get; init; } = "";

    public byte InterfaceVersion { get; init; } = Version34;

    public byte AddrTon { get; init; }

    public byte AddrNpi { get; init; }

    /// <summary>address_range, C ≤ 41.</summary>
    public string AddressRange { get; init; } = "";

    public override SmppCommandId CommandId => ToCommandId(Mode);

    public static SmppCommandId ToCommandId(SmppBindMode mode) => mode switch
    {
        SmppBindMode.Transmitter => SmppCommandId.BindTransmitter,
        SmppBindMode.Receiver => SmppCommandId.BindReceiver,
        _ => SmppCommandId.BindTransceiver,
    };

    // Keeps the password out of ToString (records print every property otherwise).
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Mode = ").Append(Mode).Append(", SystemId = ").Append(SystemId).Append(", Sequence = ").Append(Sequence);
        return true;
    }

    internal override int BodyLength() =>
        SmppField.CString(SystemId, 16, "system_id")
        + SmppField.CString(Password, 9, "password")
        + SmppField.CString(SystemType, 13, "system_type")
        + 3 // interface_version, addr_ton, addr_npi
        + SmppField.CString(AddressRange, 41, "address_range")
        + SmppField.Tlvs(Tlvs);

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        writer.WriteCString(SystemId);
        writer.WriteCString(Password);
        writer.WriteCString(SystemType);
        writer.WriteByte(InterfaceVersion);
        writer.WriteByte(AddrTon);
        writer.WriteByte(AddrNpi);
        writer.WriteCString(AddressRange);
        writer.WriteTlvs(Tlvs);
    }

    internal static Bind Read(ref SmppBodyReader reader, SmppBindMode mode) => new()
    {
        Mode = mode,
        SystemId = reader.ReadCString("system_id", 16, SmppStatus.RINVSYSID),
        Password = reader.ReadCString("password", 9, SmppStatus.RINVPASWD),
        SystemType = reader.ReadCString("system_type", 13, SmppStatus.RINVSYSTYP),
        InterfaceVersion = reader.ReadByte(),
        AddrTon = reader.ReadByte(),
        AddrNpi = reader.ReadByte(),
        AddressRange = reader.ReadCString("address_range", 41, SmppStatus.RINVPARLEN),
        Tlvs = reader.ReadTlvs(),
    };
}

/// <summary>bind_*_resp (§4.1.2, §4.1.4, §4.1.6): the SMSC's system_id and optionally sc_interface_version.</summary>
public sealed record BindResp : SmppPdu
{
    public SmppBindMode Mode { get; init; } = SmppBindMode.Transceiver;

    /// <summary>system_id, C ≤ 16; may be left out when the status is not 0.</summary>
    public string SystemId { get; init; } = "";

    public override SmppCommandId CommandId => (SmppCommandId)((uint)Bind.ToCommandId(Mode) | 0x80000000u);

    internal override int BodyLength() => SmppField.CString(SystemId, 16, "system_id") + SmppField.Tlvs(Tlvs);

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        writer.WriteCString(SystemId);
        writer.WriteTlvs(Tlvs);
    }

    internal static BindResp Read(ref SmppBodyReader reader, SmppBindMode mode) => new()
    {
        Mode = mode,
        SystemId = reader.ReadOptionalCString("system_id", 16, SmppStatus.RINVSYSID),
        Tlvs = reader.ReadTlvs(),
    };
}

/// <summary>outbind (§4.1.7): an SMSC asks an ESME to bind as receiver. It has no response.</summary>
public sealed record Outbind : SmppPdu
{
    public string SystemId { get; init; } = "";

    /// <summary>password, C ≤ 9. Never logged.</summary>
    public string Password { get; init; } = "";

    public override SmppCommandId CommandId => SmppCommandId.Outbind;

    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("SystemId = ").Append(SystemId).Append(", Sequence = ").Append(Sequence);
        return true;
    }

    internal override int BodyLength() =>
        SmppField.CString(SystemId, 16, "system_id") + SmppField.CString(Password, 9, "password") + SmppField.Tlvs(Tlvs);

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        writer.WriteCString(SystemId);
        writer.WriteCString(Password);
        writer.WriteTlvs(Tlvs);
    }

    internal static Outbind Read(ref SmppBodyReader reader)
    {
        var systemId = reader.ReadCString("system_id", 16, SmppStatus.RINVSYSID);
        var password = reader.ReadCString("password", 9, SmppStatus.RINVPASWD);
        reader.ExpectEnd();
        return new Outbind { SystemId = systemId, Password = password };
    }
}
