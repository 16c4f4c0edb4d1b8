namespace Tsm.Gateway.Management.Applications;

/// <summary>A rejection: why (kept with the application).</summary>
public sealed record RejectBody(string? Reason);

/// <summary>A test result on a test number: which batches and platform versions passed (none: the test failed).</summary>
public sealed record TestBody(string? Msisdn, string? SeId, IReadOnlyList<string>? Batches, IReadOnlyList<string>? Versions, bool Passed, string? Note);

/// <summary>Publication: to these batches (each passed in a test), optionally only to these MSISDNs.</summary>
public sealed record PublishBody(IReadOnlyList<string>? Batches, IReadOnlyList<string>? UserList);
