using System.Net;
using System.Net.Http.Json;
using Tsm.Gateway.Cli;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Access;

/// <summary>
/// <c>accounts create-admin</c> makes the first administrator in the platform database, once; the gateway started on
/// that database then signs it in (docs/security.md, "The first administrator").
/// </summary>
public sealed class AccountsCliTests
{
    [Fact]
    public async Task The_first_administrator_is_created_once_and_signs_in()
    {
        using var database = new TempDatabase();
        var before = Environment.GetEnvironmentVariable(AccountsCommand.PasswordVariable);
        Environment.SetEnvironmentVariable(AccountsCommand.PasswordVariable, "First-admin-pass-1");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            // Development: the host validates every service it registers, as `dotnet run` does.
            var code = await GatewayCli.RunAsync(["accounts", "create-admin", "--user", "root", "--Storage:SqlitePath", database.Path, "--environment", "Development"], output, error);
            Assert.True(code == CliExitCodes.Ok, error.ToString());
            Assert.DoesNotContain("First-admin-pass-1", output + error.ToString(), StringComparison.Ordinal);
            using var again = new StringWriter();
            Assert.Equal(CliExitCodes.Found, await GatewayCli.RunAsync(["accounts", "create-admin", "--user", "other", "--Storage:SqlitePath", database.Path], again, error));
            Assert.Contains("exists already", again.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(AccountsCommand.PasswordVariable, before);
        }

        await using var gateway = new RunningGateway(database.Path);
        await gateway.StartAsync();
        using var login = await gateway.Anonymous.PostAsJsonAsync("/admin/v1/session/login", new { userName = "root", password = "First-admin-pass-1" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var weak = new StringWriter();
        using var usage = new StringWriter();
        Assert.Equal(CliExitCodes.Usage, await GatewayCli.RunAsync(["accounts", "create-admin"], weak, usage));
    }
}
