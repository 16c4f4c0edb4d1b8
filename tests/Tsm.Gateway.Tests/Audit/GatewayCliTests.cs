using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Cli;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Audit;

/// <summary>The gateway's command line in-process: <c>audit verify</c> on an intact and a tampered SQLite database.</summary>
public sealed class GatewayCliTests : IDisposable
{
    private readonly TempDatabase _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GatewayCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private async Task SeedAsync(int rows)
    {
        var log = new SqlAuditLog(new SqliteSchema(Options.Create(new StorageOptions { SqlitePath = _folder.Path })), TimeProvider.System);
        for (var i = 0; i < rows; i++)
            await log.AppendAsync(new AuditEntry { Actor = "admin", Action = "login", Outcome = AuditOutcome.Ok });
    }

    private async Task TamperAsync(string sql)
    {
        await using var connection = new SqliteConnection(SqliteSchema.ConnectionStringFor(_folder.Path));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task An_intact_log_exits_0_with_its_head()
    {
        await SeedAsync(3);
        var (code, output, error) = await RunAsync("audit", "verify", "--Storage:SqlitePath", _folder.Path);
        Assert.True(code == CliExitCodes.Ok, error);
        Assert.Contains("Audit log intact: 3 rows checked.", output, StringComparison.Ordinal);
        Assert.Contains("Head: seq 3, hash ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_log_exits_2_and_names_the_row()
    {
        await SeedAsync(4);
        await TamperAsync("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;");

        var (code, output, _) = await RunAsync("audit", "verify", $"--Storage:SqlitePath={_folder.Path}");
        Assert.Equal(CliExitCodes.Found, code);
        Assert.Contains("TAMPERED WITH: Altered at seq 2", output, StringComparison.Ordinal);

        var (jsonCode, json, _) = await RunAsync("audit", "verify", "--json", "--Storage:SqlitePath", _folder.Path);
        Assert.Equal(CliExitCodes.Found, jsonCode);
        using var document = JsonDocument.Parse(json);
        Assert.Equal((false, 2, "Altered"),
            (document.RootElement.GetProperty("ok").GetBoolean(), document.RootElement.GetProperty("badSeq").GetInt64(), document.RootElement.GetProperty("fault").GetString()));
    }

    [Fact]
    public async Task A_missing_database_exits_1_and_creates_nothing()
    {
        var path = Path.Combine(_folder.Folder, "absent.db");
        var (code, _, error) = await RunAsync("audit", "verify", "--Storage:SqlitePath", path);
        Assert.Equal(CliExitCodes.Failed, code);
        Assert.Contains("no platform database", error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("audit")]
    [InlineData("audit", "frobnicate")]
    [InlineData("audit", "verify", "stray")]
    [InlineData("audit", "verify", "--Storage:SqlitePath")]
    [InlineData("audit", "verify", "--Storage:Profile", "sideways")]
    public async Task Bad_arguments_exit_64_with_the_usage_on_standard_error(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.Equal(CliExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("audit", "--help")]
    [InlineData("audit", "verify", "--help")]
    [InlineData("audit", "verify", "-h")]
    public async Task Help_works_on_every_command(params string[] args)
    {
        var (code, output, _) = await RunAsync(args);
        Assert.Equal(CliExitCodes.Ok, code);
        Assert.Contains(args.Length == 1 ? "audit" : "verify", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_are_told_from_server_arguments()
    {
        Assert.True(GatewayCli.Handles(["audit", "verify"]));
        Assert.True(GatewayCli.Handles(["--help"]));
        Assert.False(GatewayCli.Handles([]));
        Assert.False(GatewayCli.Handles(["--urls", "http://127.0.0.1:5080"]));
        Assert.False(GatewayCli.Handles(["--Storage:SqlitePath", "audit"]));
    }
}
