namespace Tsm.Gateway.Api.Delegated;

/// <summary>Whether a token or receipt verified; for receipts, the card's Confirmation Counter.</summary>
public sealed record CheckResult(bool Valid, int? ConfirmationCounter = null);
