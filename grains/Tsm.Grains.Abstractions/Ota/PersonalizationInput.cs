namespace Tsm.Grains.Ota;

/// <summary>Personalization data as the provider sends it (requirement 5.8.4.6).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.PersonalizationInput")]
public sealed record PersonalizationInput(
    [property: Id(0)] int Mode,
    [property: Id(1)] string? Data = null,
    [property: Id(2)] IReadOnlyList<string>? Commands = null)
{
    /// <summary>Shows the mode only: the data is the provider's (protected, but not for logs).</summary>
    public override string ToString() => $"personalization mode {Mode}";
}
