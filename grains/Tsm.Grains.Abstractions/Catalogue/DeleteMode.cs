namespace Tsm.Grains.Catalogue;

/// <summary>What deleting an application removes (requirement 5.4.6).</summary>
public enum DeleteMode
{
    /// <summary>Instances and their load files.</summary>
    Full,

    /// <summary>Instances only; the code stays on the SE.</summary>
    InstanceOnly,
}
