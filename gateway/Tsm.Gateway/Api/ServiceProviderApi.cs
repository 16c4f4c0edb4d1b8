using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Ota;
using Tsm.Gateway.Security;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Sms.Push;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Gateway.Idempotency;

namespace Tsm.Gateway.Api;

/// <summary>
/// The service-provider capability API (requirement 5.7.1, docs/sp-api.md): business platforms run operations on their
/// users' SEs. Every request is authenticated (API key or client certificate) and authorized per platform, provider
/// and capability before any grain is called; a provider only reaches its own applications on SEs where its user has
/// them.
/// </summary>
public static class ServiceProviderApi
{
    public static IEndpointRouteBuilder MapServiceProviderApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(SpPaths.Base).WithTags("Service provider").RequireAuthorization(Policies.ServicePlatform);
        group.MapPost(SpPaths.OperationsTemplate, Submit).Idempotent()
            .WithSummary("Run an operation on the SE for a service provider: download, delete, lock, unlock, unsubscribe, personalize, application-commands, create/update-keys/delete a security domain (requirement 5.7.1).")
            .Accepts<SpOperationRequest>("application/json")
            .Produces<SpTaskStatus>(StatusCodes.Status200OK).Produces<SpTaskStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost(SpPaths.ActivationTemplate, Activate)
            .WithSummary("Activation notice: the provider's Personalized application on the SE becomes Useable (requirement 5.8.7.2).")
            .Accepts<SpActivationRequest>(isOptional: true, "application/json")
            .Produces<SpApplicationStatus>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet(SpPaths.TaskTemplate, GetTask)
            .WithSummary("A task of the platform's providers: its state and failure reason.")
            .Produces<SpTaskStatus>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static SpPlatform PlatformOf(HttpContext context) => SpPlatform.From(context.User);

    private static async Task<IResult> Submit(
        string seId, HttpRequest request, ICatalogue catalogue, IGrainFactory grains, TaskQueueSignals queues, IOptionsMonitor<SpOptions> options, IServiceProvider services)
    {
        var platform = PlatformOf(request.HttpContext);
        var body = await ReadAsync(request, SpJsonContext.Default.SpOperationRequest, required: true);
        if (body.Problem is not null)
            return body.Problem;
        var operation = body.Value!;
        var problems = new List<string>();
        Problems.CheckHex(seId, "seId", 1, 32, problems);
        var kind = operation.Operation switch
        {
            SpCapabilities.Download => OperationKind.Download,
            SpCapabilities.Delete or SpCapabilities.Unsubscribe => OperationKind.Delete,
            SpCapabilities.Lock => OperationKind.Lock,
            SpCapabilities.Unlock => OperationKind.Unlock,
            SpCapabilities.CreateSecurityDomain => OperationKind.CreateSecurityDomain,
            SpCapabilities.UpdateSecurityDomainKeys => OperationKind.UpdateSecurityDomainKeys,
            SpCapabilities.DeleteSecurityDomain => OperationKind.DeleteSecurityDomain,
            SpCapabilities.Personalize => OperationKind.Personalize,
            SpCapabilities.ApplicationCommands => OperationKind.ApplicationCommands,
            _ => (OperationKind?)null,
        };
        if (kind is null)
            problems.Add($"operation: one of {string.Join(", ", SpCapabilities.All.Where(c => c != SpCapabilities.Activate).Order(StringComparer.Ordinal))}.");
        var onDomain = SpCapabilities.IsSecurityDomainCapability(operation.Operation);
        if (onDomain)
        {
            if (operation.SecurityDomainAid is null)
                problems.Add("securityDomainAid: required.");
            else
                Problems.CheckHex(operation.SecurityDomainAid, "securityDomainAid", 5, 16, problems);
        }
        else if (operation.ApplicationAid is null)
            problems.Add("applicationAid: required.");
        else
            Problems.CheckHex(operation.ApplicationAid, "applicationAid", 5, 16, problems);
        var keys = CheckKeys(operation.Keys, problems);
        if (kind == OperationKind.Personalize && operation.Mode is null)
            problems.Add("mode: required, 1, 2 or 3.");
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        if (Authorize(platform, operation.ServiceProvider, operation.Operation) is { } refused)
            return refused;
        var provider = platform.ProviderFor(operation.ServiceProvider)!;
        // A blacklisted or deregistered provider gets no new download or install (requirement 5.6.6), refused here at
        // once; delete and lock still go through. The engine checks the same through the catalogue.
        if (kind is OperationKind.Download or OperationKind.Personalize && catalogue.IsProviderBlocked(provider))
            return Problems.Refused(new Refusal(RefusalCode.ProviderBlacklisted, "The service provider is blacklisted or deregistered: its applications cannot be downloaded or installed."));
        var se = seId.ToUpperInvariant();
        var aid = operation.ApplicationAid?.ToUpperInvariant();
        var sdAid = operation.SecurityDomainAid?.ToUpperInvariant();
        var notYours = onDomain ? CheckDomainOwnership(catalogue, se, sdAid!, provider) : CheckOwnership(catalogue, se, aid!, provider);
        if (notYours is not null)
            return notYours;
        var personalization = kind == OperationKind.Personalize ? new PersonalizationInput(operation.Mode!.Value, operation.Data, operation.Commands) : null;
        return await Problems.Guard(async () =>
        {
            OperationSpec spec = kind!.Value switch
            {
                OperationKind.Download => new DownloadOperation(aid!),
                OperationKind.Delete => new DeleteOperation(aid!),
                OperationKind.Lock => new LockOperation(aid!),
                OperationKind.Unlock => new UnlockOperation(aid!),
                OperationKind.CreateSecurityDomain => new CreateSecurityDomainOperation(sdAid!, keys),
                OperationKind.UpdateSecurityDomainKeys => new UpdateSecurityDomainKeysOperation(sdAid, keys),
                OperationKind.DeleteSecurityDomain => new DeleteSecurityDomainOperation(sdAid!),
                OperationKind.Personalize => new PersonalizeOperation(aid!, personalization!),
                _ => new ApplicationCommandsOperation(aid!, operation.Commands),
            };
            var ticket = await grains.GetGrain<ISeGrain>(se).Submit(OperationRequest.FromProvider(spec, provider, platform.Id) with { RequestKey = request.HttpContext.IdempotencyKey() });
            var taskId = ticket.TaskId.ToString();
            // The synchronous wait: woken when the SE's queue changes, i.e. when a task of the SE ends.
            var grain = grains.GetGrain<ISeGrain>(se);
            var view = await queues.UntilAsync(se, () => grain.GetTask(ticket.TaskId), v => SpMapping.IsFinal(v.State), options.CurrentValue.SyncWait, request.HttpContext.RequestAborted);
            var status = SpMapping.Status(se, provider, view);
            if (SpMapping.IsFinal(view.State))
                return Results.Json(status, SpJsonContext.Default.SpTaskStatus);
            if (view.State == TaskState.Queued && options.CurrentValue.WakeUpPush)
                await WakeUpAsync(services, se, kind.Value, aid ?? sdAid, ticket.TaskId.GrainKey, provider, request.HttpContext.RequestAborted);
            return new WithLocation(Results.Json(status, SpJsonContext.Default.SpTaskStatus, statusCode: StatusCodes.Status202Accepted), SpPaths.Task(taskId));
        });
    }

