namespace Tsm.Gateway.Security;

/// <summary>
/// The platform's permissions (docs/security.md, "Permissions"). Each is an authorization policy of the same name that
/// requires a <see cref="TsmClaims.Permission"/> claim with that value; roles hold permissions, accounts hold roles.
/// </summary>
public static class Permissions
{
    /// <summary>Add, edit, delete and query operator and provider-staff accounts, and assign their roles (5.7.3.3).</summary>
    public const string AccountsManage = "accounts.manage";

    /// <summary>Add, edit and delete roles and what permissions they grant (5.7.3.1, 5.7.3.2).</summary>
    public const string RolesManage = "roles.manage";

    /// <summary>Read the system parameters and their history (5.7.3.4).</summary>
    public const string ParametersRead = "parameters.read";

    /// <summary>Change the system parameters (5.7.3.4).</summary>
    public const string ParametersManage = "parameters.manage";

    /// <summary>Edit regions and the number-segment table.</summary>
    public const string RegionsManage = "regions.manage";

    /// <summary>Read the audit log and verify its chain (7.4).</summary>
    public const string AuditRead = "audit.read";

    /// <summary>Import master keys into the key service.</summary>
    public const string KeysImport = "keys.import";

    /// <summary>Start and follow a batch ISD key rotation.</summary>
    public const string KeysRotate = "keys.rotate";

    /// <summary>Queue platform operations on an SE.</summary>
    public const string OperationsSubmit = "operations.submit";

    /// <summary>Read operation records and tasks, within the caller's region.</summary>
    public const string OperationsRead = "operations.read";

    /// <summary>Read the APDU transcript of a task.</summary>
    public const string TranscriptsRead = "transcripts.read";

    /// <summary>Send a wake-up push to an SE.</summary>
    public const string PushesSend = "pushes.send";

    /// <summary>Read push records and MO messages, within the caller's region.</summary>
    public const string PushesRead = "pushes.read";

    /// <summary>Read and retry service-provider callbacks.</summary>
    public const string CallbacksManage = "callbacks.manage";

    /// <summary>Run a customer's operation at a business hall, unlock included (5.8.4.3).</summary>
    public const string BusinessHallOperate = "business-hall.operate";

    /// <summary>Read platform metrics.</summary>
    public const string MetricsRead = "metrics.read";

    /// <summary>Register service providers and edit their basic attributes (5.6.2, 5.6.4).</summary>
    public const string ProvidersRegister = "providers.register";

    /// <summary>Approve or reject a provider's registration; blacklist, restore and deregister providers (5.6.3, 5.6.5, 5.6.6).</summary>
    public const string ProvidersApprove = "providers.approve";

    /// <summary>Query providers, their applications and statistics (5.6.7).</summary>
    public const string ProvidersRead = "providers.read";

    /// <summary>A provider's own staff: edit the provider's extended attributes, manage its business platforms (5.6.4).</summary>
    public const string ProviderProfile = "provider.profile";

    /// <summary>Apply for security-domain definitions and edit them (5.3.2, 5.3.4).</summary>
    public const string SecurityDomainsApply = "security-domains.apply";

    /// <summary>Approve or reject security-domain definitions (5.3.3).</summary>
    public const string SecurityDomainsApprove = "security-domains.approve";

    /// <summary>Upload applications and their CAP files, edit them before review (5.4.1–5.4.3).</summary>
    public const string ApplicationsSubmit = "applications.submit";

    /// <summary>Review (approve or reject) submitted applications (5.4.4).</summary>
    public const string ApplicationsReview = "applications.review";

    /// <summary>Test reviewed applications on test numbers and record the results (5.4.4).</summary>
    public const string ApplicationsTest = "applications.test";

    /// <summary>Publish tested applications to batches and user lists (5.4.4).</summary>
    public const string ApplicationsPublish = "applications.publish";

    /// <summary>Archive published applications (5.4.4).</summary>
    public const string ApplicationsArchive = "applications.archive";

    /// <summary>Query the application catalogue in every state.</summary>
    public const string ApplicationsRead = "applications.read";

    /// <summary>Add, edit and delete SE batches and test numbers (5.8.1).</summary>
    public const string BatchesManage = "batches.manage";

    /// <summary>Query SE batches.</summary>
    public const string BatchesRead = "batches.read";

    /// <summary>Read statistics: users, downloads and operations by day, region and application (5.2.2.2).</summary>
    public const string StatisticsRead = "statistics.read";

    /// <summary>Every permission, in the order docs/security.md lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AccountsManage, RolesManage, ParametersRead, ParametersManage, RegionsManage, AuditRead, KeysImport, KeysRotate,
        OperationsSubmit, OperationsRead, TranscriptsRead, PushesSend, PushesRead, CallbacksManage, BusinessHallOperate,
        MetricsRead, ProvidersRegister, ProvidersApprove, ProvidersRead, ProviderProfile, SecurityDomainsApply,
        SecurityDomainsApprove, ApplicationsSubmit, ApplicationsReview, ApplicationsTest, ApplicationsPublish,
        ApplicationsArchive, ApplicationsRead, BatchesManage, BatchesRead, StatisticsRead,
    ];
}
