using Microsoft.AspNetCore.Authorization;

namespace Tsm.Gateway.Security.Wallets;

/// <summary>
/// The SERAM endpoints' requirement: the <c>sessionId</c> query parameter is a session issued to the wallet login of
/// the access token, for a task of the token's SE.
/// </summary>
public sealed class SeramSessionRequirement : AuthorizationHandler<SeramSessionRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SeramSessionRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Resource is HttpContext http && WalletIdentity.Of(context.User) is { } wallet
            && http.RequestServices.GetRequiredService<SeramSessions>().TryOpen(http.Request.Query["sessionId"], wallet.Login, out var task)
            && string.Equals(task.SeId, wallet.SeId, StringComparison.OrdinalIgnoreCase))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
