using System.Text.Json;
using Tsm.Gateway.Idempotency;
using Tsm.Gateway.Security;
using Tsm.Gateway.Storage;
using Tsm.Grains.Ota;
using Tsm.Protocol;

namespace Tsm.Gateway.Api;

/// <summary>
/// The notices of the operator's business system (BOSS), authenticated by its own credential (docs/security.md,
/// "BOSS"; docs/ota.md, "Numbers that leave the network").
/// </summary>
public static class BossApi
{
    public const string Base = "/boss/v1";

    public static IEndpointRouteBuilder MapBossApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(Base).WithTags("BOSS").RequireAuthorization(Policies.Boss);
        group.MapPost("/number-departures", Depart).Idempotent()
            .WithSummary("A number left the network (requirement 5.5.6): the SEs bound to it are unbound now and may be registered to a new number.")
            .Accepts<NumberDeparture>("application/json").Produces<NumberDepartureRecorded>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<IResult> Depart(HttpRequest request, IGrainFactory grains, [Microsoft.AspNetCore.Mvc.FromServices] SeDirectory directory)
    {
        NumberDeparture? notice;
        try
        {
            notice = JsonSerializer.Deserialize(await RequestBodies.ReadAsync(request), BossJsonContext.Default.NumberDeparture);
        }
        catch (JsonException ex)
        {
            return Problems.Invalid([$"The body is not a number-departure notice: {JsonErrors.Describe(ex)}."]);
        }
        // The number as the SEs are bound to it: digits only, as the wallet registered it.
        if (notice?.Msisdn is not { Length: >= 5 and <= 15 } msisdn || !msisdn.All(char.IsAsciiDigit))
            return Problems.Invalid(["msisdn: required, 5 to 15 digits (no '+', as the SE is bound to it)."]);
        return await Problems.Guard(async () =>
        {
            var unbound = new List<string>();
            foreach (var seId in await directory.SeIdsOfAsync(msisdn, request.HttpContext.RequestAborted))
            {
                if (await grains.GetGrain<ISeGrain>(seId).EndBinding(msisdn))
                    unbound.Add(seId);
            }
            return TypedResults.Ok(new NumberDepartureRecorded(msisdn, unbound));
        });
    }
}
