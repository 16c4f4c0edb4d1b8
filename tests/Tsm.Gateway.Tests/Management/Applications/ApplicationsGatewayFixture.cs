using Tsm.Gateway.Security;

namespace Tsm.Gateway.Tests.Management.Applications;

/// <summary>
/// The gateway with two providers' approved SDs, a test number and a fake domain clock; accounts of provider staff
/// (acme, other), a business administrator, a tester and a customer-service operator.
/// </summary>
public sealed class ApplicationsGatewayFixture : ConfiguredGatewayFixture, IAsyncLifetime
{
    public const string AcmeDomain = "A000000151535300A1";
    public const string OtherDomain = "A000000151535300B1";
    public const string TestNumber = "13900000001";

    public HttpClient Acme { get; private set; } = null!;
    public HttpClient Other { get; private set; } = null!;
    public HttpClient Reviewer { get; private set; } = null!;
    public HttpClient Tester { get; private set; } = null!;
    public HttpClient CustomerService { get; private set; } = null!;

    protected override bool UsesFakeClock => true;

    protected override string[] Arguments() =>
    [
        "--Catalogue:SecurityDomains:0:Aid", AcmeDomain, "--Catalogue:SecurityDomains:0:Owner", "acme",
        "--Catalogue:SecurityDomains:1:Aid", OtherDomain, "--Catalogue:SecurityDomains:1:Owner", "other",
        "--Catalogue:TestNumbers:0", TestNumber,
        "--Applications:MaxUploadBytes", "2000000",
    ];

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Acme = await TestAccounts.ClientAsync(Services, BaseAddress, "acme-staff", [Roles.ServiceProvider], provider: "acme");
        Other = await TestAccounts.ClientAsync(Services, BaseAddress, "other-staff", [Roles.ServiceProvider], provider: "other");
        Reviewer = await TestAccounts.ClientAsync(Services, BaseAddress, "apps-admin", [Roles.BusinessAdministrator]);
        Tester = await TestAccounts.ClientAsync(Services, BaseAddress, "apps-tester", [Roles.Tester]);
        CustomerService = await TestAccounts.ClientAsync(Services, BaseAddress, "apps-cs", [Roles.CustomerService]);
    }
}
