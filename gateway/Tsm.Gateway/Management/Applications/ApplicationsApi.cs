using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Api;
using Tsm.Gateway.Security;
using Tsm.Grains;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Management.Applications;
using Tsm.Grains.Ota;
using Tsm.Protocol.Cap;
using Tsm.Gateway.Idempotency;

namespace Tsm.Gateway.Management.Applications;

/// <summary>
/// The application catalogue over HTTP (requirements 5.4.1–5.4.6; docs/management/applications.md): a provider's staff
/// upload and list their own versions under /sp/v1/applications; operators list every version, review, test, publish
/// and archive under /admin/v1/applications, each step its own permission and audit entry; operators upload libraries
/// under /admin/v1/libraries.
/// </summary>
public static class ApplicationsApi
{
    public const string ProviderPath = "/sp/v1/applications";

    public const string AdminPath = "/admin/v1/applications";

    public const string LibrariesPath = "/admin/v1/libraries";

    private static ApplicationsJsonContext Json => ApplicationsJsonContext.Default;

    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var provider = app.MapGroup(ProviderPath).WithTags("Applications");
        provider.MapPost("", Upload).RequireAuthorization(Permissions.ApplicationsSubmit).Idempotent().AuditedAs("applications.upload")
            .WithSummary("Upload an application version: multipart with the structure as JSON (field \"application\") and its CAP files.");
        provider.MapGet("", ListOwn).RequireAuthorization(Permissions.ApplicationsSubmit)
            .WithSummary("The provider's own application versions, by ?status= and upload time ?from= ?to=.");
        provider.MapGet("/{versionId}", GetOwn).RequireAuthorization(Permissions.ApplicationsSubmit)
            .WithSummary("One of the provider's application versions with its history.");

        var admin = app.MapGroup(AdminPath).WithTags("Applications");
        admin.MapGet("", List).RequireAuthorization(Permissions.ApplicationsRead)
            .WithSummary("Application versions by ?status=, ?provider= and upload time ?from= ?to=.");
        admin.MapGet("/{versionId}", Get).RequireAuthorization(Permissions.ApplicationsRead)
            .WithSummary("One application version with its history.");
        admin.MapPost("/{versionId}/approve", Approve).RequireAuthorization(Permissions.ApplicationsReview).AuditedAs("applications.approve")
            .WithSummary("Review passed: initial → reviewed.");
        admin.MapPost("/{versionId}/reject", Reject).RequireAuthorization(Permissions.ApplicationsReview).AuditedAs("applications.reject")
            .WithSummary("Review failed: back to initial, with the reason.");
        admin.MapPost("/{versionId}/tests", RecordTest).RequireAuthorization(Permissions.ApplicationsTest).AuditedAs("applications.test")
            .WithSummary("Record a test on a test number: the batches and versions that passed (reviewed → tested).");
        admin.MapPost("/{versionId}/publish", Publish).RequireAuthorization(Permissions.ApplicationsPublish).AuditedAs("applications.publish")
            .WithSummary("Publish to tested batches, optionally to a user list only (tested → published).");
        admin.MapPost("/{versionId}/archive", Archive).RequireAuthorization(Permissions.ApplicationsArchive).AuditedAs("applications.archive")
            .WithSummary("No new downloads (published → archiving).");
        admin.MapPost("/{versionId}/archived", FinishArchiving).RequireAuthorization(Permissions.ApplicationsArchive).AuditedAs("applications.archived")
            .WithSummary("Gone from the catalogue (archiving → archived).");

