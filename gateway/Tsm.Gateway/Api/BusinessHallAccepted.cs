namespace Tsm.Gateway.Api;

/// <summary>A business-hall operation accepted: its task, which the customer's wallet runs at its next login.</summary>
public sealed record BusinessHallAccepted(string TaskId);
