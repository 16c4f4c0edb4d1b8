using System.Text.Json;
using Tsm.Gateway.Security;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Wallet;
using Tsm.Gateway.Idempotency;
using Tsm.Gateway.Regions;

namespace Tsm.Gateway.Api;

/// <summary>
/// Operations a business hall's staff make for a customer present at the counter (requirement 5.8.4.3: unlock is
/// theirs alone): the staff account is the proof of the channel, never a field a client fills in.
/// </summary>
public static class BusinessHallApi
{
    public const string Path = "/admin/v1/business-hall/operations";

    public static IEndpointRouteBuilder MapBusinessHallApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(Path, Submit).WithTags("Business hall").RequireAuthorization(Permissions.BusinessHallOperate).Idempotent()
            .WithSummary("Download, delete, lock, unlock or sync an application on a present customer's SE (requirement 5.8.4.3).")
            .Accepts<WalletOperationRequest>("application/json").Produces<BusinessHallAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> Submit(HttpRequest request, IGrainFactory grains, RegionStore regions)
    {
        WalletOperationRequest? operation;
        try
        {
            operation = JsonSerializer.Deserialize(await RequestBodies.ReadAsync(request), WalletJsonContext.Default.WalletOperationRequest);
        }
        catch (JsonException ex)
        {
            return Problems.Invalid([$"The body is not a valid operation: {JsonErrors.Describe(ex)}."]);
        }
        if (operation is null)
            return Problems.Invalid(["The body is empty."]);
        var problems = new List<string>(WalletValidation.Validate(operation));
        if (operation.SeId is null)
            problems.Add("seId: required.");
        if (operation.Msisdn is null)
            problems.Add("msisdn: required (the customer's number).");
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var kind = operation.Operation switch
        {
            WalletOperation.Download => OperationKind.Download,
            WalletOperation.Delete => OperationKind.Delete,
            WalletOperation.Lock => OperationKind.Lock,
            WalletOperation.Unlock => OperationKind.Unlock,
            _ => OperationKind.Sync,
        };
        // Staff of a regional hall serve the customers whose numbers are homed in its region (docs/security.md, "Regions").
        if (!await ScopedSes.AllowsNumberAsync(request.HttpContext.User, operation.Msisdn!, regions, request.HttpContext.RequestAborted))
            return Problems.OutsideRegion();
        return await Problems.Guard(async () =>
        {
            var spec = WalletOperations.Of(kind, operation.ApplicationAid);
            var ticket = await grains.GetGrain<ISeGrain>(operation.SeId!.ToUpperInvariant()).Submit(new OperationRequest(spec, TaskChannel.BusinessHall, operation.Msisdn!, RequestKey: request.HttpContext.IdempotencyKey()));
            // The customer's wallet runs the task at its next login (or a push wakes it).
            return Results.Accepted($"/admin/v1/tasks/{ticket.TaskId}", new BusinessHallAccepted(ticket.TaskId.ToString()));
        });
    }
}
