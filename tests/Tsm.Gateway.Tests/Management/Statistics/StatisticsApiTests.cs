using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Api;
using Tsm.Gateway.Management.Statistics;
using Tsm.Gateway.Regions;
using Tsm.Gateway.Security;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Sp;
using Tsm.Protocol.Wallet;
using static Tsm.Gateway.Tests.Management.Statistics.StatisticsGatewayFixture;

namespace Tsm.Gateway.Tests.Management.Statistics;

/// <summary>
/// The statistics (requirement 5.2.2.2) and the providers' queries (5.6.7.2, 5.6.7.3) over real HTTP: data made by
/// simulated phones and by records written through the store; every refusal.
/// </summary>
[Collection(StatisticsGatewayCollection.Name)]
public sealed class StatisticsApiTests(StatisticsGatewayFixture gateway)
{
    private static int s_next;

    private static string NewSeId() => $"8600000000000000{Interlocked.Increment(ref s_next) + 0xB000:X4}";

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<HttpClient> StaffAsync(string name, string provider) =>
        TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, name, [Roles.ServiceProvider], provider: provider);

    private static async Task<T> OkAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize(text, type)!;
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await OkAsync(response, type);
    }

    private static async Task ProblemAsync(HttpClient client, string path, HttpStatusCode status)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        await HttpAssert.ProblemAsync(response, status);
    }

    /// <summary>A refusal by the authorization policy (its answer's body is not this API's to shape).</summary>
    private static async Task StatusAsync(HttpClient client, string path, HttpStatusCode status)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(status == response.StatusCode, $"{path}: expected {(int)status}, got {(int)response.StatusCode}");
    }

    private Task<HttpResponseMessage> PlatformGetAsync(string path, string? key) =>
        gateway.Anonymous.SendAsync(SpSetup.Request(HttpMethod.Get, path, key));

    [Fact]
    public async Task A_phones_download_shows_in_its_providers_records_and_ses_never_in_anothers_and_in_the_statistics()
    {
        using var phone = new Phone(gateway.BaseAddress, NewSeId(), "13812340001");
        await phone.LoginAsync();
        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Download, DemoApp)).State);
        using var demo = await StaffAsync("stats-demo-staff", "demo");
        using var other = await StaffAsync("stats-other-staff", "other");

        var records = await GetAsync(demo, $"{ProviderQueriesApi.PortalPath}/downloads?seId={phone.SeId}", StatisticsJsonContext.Default.ProviderRecordPage);
        var record = Assert.Single(records.Items);
        Assert.Equal((phone.SeId, phone.Msisdn, DemoApp, "download", "succeeded"), (record.SeId, record.Msisdn, record.ApplicationAid, record.Operation, record.Result));
        Assert.Null(records.Next);
        var byNumber = await GetAsync(demo, $"{ProviderQueriesApi.PortalPath}/downloads?msisdn={phone.Msisdn}&from={Today}&to={Today}", StatisticsJsonContext.Default.ProviderRecordPage);
        Assert.Equal(record.Id, Assert.Single(byNumber.Items).Id);
        var ses = await GetAsync(demo, $"{ProviderQueriesApi.PortalPath}/ses?limit=1000", StatisticsJsonContext.Default.ProviderSePage);
        var held = Assert.Single(ses.Items, s => s.SeId == phone.SeId);
        Assert.Equal([DemoApp], held.Applications);
        // The SE grain records the free memory the download read (requirement 5.6.7.3).
        Assert.True(held.FreeNonVolatile > 0, "the download's free space reaches the provider's SE query");
        Assert.True(ses.RegisteredOnPlatform >= 1 && ses.Total >= 1);

        // Another provider sees nothing of it, and naming the application is refused.
        Assert.Empty((await GetAsync(other, $"{ProviderQueriesApi.PortalPath}/downloads?seId={phone.SeId}", StatisticsJsonContext.Default.ProviderRecordPage)).Items);
        Assert.DoesNotContain((await GetAsync(other, $"{ProviderQueriesApi.PortalPath}/ses", StatisticsJsonContext.Default.ProviderSePage)).Items, s => s.SeId == phone.SeId);
        await ProblemAsync(other, $"{ProviderQueriesApi.PortalPath}/downloads?applicationAid={DemoApp}", HttpStatusCode.Forbidden);

        // The operator's statistics count the registration, the download and the number (no number segments: no region).
        var users = await GetAsync(gateway.Client, $"{StatisticsApi.Path}/users?from={Today}&to={Today}", StatisticsJsonContext.Default.UserStatistics);
        Assert.True(Assert.Single(users.Days).Registrations >= 1 && users.Days[0].ActiveSes >= 1 && users.Registered >= 1);
        var operations = await GetAsync(gateway.Client, $"{StatisticsApi.Path}/operations?operation=download", StatisticsJsonContext.Default.OperationStatistics);
        Assert.Contains(operations.Counts, c => c.Date == DateOnly.FromDateTime(DateTime.UtcNow) && c.Operation == "download" && c.Result == "succeeded" && c.Count >= 1);
        Assert.All(operations.Counts, c => Assert.Equal("download", c.Operation));
        var downloads = await GetAsync(gateway.Client, $"{StatisticsApi.Path}/downloads", StatisticsJsonContext.Default.DownloadStatistics);
        var demoDownloads = Assert.Single(downloads.Applications, a => a.ApplicationAid == DemoApp);
        Assert.Equal(("Demo e-purse", "demo"), (demoDownloads.Name, demoDownloads.Provider));
        Assert.True(demoDownloads.Succeeded >= 1);
        var regions = await GetAsync(gateway.Client, $"{StatisticsApi.Path}/regions", StatisticsJsonContext.Default.RegionStatistics);
        Assert.True(regions.Regions.Sum(r => r.Users) >= 1 && regions.Regions.Sum(r => r.Downloads) >= 1);
    }

    [Fact]
    public async Task Business_platforms_read_the_providers_they_act_for_only()
    {
        var records = gateway.Services.GetRequiredService<OperationRecordStore>();
        var seId = NewSeId();
        await records.AddAsync(new OperationRecord
        {
            Id = Guid.NewGuid(), At = DateTimeOffset.UtcNow, Actor = "test", Operation = "download", SeId = seId, Msisdn = "13812340002",
            ApplicationAid = OtherApp, Result = "succeeded",
        });

        using (var bank = await PlatformGetAsync($"{SpPaths.Base}/downloads?seId={seId}", BankKey))
            Assert.Empty((await OkAsync(bank, StatisticsJsonContext.Default.ProviderRecordPage)).Items);
        using (var mine = await PlatformGetAsync($"{SpPaths.Base}/downloads?seId={seId}", OtherKey))
            Assert.Equal(OtherApp, Assert.Single((await OkAsync(mine, StatisticsJsonContext.Default.ProviderRecordPage)).Items).ApplicationAid);
        using (var both = await PlatformGetAsync($"{SpPaths.Base}/downloads?seId={seId}&provider=other", BothKey))
            Assert.Single((await OkAsync(both, StatisticsJsonContext.Default.ProviderRecordPage)).Items);
        using (var ses = await PlatformGetAsync($"{SpPaths.Base}/ses", BankKey))
            await OkAsync(ses, StatisticsJsonContext.Default.ProviderSePage);

        using (var notItsOwn = await PlatformGetAsync($"{SpPaths.Base}/downloads?provider=other", BankKey))
            await HttpAssert.ProblemAsync(notItsOwn, HttpStatusCode.Forbidden);
        using (var notItsOwnSes = await PlatformGetAsync($"{SpPaths.Base}/ses?provider=demo", OtherKey))
            await HttpAssert.ProblemAsync(notItsOwnSes, HttpStatusCode.Forbidden);
        using (var which = await PlatformGetAsync($"{SpPaths.Base}/downloads", BothKey))
            await HttpAssert.ProblemAsync(which, HttpStatusCode.BadRequest);
        using (var nobody = await PlatformGetAsync($"{SpPaths.Base}/downloads", null))
            Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        // A platform's key opens nothing of the staff portal, and a staff token nothing of the platforms' routes.
        using (var portal = await PlatformGetAsync($"{ProviderQueriesApi.PortalPath}/downloads", BankKey))
            Assert.Equal(HttpStatusCode.Unauthorized, portal.StatusCode);
        using var staff = await StaffAsync("stats-demo-staff-2", "demo");
        using (var wrongDoor = await staff.GetAsync(new Uri($"{SpPaths.Base}/downloads", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, wrongDoor.StatusCode);
    }

    [Fact]
    public async Task Records_page_by_cursor_newest_first()
    {
        var records = gateway.Services.GetRequiredService<OperationRecordStore>();
        var seId = NewSeId();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            await records.AddAsync(new OperationRecord
            {
                Id = Guid.NewGuid(), At = now.AddSeconds(-i), Actor = "test", Operation = "download", SeId = seId, Msisdn = "13812340003",
                ApplicationAid = DemoApp, Result = i == 0 ? "failed" : "succeeded",
            });
        }
        using var demo = await StaffAsync("stats-demo-staff-3", "demo");

        var seen = new List<DateTimeOffset>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(demo, $"{ProviderQueriesApi.PortalPath}/downloads?seId={seId}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor),
                StatisticsJsonContext.Default.ProviderRecordPage);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(r => r.At));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(5, seen.Count);
        Assert.Equal(seen.OrderDescending(), seen);
    }

    [Fact]
    public async Task A_regional_administrator_counts_the_numbers_of_its_region_only()
    {
        using (var province = await gateway.Client.PostAsJsonAsync(new Uri(RegionsApi.RegionsPath, UriKind.Relative), new { code = "450000", name = "Guangxi" }))
            Assert.Equal(HttpStatusCode.Created, province.StatusCode);
        using (var segment = await gateway.Client.PostAsJsonAsync(new Uri(RegionsApi.SegmentsPath, UriKind.Relative), new { prefix = "1877777", region = "450000" }))
            Assert.Equal(HttpStatusCode.Created, segment.StatusCode);
        await gateway.Services.GetRequiredService<RegionStore>().RefreshAsync();
        var records = gateway.Services.GetRequiredService<OperationRecordStore>();
        foreach (var msisdn in new[] { "18777770001", "8618777770002", "13812340004" })
        {
            await records.AddAsync(new OperationRecord
            {
                Id = Guid.NewGuid(), At = DateTimeOffset.UtcNow, Actor = "test", Operation = "scope-test", SeId = NewSeId(), Msisdn = msisdn,
                Result = "succeeded",
            });
        }
        using var regional = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "stats-gx-admin", [Roles.BusinessAdministrator], region: "450000");

        var national = await GetAsync(gateway.Client, $"{StatisticsApi.Path}/operations?operation=scope-test", StatisticsJsonContext.Default.OperationStatistics);
        Assert.Equal(3, national.Counts.Sum(c => c.Count));
        var scoped = await GetAsync(regional, $"{StatisticsApi.Path}/operations?operation=scope-test", StatisticsJsonContext.Default.OperationStatistics);
        Assert.Equal(2, scoped.Counts.Sum(c => c.Count));
        var regions = await GetAsync(regional, $"{StatisticsApi.Path}/regions", StatisticsJsonContext.Default.RegionStatistics);
        var guangxi = Assert.Single(regions.Regions);
        Assert.Equal(("450000", "Guangxi", 2L), (guangxi.Region, guangxi.Name, guangxi.Users));
    }

    [Fact]
    public async Task Wrong_roles_get_403()
    {
        using var service = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "stats-cs", [Roles.CustomerService]);
        using var staff = await StaffAsync("stats-demo-staff-4", "demo");
        foreach (var path in new[] { "users", "operations", "downloads", "regions" })
        {
            await StatusAsync(service, $"{StatisticsApi.Path}/{path}", HttpStatusCode.Forbidden);
            await StatusAsync(staff, $"{StatisticsApi.Path}/{path}", HttpStatusCode.Forbidden);
        }
        // An account with the permission but bound to no provider has no provider data to see.
        await ProblemAsync(gateway.Client, $"{ProviderQueriesApi.PortalPath}/downloads", HttpStatusCode.Forbidden);
        await ProblemAsync(gateway.Client, $"{ProviderQueriesApi.PortalPath}/ses", HttpStatusCode.Forbidden);
        await StatusAsync(service, $"{ProviderQueriesApi.PortalPath}/ses", HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/admin/v1/statistics/users?from=2024-01-01&to=2025-06-30", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/admin/v1/statistics/operations?from=2025-06-02&to=2025-06-01", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/admin/v1/statistics/downloads?from=1990-01-01&to=1990-01-02", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/admin/v1/statistics/regions?from=2023-01-01&to=2025-01-01", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/admin/v1/statistics/users?from=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("/admin/v1/statistics/downloads?to=2025-13-01", HttpStatusCode.BadRequest)]
    [InlineData("/admin/v1/statistics/operations?operation=x%27%20OR%201%3D1", HttpStatusCode.BadRequest)]
    [InlineData("/admin/v1/statistics/regions?level=planet", HttpStatusCode.BadRequest)]
    public async Task Bad_operator_parameters_are_400_and_ranges_not_served_422(string path, HttpStatusCode status) =>
        await ProblemAsync(gateway.Client, path, status);

    [Theory]
    [InlineData("/sp/v1/portal/downloads?from=2024-01-01&to=2025-06-30", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/sp/v1/portal/downloads?from=31-12-2025", HttpStatusCode.BadRequest)]
    [InlineData("/sp/v1/portal/downloads?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/sp/v1/portal/downloads?limit=1001", HttpStatusCode.BadRequest)]
    [InlineData("/sp/v1/portal/downloads?limit=many", HttpStatusCode.BadRequest)]
    [InlineData("/sp/v1/portal/downloads?cursor=not-a-cursor", HttpStatusCode.BadRequest)]
    [InlineData("/sp/v1/portal/downloads?seId=not-hex", HttpStatusCode.BadRequest)]
    [InlineData("/sp/v1/portal/downloads?msisdn=1%27--", HttpStatusCode.BadRequest)]
    [InlineData("/sp/v1/portal/downloads?operation=register", HttpStatusCode.BadRequest)]
    [InlineData("/sp/v1/portal/downloads?applicationAid=A000000444010101", HttpStatusCode.Forbidden)]
    [InlineData("/sp/v1/portal/downloads?applicationAid=A0000009990101", HttpStatusCode.Forbidden)]
    [InlineData("/sp/v1/portal/ses?minFreeNonVolatile=-1", HttpStatusCode.BadRequest)]
    [InlineData("/sp/v1/portal/ses?after=zz", HttpStatusCode.BadRequest)]
    [InlineData("/sp/v1/portal/ses?limit=0", HttpStatusCode.BadRequest)]
    public async Task Bad_provider_parameters_are_refused(string path, HttpStatusCode status)
    {
        await ProblemAsync(await gateway.DemoStaffAsync(), path, status);
    }
}
