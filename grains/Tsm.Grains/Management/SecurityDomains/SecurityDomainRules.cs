using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Management;

/// <summary>
/// The rules of security-domain definitions (requirements 5.3.1–5.3.4; docs/management/security-domains.md): which
/// attributes are valid, who may decide an application, and what may still change once the SD exists on an SE.
/// </summary>
public static class SecurityDomainRules
{
    /// <summary>The attributes that may change after the SD was created on an SE (5.3.4).</summary>
    public static IReadOnlyList<string> EditableOnceCreated { get; } = ["deleteWithLastApplication", "keyUpdatePeriod"];

    /// <summary>Longest owner id: a provider id or <see cref="SecurityDomainDefinition.OperatorOwner"/>.</summary>
    public const int MaxOwnerLength = 64;

    /// <summary>Longest rejection reason.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>What is wrong with the attributes (5.3.1), one line per problem; empty when they are valid.</summary>
    public static IReadOnlyList<string> Check(SecurityDomainDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new List<string>();
        if (CheckOwner(definition.Owner) is { } owner)
            problems.Add(owner);
        if (definition.Mode is < 2 or > 4)
            problems.Add("mode: 2 (ISD-managed), 3 (DAP verification) or 4 (delegated management).");
        if (definition.FixedSpace is { } space && space is <= 0 or > 16 * 1024 * 1024)
            problems.Add("fixedSpace: 1 to 16777216 bytes, or absent for the shared space.");
        if (definition.FixedVolatileSpace is < 0 or > 65535)
            problems.Add("fixedVolatileSpace: 0 to 65535 bytes.");
        if (definition.FixedSpace is null && definition.FixedVolatileSpace != 0)
            problems.Add("fixedVolatileSpace: only with a fixedSpace (a shared-space SD reserves nothing).");
        if (definition.KeyVersion is < 0x01 or > 0x7F)
            problems.Add("keyVersion: 1 to 127 (0x01–0x7F).");
        if (definition.InitialKeyVersion is < 0x01 or > 0x7F)
            problems.Add("initialKeyVersion: 1 to 127 (0x01–0x7F).");
        if (definition.MaxFailedAuthentications is { } failures && failures is < 1 or > 255)
            problems.Add("maxFailedAuthentications: 1 to 255, or absent for the card's default.");
        if (definition.MaxKeys is { } keys && keys is < 1 or > 255)
            problems.Add("maxKeys: 1 to 255, or absent for the card's default.");
        if (definition.SecurityLevel is { } level && level is not (0x01 or 0x03))
            problems.Add("securityLevel: 1 (C-MAC) or 3 (C-MAC and C-DEC), or absent for the platform's default.");
        if (definition.KeyUpdatePeriod is { } period && (period < TimeSpan.FromDays(1) || period > TimeSpan.FromDays(3660)))
            problems.Add("keyUpdatePeriod: 1 day to 10 years (e.g. \"90.00:00:00\"), or absent for none.");
        if (!HexRange.IsHex(definition.LoadFileAid, 10, 32, evenDigits: true))
            problems.Add("loadFileAid: 5 to 16 bytes in hex.");
        if (!HexRange.IsHex(definition.ModuleAid, 10, 32, evenDigits: true))
            problems.Add("moduleAid: 5 to 16 bytes in hex.");
        return problems;
    }

    /// <summary>Why <paramref name="owner"/> cannot own an SD, or null: a provider id (letters, digits, '-', '_', '.') or "operator".</summary>
    public static string? CheckOwner(string? owner) =>
        string.IsNullOrWhiteSpace(owner) || owner.Length > MaxOwnerLength
        || !owner.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? $"owner: a service provider's id or \"{SecurityDomainDefinition.OperatorOwner}\" (1 to {MaxOwnerLength} letters, digits, '-', '_' or '.')."
            : null;

