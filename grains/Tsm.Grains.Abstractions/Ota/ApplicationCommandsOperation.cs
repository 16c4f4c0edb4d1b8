namespace Tsm.Grains.Ota;

/// <summary>The provider's C-APDUs passed through to its application unchanged (requirement 5.7.1), 1 to 64 of them.</summary>
[GenerateSerializer, Immutable, Alias("Tsm.ApplicationCommandsOperation")]
public sealed record ApplicationCommandsOperation : ApplicationOperation
{
    public ApplicationCommandsOperation(string applicationAid, IReadOnlyList<string>? commands)
        : base(applicationAid)
    {
        Commands = OperationChecks.Commands(commands);
    }

    /// <summary>The C-APDUs, normalized to upper-case hex.</summary>
    [Id(0)] public IReadOnlyList<string> Commands { get; init; }

    public override OperationKind Kind => OperationKind.ApplicationCommands;
}
