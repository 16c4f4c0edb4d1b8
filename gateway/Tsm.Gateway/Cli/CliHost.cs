using System.CommandLine;
using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Cli;

/// <summary>
/// What a command runs on: the services of a host configured exactly as the server is (appsettings.json,
/// appsettings.{Environment}.json, environment variables, and the arguments the command does not know itself, as
/// <c>--Key value</c> or <c>--Key=value</c>), without starting the server, with logging off so that standard output
/// is the command's own. Failures become exit codes, with a one-line reason on standard error.
/// </summary>
public static class CliHost
{
    /// <summary>
    /// Builds the host with the services <paramref name="addServices"/> registers, runs <paramref name="body"/> with
    /// them and the command's standard output; returns its exit code, or <see cref="CliExitCodes.Usage"/> for bad
    /// configuration arguments or values, or <see cref="CliExitCodes.Failed"/> when the body throws.
    /// </summary>
    public static async Task<int> RunAsync(
        ParseResult result,
        Action<WebApplicationBuilder> addServices,
        Func<IServiceProvider, TextWriter, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(addServices);
        ArgumentNullException.ThrowIfNull(body);
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        if (ConfigurationArguments(result.UnmatchedTokens) is not { } args)
        {
            await error.WriteLineAsync($"Unrecognized arguments: {string.Join(' ', result.UnmatchedTokens)}. Configuration is given as --Key value or --Key=value (e.g. --Storage:SqlitePath data/tsm.db).");
            return CliExitCodes.Usage;
        }

        try
        {
            var builder = WebApplication.CreateBuilder(Hosting.GatewayHosting.Options(args));
            builder.Logging.ClearProviders();
            addServices(builder);
            await using var app = builder.Build();
            return await body(app.Services, output, cancellationToken);
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync("Configuration: " + string.Join(" ", e.Failures));
            return CliExitCodes.Usage;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await error.WriteLineAsync($"Failed: {e.Message}");
            return CliExitCodes.Failed;
        }
    }

    /// <summary>The tokens as configuration arguments, or null when one is not <c>--Key value</c> or <c>--Key=value</c>.</summary>
    public static string[]? ConfigurationArguments(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var args = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2 || token[2] is '=' or '-')
                return null;
            if (token.Contains('=', StringComparison.Ordinal))
            {
                args.Add(token);
            }
            else if (i + 1 < tokens.Count)
            {
                args.Add(token);
                args.Add(tokens[++i]);
            }
            else
            {
                return null;
            }
        }

        return [.. args];
    }
}
