namespace Tsm.Grains.Domain;

/// <summary>
/// The one-time code last sent to prove a number for an SE's registration (docs/security.md, "Wallets"): only its
/// hash is kept, with the number, when it stops being valid and how many wrong codes were tried.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.RegistrationCode")]
public sealed record RegistrationCode(
    [property: Id(0)] string Msisdn,
    [property: Id(1)] byte[] Hash,
    [property: Id(2)] DateTimeOffset ValidUntil,
    [property: Id(3)] int WrongTries,
    [property: Id(4)] DateTimeOffset WindowStart,
    [property: Id(5)] int SentInWindow);
