using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Simulator.Card;

// Registry look-ups and memory accounting (GP 2.2.1 §5.3; requirement 5.8.7.1).
public sealed partial class SimulatedCard
{
    private ApplicationRecord? FindIsd() => _image.Applications.FirstOrDefault(IsIsd);

    private static bool IsIsd(ApplicationRecord app) => app.SecurityDomain is { Mode: 1 } && app.AssociatedSd == app.Aid;

    private ApplicationRecord? FindApplication(string aid) =>
        _image.Applications.FirstOrDefault(a => a.Aid.Equals(aid, StringComparison.OrdinalIgnoreCase));

    private LoadFileRecord? FindLoadFile(string aid) =>
        _image.LoadFiles.FirstOrDefault(f => f.Aid.Equals(aid, StringComparison.OrdinalIgnoreCase));

    private static Privileges PrivilegesOf(ApplicationRecord app) => Privileges.Parse(Tsm.Protocol.Hex.Parse(app.Privileges));

    /// <summary>An SD may manage card content on its own: the ISD, or an SD with Authorized or Delegated Management (GP 2.2.1 §9.1).</summary>
    private bool MayManageContent(ApplicationRecord sd)
    {
        if (IsIsd(sd))
            return true;
        var privileges = PrivilegesOf(sd);
        return privileges.Has(Privileges.AuthorizedManagement) || privileges.Has(Privileges.DelegatedManagement);
    }

    /// <summary>The security domain whose fixed managed space pays for content associated with <paramref name="sdAid"/>, or null for the card's shared space.</summary>
    private ApplicationRecord? AccountOf(string sdAid)
    {
        var guard = 0;
        for (var sd = FindApplication(sdAid); sd is not null && guard++ < 64; sd = FindApplication(sd.AssociatedSd))
        {
            if (sd.SecurityDomain?.FixedNonVolatile is not null)
                return sd;
            if (sd.AssociatedSd == sd.Aid)
                break;
        }
        return null;
    }

    /// <summary>The account that pays for an SD's own fixed quota and instance: its parent's.</summary>
    private ApplicationRecord? ParentAccountOf(ApplicationRecord sd) =>
        sd.AssociatedSd == sd.Aid ? null : AccountOf(sd.AssociatedSd);

    private readonly record struct Space(long NonVolatile, long Volatile);

    /// <summary>Free space of an account (null = the card's shared space).</summary>
    private Space FreeSpace(ApplicationRecord? account)
    {
        long nvTotal, vTotal;
        if (account is null)
        {
            nvTotal = _image.Memory.NonVolatileTotal;
            vTotal = _image.Memory.VolatileTotal;
        }
        else
        {
            nvTotal = account.SecurityDomain!.FixedNonVolatile ?? 0;
            vTotal = account.SecurityDomain.FixedVolatile ?? 0;
        }
        long nvUsed = 0, vUsed = 0;
        foreach (var file in _image.LoadFiles.Where(f => !f.IsPlatform && SameAccount(AccountOf(f.AssociatedSd), account)))
            nvUsed += file.CodeSize;
        foreach (var app in _image.Applications)
        {
            var payer = app.IsSecurityDomain ? ParentAccountOf(app) : AccountOf(app.AssociatedSd);
            if (!SameAccount(payer, account) || IsIsd(app))
                continue;
            nvUsed += app.NonVolatileCharge + (app.SecurityDomain?.FixedNonVolatile ?? 0);
            vUsed += app.VolatileCharge + (app.SecurityDomain?.FixedVolatile ?? 0);
        }
        if (_image.PendingLoad is { } pending && SameAccount(AccountOf(pending.AssociatedSd), account))
            nvUsed += Math.Max(pending.ReceivedLength, pending.DeclaredCodeSize ?? 0);
        return new Space(nvTotal - nvUsed, vTotal - vUsed);
    }

    private static bool SameAccount(ApplicationRecord? a, ApplicationRecord? b) => ReferenceEquals(a, b);

    /// <summary>Everything associated with an SD, directly (GP 2.2.1 §5.3: every entry is associated with an SD).</summary>
    private IEnumerable<object> ContentOf(ApplicationRecord sd) =>
        _image.LoadFiles.Where(f => !f.IsPlatform && f.AssociatedSd == sd.Aid).Cast<object>()
            .Concat(_image.Applications.Where(a => a != sd && a.AssociatedSd == sd.Aid));
}
