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

    /// <summary>Every permission, in the order docs/security.md lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AccountsManage, RolesManage, ParametersRead, ParametersManage, RegionsManage, AuditRead, KeysImport, KeysRotate,
        OperationsSubmit, OperationsRead, TranscriptsRead, PushesSend, PushesRead, CallbacksManage, BusinessHallOperate,
        MetricsRead,
    ];
}
