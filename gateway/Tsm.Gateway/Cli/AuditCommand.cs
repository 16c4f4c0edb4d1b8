using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Cli;

/// <summary><c>audit verify</c>: checks the configured platform database's audit log (docs/security.md, "Audit log").</summary>
public static class AuditCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var audit = new Command("audit", "The platform's audit log (requirement 7.4).");
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (ok, rowsChecked, headSeq, headHash, badSeq, fault, detail)." };
        var verify = new Command(
            "verify",
            "Walk the audit log's hash chain in the configured platform database. Exit code 0: intact; 2: tampered " +
            "with; 1: the database is missing or unreachable; 64: bad arguments. Configuration as for the server, " +
            "e.g. --Storage:SqlitePath data/tsm.db, or --Storage:Profile cluster --Storage:PostgresConnectionString \"...\".")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        verify.Options.Add(json);
        verify.SetAction((result, cancellationToken) => CliHost.RunAsync(
            result,
            builder => builder.AddAuditLog(),
            (services, output, ct) => VerifyAsync(services, output, result.GetValue(json), ct),
            cancellationToken));
        audit.Subcommands.Add(verify);
        return audit;
    }

    private static async Task<int> VerifyAsync(IServiceProvider services, TextWriter output, bool json, CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (storage.IsEmbedded && !File.Exists(storage.SqlitePath))
            throw new FileNotFoundException($"There is no platform database at {storage.SqlitePath}.");
        var verification = await services.GetRequiredService<IAuditLog>().VerifyAsync(cancellationToken);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(verification, s_json));
        }
        else if (verification.Ok)
        {
            await output.WriteLineAsync($"Audit log intact: {verification.RowsChecked} rows checked.");
            await output.WriteLineAsync($"Head: seq {verification.HeadSeq}, hash {verification.HeadHash}");
        }
        else
        {
            await output.WriteLineAsync($"Audit log TAMPERED WITH: {verification.Fault} at seq {verification.BadSeq} ({verification.RowsChecked} rows checked).");
            await output.WriteLineAsync(verification.Detail);
        }

        return verification.Ok ? CliExitCodes.Ok : CliExitCodes.Found;
    }
}
