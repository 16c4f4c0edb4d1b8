using System.Globalization;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>
/// The attributes of an SD application (POST) or of an edit (PATCH: a field left out keeps its value). Requirement 5.3.1;
/// "none" values: fixedSpace 0 = the shared space, keyUpdatePeriod "none" = no periodic update, 0 for
/// maxFailedAuthentications, maxKeys and securityLevel = the default.
/// </summary>
public sealed record SecurityDomainBody
{
    /// <summary>A service provider's id, or "operator".</summary>
    public string? Owner { get; init; }

    public int? Mode { get; init; }

    public long? FixedSpace { get; init; }

    public int? FixedVolatileSpace { get; init; }

    public bool? DeleteWithLastApplication { get; init; }

    public int? KeyVersion { get; init; }

    public int? InitialKeyVersion { get; init; }

    public int? MaxFailedAuthentications { get; init; }

    public int? MaxKeys { get; init; }

    public int? SecurityLevel { get; init; }

    /// <summary>A period such as "90.00:00:00", or "none".</summary>
    public string? KeyUpdatePeriod { get; init; }

    public string? LoadFileAid { get; init; }

    public string? ModuleAid { get; init; }

    /// <summary>The body's values over <paramref name="current"/>; a value that does not fit its type is added to <paramref name="problems"/>.</summary>
    public SecurityDomainDefinition Over(SecurityDomainDefinition current, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(problems);
        return current with
        {
            Owner = Owner?.Trim() ?? current.Owner,
            Mode = Mode ?? current.Mode,
            FixedSpace = FixedSpace is { } space ? (space == 0 ? null : space) : current.FixedSpace,
            FixedVolatileSpace = FixedVolatileSpace ?? current.FixedVolatileSpace,
            DeleteWithLastApplication = DeleteWithLastApplication ?? current.DeleteWithLastApplication,
            KeyVersion = Byte(KeyVersion, "keyVersion", problems) ?? current.KeyVersion,
            InitialKeyVersion = Byte(InitialKeyVersion, "initialKeyVersion", problems) ?? current.InitialKeyVersion,
            MaxFailedAuthentications = MaxFailedAuthentications is { } failures ? (failures == 0 ? null : failures) : current.MaxFailedAuthentications,
            MaxKeys = MaxKeys is { } keys ? (keys == 0 ? null : keys) : current.MaxKeys,
            SecurityLevel = SecurityLevel is { } level ? (level == 0 ? null : Byte(level, "securityLevel", problems)) : current.SecurityLevel,
            KeyUpdatePeriod = KeyUpdatePeriod is { } period ? Period(period, problems) : current.KeyUpdatePeriod,
            LoadFileAid = LoadFileAid?.Trim() ?? current.LoadFileAid,
            ModuleAid = ModuleAid?.Trim() ?? current.ModuleAid,
        };
    }

    private static byte? Byte(int? value, string name, List<string> problems)
    {
        if (value is null)
            return null;
        if (value is >= 0 and <= 255)
            return (byte)value.Value;
        problems.Add($"{name}: 0 to 255.");
        return null;
    }

    private static TimeSpan? Period(string text, List<string> problems)
    {
        if (text.Trim().Length == 0 || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
            return null;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var period))
            return period;
        problems.Add("keyUpdatePeriod: a period such as \"90.00:00:00\" (days.hours:minutes:seconds), or \"none\".");
        return null;
    }
}
