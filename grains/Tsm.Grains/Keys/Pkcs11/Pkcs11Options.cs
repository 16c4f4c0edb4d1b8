namespace Tsm.Grains.Keys.Pkcs11;

/// <summary>
/// The PKCS#11 token of the key service (section <c>KeyService:Pkcs11</c>, docs/key-service.md). The PIN is never logged
/// or shown: <see cref="ToString"/> and every validation message name the library and token only.
/// </summary>
public sealed class Pkcs11Options
{
    /// <summary>The PKCS#11 module, e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c> or the HSM vendor's library.</summary>
    public string Library { get; set; } = "";

    /// <summary>The label of the token (partition) holding the platform's keys.</summary>
    public string TokenLabel { get; set; } = "";

    /// <summary>The user PIN. Prefer <see cref="PinFile"/> or the environment (<c>KeyService__Pkcs11__Pin</c>).</summary>
    public string? Pin { get; set; }

    /// <summary>A file holding the user PIN (surrounding white space ignored), readable by the gateway's user only.</summary>
    public string? PinFile { get; set; }

    /// <summary>
    /// The prefix of the platform's object labels (<c>{prefix}:master:{ref}</c>, …): several platforms or test gateways may
    /// share one token without seeing each other's keys.
    /// </summary>
    public string LabelPrefix { get; set; } = "tsm";

    /// <summary>
    /// Whether the service imports the configured keys (storage key, master keys, transport keys, provider keys) into the
    /// token when it starts: keys already there with the same key check value are left alone, a different one is refused.
    /// </summary>
    public bool ImportConfiguredKeys { get; set; }

    /// <summary>
    /// Master key references that are not master keys but a batch's own card keys (derivation <c>None</c>): the engine
    /// receives them as they are, so they are imported extractable. Batches with derivation <c>None</c> in configuration
    /// are added by the gateway; every other master key is imported sensitive and never leaves the token.
    /// </summary>
    public List<string> UndiversifiedKeys { get; set; } = [];

    /// <summary>What is wrong with these options (empty when they can be used); the PIN is never quoted.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Library))
            problems.Add("KeyService:Pkcs11:Library must name the PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so).");
        else if (!File.Exists(Library))
            problems.Add($"KeyService:Pkcs11:Library: {Library} does not exist.");
        if (string.IsNullOrWhiteSpace(TokenLabel))
            problems.Add("KeyService:Pkcs11:TokenLabel must name the token holding the platform's keys.");
        var hasPin = !string.IsNullOrEmpty(Pin);
        var hasFile = !string.IsNullOrWhiteSpace(PinFile);
        if (hasPin == hasFile)
            problems.Add("Set exactly one of KeyService:Pkcs11:Pin (best from the environment, KeyService__Pkcs11__Pin) and KeyService:Pkcs11:PinFile.");
        if (string.IsNullOrWhiteSpace(LabelPrefix) || LabelPrefix.Contains(':', StringComparison.Ordinal))
            problems.Add("KeyService:Pkcs11:LabelPrefix must be a non-empty word without ':'.");
        return problems;
    }

    /// <summary>The user PIN, from <see cref="Pin"/> or <see cref="PinFile"/>.</summary>
    /// <exception cref="KeyServiceException">The file is missing, readable by other users, or empty.</exception>
    public string ReadPin()
    {
        if (!string.IsNullOrEmpty(Pin))
            return Pin;
        var path = PinFile ?? throw new KeyServiceException("KeyService:Pkcs11 has neither Pin nor PinFile.");
        if (!File.Exists(path))
            throw new KeyServiceException($"KeyService:Pkcs11:PinFile: {path} does not exist.");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            throw new KeyServiceException($"KeyService:Pkcs11:PinFile: {path} may be read by every user; make it readable by the gateway's user only (chmod 400).");
        var pin = File.ReadAllText(path).Trim();
        return pin.Length > 0 ? pin : throw new KeyServiceException($"KeyService:Pkcs11:PinFile: {path} is empty.");
    }

    /// <summary>Names the module and token; never the PIN.</summary>
    public override string ToString() => $"PKCS#11 token '{TokenLabel}' of {Library}";
}
