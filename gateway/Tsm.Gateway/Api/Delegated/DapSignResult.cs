namespace Tsm.Gateway.Api.Delegated;

/// <summary>The DAP signature and the whole DAP block (E2 { 4F AID, C3 signature }) as hex.</summary>
public sealed record DapSignResult(string Signature, string DapBlock);
