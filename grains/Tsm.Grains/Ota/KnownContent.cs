namespace Tsm.Grains.Ota;

/// <summary>What the platform believes is on the card for the task's application when the task starts or resumes.</summary>
public sealed record KnownContent(bool LoadFilePresent, IReadOnlySet<string> Instances);
