namespace Tsm.Grains.Ota;

/// <summary>
/// Writes the registration data onto the SE (requirement 5.5.2): the bound number as BCD, the login token and the IMSI
/// digest, each hex. Made by the SE grain at login, never asked for by a caller.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.RegisterOperation")]
public sealed record RegisterOperation : OperationSpec
{
    public RegisterOperation(string msisdnBcd, string token, string imsiDigest)
    {
        MsisdnBcd = msisdnBcd;
        Token = token;
        ImsiDigest = imsiDigest;
    }

    [Id(0)] public string MsisdnBcd { get; init; }

    /// <summary>The login token in clear (hex): kept with the queued task only, never shown (see <see cref="ToString"/>).</summary>
    [Id(1)] public string Token { get; init; }

    [Id(2)] public string ImsiDigest { get; init; }

    public override OperationKind Kind => OperationKind.Register;

    /// <summary>Shows no registration data: the token is a secret.</summary>
    public override string ToString() => "RegisterOperation";
}
