using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Idempotency;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Storage;
using Tsm.Grains;
using Tsm.Grains.Ota;
using Tsm.Protocol.Sms.Push;

namespace Tsm.Gateway.Sms.Push;

/// <summary>
/// A request to wake a wallet up for an operation (requirement 5.8.5.2). <paramref name="RequestKey"/> is the client's
/// idempotency key as the gateway made it unique (docs/idempotency.md): every run of the request makes the same push.
/// </summary>
public sealed record PushRequest(string SeId, string? Msisdn, OperationKind Operation, string? ApplicationAid, string? TaskId, string RequestedBy,
    string? RequestKey = null);

/// <summary>What the wallet gets for a presented serial: the task and its SERAM session.</summary>
public sealed record PushPresentation(TaskId TaskId);

/// <summary>
/// Creates pushes (stored before they are sent: the outbox), and serves the wallet presenting a serial. The
/// <see cref="PushSender"/> sends what the outbox holds.
/// </summary>
public sealed class PushService(
    PushStore store, SeDirectory directory, IGrainFactory grains, IdempotencyStore requests, IOptions<PushOptions> options,
    [FromKeyedServices(DomainClock.Key)] TimeProvider time)
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Signalled when a push is stored, so the sender does not wait for its next tick.</summary>
    public ChannelReader<bool> Wake => _wake.Reader;

    public async Task<PushRecord> CreateAsync(PushRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var seId = request.SeId.ToUpperInvariant();
        var msisdn = request.Msisdn ?? await directory.MsisdnOfAsync(seId, cancellationToken)
            ?? throw new RefusedException(RefusalCode.SeNotRegistered, "The SE is bound to no MSISDN; a push needs the number to send to.");
        var now = time.GetUtcNow();
        while (true)
        {
            var serial = PushSerial.New(now).ToString();
            // A request run again (a retry after its gateway died) stands for the serial its first run reserved.
            if (request.RequestKey is { } key)
                serial = await requests.ReserveAsync(key, serial, cancellationToken);
            var push = new PushRecord
            {
                Serial = serial,
                SeId = seId,
                Msisdn = msisdn,
                Operation = request.Operation.ToString().ToLowerInvariant(),
                ApplicationAid = request.ApplicationAid?.ToUpperInvariant(),
                TaskId = request.TaskId,
                RequestedBy = request.RequestedBy,
                State = PushStates.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
                ExpiresAt = now + options.Value.Validity,
                UpdatedAt = now,
                TraceParent = SmsTelemetry.TraceParentOfCurrent(),
            };
            if (await store.TryInsertAsync(push, cancellationToken))
            {
                _wake.Writer.TryWrite(true);
                return push;
            }
            if (request.RequestKey is not null && await store.GetAsync(serial, cancellationToken) is { } earlier)
                return earlier;
        }
    }

    /// <summary>
    /// The wallet presents a serial (POST /wallet/v1/push/{serial}): the task the push was for — started now, or the
    /// one already started for it while that task has not ended. Unknown, expired and used serials are refused.
    /// </summary>
    public async Task<PushPresentation> PresentAsync(string serial, CancellationToken cancellationToken = default)
    {
        if (!PushSerial.TryParse(serial, out var parsed))
            throw new RefusedException(RefusalCode.MalformedPushSerial, $"A push serial is {2 * PushSerial.Length} hex digits.");
        var push = await store.GetAsync(parsed.ToString(), cancellationToken)
            ?? throw new RefusedException(RefusalCode.UnknownPushSerial, "No push has this serial.");
        var se = grains.GetGrain<ISeGrain>(push.SeId);
        if (push.UsedAt is not null || push.TaskId is not null)
        {
            var taskId = push.TaskId!;
            var view = await se.GetTask(TaskId.FromGrainKey(push.SeId, taskId));
            if (view.State is TaskState.Queued or TaskState.Running)
            {
                await store.MarkUsedAsync(push.Serial, taskId, time.GetUtcNow(), cancellationToken);
                return new PushPresentation(view.Id);
            }
            throw new RefusedException(RefusalCode.PushSerialUsed, $"The push's task has ended ({view.State.ToString().ToLowerInvariant()}).");
        }
        if (push.ExpiresAt <= time.GetUtcNow() || push.State == PushStates.Expired)
            throw new RefusedException(RefusalCode.PushSerialExpired, "The push is no longer valid; ask for the operation again.");
        if (!Enum.TryParse<OperationKind>(push.Operation, ignoreCase: true, out var kind) || !WalletOperations.Allows(kind))
            throw new RefusedException(RefusalCode.UnknownPushOperation, $"The push is for \"{push.Operation}\", which a wallet push cannot start.");
        var operation = WalletOperations.Of(kind, push.ApplicationAid);
        var ticket = await se.Submit(new OperationRequest(operation, TaskChannel.Push, push.Msisdn));
        var mine = ticket.TaskId.GrainKey;
        var recorded = await store.MarkUsedAsync(push.Serial, mine, time.GetUtcNow(), cancellationToken) ?? mine;
        if (recorded != mine)
        {
            // Two presentations raced: the first one's task stands, this one's is withdrawn.
            await se.Abort(ticket.TaskId);
            return new PushPresentation(TaskId.FromGrainKey(push.SeId, recorded));
        }
        return new PushPresentation(ticket.TaskId);
    }
}
