namespace Tsm.Simulator.Sim;

/// <summary>
/// A SIM's remote-management state (ETSI TS 102 225/TS 102 226), persisted with the card (<c>CardImage.Ota</c>): the
/// SCP80 key sets its RAM server (TAR 000000, the ISD) accepts and the minimum security it demands. Each key set
/// keeps its own replay counter (CNTR), stored after every accepted packet, so that a restart never re-opens an old
/// counter value.
/// </summary>
public sealed class OtaRecord
{
    public List<OtaKeySetRecord> KeySets { get; set; } = [];

    /// <summary>Minimum security level: ciphering required as well as the cryptographic checksum and a checked counter.</summary>
    public bool RequireCiphering { get; set; }
}

/// <summary>One SCP80 key set: its index (the KIc/KID high nibble), KIc and KID as hex, and its counter.</summary>
public sealed class OtaKeySetRecord
{
    /// <summary>Key index 1–15, as named by the high nibble of KIc and KID.</summary>
    public int KeyIndex { get; set; }

    public string Kic { get; set; } = "";

    public string Kid { get; set; } = "";

    /// <summary>The last accepted CNTR (5 bytes, so at most 2^40 − 1).</summary>
    public ulong Counter { get; set; }
}