        var libraries = app.MapGroup(LibrariesPath).WithTags("Applications");
        libraries.MapGet("", ListLibraries).RequireAuthorization(Permissions.ApplicationsRead)
            .WithSummary("The libraries (dependent extensions) applications may import.");
        libraries.MapPost("", AddLibrary).RequireAuthorization(Permissions.ApplicationsReview).Idempotent().AuditedAs("libraries.add")
            .WithSummary("Upload a library: multipart with fields \"aid\" and \"name\" and its CAP file.");
        return app;
    }

    private static Task<IResult> Upload(
        HttpRequest request, ClaimsPrincipal user, ApplicationStore store, ICatalogue catalogue, IOptions<ApplicationsOptions> options,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, AuditNote note, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        if (ProviderOf(user) is not { } providerId)
            return NotProviderStaff();
        var (form, problem) = await UploadedForm.ReadAsync(request, options.Value, cancellationToken);
        if (form is null)
            return problem!;
        if (form.Form["application"].ToString() is not { Length: > 0 } json)
            return Problems.Invalid(["application: the structure as JSON (a form field named \"application\")."]);
        ApplicationManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, Json.ApplicationManifest);
        }
        catch (JsonException e)
        {
            return Problems.Invalid([$"application: not the structure's JSON ({Problems.Echo(e.Message)})."]);
        }
        if (manifest is null)
            return Problems.Invalid(["application: the structure as a JSON object."]);
        if (form.Caps.Count == 0)
            return Problems.Invalid(["files: at least one CAP file."]);
        manifest = ApplicationUploadCheck.Normalize(manifest);
        ApplicationUploadCheck.Validate(manifest);
        ApplicationUploadCheck.CheckSecurityDomain(manifest.SecurityDomainAid, catalogue.FindSecurityDomain(manifest.SecurityDomainAid), providerId);
        var libraries = await store.ListLibrariesAsync(cancellationToken);
        var loadFiles = ApplicationUploadCheck.CheckCaps(manifest,
            form.Caps.ToDictionary(c => c.Key, c => (c.Value.Cap, c.Value.FileSha1), StringComparer.Ordinal),
            aid => libraries.FirstOrDefault(l => l.Aid.Equals(aid, StringComparison.OrdinalIgnoreCase)));
        var now = clock.GetUtcNow();
        var versionId = ApplicationVersionId.Of(manifest.Aid, manifest.ProviderVersion, now);
        note.Target = versionId;
        var mainFile = loadFiles.First(f => f.Modules.Contains(manifest.MainModule, StringComparer.OrdinalIgnoreCase));
        var record = new ApplicationRecord
        {
            VersionId = versionId,
            Aid = manifest.Aid.ToUpperInvariant(),
            ProviderId = providerId,
            ProviderVersion = manifest.ProviderVersion,
            Name = manifest.Name.Trim(),
            Status = ApplicationLifecycle.NameOf(ApplicationStatus.Initial),
            Definition = DefinitionOf(manifest, providerId, versionId, loadFiles, mainFile),
            Manifest = manifest,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.InsertAsync(record, [.. form.Caps.Values.Select(c => (c.FileSha1, c.Bytes))], ActorOf(user), cancellationToken);
        note.After = record.Status;
        return TypedResults.Json(record, Json.ApplicationRecord, statusCode: StatusCodes.Status201Created);
    });

    /// <summary>The engine's record of an upload; its NV data figure is the data space plus each instance's space.</summary>
    private static ApplicationDefinition DefinitionOf(ApplicationManifest manifest, string providerId, string versionId, IReadOnlyList<LoadFileDefinition> loadFiles, LoadFileDefinition mainFile) => new()
    {
        Aid = manifest.Aid.ToUpperInvariant(),
        Name = manifest.Name.Trim(),
        LoadFileAid = mainFile.Aid,
        CapFile = mainFile.CapFile,
        Instances = [.. manifest.Instances.Select(i => i with { ModuleAid = i.ModuleAid.ToUpperInvariant(), InstanceAid = i.InstanceAid.ToUpperInvariant() })],
        SecurityDomainAid = manifest.SecurityDomainAid.ToUpperInvariant(),
        ServiceProvider = providerId,
        Status = ApplicationStatus.Initial,
        Batches = manifest.Batches,
        Provinces = [.. manifest.Provinces.Distinct(StringComparer.Ordinal)],
        NonVolatileData = manifest.DataNonVolatile + manifest.InstanceNonVolatile * manifest.Instances.Count,
        VolatileData = manifest.Volatile,
        NeedsPersonalization = manifest.NeedsPersonalization,
        NeedsActivation = manifest.NeedsActivation,
        VersionId = versionId,
        LoadFiles = loadFiles,
        Extensions = [.. manifest.Extensions.Select(e => e.ToUpperInvariant())],
        Issuance = manifest.Issuance,
        Deletion = manifest.Deletion,
        Personalization = manifest.Personalization,
    };

    private static async Task<IResult> ListOwn(string? status, string? from, string? to, ClaimsPrincipal user, ApplicationStore store, CancellationToken cancellationToken)
    {
        if (ProviderOf(user) is not { } providerId)
            return NotProviderStaff();
        if (QueryOf(providerId, status, from, to, out var problems) is not { } query)
            return Problems.Invalid(problems);
        return TypedResults.Json(await store.ListAsync(query, cancellationToken: cancellationToken), Json.IReadOnlyListApplicationRecord);
    }

    private static async Task<IResult> GetOwn(string versionId, ClaimsPrincipal user, ApplicationStore store, CancellationToken cancellationToken)
    {
        if (ProviderOf(user) is not { } providerId)
            return NotProviderStaff();
        // Another provider's version is answered as unknown: its existence is not the caller's business.
        var record = ApplicationVersionId.IsWellFormed(versionId) ? await store.GetAsync(versionId, cancellationToken) : null;
        if (record is null || !record.ProviderId.Equals(providerId, StringComparison.Ordinal))
            return Problems.Refused(new Refusal(RefusalCode.UnknownApplication, $"No application version {Problems.Echo(versionId)} of yours."));
        return TypedResults.Json(new ApplicationDetails(record, await store.HistoryAsync(versionId, cancellationToken)), Json.ApplicationDetails);
    }

    private static async Task<IResult> List(string? status, string? provider, string? from, string? to, ApplicationStore store, CancellationToken cancellationToken)
    {
        if (QueryOf(provider, status, from, to, out var problems) is not { } query)
            return Problems.Invalid(problems);
        return TypedResults.Json(await store.ListAsync(query, cancellationToken: cancellationToken), Json.IReadOnlyListApplicationRecord);
    }

    private static async Task<IResult> Get(string versionId, ApplicationStore store, CancellationToken cancellationToken)
    {
        var record = ApplicationVersionId.IsWellFormed(versionId) ? await store.GetAsync(versionId, cancellationToken) : null;
        if (record is null)
            return Problems.Refused(new Refusal(RefusalCode.UnknownApplication, $"No application version {Problems.Echo(versionId)}."));
        return TypedResults.Json(new ApplicationDetails(record, await store.HistoryAsync(versionId, cancellationToken)), Json.ApplicationDetails);
    }

    private static Task<IResult> Approve(string versionId, ClaimsPrincipal user, ApplicationStore store,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, AuditNote note, CancellationToken cancellationToken) =>
        Transition(versionId, ApplicationAction.Approve, r => r with { Reason = null }, null, user, store, clock, note, cancellationToken);

    private static Task<IResult> Reject(string versionId, RejectBody? body, ClaimsPrincipal user, ApplicationStore store,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, AuditNote note, CancellationToken cancellationToken)
    {
        var reason = body?.Reason?.Trim();
        if (reason is not { Length: > 0 and <= 500 })
            return Task.FromResult(Problems.Invalid(["reason: why the application is rejected, 1 to 500 characters."]));
        return Transition(versionId, ApplicationAction.Reject, r => r with { Reason = reason }, reason, user, store, clock, note, cancellationToken);
    }

    private static Task<IResult> RecordTest(string versionId, TestBody? body, ClaimsPrincipal user, ApplicationStore store, ICatalogue catalogue,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, AuditNote note, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var msisdn = body?.Msisdn?.Trim() ?? "";
        if (msisdn.Length is < 5 or > 21 || !msisdn.TrimStart('+').All(char.IsAsciiDigit))
            problems.Add("msisdn: the test SE's number, 5 to 21 digits.");
        var batches = body?.Batches ?? [];
        var versions = body?.Versions ?? [];
        if (batches.Count > 32 || versions.Count > 32 || batches.Concat(versions).Any(v => v is not { Length: > 0 and <= 64 }))
            problems.Add("batches, versions: at most 32 names of 1 to 64 characters each.");
        if (body is { Passed: true } && batches.Count == 0)
            problems.Add("batches: a passed test names the batches it passed on.");
        if ((body?.Note?.Length ?? 0) > 500 || (body?.SeId?.Length ?? 0) > 32)
            problems.Add("note: at most 500 characters; seId: at most 32.");
        if (problems.Count > 0)
            return Task.FromResult(Problems.Invalid(problems));
        var unknown = batches.FirstOrDefault(b => catalogue.FindBatchById(b) is null);
        if (unknown is not null)
            return Task.FromResult(Problems.Refused(new Refusal(RefusalCode.UnknownBatch, $"SE batch {Problems.Echo(unknown)} is not in the catalogue.")));
        if (!catalogue.IsTestNumber(msisdn))
            return Task.FromResult(Problems.Refused(new Refusal(RefusalCode.NotATestNumber, "The test SE's number is not registered as a test number.")));
        var result = new ApplicationTestResult
        {
            Msisdn = msisdn,
            SeId = body!.SeId ?? "",
            Batches = batches,
            Versions = versions,
            Passed = body.Passed,
            Note = body.Note ?? "",
            Tester = ActorOf(user),
            At = clock.GetUtcNow(),
        };
        var summary = (body.Passed ? "passed on " + string.Join(",", batches) : "failed") + (versions.Count > 0 ? " (" + string.Join(", ", versions) + ")" : "");
        return Transition(versionId, body.Passed ? ApplicationAction.PassTest : ApplicationAction.FailTest,
            r => r with { Tests = [.. r.Tests, result] }, summary, user, store, clock, note, cancellationToken);
    }

    private static Task<IResult> Publish(string versionId, PublishBody? body, ClaimsPrincipal user, ApplicationStore store,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, AuditNote note, CancellationToken cancellationToken)
    {
        var batches = body?.Batches ?? [];
        var users = body?.UserList ?? [];
        var problems = new List<string>();
        if (batches.Count is 0 or > 64)
            problems.Add("batches: 1 to 64 SE batches to publish to.");
        if (users.Count > 10_000 || users.Any(m => m is null || m.Length is < 5 or > 21 || !m.TrimStart('+').All(char.IsAsciiDigit)))
            problems.Add("userList: at most 10000 MSISDNs of 5 to 21 digits.");
        if (problems.Count > 0)
            return Task.FromResult(Problems.Invalid(problems));
        return Transition(versionId, ApplicationAction.Publish, record =>
        {
            var passed = record.Tests.Where(t => t.Passed).SelectMany(t => t.Batches).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (batches.FirstOrDefault(b => !passed.Contains(b)) is { } untested)
                throw new RefusedException(RefusalCode.BatchNotSupported, $"Application version {versionId} passed no test on SE batch {Problems.Echo(untested)}.");
            return record with { Definition = record.Definition with { Batches = [.. batches], UserList = [.. users.Distinct(StringComparer.Ordinal)] } };
        }, $"to {string.Join(",", batches)}" + (users.Count > 0 ? $", {users.Count.ToString(CultureInfo.InvariantCulture)} users" : ""), user, store, clock, note, cancellationToken);
    }

    private static Task<IResult> Archive(string versionId, ClaimsPrincipal user, ApplicationStore store,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, AuditNote note, CancellationToken cancellationToken) =>
        Transition(versionId, ApplicationAction.Archive, r => r, null, user, store, clock, note, cancellationToken);

    private static Task<IResult> FinishArchiving(string versionId, ClaimsPrincipal user, ApplicationStore store,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, AuditNote note, CancellationToken cancellationToken) =>
        Transition(versionId, ApplicationAction.FinishArchiving, r => r, null, user, store, clock, note, cancellationToken);

    private static Task<IResult> Transition(string versionId, ApplicationAction action, Func<ApplicationRecord, ApplicationRecord> change, string? reason,
        ClaimsPrincipal user, ApplicationStore store, TimeProvider clock, AuditNote note, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        note.Target = Problems.Echo(versionId);
        if (!ApplicationVersionId.IsWellFormed(versionId))
            return Problems.Refused(new Refusal(RefusalCode.UnknownApplication, $"No application version {Problems.Echo(versionId)}."));
        string? before = null;
        var next = await store.TransitionAsync(versionId, action, record =>
        {
            before = record.Status;
            return change(record);
        }, ActorOf(user), reason, clock.GetUtcNow(), cancellationToken);
        note.Before = before;
        note.After = next.Status + (reason is null ? "" : ": " + reason);
        return TypedResults.Json(next, Json.ApplicationRecord);
    });

    private static async Task<IResult> ListLibraries(ApplicationStore store, CancellationToken cancellationToken) =>
        TypedResults.Json(await store.ListLibrariesAsync(cancellationToken), Json.IReadOnlyListLibraryDefinition);

    private static Task<IResult> AddLibrary(HttpRequest request, ApplicationStore store, IOptions<ApplicationsOptions> options,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock, AuditNote note, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        var (form, problem) = await UploadedForm.ReadAsync(request, options.Value, cancellationToken);
        if (form is null)
            return problem!;
        var aid = form.Form["aid"].ToString().ToUpperInvariant();
        var name = form.Form["name"].ToString().Trim();
        var problems = new List<string>();
        Problems.CheckHex(aid, "aid", 5, 16, problems);
        if (name.Length is 0 or > 100)
            problems.Add("name: 1 to 100 characters.");
        if (form.Caps.Count != 1)
            problems.Add("files: exactly one CAP file, the library's.");
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        note.Target = aid;
        var (fileName, (cap, sha1, bytes)) = form.Caps.First();
        if (!cap.PackageAid.Equals(aid, StringComparison.OrdinalIgnoreCase))
            throw new RefusedException(RefusalCode.CapInconsistent, $"File '{Problems.Echo(fileName)}': its package AID is {cap.PackageAid}, not library {aid}.");
        if (cap.AppletAids.Count > 0)
            throw new RefusedException(RefusalCode.CapInconsistent, $"File '{Problems.Echo(fileName)}' (package {aid}) has applets: a library is loaded, never instantiated.");
        var libraries = await store.ListLibrariesAsync(cancellationToken);
        var newest = PlatformPackages.JavaCardVersions[^1];
        foreach (var import in cap.Imports)
        {
            if (!libraries.Any(l => l.Aid.Equals(import.Aid, StringComparison.OrdinalIgnoreCase)) && !PlatformPackages.Provides(newest, import, out var reason))
                throw new RefusedException(RefusalCode.CapInconsistent, $"File '{Problems.Echo(fileName)}' (library {aid}) imports {import.Aid} {import.Version}: {reason}, nor a library of the catalogue.");
        }
        var library = new LibraryDefinition
        {
            Aid = aid,
            Name = name,
            LoadFile = new LoadFileDefinition { Aid = aid, CapFile = StoredCap.Reference(sha1), LoadFileHash = cap.LoadFileDataBlockSha1 },
        };
        await store.AddLibraryAsync(library, (sha1, bytes), clock.GetUtcNow(), cancellationToken);
        note.After = $"{aid} {name}";
        return TypedResults.Json(library, Json.LibraryDefinition, statusCode: StatusCodes.Status201Created);
    });

    private static ApplicationQuery? QueryOf(string? provider, string? status, string? from, string? to, out List<string> problems)
    {
        problems = [];
        if (status is not null && !ApplicationLifecycle.TryParse(status, out _))
            problems.Add("status: initial, reviewed, tested, published, archiving or archived.");
        DateTimeOffset? start = null, end = null;
        if (from is not null)
        {
            if (DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                start = parsed;
            else
                problems.Add("from: an ISO 8601 time.");
        }
        if (to is not null)
        {
            if (DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                end = parsed;
            else
                problems.Add("to: an ISO 8601 time.");
        }
        if (provider is { Length: > 64 })
            problems.Add("provider: at most 64 characters.");
        return problems.Count > 0 ? null : new ApplicationQuery(provider, status?.ToLowerInvariant(), start, end);
    }

    private static string? ProviderOf(ClaimsPrincipal user) => user.FindFirst(TsmClaims.Provider)?.Value is { Length: > 0 } provider ? provider : null;

    private static string ActorOf(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static IResult NotProviderStaff() => Results.Problem(title: "Not provider staff",
        detail: "Only an account of a service provider's staff uploads and lists its applications here.", statusCode: StatusCodes.Status403Forbidden);
}
