using System.Security.Claims;

namespace Tsm.Gateway.Security.Wallets;

/// <summary>Who a wallet token speaks for: the SE, the number, the login and the refresh generation.</summary>
public sealed record WalletIdentity(string SeId, string Msisdn, string Login, int Generation)
{
    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var identity = new ClaimsIdentity(scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, SeId));
        identity.AddClaim(new Claim(TsmClaims.SeId, SeId));
        identity.AddClaim(new Claim(TsmClaims.Msisdn, Msisdn));
        identity.AddClaim(new Claim(TsmClaims.Login, Login));
        identity.AddClaim(new Claim(TsmClaims.Generation, Generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The wallet a principal of the wallet scheme stands for; null when it is not one.</summary>
    public static WalletIdentity? Of(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var seId = principal.FindFirst(TsmClaims.SeId)?.Value;
        var msisdn = principal.FindFirst(TsmClaims.Msisdn)?.Value;
        var login = principal.FindFirst(TsmClaims.Login)?.Value;
        if (seId is null || msisdn is null || login is null
            || !int.TryParse(principal.FindFirst(TsmClaims.Generation)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var generation))
            return null;
        return new WalletIdentity(seId, msisdn, login, generation);
    }
}
