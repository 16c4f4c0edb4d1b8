namespace Tsm.Gateway.Management.Applications;

/// <summary>One test of an application version on a test number (requirement 5.4.4): which batches and versions passed.</summary>
public sealed record ApplicationTestResult
{
    /// <summary>The test SE's MSISDN; a registered test number, never a customer's.</summary>
    public string Msisdn { get; init; } = "";

    public string SeId { get; init; } = "";

    /// <summary>The SE batches the application passed on.</summary>
    public IReadOnlyList<string> Batches { get; init; } = [];

    /// <summary>The platform versions it passed on ("JC 3.0.4", "CMS2AC 1.0").</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];

    public bool Passed { get; init; }

    public string Note { get; init; } = "";

    public string Tester { get; init; } = "";

    public DateTimeOffset At { get; init; }
}