    /// <summary>The attributes <paramref name="after"/> changes from <paramref name="before"/>, by their API names.</summary>
    public static IReadOnlyList<string> Changes(SecurityDomainDefinition before, SecurityDomainDefinition after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        void Compare<T>(string name, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
                changes.Add(name);
        }

        Compare("owner", before.Owner.ToUpperInvariant(), after.Owner.ToUpperInvariant());
        Compare("mode", before.Mode, after.Mode);
        Compare("fixedSpace", before.FixedSpace, after.FixedSpace);
        Compare("fixedVolatileSpace", before.FixedVolatileSpace, after.FixedVolatileSpace);
        Compare("deleteWithLastApplication", before.DeleteWithLastApplication, after.DeleteWithLastApplication);
        Compare("keyVersion", before.KeyVersion, after.KeyVersion);
        Compare("initialKeyVersion", before.InitialKeyVersion, after.InitialKeyVersion);
        Compare("maxFailedAuthentications", before.MaxFailedAuthentications, after.MaxFailedAuthentications);
        Compare("maxKeys", before.MaxKeys, after.MaxKeys);
        Compare("securityLevel", before.SecurityLevel, after.SecurityLevel);
        Compare("keyUpdatePeriod", before.KeyUpdatePeriod, after.KeyUpdatePeriod);
        Compare("loadFileAid", before.LoadFileAid.ToUpperInvariant(), after.LoadFileAid.ToUpperInvariant());
        Compare("moduleAid", before.ModuleAid.ToUpperInvariant(), after.ModuleAid.ToUpperInvariant());
        return changes;
    }

    /// <summary>
    /// Refuses an edit (5.3.4) that changes anything but the deletion rule and the key-update period of an SD already
    /// created on an SE, and any edit of a rejected definition.
    /// </summary>
    public static void RequireEditable(SecurityDomainState state, bool createdOnSe, SecurityDomainDefinition before, SecurityDomainDefinition after)
    {
        ArgumentNullException.ThrowIfNull(before);
        if (state == SecurityDomainState.Rejected)
            throw new RefusedException(RefusalCode.SecurityDomainNotPending, $"Security domain {before.Aid} was rejected: apply for a new one instead of editing it.");
        if (!createdOnSe)
            return;
        var locked = Changes(before, after).Except(EditableOnceCreated).ToList();
        if (locked.Count > 0)
            throw new RefusedException(RefusalCode.SecurityDomainLocked,
                $"Security domain {before.Aid} has been created on an SE: only {string.Join(" and ", EditableOnceCreated)} may change, not {string.Join(", ", locked)}.");
    }

    /// <summary>Refuses the deletion of a definition whose SD has been created on an SE (5.3.4).</summary>
    public static void RequireDeletable(string aid, bool createdOnSe)
    {
        if (createdOnSe)
            throw new RefusedException(RefusalCode.SecurityDomainLocked,
                $"Security domain {aid} has been created on an SE: its definition cannot be deleted (only its deletion rule and key-update period may change).");
    }

    /// <summary>
    /// Refuses a decision (5.3.3) on a definition that is not pending, or by the account that applied for it: approval
    /// takes a second person.
    /// </summary>
    public static void RequireDecidable(string aid, SecurityDomainState state, string appliedBy, string decider)
    {
        if (state != SecurityDomainState.Pending)
            throw new RefusedException(RefusalCode.SecurityDomainNotPending, $"Security domain {aid} is {state.ToString().ToLowerInvariant()}, not pending: it was decided already.");
        if (string.Equals(appliedBy, decider, StringComparison.OrdinalIgnoreCase))
            throw new RefusedException(RefusalCode.SelfApproval, $"Security domain {aid} was applied for by {decider}: another account with security-domains.approve decides it.");
    }

    /// <summary>Why a rejection reason is not acceptable, or null.</summary>
    public static string? CheckReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength
            ? $"reason: why the application is rejected, 1 to {MaxReasonLength} characters."
            : null;
}
