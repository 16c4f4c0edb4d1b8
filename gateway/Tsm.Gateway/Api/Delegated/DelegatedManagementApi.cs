using Tsm.Gateway.Security;
using Tsm.Gateway.ServiceProviders;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Gateway.Api.Delegated;

/// <summary>
/// DAP signing and the Delegated Management interface for business platforms (requirement 5.8.9.3; GP 2.2.1 Appendix C;
/// docs/dap-and-tokens.md): tokens for the commands of a provider's token-mode SD, token verification, receipt
/// verification, and DAP signatures under a DAP key the platform holds for a provider's DAP-mode SD.
/// </summary>
public static class DelegatedManagementApi
{
    public const string TokensPath = SpPaths.Base + "/delegated/tokens";
    public const string TokenChecksPath = SpPaths.Base + "/delegated/token-checks";
    public const string ReceiptChecksPath = SpPaths.Base + "/delegated/receipt-checks";
    public const string DapSignaturesPath = SpPaths.Base + "/dap/signatures";

    private const int TokenMode = 4;

    public static WebApplicationBuilder AddDelegatedManagement(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DelegatedManagementOptions>().BindConfiguration(DelegatedManagementOptions.Section)
            .Validate(o => string.IsNullOrEmpty(o.TokenKeyFile) || File.Exists(o.TokenKeyFile), "DelegatedManagement:TokenKeyFile names a file that does not exist.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DelegatedManagementKeys>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDelegatedManagementApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(TokensPath, IssueToken).WithTags("Delegated management").RequireAuthorization(Policies.ServicePlatform)
            .WithSummary("A Delegated Management token (GP 2.2.1 C.4) for an INSTALL or DELETE command of the provider's token-mode SD.")
            .Produces<TokenResult>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapPost(TokenChecksPath, CheckToken).WithTags("Delegated management").RequireAuthorization(Policies.ServicePlatform)
            .WithSummary("Whether a command's token verifies under the platform's Token key.")
            .Produces<CheckResult>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapPost(ReceiptChecksPath, CheckReceipt).WithTags("Delegated management").RequireAuthorization(Policies.ServicePlatform)
            .WithSummary("Whether a card's receipt for a delegated load, install, extradition or delete verifies (GP 2.2.1 C.5).")
            .Produces<CheckResult>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapPost(DapSignaturesPath, SignDap).WithTags("Delegated management").RequireAuthorization(Policies.ServicePlatform)
            .WithSummary("A DES DAP signature (GP 2.2.1 C.6.2) of a load file data block hash, under the DAP key the platform holds for the provider's SD.")
            .Produces<DapSignResult>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static IResult IssueToken(TokenRequest? request, HttpContext http, ICatalogue catalogue, DelegatedManagementKeys keys, ILoggerFactory logs)
    {
        var problems = new List<string>();
        var aid = CheckAid(request?.SecurityDomainAid, "securityDomainAid", problems);
        var command = CheckCommand(request?.Command, problems);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var platform = SpPlatform.From(http.User);
        var domain = catalogue.FindSecurityDomain(aid!);
        if (domain is null)
            return Problem(StatusCodes.Status404NotFound, "Unknown security domain", $"Security domain {aid} is not an approved security domain.");
        if (!platform.ActsFor(domain.Owner))
            return Problem(StatusCodes.Status403Forbidden, "Not your security domain", $"Security domain {aid} is not one of your providers'.");
        if (domain.Mode != TokenMode)
            return Problem(StatusCodes.Status409Conflict, "Not a token-mode security domain", $"Security domain {aid} is in mode {domain.Mode}; tokens serve mode {TokenMode} (delegated management).");
        if (!keys.HasTokenKey)
            return NotConfigured("DelegatedManagement:TokenKeyFile");
        return Guarded(logs, () =>
        {
            var signed = keys.IssueToken(command!);
            DelegatedManagementLog.TokenIssued(logs.CreateLogger(typeof(DelegatedManagementApi)), platform.Id, aid!, command!.Ins.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            return Results.Ok(new TokenResult(Hex.Format(TokenData.FromCommand(signed).Token.Span), signed.ToHex()));
        });
    }

    private static IResult CheckToken(TokenCheckRequest? request, HttpContext http, DelegatedManagementKeys keys, ILoggerFactory logs)
    {
        var problems = new List<string>();
        var command = CheckCommand(request?.Command, problems);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        if (!keys.HasTokenKey)
            return NotConfigured("DelegatedManagement:TokenKeyFile");
        return Guarded(logs, () =>
        {
            var valid = keys.VerifyToken(command!);
            DelegatedManagementLog.TokenChecked(logs.CreateLogger(typeof(DelegatedManagementApi)), SpPlatform.From(http.User).Id, valid);
            return Results.Ok(new CheckResult(valid));
        });
    }

    private static IResult CheckReceipt(ReceiptCheckRequest? request, HttpContext http, DelegatedManagementKeys keys, ILoggerFactory logs)
    {
        var problems = new List<string>();
        var operation = request?.Operation?.ToLowerInvariant();
        var expected = operation switch { "load" or "install" => 2, "extradition" => 3, "delete" => 1, _ => 0 };
        if (expected == 0)
            problems.Add("operation: load, install, extradition or delete.");
        Problems.CheckHex(request?.Response ?? "", "response", 1, 256, problems);
        var aids = (request?.Aids ?? []).Select((a, i) => CheckAid(a, $"aids[{i}]", problems)).ToList();
        if (expected > 0 && aids.Count != expected)
            problems.Add($"aids: {expected} AIDs for a {operation} receipt (GP 2.2.1 tables C-10 to C-14).");
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        Confirmation? confirmation;
        try
        {
            confirmation = Confirmation.ParseResponse(Hex.Parse(request!.Response!));
        }
        catch (GpFormatException ex)
        {
            return Problems.Invalid([$"response: not a confirmation (GP 2.2.1 §11.1.6): {ex.Message}"]);
        }
        if (confirmation is null || confirmation.Receipt.IsEmpty)
            return Problem(StatusCodes.Status422UnprocessableEntity, "No receipt", "The card's answer carries no receipt: its issuer's policy gives none.");
        if (!keys.HasReceiptKey)
            return NotConfigured("DelegatedManagement:ReceiptKey");
        var ids = aids.Select(a => Aid.Parse(a!)).ToList();
        var data = operation switch
        {
            "load" => ReceiptData.Load(confirmation.Data, ids[0], ids[1]),
            "install" => ReceiptData.Install(confirmation.Data, ids[0], ids[1]),
            "extradition" => ReceiptData.Extradition(confirmation.Data, ids[0], ids[1], ids[2]),
            _ => ReceiptData.Delete(confirmation.Data, ids[0]),
        };
        return Guarded(logs, () =>
        {
            var valid = keys.VerifyReceipt(data, confirmation.Receipt.Span);
            DelegatedManagementLog.ReceiptChecked(logs.CreateLogger(typeof(DelegatedManagementApi)), SpPlatform.From(http.User).Id, operation!, aids[^1]!, confirmation.Data.Counter, valid);
            return Results.Ok(new CheckResult(valid, confirmation.Data.Counter));
        });
    }

    private static IResult SignDap(DapSignRequest? request, HttpContext http, DelegatedManagementKeys keys, ILoggerFactory logs)
    {
        var problems = new List<string>();
        var aid = CheckAid(request?.SecurityDomainAid, "securityDomainAid", problems);
        Problems.CheckHex(request?.LoadFileDataBlockHash ?? "", "loadFileDataBlockHash", DapSignature.HashLength, DapSignature.HashLength, problems);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var platform = SpPlatform.From(http.User);
        if (keys.DapKeyOf(aid!) is not { } dapKey)
            return Problem(StatusCodes.Status404NotFound, "No DAP key", $"The platform holds no DAP key for security domain {aid}.");
        if (!platform.ActsFor(dapKey.Owner))
            return Problem(StatusCodes.Status403Forbidden, "Not your security domain", $"Security domain {aid} is not one of your providers'.");
        return Guarded(logs, () =>
        {
            var signature = keys.SignDap(dapKey, Hex.Parse(request!.LoadFileDataBlockHash!));
            DelegatedManagementLog.DapSigned(logs.CreateLogger(typeof(DelegatedManagementApi)), aid!, platform.Id);
            var aidBytes = Hex.Parse(aid!);
            // E2 L { 4F L AID, C3 08 signature }: every length below 128 for an AID of at most 16 bytes and a DES DAP.
            byte[] block = [0xE2, (byte)(2 + aidBytes.Length + 2 + signature.Length), 0x4F, (byte)aidBytes.Length, .. aidBytes, 0xC3, (byte)signature.Length, .. signature];
            return Results.Ok(new DapSignResult(Hex.Format(signature), Hex.Format(block)));
        });
    }

    private static string? CheckAid(string? value, string name, List<string> problems)
    {
        Problems.CheckHex(value ?? "", name, Aid.MinLength, Aid.MaxLength, problems);
        return value?.ToUpperInvariant();
    }

    private static CommandApdu? CheckCommand(string? value, List<string> problems)
    {
        if (!Hex.TryParse(value, out var bytes))
        {
            problems.Add("command: a command APDU in hex.");
            return null;
        }
        try
        {
            return CommandApdu.Parse(bytes);
        }
        catch (ApduFormatException)
        {
            problems.Add("command: not a well-formed command APDU.");
            return null;
        }
    }

    /// <summary>A command that carries no token, or a key that turned out unusable, answer as problems, never 500.</summary>
    private static IResult Guarded(ILoggerFactory logs, Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (GpFormatException ex)
        {
            return Problems.Invalid([$"command: {ex.Message}"]);
        }
        catch (KeyServiceException ex)
        {
            DelegatedManagementLog.KeyUnusable(logs.CreateLogger(typeof(DelegatedManagementApi)), ex.Message);
            return Problem(StatusCodes.Status503ServiceUnavailable, "Key unusable", "A delegated management key of the platform is configured but cannot be used; the operator is told.");
        }
    }

    private static IResult NotConfigured(string key) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "Not configured", $"This platform has no {key}.");

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status);
}