    private static async Task<IResult> Activate(string seId, string applicationAid, HttpRequest request, ICatalogue catalogue, IGrainFactory grains)
    {
        var platform = PlatformOf(request.HttpContext);
        var body = await ReadAsync(request, SpJsonContext.Default.SpActivationRequest, required: false);
        if (body.Problem is not null)
            return body.Problem;
        var problems = new List<string>();
        Problems.CheckHex(seId, "seId", 1, 32, problems);
        Problems.CheckHex(applicationAid, "applicationAid", 5, 16, problems);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var named = body.Value?.ServiceProvider;
        if (Authorize(platform, named, SpCapabilities.Activate) is { } refused)
            return refused;
        var provider = platform.ProviderFor(named)!;
        var se = seId.ToUpperInvariant();
        var aid = applicationAid.ToUpperInvariant();
        if (CheckOwnership(catalogue, se, aid, provider) is { } notYours)
            return notYours;
        return await Problems.Guard(async () =>
        {
            var state = await grains.GetGrain<ISeProviderGrain>(se).Activate(aid, provider);
            return Results.Json(new SpApplicationStatus { SeId = se, ApplicationAid = aid, ServiceProvider = provider, State = SpMapping.Name(state) },
                SpJsonContext.Default.SpApplicationStatus);
        });
    }

    private static Task<IResult> GetTask(string taskId, HttpContext context, ICatalogue catalogue, IGrainFactory grains) =>
        Problems.Guard(async () =>
        {
            var platform = PlatformOf(context);
            if (!TaskId.TryParse(taskId, out var id) || catalogue.FindBatch(id.SeId) is null)
                return UnknownTask();
            var seId = id.SeId;
            var task = await grains.GetGrain<ISeProviderGrain>(seId).GetProviderTask(id);
            // Another provider's task, or a wallet's, is not there as far as this platform can tell.
            return task.ServiceProvider is { } provider && platform.ActsFor(provider)
                ? Results.Json(SpMapping.Status(seId, provider, task.Task), SpJsonContext.Default.SpTaskStatus)
                : UnknownTask();
        });

