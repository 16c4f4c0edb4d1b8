namespace Tsm.Gateway.Security;

/// <summary>What each permission allows, as <c>GET /admin/v1/permissions</c> lists it.</summary>
public static class PermissionDescriptions
{
    public static string Of(string permission) => permission switch
    {
        Permissions.AccountsManage => "Add, edit, delete and query accounts and assign their roles.",
        Permissions.RolesManage => "Add, edit and delete roles and the permissions they grant.",
        Permissions.ParametersRead => "Read the system parameters and their history.",
        Permissions.ParametersManage => "Change the system parameters.",
        Permissions.RegionsManage => "Edit regions and the number-segment table.",
        Permissions.AuditRead => "Read the audit log and verify its chain.",
        Permissions.KeysImport => "Import master keys into the key service.",
        Permissions.KeysRotate => "Start and follow batch ISD key rotations.",
        Permissions.OperationsSubmit => "Queue platform operations on an SE.",
        Permissions.OperationsRead => "Read operation records and tasks in the caller's region.",
        Permissions.TranscriptsRead => "Read the APDU transcript of a task.",
        Permissions.PushesSend => "Send a wake-up push to an SE.",
        Permissions.PushesRead => "Read push records and MO messages in the caller's region.",
        Permissions.CallbacksManage => "Read and retry service-provider callbacks.",
        Permissions.BusinessHallOperate => "Run a present customer's operation at a business hall, unlock included.",
        Permissions.MetricsRead => "Read platform metrics.",
        Permissions.ProvidersRegister => "Register service providers and edit their basic attributes.",
        Permissions.ProvidersApprove => "Approve or reject provider registrations; blacklist, restore and deregister providers.",
        Permissions.ProvidersRead => "Query providers, their applications and statistics.",
        Permissions.ProviderProfile => "Edit the own provider's extended attributes and business platforms.",
        Permissions.SecurityDomainsApply => "Apply for security-domain definitions and edit them.",
        Permissions.SecurityDomainsApprove => "Approve or reject security-domain definitions.",
        Permissions.ApplicationsSubmit => "Upload applications and their CAP files.",
        Permissions.ApplicationsReview => "Review (approve or reject) submitted applications.",
        Permissions.ApplicationsTest => "Test reviewed applications on test numbers and record the results.",
        Permissions.ApplicationsPublish => "Publish tested applications to batches and user lists.",
        Permissions.ApplicationsArchive => "Archive published applications.",
        Permissions.ApplicationsRead => "Query the application catalogue in every state.",
        Permissions.BatchesManage => "Add, edit and delete SE batches and test numbers.",
        Permissions.BatchesRead => "Query SE batches.",
        Permissions.StatisticsRead => "Read statistics by day, region and application.",
        _ => "",
    };
}
