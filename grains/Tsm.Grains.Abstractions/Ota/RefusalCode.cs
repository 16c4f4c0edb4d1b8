namespace Tsm.Grains.Ota;

/// <summary>
/// Why the domain refused a request. The domain says what is wrong; the gateway alone decides how each code is
/// answered over HTTP (its refusal table), so no grain names a status code.
/// </summary>
public enum RefusalCode
{
    // The request itself is malformed or incomplete.
    BadCommands,
    BadKeyVersion,
    BadKeySet,
    BadKekData,
    BadTransportKeyData,
    BadPersonalizationData,
    BadPersonalizationMode,
    PersonalizationMissing,
    KeysMissing,
    KeysNotExpected,
    SecurityDomainNotNamed,
    ApplicationNotNamed,
    ServiceProviderNotNamed,
    MalformedResponse,
    TooManyResponses,
    MalformedPushSerial,

    // The caller is not who the SE knows.
    TokenMismatch,
    MsisdnNotProven,
    RegistrationCodeInvalid,
    WalletAccessRevoked,

    // The caller may not do this.
    NotRegisteredToCaller,
    NotYourApplication,
    NotASubscriber,
    BusinessHallOnly,
    NotYourSecurityDomain,

    // Nothing by that name.
    UnknownSe,
    UnknownApplication,
    UnknownTask,
    UnknownSession,
    UnknownSecurityDomain,
    UnknownPushSerial,
    UnknownBatch,

    // The state of the SE, the application or the SD does not allow it now.
    SeNotRegistered,
    RegistrationRunning,
    RegistrationCodeLimit,
    SeLost,
    ApplicationNotPublished,
    ProviderBlacklisted,
    NotInUserList,
    OutsideApplicationScope,
    PresetOnly,
    BatchNotSupported,
    ApplicationBlocked,
    AlreadyDownloaded,
    NotOnSe,
    CannotLock,
    CannotUnlock,
    CannotPersonalize,
    CannotActivate,
    ApplicationNotUsable,
    NotEnoughSpace,
    SecurityDomainExists,
    SecurityDomainNotOnSe,
    SecurityDomainNotCreated,
    SecurityDomainBusy,
    SecurityDomainNotEmpty,
    IsdNotDeletable,
    KeysUpToDate,
    KeyUpdateQueued,
    KeysNotHeld,
    ModeOneOnly,
    NoPersonalizationTemplate,
    ReplayedReport,
    ReportOutOfOrder,
    UnknownPushOperation,

    // Management plane: security-domain definitions, SE batches, test numbers (docs/management/security-domains.md, batches.md).
    SelfApproval,
    SecurityDomainNotPending,
    SecurityDomainLocked,
    AidRangeExhausted,
    BatchExists,
    BatchRangeOverlap,
    BatchHasSes,
    UnknownMasterKey,
    TestNumberExists,
    UnknownTestNumber,

    // Application catalogue (requirements 5.4.1–5.4.4; docs/management/applications.md).
    ApplicationManifestInvalid,
    CapRefused,
    CapInconsistent,
    ApplicationVersionExists,
    ApplicationTransitionRefused,
    NotATestNumber,
    SecurityDomainNotUsable,
    LibraryExists,

    // Gone for good.
    PushSerialUsed,
    PushSerialExpired,

    // Service providers (docs/management/providers.md).
    UnknownProvider,
    ProviderStateConflict,
    ProviderHasApplications,
    BasicAttributesOperatorOnly,
    UnknownPlatform,
}
