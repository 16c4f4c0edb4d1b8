namespace Tsm.Grains.Ota;

/// <summary>What the engine learnt about the card during a task, for the SE grain to record.</summary>
[GenerateSerializer, Immutable, Alias("Tsm.CardFacts")]
public sealed record CardFacts
{
    [Id(0)] public long? FreeNonVolatile { get; init; }

    [Id(1)] public long? FreeVolatile { get; init; }

    [Id(2)] public string? Cplc { get; init; }

    [Id(3)] public byte? KeyVersion { get; init; }

    [Id(4)] public ushort? SequenceCounter { get; init; }

    /// <summary>Load file AID → its module AIDs, as GET STATUS reported (null = not read).</summary>
    [Id(5)] public IReadOnlyDictionary<string, IReadOnlyList<string>>? LoadFiles { get; init; }

    /// <summary>Instance AID → life cycle byte, as GET STATUS reported (null = not read).</summary>
    [Id(6)] public IReadOnlyDictionary<string, byte>? Instances { get; init; }

    /// <summary>Key set versions of the ISD, as GET DATA E0 reported (null = not read).</summary>
    [Id(7)] public IReadOnlyList<byte>? KeyVersions { get; init; }

    /// <summary>The key version the task's SD holds at its end (key update, create), when the task learnt it.</summary>
    [Id(8)] public byte? SecurityDomainKeyVersion { get; init; }

    /// <summary>Whether the task's SD is personalized at its end (create, key update).</summary>
    [Id(9)] public bool? SecurityDomainPersonalized { get; init; }

    /// <summary>The task deleted its SD (an SD delete, or a delete of the SD's last application under its deletion rule).</summary>
    [Id(10)] public bool? SecurityDomainDeleted { get; init; }

    /// <summary>A delete removed the application's instances but its load file stays (other instances of it remain).</summary>
    [Id(11)] public bool? LoadFileKept { get; init; }
}
