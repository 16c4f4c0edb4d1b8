namespace Tsm.Grains.Keys.Pkcs11;

/// <summary>What an import of the configured keys did: objects created and objects found already there with the same value.</summary>
public sealed record Pkcs11ImportResult(int Created, int Present);