    private static IResult UnknownTask() =>
        Results.Problem(title: "Unknown task", detail: "No task of this platform's providers has this id.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>The provider the request acts for must be one of the platform's, and the capability granted for it.</summary>
    private static IResult? Authorize(SpPlatform platform, string? named, string capability)
    {
        var provider = platform.ProviderFor(named);
        if (provider is null)
            return Problems.Invalid(["serviceProvider: required, the platform acts for several providers."]);
        if (!platform.ActsFor(provider))
            return Results.Problem(title: "Not your provider", detail: "The platform does not act for this service provider.", statusCode: StatusCodes.Status403Forbidden);
        if (!platform.May(provider, capability))
            return Results.Problem(title: "Capability not granted", detail: $"The platform may not call \"{capability}\" for this provider.", statusCode: StatusCodes.Status403Forbidden);
        return null;
    }

    /// <summary>The SE must be the platform's to know of (in an SE batch), and the application the provider's own (requirement 5.7.1).</summary>
    private static IResult? CheckOwnership(ICatalogue catalogue, string seId, string aid, string provider)
    {
        if (catalogue.FindBatch(seId) is null)
            return Results.Problem(title: "Unknown SE", detail: "The SE is not in any SE batch of the platform.", statusCode: StatusCodes.Status404NotFound);
        var app = catalogue.FindApplication(aid);
        if (app is null)
            return Results.Problem(title: "Unknown application", detail: $"Application {aid} is not in the catalogue.", statusCode: StatusCodes.Status404NotFound);
        if (!string.Equals(app.ServiceProvider, provider, StringComparison.Ordinal))
            return Results.Problem(title: "Not your application", detail: "The application belongs to another service provider.", statusCode: StatusCodes.Status403Forbidden);
        return null;
    }

    /// <summary>The SE must be in an SE batch, and the SD the provider's own (requirement 5.7.1; the ISD is the operator's).</summary>
    private static IResult? CheckDomainOwnership(ICatalogue catalogue, string seId, string sdAid, string provider)
    {
        if (catalogue.FindBatch(seId) is null)
            return Results.Problem(title: "Unknown SE", detail: "The SE is not in any SE batch of the platform.", statusCode: StatusCodes.Status404NotFound);
        var definition = catalogue.FindSecurityDomain(sdAid);
        if (definition is null)
            return Results.Problem(title: "Unknown security domain", detail: $"Security domain {sdAid} is not defined on the platform.", statusCode: StatusCodes.Status404NotFound);
        if (!string.Equals(definition.Owner, provider, StringComparison.Ordinal))
            return Results.Problem(title: "Not your security domain", detail: "The security domain belongs to another service provider.", statusCode: StatusCodes.Status403Forbidden);
        return null;
    }

    private static ProviderKeySet? CheckKeys(SpKeySet? keys, List<string> problems)
    {
        if (keys is null)
            return null;
        if (keys.KeyVersion is < 1 or > 0x7F)
            problems.Add("keys.keyVersion: 1 to 127.");
        if (keys.Keys.Count != 3 || keys.KeyCheckValues.Count != 3)
            problems.Add("keys: three keys (ENC, MAC, DEK) and three key check values.");
        foreach (var key in keys.Keys)
            Problems.CheckHex(key, "keys.keys[]", 16, 16, problems);
        foreach (var kcv in keys.KeyCheckValues)
            Problems.CheckHex(kcv, "keys.keyCheckValues[]", 3, 3, problems);
        return new ProviderKeySet((byte)Math.Clamp(keys.KeyVersion, 0, 0xFF), [.. keys.Keys.Select(k => k.ToUpperInvariant())], [.. keys.KeyCheckValues.Select(k => k.ToUpperInvariant())]);
    }

    /// <summary>A wake-up SMS for a task still queued, when SMS links are configured (docs/push-sms.md); best effort.</summary>
    private static async Task WakeUpAsync(IServiceProvider services, string seId, OperationKind kind, string? aid, string id, string provider, CancellationToken cancellationToken)
    {
        if (services.GetService<Sms.SmsSenders>() is null)
            return;
        try
        {
            await services.GetRequiredService<PushService>().CreateAsync(new PushRequest(seId, null, kind, aid, id, "sp:" + provider), cancellationToken);
        }
        catch (RefusedException)
        {
            // No number to send to: the task waits for the wallet's next login.
        }
    }

    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, bool required)
        where T : class
    {
        if (!required && request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any())
            return (null, null);
        try
        {
            // Read with the size cap, then parsed from the bytes (docs/wallet-protocol.md, "Request size").
            var value = JsonSerializer.Deserialize(await RequestBodies.ReadAsync(request), type);
            return value is null && required ? (null, Problems.Invalid(["The body is empty."])) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Invalid([$"The body is not valid JSON for this request: {JsonErrors.Describe(ex)}."]));
        }
    }


    /// <summary>A result with a Location header (202 answers point at the task to poll).</summary>
    private sealed class WithLocation(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
