using Tsm.Protocol.Sms.Push;

namespace Tsm.Protocol.Tests.Sms;

/// <summary>The wake-up SMS and its push serial (docs/push-sms.md): malformed input is a typed error, never an exception.</summary>
public sealed class WakeUpMessageTests
{
    [Fact]
    public void A_wake_up_reads_back_its_seid_serial_and_ports()
    {
        var serial = PushSerial.New(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
        var message = new WakeUpMessage("86000000000000000001", serial, 0x3F11, 0x0000);
        Assert.True(WakeUpMessage.TryParse(message.ToUserData(), out var back, out var error), error);
        Assert.Equal("86000000000000000001", back!.SeId);
        Assert.Equal(serial.ToString(), back.Serial.ToString());
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero), back.Serial.CreatedAt);
    }

    [Fact]
    public void A_serial_whose_time_is_past_the_calendars_end_is_refused_not_thrown()
    {
        // Found by fuzzing: the serial's 5 time bytes name a second after year 9999.
        var userData = Hex.Parse("060504000000000000000000000000000072000000000000000000");
        Assert.False(WakeUpMessage.TryParse(userData, out var message, out var error));
        Assert.Null(message);
        Assert.Contains("past the calendar's end", error, StringComparison.Ordinal);
        Assert.False(PushSerial.TryParse("FFFFFFFFFF0000000000", out _));
        Assert.Throws<FormatException>(() => PushSerial.FromBytes(Hex.Parse("FFFFFFFFFF0000000000")));
    }

    [Fact]
    public void The_latest_serial_the_calendar_holds_still_reads()
    {
        Assert.True(PushSerial.TryParse("0000000000AABBCCDDEE", out var first));
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), first.CreatedAt);
        var last = PushSerial.New(DateTimeOffset.MaxValue);
        Assert.True(PushSerial.TryParse(last.ToString(), out var back));
        Assert.Equal(DateTimeOffset.MaxValue.Year, back.CreatedAt.Year);
    }
}
