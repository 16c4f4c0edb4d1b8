using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Domain;

/// <summary>
/// What the catalogue lets an SE's user have (requirements 5.4.1, 5.4.4, 5.4.5, 5.6.6, 5.8.4.1; docs/management.md,
/// "Downloads"): the application's life-cycle state, its batches, user list and provinces, its issuance mode and its provider's
/// standing decide whether a task may put it on the SE or bring it into use. Deleting and locking are never refused here.
/// </summary>
public static class CatalogueOffer
{
    /// <summary>Why a task of <paramref name="kind"/> may not run for <paramref name="app"/> on this SE; null when it may.</summary>
    public static Refusal? Check(OperationKind kind, ApplicationDefinition app, SeBatch batch, OfferTarget se)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(se);
        if (kind is not (OperationKind.Download or OperationKind.Personalize or OperationKind.Unlock))
            return null;
        if (se.ProviderBlocked)
            return new Refusal(RefusalCode.ProviderBlacklisted, "The application's service provider is blacklisted: its applications cannot be downloaded, installed or unlocked; they can be deleted or locked.");
        if (kind != OperationKind.Download)
            return null;
        if (app.Issuance == IssuanceMode.PersonalizePreset && !batch.PresetApplications.Contains(app.Aid, StringComparer.OrdinalIgnoreCase))
            return new Refusal(RefusalCode.PresetOnly, $"The application is issued by personalizing its preset instance, and SE batch {batch.Id} does not preset it.");
        if (!Downloadable(app.Status, se.TestNumber))
            return new Refusal(RefusalCode.ApplicationNotPublished, app.Status is ApplicationStatus.Archiving or ApplicationStatus.Archived
                ? "The application is being archived: it takes no new downloads."
                : "Only published applications can be downloaded (reviewed and tested ones on test numbers only).");
        if (app.Batches.Count > 0 && !app.Batches.Contains(batch.Id, StringComparer.OrdinalIgnoreCase))
            return new Refusal(RefusalCode.BatchNotSupported, $"The application does not support SE batch {batch.Id}.");
        if (app.UserList.Count > 0 && !se.TestNumber && !app.UserList.Contains(se.Msisdn, StringComparer.Ordinal))
            return new Refusal(RefusalCode.NotInUserList, "The application is published to a list of users this number is not on.");
        if (!InScope(app, se))
            return new Refusal(RefusalCode.OutsideApplicationScope, se.HomeProvince is { } home
                ? $"The application is provincial ({string.Join(", ", app.Provinces)}); this number is homed in province {home}."
                : $"The application is provincial ({string.Join(", ", app.Provinces)}); this number's province is not known (no number segment matches it).");
        return null;
    }

    /// <summary>
    /// Requirement 5.4.1: a national application (no provinces) goes anywhere; a provincial one only to numbers homed in
    /// one of its provinces. Test numbers are exempt, as from user lists: testers test from wherever they are.
    /// </summary>
    public static bool InScope(ApplicationDefinition app, OfferTarget se)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(se);
        return app.Provinces.Count == 0 || se.TestNumber
            || se.HomeProvince is { } home && app.Provinces.Contains(home, StringComparer.Ordinal);
    }

    /// <summary>Whether a wallet is offered the application for download: what <see cref="Check"/> allows, published ones only.</summary>
    public static bool Offered(ApplicationDefinition app, SeBatch? batch, OfferTarget se)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(se);
        return app.Status == ApplicationStatus.Published
            && !se.ProviderBlocked
            && (batch is null || app.Batches.Count == 0 || app.Batches.Contains(batch.Id, StringComparer.OrdinalIgnoreCase))
            && (app.UserList.Count == 0 || app.UserList.Contains(se.Msisdn, StringComparer.Ordinal))
            && InScope(app, se);
    }

    private static bool Downloadable(ApplicationStatus status, bool testNumber) => status switch
    {
        ApplicationStatus.Published => true,
        ApplicationStatus.Reviewed or ApplicationStatus.Tested => testNumber,
        _ => false,
    };
}
