using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Simulator.Tests.Card;

/// <summary>Logical channels (requirement 5.8.7.3; ISO/IEC 7816-4 §7.1.2; GP 2.2.1 §11.7): MANAGE CHANNEL and per-channel sessions.</summary>
public sealed class LogicalChannelTests
{
    [Fact]
    public void Channels_open_up_to_3_then_refuse_and_closed_channels_answer_6881()
    {
        using var card = CardKit.NewCard();
        Assert.Equal(1, CardKit.OpenChannel(card));
        Assert.Equal(2, CardKit.OpenChannel(card));
        Assert.Equal(3, CardKit.OpenChannel(card));
        var fourth = CardKit.Send(card, "0070000001");
        Assert.NotEqual(StatusWords.Success, fourth.StatusWord);
        Assert.True(fourth.Data.IsEmpty);

        Assert.Equal(StatusWords.Success, CardKit.Send(card, "0070800200").StatusWord);
        Assert.Equal(StatusWords.LogicalChannelNotSupported, CardKit.Send(card, "02A4040007A0000001510000").StatusWord);
        Assert.Equal(StatusWords.LogicalChannelNotSupported, CardKit.Send(card, "82CA006600").StatusWord);
        // The freed number is handed out again.
        Assert.Equal(2, CardKit.OpenChannel(card));
        // The basic channel cannot be closed.
        Assert.NotEqual(StatusWords.Success, CardKit.Send(card, "0070800000").StatusWord);
        Assert.Equal(StatusWords.Success, CardKit.Send(card, "00A4040007A0000001510000").StatusWord);
    }

    [Fact]
    public void A_new_channel_has_the_ISD_selected_and_no_session()
    {
        using var card = CardKit.NewCard();
        var channel = CardKit.OpenChannel(card);
        Assert.Equal(StatusWords.Success, CardKit.Send(card, GetDataCommand.CardData.ToApdu(), channel).StatusWord);
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, CardKit.Send(card, new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains).ToApdu(), channel).StatusWord);
    }

    [Fact]
    public void Sessions_are_per_channel()
    {
        using var card = CardKit.NewCard();
        using var basic = HostSession.Open(card);
        var channel = CardKit.OpenChannel(card);
        using var other = HostSession.Open(card, channel: channel);
        Assert.Equal(2, SequenceCounter.Parse(other.Ok(GetDataCommand.SequenceCounter.ToApdu()).Data.Span));

        // Both work, interleaved, each with its own MAC chain.
        Assert.NotEmpty(basic.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
        Assert.NotEmpty(other.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
        Assert.NotEmpty(basic.Registry(GetStatusScope.ExecutableLoadFiles));

        // A wrong MAC on the other channel ends that channel's session only.
        var plain = new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains).ToApdu().With(cla: (byte)(0x80 | channel));
        var wrapped = other.Host.Wrap(plain);
        var data = wrapped.Data.ToArray();
        data[^1] ^= 0x01;
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, card.Transmit(wrapped.With(data: data)).StatusWord);
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, other.Send(new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains).ToApdu()).StatusWord);
        Assert.NotEmpty(basic.Registry(GetStatusScope.ApplicationsAndSecurityDomains));

        // Closing a channel ends its session; the basic channel is unaffected.
        using var third = HostSession.Open(card, channel: CardKit.OpenChannel(card));
        Assert.Equal(StatusWords.Success, card.Transmit(new CommandApdu(0x00, 0x70, 0x80, third.Channel)).StatusWord);
        Assert.Equal(StatusWords.LogicalChannelNotSupported, third.Send(new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains).ToApdu()).StatusWord);
        Assert.NotEmpty(basic.Registry(GetStatusScope.ApplicationsAndSecurityDomains));
    }
}
