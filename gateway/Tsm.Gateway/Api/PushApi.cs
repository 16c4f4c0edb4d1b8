using Tsm.Gateway.Sms.Mo;
using Tsm.Gateway.Sms.Push;
using Tsm.Grains.Ota;
using Tsm.Protocol.Wallet;

using Tsm.Gateway.Regions;
using Tsm.Gateway.Security;
using Tsm.Gateway.Security.Wallets;
using Tsm.Gateway.Idempotency;

namespace Tsm.Gateway.Api;

/// <summary>A push the platform asks for (POST /admin/v1/pushes).</summary>
public sealed record PushOrder(string SeId, string? Msisdn, string Operation, string? ApplicationAid);

/// <summary>
/// Wake-up pushes (requirement 5.8.5): the platform asks for one, the wallet presents its serial. Also the MO messages
/// received. Access control for the admin routes comes with the management issue.
/// </summary>
public static class PushApi
{
    public static IEndpointRouteBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/admin/v1/pushes", Create).WithTags("Push").RequireAuthorization(Permissions.PushesSend).Idempotent()
            .WithSummary("Store a wake-up push and send it (requirement 5.8.5.2).")
            .Produces<PushRecord>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/admin/v1/pushes/{serial}", Get).WithTags("Push").RequireAuthorization(Permissions.PushesRead)
            .WithSummary("A push record: its operation and how far its SMS got.")
            .Produces<PushRecord>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/admin/v1/mo", QueryMo).WithTags("Push").RequireAuthorization(Permissions.PushesRead)
            .WithSummary("MO messages received, newest first, with what routing did.")
            .Produces<IReadOnlyList<MoRecord>>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapPost(WalletPaths.PushTemplate, Present).WithTags("Wallet").RequireAuthorization(Policies.Wallet)
            .WithSummary("The wallet presents a push serial for its own SE: starts (or returns) the push's task and returns its SERAM session.")
            .Produces<WalletOperationAccepted>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    private static async Task<IResult> Create(PushOrder? order, HttpContext context, PushService pushes, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (order is null)
            return Problems.Invalid(["The body must be a push order."]);
        if (order.SeId is not { Length: 20 } || !order.SeId.All(Uri.IsHexDigit))
            problems.Add("seId must be 20 hex digits.");
        if (!Enum.TryParse<OperationKind>(order.Operation, ignoreCase: true, out var kind) || int.TryParse(order.Operation, out _)
            || kind is not (OperationKind.Download or OperationKind.Delete or OperationKind.Lock or OperationKind.Unlock or OperationKind.Sync))
            problems.Add("operation must be download, delete, lock, unlock or sync.");
        if (kind != OperationKind.Sync && string.IsNullOrEmpty(order.ApplicationAid))
            problems.Add("applicationAid is required for this operation.");
        if (order.Msisdn is not null && (order.Msisdn.Length is < 5 or > 21 || !order.Msisdn.All(char.IsAsciiDigit)))
            problems.Add("msisdn must be 5 to 21 digits.");
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        return await Problems.Guard(async () =>
        {
            var push = await pushes.CreateAsync(new PushRequest(order.SeId, order.Msisdn, kind, order.ApplicationAid, null, "platform", context.IdempotencyKey()), cancellationToken);
            return Results.Accepted($"/admin/v1/pushes/{push.Serial}", push);
        });
    }

    private static async Task<IResult> Get(string serial, HttpContext context, PushStore store, RegionStore regions, CancellationToken cancellationToken)
    {
        // A regional operator sees the pushes of numbers homed in its region only (docs/security.md, "Regions").
        var scope = RegionScope.Of(context.User);
        return await store.GetAsync(serial.ToUpperInvariant(), cancellationToken) is { } push
               && (scope.IsNational || scope.Allows(await regions.HomeRegionOfAsync(push.Msisdn, cancellationToken)))
            ? Results.Ok(push)
            : Results.Problem(title: "Unknown push serial", detail: "No push has this serial.", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> QueryMo(string? source, int? limit, HttpContext context, MoRouter router, RegionStore regions, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000)
            return Problems.Invalid(["limit must be 1..1000."]);
        var prefixes = await ScopedNumbers.PrefixesAsync(context.User, regions, cancellationToken);
        return Results.Ok(await router.QueryAsync(source, take, cancellationToken, prefixes));
    }

    private static Task<IResult> Present(string serial, HttpContext context, PushService pushes, SeramSessions sessions, CancellationToken cancellationToken) =>
        Problems.Guard(async () =>
        {
            var wallet = WalletIdentity.Of(context.User)!;
            var presentation = await pushes.PresentAsync(serial.ToUpperInvariant(), cancellationToken);
            // A push for another SE is no business of this wallet's: as unknown as a serial that never was.
            if (!presentation.TaskId.SeId.Equals(wallet.SeId, StringComparison.OrdinalIgnoreCase))
                throw new RefusedException(RefusalCode.UnknownPushSerial, "No push has this serial.");
            return Results.Json(new WalletOperationAccepted { TaskId = presentation.TaskId.ToString(), SessionId = sessions.Issue(presentation.TaskId, wallet.Login) },
                WalletJsonContext.Default.WalletOperationAccepted);
        });
}
