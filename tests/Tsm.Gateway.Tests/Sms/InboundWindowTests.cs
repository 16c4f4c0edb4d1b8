using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Gateway.Tests.Sms;

/// <summary>
/// A link reads on while receipts and MO messages are being stored (<see cref="SmsLinkOptions.InboundWindow"/>;
/// docs/push-sms.md, "Batching"): each deliver_sm is answered once its handler is done, in any order, and at most the
/// window is handled at once.
/// </summary>
public sealed class InboundWindowTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_message_being_stored_does_not_hold_up_the_next_and_each_is_answered_when_stored()
    {
        var handler = new GatedHandler();
        await using var kit = await SmppKit.StartAsync(handler: handler);
        var first = kit.Smsc.SendMoTextAsync(SmppKit.SystemId, "8613900000001", "10657", "HOLD");
        await handler.Held.Task.WaitAsync(Wait);

        // The first is still being stored: the next is read, stored and answered meanwhile.
        Assert.Equal(SmppStatus.ROK, await kit.Smsc.SendMoTextAsync(SmppKit.SystemId, "8613900000002", "10657", "NEXT").WaitAsync(Wait));
        Assert.False(first.IsCompleted);

        handler.Release.SetResult();
        Assert.Equal(SmppStatus.ROK, await first.WaitAsync(Wait));
        Assert.Equal(2, kit.Smsc.MoAcknowledged);
    }

    [Fact]
    public async Task At_most_the_window_is_handled_at_once_and_the_rest_waits_without_being_lost()
    {
        var handler = new GatedHandler(holdAll: true);
        await using var kit = await SmppKit.StartAsync(handler: handler, account: a => a.InboundWindow = 4);
        var all = Enumerable.Range(0, 10).Select(i => kit.Smsc.SendMoTextAsync(SmppKit.SystemId, $"86139000000{i:D2}", "10657", "HOLD")).ToList();
        await Task.Delay(300);
        // The window's 4 waiting, one more taken off the wire while the reader waits for a slot.
        Assert.InRange(handler.Started, 4, 5);
        Assert.Equal(0, kit.Smsc.MoAcknowledged);

        handler.Release.SetResult();
        Assert.All(await Task.WhenAll(all).WaitAsync(Wait), s => Assert.Equal(SmppStatus.ROK, s));
        Assert.Equal(10, handler.Started);
    }

    private sealed class GatedHandler(bool holdAll = false) : ISmsInboundHandler
    {
        private int _started;

        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Started => Volatile.Read(ref _started);

        public ValueTask OnDeliveryReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask OnMessageAsync(SmsMoMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            if (!holdAll && System.Text.Encoding.ASCII.GetString(message.UserData.Span) != "HOLD")
                return;
            Held.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }
    }
}
