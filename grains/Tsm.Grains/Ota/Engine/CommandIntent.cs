namespace Tsm.Grains.Ota.Engine;

/// <summary>
/// What a planned command is for. Answers are judged by intent (its accepted and tolerated status words, and what its
/// success records), never by re-reading INS and P1 of the bytes sent.
/// </summary>
internal enum CommandIntent
{
    Select,
    FreeMemory,
    Cplc,
    InitializeUpdate,
    ExternalAuthenticate,
    RegistryStatus,
    KeyInformation,
    InstallForLoad,
    LoadBlock,
    LastLoadBlock,
    InstallForInstall,
    Extradite,
    DeleteInstance,
    DeleteLoadFile,
    DeleteSecurityDomain,
    InstallSecurityDomain,
    PutKey,
    SetStatusPersonalized,
    Lock,
    Unlock,
    StoreRegistration,
    InstallForPersonalization,
    StoreData,
    PersonalizationCommand,
    Passthrough,
}
