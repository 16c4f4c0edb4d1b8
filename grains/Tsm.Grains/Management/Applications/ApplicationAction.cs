namespace Tsm.Grains.Management.Applications;

/// <summary>What an operator does to an application version (requirement 5.4.4; docs/management/applications.md).</summary>
public enum ApplicationAction
{
    /// <summary>The review found it fit: initial → reviewed.</summary>
    Approve,

    /// <summary>The review found it unfit: back to initial, the reason kept.</summary>
    Reject,

    /// <summary>A test on a test number passed on some batches: reviewed → tested.</summary>
    PassTest,

    /// <summary>A test failed: recorded, the state stays.</summary>
    FailTest,

    /// <summary>Offered to wallets on chosen batches: tested → published.</summary>
    Publish,

    /// <summary>No new downloads: published → archiving.</summary>
    Archive,

    /// <summary>Gone from the catalogue: archiving → archived.</summary>
    FinishArchiving,
}
