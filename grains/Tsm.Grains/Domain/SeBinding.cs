namespace Tsm.Grains.Domain;

/// <summary>
/// What the platform knows of an SE's binding when a wallet logs in (requirement 5.5.2): the number it is bound to
/// (null before the first login), whether the registration was written to the card, when its token was issued, and
/// the operator's lists: the SE on the loss list, its number retired (left the network).
/// </summary>
public sealed record SeBinding(string? Msisdn, bool Registered, DateOnly? TokenIssued, bool Lost = false, bool NumberRetired = false);
