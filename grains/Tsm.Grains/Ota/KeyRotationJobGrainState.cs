namespace Tsm.Grains.Ota;

[GenerateSerializer, Alias("Tsm.KeyRotationJobGrainState")]
public sealed class KeyRotationJobGrainState
{
    /// <summary>The job's progress; null until it is started.</summary>
    [Id(0)] public KeyRotationProgress? Progress { get; set; }

    /// <summary>The last SEID of the last page done: the next page starts after it.</summary>
    [Id(1)] public string? Cursor { get; set; }
}
