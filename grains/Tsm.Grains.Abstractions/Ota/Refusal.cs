namespace Tsm.Grains.Ota;

/// <summary>A domain refusal: what is wrong (<see cref="Code"/>) and a sentence for the caller (<see cref="Detail"/>, never a secret).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.Refusal")]
public sealed record Refusal([property: Id(0)] RefusalCode Code, [property: Id(1)] string Detail)
{
    /// <summary>The exception that carries this refusal out of a grain call.</summary>
    public RefusedException AsException() => new(this);

    public override string ToString() => $"{Code}: {Detail}";
}
