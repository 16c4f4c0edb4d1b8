namespace Tsm.Grains.Ota;

/// <summary>
/// Personalizes the application (requirement 5.8.4.6): mode 1 passes the provider's C-APDUs through; modes 2 and 3
/// carry DGIs under the provider's transport key, checked against the application's template when accepted.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.PersonalizeOperation")]
public sealed record PersonalizeOperation : ApplicationOperation
{
    public PersonalizeOperation(string applicationAid, PersonalizationInput input)
        : base(applicationAid)
    {
        Input = OperationChecks.Personalization(input);
    }

    [Id(0)] public PersonalizationInput Input { get; init; }

    public override OperationKind Kind => OperationKind.Personalize;
}
