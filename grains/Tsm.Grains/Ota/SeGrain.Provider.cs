using Tsm.Grains.Catalogue;
using Tsm.Grains.Domain;

namespace Tsm.Grains.Ota;

// The SE grain as a service provider's business platform reaches it (docs/requirements.md 5.7.1): operations on the
// provider's own applications and SDs, its activation notices, its view of tasks.
public sealed partial class SeGrain : ISeProviderGrain
{
    /// <summary>
    /// A provider's operation: the checks of <see cref="Submit"/>, except that the MSISDN is the SE's own (the provider
    /// does not know it): the SE must be registered, the application the provider's, and for anything but a download
    /// already on the SE.
    /// </summary>
    private async Task<TaskTicket> SubmitForProvider(OperationRequest request, SeBatch batch)
    {
        if (request.Provider is not { } provider || string.IsNullOrEmpty(provider.ServiceProvider))
            throw new RefusedException(RefusalCode.ServiceProviderNotNamed, "A provider operation names its service provider.");
        var s = state.State;
        if (!s.Registered || s.Msisdn is null)
            throw new RefusedException(RefusalCode.SeNotRegistered, "The SE is not registered to a user yet.");
        request = request with { Msisdn = s.Msisdn };
        // A lost SE (requirement 5.5.2): a provider may still lock, delete or unsubscribe, nothing that puts or opens anything.
        if (Lost
            && request.Operation.Kind is OperationKind.Download or OperationKind.Unlock or OperationKind.Personalize or OperationKind.ApplicationCommands
                or OperationKind.CreateSecurityDomain or OperationKind.UpdateSecurityDomainKeys)
            throw new RefusedException(RefusalCode.SeLost, "The SE is on the loss list: only lock and delete operations reach it.");
        // Application operations: the provider's own application; SD operations: its own SD (checked with the SD's definition).
        if (request.Operation is ApplicationOperation operation)
            CheckOwnApplication(operation.ApplicationAid, provider.ServiceProvider, subscribed: operation is not DownloadOperation);
        var app = Validate(request, batch, await HomeProvinceFor(request));
        // Provider requests are separate orders: unlike the wallet's, a newer one replaces nothing (requirement 5.8.8).
        var taskId = Start(SpecFor(request, app, s.Msisdn));
        RememberRequest(request, taskId);
        await state.WriteStateAsync();
        return new TaskTicket(taskId);
    }

    public async Task<ApplicationState> Activate(string applicationAid, string serviceProvider)
    {
        _ = Batch;
        var s = state.State;
        var now = time.GetUtcNow();
        Applications.ExpireActivations(now, walletOptions.CurrentValue.ActivationTimeout);
        var app = CheckOwnApplication(applicationAid, serviceProvider, subscribed: true);
        var current = Applications[app.Aid];
        if (current.State == ApplicationState.Useable)
            return current.State; // the notice came twice
        if (ApplicationLifecycle.CheckActivation(current.State) is { } refusal)
            throw refusal.AsException();
        Applications[app.Aid] = current.Activated(now);
        await state.WriteStateAsync();
        await operationLog.RecordAsync("activate", SeId, s.Msisdn ?? "", app.Aid, "succeeded", "activation notice", actor: "sp:" + serviceProvider);
        return ApplicationState.Useable;
    }

    public async Task<ProviderTaskView> GetProviderTask(TaskId taskId)
    {
        var view = await GetTask(taskId);
        var provider = Queue.Find(taskId)?.Spec.ServiceProvider ?? RecentlyEnded(taskId)?.Provider
            ?? await GrainFactory.GetGrain<ITaskProviderGrain>(taskId.GrainKey).ProviderOf();
        return new ProviderTaskView(view, provider);
    }

    /// <summary>The provider's application; with <paramref name="subscribed"/>, one that is on this SE (the user subscribes to it).</summary>
    private ApplicationDefinition CheckOwnApplication(string? aid, string serviceProvider, bool subscribed)
    {
        var app = catalogue.FindApplication(aid ?? "")
            ?? throw new RefusedException(RefusalCode.UnknownApplication, $"Application {aid} is not in the catalogue.");
        if (!string.Equals(app.ServiceProvider, serviceProvider, StringComparison.Ordinal))
            throw new RefusedException(RefusalCode.NotYourApplication, "The application belongs to another service provider.");
        if (subscribed && !Applications[app.Aid].OnSe)
            throw new RefusedException(RefusalCode.NotASubscriber, "The application is not on this SE: its user does not subscribe to it.");
        return app;
    }

    /// <summary>A third party's SD the task created for a download and left with its initial keys (requirement 5.8.3.1).</summary>
    private SecurityDomainHandover? HandoverOf(TaskSpec spec) =>
        spec is { Kind: OperationKind.Download, CreateSecurityDomainFirst: true, NewKeySet: null, SecurityDomainAid: { } sdAid }
            && Ledger.Find(sdAid) is { Personalized: false }
            && catalogue.FindSecurityDomain(sdAid) is { IsOperatorOwned: false } definition
            ? new SecurityDomainHandover(definition.Aid.ToUpperInvariant(), definition.Owner, definition.InitialKeyVersion)
            : null;

    /// <summary>Tells the task-end listeners the host registered; called by <see cref="Complete"/> once the end is recorded.</summary>
    private async Task NotifyEndedAsync(TaskSpec spec, TaskOutcome outcome)
    {
        if (_endListeners.Length == 0)
            return;
        var view = new TaskView(spec.Id, spec.Kind, spec.ApplicationAid, outcome.State, outcome.Reason, outcome.StatusWord, outcome.Responses, spec.SecurityDomainAid);
        var ended = new TaskEnded(view, spec.Channel, spec.Provider, HandoverOf(spec));
        foreach (var listener in _endListeners)
            await listener.TaskEndedAsync(ended);
    }
}
