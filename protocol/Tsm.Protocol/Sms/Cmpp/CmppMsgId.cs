using System.Globalization;

namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// The 64-bit CMPP Msg_Id (docs/sms.md "CMPP 2.0 / 3.0", CMPP 3.0 §7.4.3.1), most significant bit first: month 4 bits, day 5,
/// hour 5, minute 6, second 6, ISMG gateway code 22, sequence 16 (wraps). Sent big-endian in 8 octets.
/// </summary>
public readonly record struct CmppMsgId(ulong Value)
{
    public const int MaxGatewayCode = (1 << 22) - 1;

    public int Month => (int)(Value >> 60);

    public int Day => (int)((Value >> 55) & 0x1F);

    public int Hour => (int)((Value >> 50) & 0x1F);

    public int Minute => (int)((Value >> 44) & 0x3F);

    public int Second => (int)((Value >> 38) & 0x3F);

    public int GatewayCode => (int)((Value >> 16) & MaxGatewayCode);

    public ushort Sequence => (ushort)Value;

    /// <summary>Packs the fields; each is checked against its bit width and calendar range.</summary>
    public static CmppMsgId Create(int month, int day, int hour, int minute, int second, int gatewayCode, ushort sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        ArgumentOutOfRangeException.ThrowIfLessThan(day, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(day, 31);
        ArgumentOutOfRangeException.ThrowIfNegative(hour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hour, 23);
        ArgumentOutOfRangeException.ThrowIfNegative(minute);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minute, 59);
        ArgumentOutOfRangeException.ThrowIfNegative(second);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(second, 59);
        ArgumentOutOfRangeException.ThrowIfNegative(gatewayCode);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gatewayCode, MaxGatewayCode);
        return new(((ulong)month << 60)
            | ((ulong)day << 55)
            | ((ulong)hour << 50)
            | ((ulong)minute << 44)
            | ((ulong)second << 38)
            | ((ulong)gatewayCode << 16)
            | sequence);
    }

    /// <summary>A Msg_Id stamped with <paramref name="time"/>'s month, day, hour, minute and second.</summary>
    public static CmppMsgId Create(DateTime time, int gatewayCode, ushort sequence) =>
        Create(time.Month, time.Day, time.Hour, time.Minute, time.Second, gatewayCode, sequence);

    /// <summary>16 upper-case hex digits, the form logs and the PDU tool use.</summary>
    public override string ToString() => Value.ToString("X16", CultureInfo.InvariantCulture);
}
