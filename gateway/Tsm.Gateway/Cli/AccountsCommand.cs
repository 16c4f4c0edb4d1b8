using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Tsm.Gateway.Security;
using Tsm.Gateway.Security.Accounts;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Cli;

/// <summary>
/// <c>accounts create-admin</c>: the first system administrator (docs/security.md, "The first administrator"). The
/// password comes from <see cref="PasswordVariable"/> or the first line of standard input, never from an argument
/// (arguments show in process lists and shell history).
/// </summary>
public static class AccountsCommand
{
    public const string PasswordVariable = "TSM_ADMIN_PASSWORD";

    public static Command Create()
    {
        var accounts = new Command("accounts", "Operator accounts (requirement 5.7.3.3).");
        var user = new Option<string>("--user") { Description = "The administrator's account name.", Required = true };
        var create = new Command(
            "create-admin",
            $"Create the first system administrator in the configured platform database, unless one exists. The password is read from {PasswordVariable}, " +
            "else from the first line of standard input. Exit code 0: created; 2: an administrator exists already or the name is taken; " +
            "1: refused (password policy) or the database is unreachable; 64: bad arguments.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        create.Options.Add(user);
        create.SetAction((result, cancellationToken) => CliHost.RunAsync(
            result,
            builder =>
            {
                builder.AddTsmStorage();
                builder.AddTsmIdentity();
            },
            (services, output, ct) => CreateAdminAsync(services, output, result.GetValue(user)!, ct),
            cancellationToken));
        accounts.Subcommands.Add(create);
        return accounts;
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, TextWriter output, string userName, CancellationToken cancellationToken)
    {
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
            password = await Console.In.ReadLineAsync(cancellationToken);
        if (string.IsNullOrEmpty(password))
            throw new InvalidOperationException($"No password: set {PasswordVariable} or give it on standard input.");
        await using var scope = services.CreateAsyncScope();
        await IdentityBootstrap.PrepareAsync(scope.ServiceProvider, services.GetRequiredService<IPlatformDatabase>(), cancellationToken);
        var outcome = await AccountCommands.CreateFirstAdministratorAsync(scope.ServiceProvider.GetRequiredService<UserManager<TsmAccount>>(), userName, password);
        await output.WriteLineAsync(outcome switch
        {
            FirstAdministratorOutcome.Created => $"Created the system administrator '{userName}'. Sign in at POST /admin/v1/session/login.",
            FirstAdministratorOutcome.AdministratorExists => "A system administrator exists already: nothing was created (add accounts through /admin/v1/accounts).",
            _ => $"The name '{userName}' is taken by another account: nothing was created.",
        });
        return outcome == FirstAdministratorOutcome.Created ? CliExitCodes.Ok : CliExitCodes.Found;
    }
}
