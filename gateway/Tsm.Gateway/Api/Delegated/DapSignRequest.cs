namespace Tsm.Gateway.Api.Delegated;

/// <summary>Ask the platform to sign a load file data block hash (SHA-1, hex) for a DAP-mode SD whose DAP key it holds.</summary>
public sealed record DapSignRequest(string? SecurityDomainAid, string? LoadFileDataBlockHash);
