using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Management.Applications;
using Tsm.Gateway.Storage;
using Tsm.Protocol.Cap;
using Tsm.Testing;

namespace Tsm.Gateway.Tests.Management.Applications;

/// <summary>
/// The application catalogue over HTTP (requirements 5.4.1–5.4.6): upload of real CAPs, the lifecycle with its
/// permissions and audit entries, queries, and every refusal with nothing stored.
/// </summary>
public sealed class ApplicationsApiTests(ApplicationsGatewayFixture gateway) : IClassFixture<ApplicationsGatewayFixture>
{
    private static readonly byte[] Empty = SharedCaps.Bytes("gppro-Empty_0102030405_8d5ac9e2_2.2.1.cap");

    private string Today => gateway.Clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Read(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Upload(HttpClient client, object structure, params (string, byte[])[] files) =>
        await Read(await client.PostAsync("/sp/v1/applications", ApplicationUpload.Content(structure, files)));

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient client, string path, object? body = null) =>
        await Read(await client.PostAsJsonAsync(path, body ?? new { }));

    private async Task<int> StoredVersionsAsync() => (await Read(await gateway.Client.GetAsync("/admin/v1/applications"))).Body.GetArrayLength();

    private async Task<int> StoredCapsAsync()
    {
        await using var connection = await gateway.Services.GetRequiredService<IPlatformDatabase>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM CapFiles;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a refused upload and checks that neither an application nor a CAP was stored.</summary>
    private async Task<JsonElement> Refused(HttpStatusCode expected, Func<Task<(HttpStatusCode Status, JsonElement Body)>> attempt)
    {
        var (versions, caps) = (await StoredVersionsAsync(), await StoredCapsAsync());
        var (status, body) = await attempt();
        Assert.True(expected == status, $"{status}: {body}");
        Assert.Equal((versions, caps), (await StoredVersionsAsync(), await StoredCapsAsync()));
        return body;
    }

    [Fact]
    public async Task A_real_CAP_is_uploaded_reviewed_tested_published_and_archived_each_step_audited()
    {
        var (status, uploaded) = await Upload(gateway.Acme, ApplicationUpload.EmptyApplet221("1.0"), ("empty.cap", Empty));
        Assert.True(status == HttpStatusCode.Created, uploaded.ToString());
        var versionId = $"{ApplicationUpload.EmptyApplet}-1.0-{Today}";
        Assert.Equal((versionId, "initial", "acme"), (uploaded.GetProperty("versionId").GetString(), uploaded.GetProperty("status").GetString(), uploaded.GetProperty("providerId").GetString()));
        var loadFile = uploaded.GetProperty("definition").GetProperty("loadFiles")[0];
        Assert.Equal(CapFile.Parse(Empty).LoadFileDataBlockSha1, loadFile.GetProperty("loadFileHash").GetString());
        var capSha1 = Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(Empty));
        Assert.Equal("stored:" + capSha1, loadFile.GetProperty("capFile").GetString());
        var store = gateway.Services.GetRequiredService<ApplicationStore>();
        Assert.Equal(Empty, await store.ReadCapAsync(capSha1));
        var unarchived = await store.CountUnarchivedAsync("acme");
        Assert.True(unarchived >= 1);

        var admin = $"/admin/v1/applications/{versionId}";
        Assert.Equal(HttpStatusCode.OK, (await Post(gateway.Reviewer, admin + "/approve")).Status);
        var (tested, afterTest) = await Post(gateway.Tester, admin + "/tests", new { msisdn = ApplicationsGatewayFixture.TestNumber, seId = "86000000000000000001", batches = new[] { "demo" }, versions = new[] { "JC 3.0.4" }, passed = true });
        Assert.True(tested == HttpStatusCode.OK, afterTest.ToString());
        Assert.Equal("tested", afterTest.GetProperty("status").GetString());

        await using (var connection = await gateway.Services.GetRequiredService<IPlatformDatabase>().OpenConnectionAsync())
        {
            var before = await Tsm.Gateway.Management.CatalogueChanges.ReadAsync(connection);
            var (published, afterPublish) = await Post(gateway.Reviewer, admin + "/publish", new { batches = new[] { "demo" }, userList = new[] { "13800138000" } });
            Assert.True(published == HttpStatusCode.OK, afterPublish.ToString());
            Assert.True(await Tsm.Gateway.Management.CatalogueChanges.ReadAsync(connection) > before);
            var engine = await ApplicationStore.ListForEngineAsync(connection);
            var definition = Assert.Single(engine, d => d.Aid == ApplicationUpload.EmptyApplet);
            Assert.Equal((Tsm.Grains.Catalogue.ApplicationStatus.Published, versionId, "13800138000", Tsm.Grains.Catalogue.DeleteMode.InstanceOnly),
                (definition.Status, definition.VersionId, Assert.Single(definition.UserList), definition.Deletion));
            Assert.Equal(ApplicationUpload.EmptyPackage, Assert.Single(definition.LoadFiles).Aid);
        }

        Assert.Equal("archiving", (await Post(gateway.Reviewer, admin + "/archive")).Body.GetProperty("status").GetString());
        Assert.Equal("archived", (await Post(gateway.Reviewer, admin + "/archived")).Body.GetProperty("status").GetString());
        Assert.Equal(unarchived - 1, await store.CountUnarchivedAsync("acme"));

        var (_, details) = await Read(await gateway.Acme.GetAsync($"/sp/v1/applications/{versionId}"));
        Assert.Equal(["upload", "approve", "passtest", "publish", "archive", "finisharchiving"],
            details.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Equal("apps-tester", details.GetProperty("history")[2].GetProperty("actor").GetString());

        var audit = await gateway.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { ActionPrefix = "applications.", Target = versionId });
        Assert.Equal(["applications.archived", "applications.archive", "applications.publish", "applications.test", "applications.approve", "applications.upload"],
            audit.Where(a => a.Outcome.StartsWith("ok", StringComparison.Ordinal)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_rejection_keeps_its_reason_and_wrong_transitions_are_refused()
    {
        var (_, uploaded) = await Upload(gateway.Acme, ApplicationUpload.EmptyApplet221("2.0"), ("empty.cap", Empty));
        var admin = $"/admin/v1/applications/{uploaded.GetProperty("versionId").GetString()}";

        var (wrong, problem) = await Post(gateway.Reviewer, admin + "/publish", new { batches = new[] { "demo" } });
        Assert.Equal(HttpStatusCode.Conflict, wrong);
        Assert.Equal("An application in state initial cannot be published.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Post(gateway.Reviewer, admin + "/archive")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Post(gateway.Tester, admin + "/tests", new { msisdn = ApplicationsGatewayFixture.TestNumber, batches = new[] { "demo" }, passed = true })).Status);

        Assert.Equal(HttpStatusCode.BadRequest, (await Post(gateway.Reviewer, admin + "/reject", new { reason = "" })).Status);
        var (rejected, afterReject) = await Post(gateway.Reviewer, admin + "/reject", new { reason = "UI URL unreachable" });
        Assert.Equal(HttpStatusCode.OK, rejected);
        Assert.Equal(("initial", "UI URL unreachable"), (afterReject.GetProperty("status").GetString(), afterReject.GetProperty("reason").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await Post(gateway.Reviewer, admin + "/approve")).Status);
        var (notTest, notTestProblem) = await Post(gateway.Tester, admin + "/tests", new { msisdn = "13800138000", batches = new[] { "demo" }, passed = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notTest);
        Assert.Equal("Not a test number", notTestProblem.GetProperty("title").GetString());
        Assert.Equal("reviewed", (await Post(gateway.Tester, admin + "/tests", new { msisdn = ApplicationsGatewayFixture.TestNumber, passed = false, note = "crashes on select" })).Body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Post(gateway.Reviewer, admin + "/publish", new { batches = new[] { "demo" } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post(gateway.Tester, admin + "/tests", new { msisdn = ApplicationsGatewayFixture.TestNumber, batches = new[] { "demo" }, passed = true })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(gateway.Tester, admin + "/tests", new { msisdn = ApplicationsGatewayFixture.TestNumber, batches = new[] { "nosuch" }, passed = true })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(gateway.Reviewer, admin + "/publish", new { batches = Array.Empty<string>() })).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await Post(gateway.Reviewer, "/admin/v1/applications/NOSUCH-1-20260101/approve")).Status);
    }

    [Fact]
    public async Task Each_step_needs_its_own_permission()
    {
        var (_, uploaded) = await Upload(gateway.Acme, ApplicationUpload.EmptyApplet221("3.0"), ("empty.cap", Empty));
        var admin = $"/admin/v1/applications/{uploaded.GetProperty("versionId").GetString()}";
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(gateway.Acme, admin + "/approve")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(gateway.Tester, admin + "/approve")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(gateway.Reviewer, admin + "/tests", new { msisdn = ApplicationsGatewayFixture.TestNumber, batches = new[] { "demo" }, passed = true })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(gateway.CustomerService, admin + "/archive")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Read(await gateway.Acme.GetAsync("/admin/v1/applications"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Read(await gateway.Anonymous.GetAsync("/sp/v1/applications"))).Status);

        await Refused(HttpStatusCode.Forbidden, () => Upload(gateway.Reviewer, ApplicationUpload.EmptyApplet221("3.1"), ("empty.cap", Empty)));
        var notStaff = await Refused(HttpStatusCode.Forbidden, () => Upload(gateway.Client, ApplicationUpload.EmptyApplet221("3.2"), ("empty.cap", Empty)));
        Assert.Equal("Not provider staff", notStaff.GetProperty("title").GetString());
        Assert.Equal("initial", (await Read(await gateway.Client.GetAsync(admin))).Body.GetProperty("application").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_provider_sees_only_its_own_applications()
    {
        var (_, uploaded) = await Upload(gateway.Acme, ApplicationUpload.EmptyApplet221("4.0"), ("empty.cap", Empty));
        var versionId = uploaded.GetProperty("versionId").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await Read(await gateway.Other.GetAsync($"/sp/v1/applications/{versionId}"))).Status);
        var (_, others) = await Read(await gateway.Other.GetAsync("/sp/v1/applications"));
        Assert.DoesNotContain(others.EnumerateArray(), a => a.GetProperty("providerId").GetString() != "other");
        var (_, own) = await Read(await gateway.Acme.GetAsync("/sp/v1/applications?status=initial"));
        Assert.Contains(own.EnumerateArray(), a => a.GetProperty("versionId").GetString() == versionId);
        Assert.All(own.EnumerateArray(), a => Assert.Equal(("acme", "initial"), (a.GetProperty("providerId").GetString(), a.GetProperty("status").GetString())));

        var (_, byOperator) = await Read(await gateway.Reviewer.GetAsync("/admin/v1/applications?provider=acme&status=initial&from=2000-01-01T00:00:00Z"));
        Assert.Contains(byOperator.EnumerateArray(), a => a.GetProperty("versionId").GetString() == versionId);
        var (_, future) = await Read(await gateway.Reviewer.GetAsync($"/admin/v1/applications?provider=acme&from={gateway.Clock.GetUtcNow().AddDays(1):yyyy-MM-dd}"));
        Assert.Equal(0, future.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await Read(await gateway.Reviewer.GetAsync("/admin/v1/applications?status=gone"))).Status);

        // Another provider cannot put its application into acme's SD.
        var sd = await Refused(HttpStatusCode.UnprocessableEntity, () => Upload(gateway.Other, ApplicationUpload.EmptyApplet221("4.1"), ("empty.cap", Empty)));
        Assert.Contains("not one of provider other's", sd.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inconsistent_or_hostile_uploads_are_refused_and_nothing_is_stored()
    {
        var structure = ApplicationUpload.EmptyApplet221("5.0");

        var notCap = await Refused(HttpStatusCode.UnprocessableEntity, () => Upload(gateway.Acme, structure, ("empty.cap", "not a zip at all"u8.ToArray())));
        Assert.Equal("CAP file refused", notCap.GetProperty("title").GetString());
        Assert.Contains("'empty.cap'", notCap.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var bomb = await Refused(HttpStatusCode.UnprocessableEntity, () => Upload(gateway.Acme, structure, ("empty.cap", ZipOfEmptyEntries(5000))));
        Assert.Contains("at most 1024", bomb.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var other = SharedCaps.Bytes("oracle-TestApplet-jc310.cap");
        var mismatch = await Refused(HttpStatusCode.UnprocessableEntity, () => Upload(gateway.Acme, structure, ("empty.cap", other)));
        Assert.Equal("File 'empty.cap': its package AID is A000000062010101, the structure declares load file 0102030405.", mismatch.GetProperty("detail").GetString());

        var missingModule = new Dictionary<string, object?>(structure)
        {
            ["loadFiles"] = new[] { new { aid = ApplicationUpload.EmptyPackage, file = "empty.cap", modules = new[] { ApplicationUpload.EmptyApplet, "0102030405060799" } } },
        };
        var module = await Refused(HttpStatusCode.UnprocessableEntity, () => Upload(gateway.Acme, missingModule, ("empty.cap", Empty)));
        Assert.Contains("has no applet 0102030405060799", module.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // pysim's STK applet imports sim.toolkit, which is not in the platform table nor declared as an extension.
        var stk = new Dictionary<string, object?>(structure)
        {
            ["aid"] = "D07002CA44900101", ["mainModule"] = "D07002CA44900101",
            ["loadFiles"] = new[] { new { aid = "D07002CA44", file = "stk.cap", modules = new[] { "D07002CA44900101" } } },
            ["instances"] = new[] { new { moduleAid = "D07002CA44900101", instanceAid = "D07002CA44900101", privileges = "00" } },
        };
        var import = await Refused(HttpStatusCode.UnprocessableEntity, () => Upload(gateway.Acme, stk, ("stk.cap", SharedCaps.Bytes("pysim-hellostk.cap"))));
        Assert.Contains("imports A0000000090003FFFFFFFF8910710002 2.6", import.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var newer = new Dictionary<string, object?>(structure) { ["javaCardVersion"] = "2.1.1" };
        var version = await Refused(HttpStatusCode.UnprocessableEntity, () => Upload(gateway.Acme, newer, ("empty.cap", Empty)));
        Assert.Contains("newer than Java Card 2.1.1", version.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var badField = new Dictionary<string, object?>(structure) { ["mainModule"] = "zz" };
        await Refused(HttpStatusCode.BadRequest, () => Upload(gateway.Acme, badField, ("empty.cap", Empty)));
        await Refused(HttpStatusCode.BadRequest, () => Upload(gateway.Acme, "[1, 2]", ("empty.cap", Empty)));
        await Refused(HttpStatusCode.BadRequest, () => Upload(gateway.Acme, structure));
        await Refused(HttpStatusCode.UnsupportedMediaType, async () => await Read(await gateway.Acme.PostAsJsonAsync("/sp/v1/applications", structure)));
        await Refused(HttpStatusCode.RequestEntityTooLarge, () => Upload(gateway.Acme, structure, ("empty.cap", new byte[2_100_000])));
    }

    [Fact]
    public async Task A_second_upload_of_the_same_version_id_is_refused()
    {
        Assert.Equal(HttpStatusCode.Created, (await Upload(gateway.Acme, ApplicationUpload.EmptyApplet221("6.0"), ("empty.cap", Empty))).Status);
        var duplicate = await Refused(HttpStatusCode.Conflict, () => Upload(gateway.Acme, ApplicationUpload.EmptyApplet221("6.0"), ("empty.cap", Empty)));
        Assert.Equal("Application version exists", duplicate.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_library_is_uploaded_by_an_operator_and_an_application_may_then_import_it()
    {
        using var library = new MultipartFormDataContent
        {
            { new StringContent("A00000FFFFA0"), "aid" },
            { new StringContent("BER library"), "name" },
            { new ByteArrayContent(SharedCaps.Bytes("openjavacard-lib-ber.cap")), "files", "ber.cap" },
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await Read(await gateway.Acme.PostAsync("/admin/v1/libraries", library))).Status);
        var (added, body) = await Read(await gateway.Reviewer.PostAsync("/admin/v1/libraries", library));
        Assert.True(added == HttpStatusCode.Created, body.ToString());
        Assert.Equal(HttpStatusCode.Conflict, (await Read(await gateway.Reviewer.PostAsync("/admin/v1/libraries", library))).Status);

        const string Package = "A0000007770201", Applet = "A000000777020101";
        var cap = CapWriter.Synthetic(Package, [Applet], 1500,
            [new CapImport("A0000000620101", new CapVersion(1, 3)), new CapImport("A00000FFFFA0", new CapVersion(1, 0))]);
        var structure = new Dictionary<string, object?>(ApplicationUpload.EmptyApplet221("7.0"))
        {
            ["aid"] = Applet, ["mainModule"] = Applet, ["javaCardVersion"] = "3.0.4", ["extensions"] = new[] { "A00000FFFFA0" },
            ["loadFiles"] = new[] { new { aid = Package, file = "app.cap", modules = new[] { Applet } } },
            ["instances"] = new[] { new { moduleAid = Applet, instanceAid = Applet, privileges = "00" } },
        };
        var (status, uploaded) = await Upload(gateway.Acme, structure, ("app.cap", cap));
        Assert.True(status == HttpStatusCode.Created, uploaded.ToString());
        Assert.Equal("A00000FFFFA0", uploaded.GetProperty("definition").GetProperty("extensions")[0].GetString());
        await using var connection = await gateway.Services.GetRequiredService<IPlatformDatabase>().OpenConnectionAsync();
        Assert.Contains(await ApplicationStore.ListLibrariesAsync(connection), l => l.Aid == "A00000FFFFA0" && l.LoadFile.CapFile.StartsWith("stored:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_configured_demo_application_is_seeded_published_and_the_engine_sees_it()
    {
        var (status, demo) = await Read(await gateway.Client.GetAsync("/admin/v1/applications/A000000333010101-configured"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("published", "demo:8192"), (demo.GetProperty("application").GetProperty("status").GetString(),
            demo.GetProperty("application").GetProperty("definition").GetProperty("capFile").GetString()));
        await using var connection = await gateway.Services.GetRequiredService<IPlatformDatabase>().OpenConnectionAsync();
        Assert.Contains(await ApplicationStore.ListForEngineAsync(connection), d => d.Aid == "A000000333010101" && d.CapFile == "demo:8192");
        Assert.Equal(0, await new ApplicationStore(gateway.Services.GetRequiredService<IPlatformDatabase>())
            .SeedAsync(gateway.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Tsm.Grains.Catalogue.CatalogueOptions>>().Value.Applications, [], DateTimeOffset.UnixEpoch));
    }

    /// <summary>A stored ZIP of <paramref name="count"/> empty entries.</summary>
    private static byte[] ZipOfEmptyEntries(int count)
    {
        using var stream = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int i = 0; i < count; i++)
                archive.CreateEntry("e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), System.IO.Compression.CompressionLevel.NoCompression);
        }
        return stream.ToArray();
    }
}
