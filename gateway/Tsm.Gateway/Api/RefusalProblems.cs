using Tsm.Grains.Ota;

namespace Tsm.Gateway.Api;

/// <summary>
/// The one table from domain refusals to HTTP: each <see cref="RefusalCode"/> with its status and problem title
/// (docs/architecture.md "Refusals"). A test checks every code has a row.
/// </summary>
public static class RefusalProblems
{
    public static (int Status, string Title) Of(RefusalCode code) => code switch
    {
        RefusalCode.BadCommands => (400, "Bad commands"),
        RefusalCode.BadKeyVersion => (400, "Bad key version"),
        RefusalCode.BadKeySet => (400, "Bad key set"),
        RefusalCode.BadKekData => (400, "Bad KEK data"),
        RefusalCode.BadTransportKeyData => (400, "Bad TK data"),
        RefusalCode.BadPersonalizationData => (400, "Bad personalization data"),
        RefusalCode.BadPersonalizationMode => (400, "Bad personalization mode"),
        RefusalCode.PersonalizationMissing => (400, "Personalization missing"),
        RefusalCode.KeysMissing => (400, "Keys missing"),
        RefusalCode.KeysNotExpected => (400, "Keys not expected"),
        RefusalCode.SecurityDomainNotNamed => (400, "Security domain missing"),
        RefusalCode.ApplicationNotNamed => (400, "Application missing"),
        RefusalCode.ServiceProviderNotNamed => (400, "No service provider"),
        RefusalCode.MalformedResponse => (400, "Malformed R-APDU"),
        RefusalCode.TooManyResponses => (400, "Report does not match the order"),
        RefusalCode.MalformedPushSerial => (400, "Malformed push serial"),
        RefusalCode.TokenMismatch => (401, "Token mismatch"),
        RefusalCode.NotRegisteredToCaller => (403, "Not registered"),
        RefusalCode.NotYourApplication => (403, "Not your application"),
        RefusalCode.NotASubscriber => (403, "Not a subscriber"),
        RefusalCode.BusinessHallOnly => (403, "Business hall only"),
        RefusalCode.NotYourSecurityDomain => (403, "Not your security domain"),
        RefusalCode.UnknownSe => (404, "Unknown SE"),
        RefusalCode.UnknownApplication => (404, "Unknown application"),
        RefusalCode.UnknownTask => (404, "Unknown task"),
        RefusalCode.UnknownSession => (404, "Unknown session"),
        RefusalCode.UnknownSecurityDomain => (404, "Unknown security domain"),
        RefusalCode.UnknownPushSerial => (404, "Unknown push serial"),
        RefusalCode.UnknownBatch => (404, "Unknown SE batch"),
        RefusalCode.SeNotRegistered => (409, "SE not registered"),
        RefusalCode.SeLost => (409, "SE reported lost"),
        RefusalCode.ApplicationNotPublished => (409, "Application not published"),
        RefusalCode.BatchNotSupported => (409, "SE batch not supported"),
        RefusalCode.ApplicationBlocked => (409, "Application blocked"),
        RefusalCode.AlreadyDownloaded => (409, "Already downloaded"),
        RefusalCode.NotOnSe => (409, "Not on the SE"),
        RefusalCode.CannotLock => (409, "Cannot lock"),
        RefusalCode.CannotUnlock => (409, "Cannot unlock"),
        RefusalCode.CannotPersonalize => (409, "Cannot personalize"),
        RefusalCode.CannotActivate => (409, "Cannot activate"),
        RefusalCode.ApplicationNotUsable => (409, "Application not usable"),
        RefusalCode.NotEnoughSpace => (409, "Not enough space"),
        RefusalCode.SecurityDomainExists => (409, "Security domain exists"),
        RefusalCode.SecurityDomainNotOnSe => (409, "Security domain not on the SE"),
        RefusalCode.SecurityDomainNotCreated => (409, "Security domain missing"),
        RefusalCode.SecurityDomainBusy => (409, "Security domain busy"),
        RefusalCode.SecurityDomainNotEmpty => (409, "Security domain not empty"),
        RefusalCode.IsdNotDeletable => (409, "The ISD cannot be deleted"),
        RefusalCode.KeysUpToDate => (409, "Keys up to date"),
        RefusalCode.KeyUpdateQueued => (409, "Key update queued"),
        RefusalCode.KeysNotHeld => (409, "Keys not held by the platform"),
        RefusalCode.ModeOneOnly => (409, "Mode 1 only"),
        RefusalCode.NoPersonalizationTemplate => (409, "No personalization template"),
        RefusalCode.ReplayedReport => (409, "Replayed report"),
        RefusalCode.ReportOutOfOrder => (409, "Report does not match the order"),
        RefusalCode.UnknownPushOperation => (409, "Unknown push operation"),
        RefusalCode.PushSerialUsed => (410, "Push serial already used"),
        RefusalCode.PushSerialExpired => (410, "Push serial expired"),
        _ => (409, "Refused"),
    };
}
