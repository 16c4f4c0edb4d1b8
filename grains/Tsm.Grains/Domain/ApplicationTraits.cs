namespace Tsm.Grains.Domain;

/// <summary>What the catalogue says of an application that its life cycle depends on (docs/requirements.md 5.4.2, 5.8.7.2).</summary>
public readonly record struct ApplicationTraits(bool NeedsPersonalization, bool NeedsActivation);
