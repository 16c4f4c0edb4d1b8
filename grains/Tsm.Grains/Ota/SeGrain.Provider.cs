using Microsoft.Extensions.DependencyInjection;
using Tsm.Grains.Catalogue;

namespace Tsm.Grains.Ota;

/// <summary>
/// The SE grain as a service provider's business platform reaches it (seed 5.7.1): operations on the provider's own
/// applications, and the provider's notices. Same grain and key (SEID) as <see cref="ISeGrain"/>.
/// </summary>
public interface ISeProviderGrain : IGrainWithStringKey
{
    /// <summary>
    /// Queues an operation for <see cref="OperationCommand.ServiceProvider"/> (required) with the checks of
    /// <see cref="ISeGrain.Submit"/>, except that the MSISDN is the SE's own (the provider does not know it): the SE
    /// must be registered, the application the provider's, and for anything but a download already on the SE.
    /// </summary>
    Task<TaskTicket> SubmitForProvider(OperationCommand command);

    /// <summary>The provider's activation notice: its Personalized application becomes Useable (seed 5.8.7.2).</summary>
    Task<ApplicationState> Activate(string applicationAid, string serviceProvider);

    /// <summary>A task of this SE with the provider that asked for it (null when none did); 404 when unknown.</summary>
    Task<ProviderTaskView> GetProviderTask(string taskId);
}

/// <summary>A task and the service provider it was queued for.</summary>
[GenerateSerializer, Immutable]
public sealed record ProviderTaskView([property: Id(0)] TaskView Task, [property: Id(1)] string? ServiceProvider);

/// <summary>
/// Hears every task of every SE end (after the SE grain has recorded it): the gateway turns the ends of provider tasks
/// into webhook calls. Optional: without a registration nothing is told.
/// </summary>
public interface ITaskEndListener
{
    Task TaskEndedAsync(TaskSpec spec, TaskOutcome outcome);
}

public sealed partial class SeGrain : ISeProviderGrain
{
    /// <summary>The channel of tasks a business platform asked for.</summary>
    public const string ProviderChannel = "provider";

    public async Task<TaskTicket> SubmitForProvider(OperationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrEmpty(command.ServiceProvider))
            throw new OtaRequestException(400, "No service provider", "A provider operation names its service provider.");
        var batch = Batch;
        var s = state.State;
        if (!s.Registered || s.Msisdn is null)
            throw new OtaRequestException(409, "SE not registered", "The SE is not registered to a user yet.");
        command = command with { Msisdn = s.Msisdn, Channel = ProviderChannel };
        // A lost SE (seed 5.5.2): a provider may still lock, delete or unsubscribe, nothing that puts or opens anything.
        if (walletOptions.Value.LostSeIds.Contains(SeId, StringComparer.OrdinalIgnoreCase)
            && command.Kind is OperationKind.Download or OperationKind.Unlock or OperationKind.Personalize or OperationKind.ApplicationCommands
                or OperationKind.CreateSecurityDomain or OperationKind.UpdateSecurityDomainKeys)
            throw new OtaRequestException(409, "SE reported lost", "The SE is on the loss list: only lock and delete operations reach it.");
        // Application operations: the provider's own application; SD operations: its own SD (checked with the SD's definition).
        if (command.Kind is not (OperationKind.Sync or OperationKind.CreateSecurityDomain or OperationKind.UpdateSecurityDomainKeys or OperationKind.DeleteSecurityDomain))
            CheckOwnApplication(command.ApplicationAid, command.ServiceProvider, subscribed: command.Kind != OperationKind.Download);
        var app = Validate(command, batch);
        // Provider requests are separate orders: unlike the wallet's, a newer one replaces nothing (seed 5.8.8).
        var taskId = Start(SpecFor(command, app, s.Msisdn));
        await state.WriteStateAsync();
        return new TaskTicket(taskId, SessionId(taskId));
    }

    public async Task<ApplicationState> Activate(string applicationAid, string serviceProvider)
    {
        _ = Batch;
        var s = state.State;
        ExpireActivations();
        var app = CheckOwnApplication(applicationAid, serviceProvider, subscribed: true);
        var current = s.Applications.GetValueOrDefault(app.Aid, ApplicationState.Ready);
        if (current == ApplicationState.Useable)
            return current; // the notice came twice
        if (current != ApplicationState.Personalized)
            throw new OtaRequestException(409, "Cannot activate", $"Only a Personalized application can be activated; it is {current}.");
        s.Applications[app.Aid] = ApplicationState.Useable;
        s.PersonalizedAt.Remove(app.Aid);
        await state.WriteStateAsync();
        await operationLog.RecordAsync("activate", SeId, s.Msisdn ?? "", app.Aid, "succeeded", "activation notice", actor: "sp:" + serviceProvider);
        return ApplicationState.Useable;
    }

    public async Task<ProviderTaskView> GetProviderTask(string taskId)
    {
        var view = await GetTask(taskId);
        var provider = state.State.FindPending(taskId)?.Spec.ServiceProvider
            ?? await GrainFactory.GetGrain<ITaskProviderGrain>(taskId).ProviderOf();
        return new ProviderTaskView(view, provider);
    }

    /// <summary>The provider's application; with <paramref name="subscribed"/>, one that is on this SE (the user subscribes to it).</summary>
    private ApplicationDefinition CheckOwnApplication(string? aid, string serviceProvider, bool subscribed)
    {
        var app = catalogue.FindApplication(aid ?? "")
            ?? throw new OtaRequestException(404, "Unknown application", $"Application {aid} is not in the catalogue.");
        if (!string.Equals(app.ServiceProvider, serviceProvider, StringComparison.Ordinal))
            throw new OtaRequestException(403, "Not your application", "The application belongs to another service provider.");
        if (subscribed && state.State.Applications.GetValueOrDefault(app.Aid, ApplicationState.Ready) == ApplicationState.Ready)
            throw new OtaRequestException(403, "Not a subscriber", "The application is not on this SE: its user does not subscribe to it.");
        return app;
    }

    /// <summary>Tells the task-end listener, when the host registered one; called by <see cref="Complete"/> once the end is recorded.</summary>
    private Task NotifyEndedAsync(TaskSpec spec, TaskOutcome outcome) =>
        ServiceProvider.GetService<ITaskEndListener>()?.TaskEndedAsync(spec, outcome) ?? Task.CompletedTask;
}
