namespace Tsm.Grains.Catalogue;

/// <summary>An SE batch (批次, requirement 5.8.1): a SEID range and what every card of it shares.</summary>
public sealed record SeBatch
{
    public required string Id { get; init; }

    /// <summary>First and last SEID of the range (hex, same length), inclusive.</summary>
    public required string SeIdFrom { get; init; }

    public required string SeIdTo { get; init; }

    /// <summary>Reference of the ISD master key in the key service (never the key itself).</summary>
    public required string MasterKeyRef { get; init; }

    /// <summary>
    /// Master keys of other ISD key versions (KVN, hex "20" → reference), for a rotation across the batch (requirement
    /// 5.8.9.3): while it runs, cards hold either version and the platform uses the one each card reports. The
    /// highest KVN here is the rotation's target; <see cref="MasterKeyRef"/> belongs to <see cref="KeyVersion"/>.
    /// </summary>
    public Dictionary<string, string> MasterKeyRefs { get; init; } = [];

    /// <summary>The master key reference for a key version, or null when the batch has none for it.</summary>
    public string? MasterKeyRefFor(byte keyVersion)
    {
        if (keyVersion == KeyVersion)
            return MasterKeyRef;
        foreach (var (kvn, reference) in MasterKeyRefs)
        {
            if (byte.TryParse(kvn, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var v) && v == keyVersion)
                return reference;
        }
        return null;
    }

    /// <summary>The ISD key version cards of the batch should end up with: the highest one with a master key.</summary>
    public byte TargetKeyVersion =>
        MasterKeyRefs.Keys
            .Select(k => byte.TryParse(k, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : (byte)0)
            .Append(KeyVersion)
            .Max();

    public KeyDerivation Derivation { get; init; } = KeyDerivation.Emv;

    public byte KeyVersion { get; init; } = 0x01;

    public byte ScpI { get; init; } = 0x15;

    /// <summary>The security level of secure channels for this (01 or 03; requirement 5.8.9.2); null = the platform's default.</summary>
    public byte? SecurityLevel { get; init; }

    public string IsdAid { get; init; } = "A0000001510000";

    public string Chip { get; init; } = "";

    public string Cms2acVersion { get; init; } = "";

    public string JavaCardVersion { get; init; } = "";

    public long InitialNonVolatile { get; init; } = 512 * 1024;

    public int InitialVolatile { get; init; } = 8 * 1024;

    /// <summary>Applications preset on every card of the batch (by application AID).</summary>
    public IReadOnlyList<string> PresetApplications { get; init; } = [];

    /// <summary>Supplementary SDs preset on every card of the batch (by AID), already personalized with the batch's keys.</summary>
    public IReadOnlyList<string> PresetSecurityDomains { get; init; } = [];

    public bool Contains(string seId) =>
        seId.Length == SeIdFrom.Length
        && string.Compare(seId, SeIdFrom, StringComparison.OrdinalIgnoreCase) >= 0
        && string.Compare(seId, SeIdTo, StringComparison.OrdinalIgnoreCase) <= 0;
}
