namespace Tsm.Gateway.Security;

/// <summary>
/// The roles seeded at first start (requirement 5.1) and the permissions each gets. Roles are data: administrators
/// add, edit and delete them through <c>/admin/v1/roles</c>; this table is only the first state.
/// </summary>
public static class Roles
{
    public const string SystemAdministrator = "system-administrator";
    public const string BusinessAdministrator = "business-administrator";
    public const string CustomerService = "customer-service";
    public const string BusinessHall = "business-hall";
    public const string Tester = "tester";
    public const string ServiceProvider = "service-provider";
    public const string User = "user";

    /// <summary>The seeded roles and their permissions.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Defaults { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [SystemAdministrator] =
        [
            Permissions.AccountsManage, Permissions.RolesManage, Permissions.ParametersRead, Permissions.ParametersManage,
            Permissions.RegionsManage, Permissions.AuditRead, Permissions.KeysImport, Permissions.KeysRotate,
            Permissions.OperationsRead, Permissions.TranscriptsRead, Permissions.PushesRead, Permissions.CallbacksManage,
            Permissions.MetricsRead, Permissions.ProvidersRead, Permissions.ApplicationsRead, Permissions.BatchesManage,
            Permissions.BatchesRead, Permissions.StatisticsRead,
        ],
        [BusinessAdministrator] =
        [
            Permissions.ParametersRead, Permissions.OperationsSubmit, Permissions.OperationsRead, Permissions.PushesSend,
            Permissions.PushesRead, Permissions.CallbacksManage, Permissions.ProvidersRegister, Permissions.ProvidersApprove,
            Permissions.ProvidersRead, Permissions.SecurityDomainsApply, Permissions.SecurityDomainsApprove,
            Permissions.ApplicationsReview, Permissions.ApplicationsPublish, Permissions.ApplicationsArchive,
            Permissions.ApplicationsRead, Permissions.BatchesRead, Permissions.StatisticsRead,
        ],
        [CustomerService] = [Permissions.OperationsRead, Permissions.PushesRead],
        [BusinessHall] = [Permissions.BusinessHallOperate],
        [Tester] =
        [
            Permissions.OperationsSubmit, Permissions.OperationsRead, Permissions.TranscriptsRead, Permissions.PushesSend,
            Permissions.PushesRead, Permissions.ApplicationsTest, Permissions.ApplicationsRead, Permissions.BatchesRead,
        ],
        [ServiceProvider] = [Permissions.ProviderProfile, Permissions.ApplicationsSubmit],
        [User] = [],
    };
}
