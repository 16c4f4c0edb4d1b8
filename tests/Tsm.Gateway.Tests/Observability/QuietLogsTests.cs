using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tsm.Gateway.Tests.Observability;

/// <summary>Polly's per-attempt lines (from inside Orleans) stay out of an Information log unless asked for.</summary>
public sealed class QuietLogsTests
{
    /// <summary>Which levels the built (not started) gateway would log for <paramref name="category"/>.</summary>
    private static async Task<(bool Debug, bool Information, bool Warning)> LevelsAsync(string category, params string[] extra)
    {
        using var database = new Storage.TempDatabase();
        var app = GatewayApp.Build(["--environment", "Testing", "--Storage:SqlitePath", database.Path, "--Logging:LogLevel:Default", "Information", .. extra]);
        try
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
            return (logger.IsEnabled(LogLevel.Debug), logger.IsEnabled(LogLevel.Information), logger.IsEnabled(LogLevel.Warning));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Polly_attempts_are_not_logged_at_information_by_default()
    {
        var polly = await LevelsAsync("Polly");
        Assert.False(polly.Information);
        Assert.True(polly.Warning);
        Assert.True((await LevelsAsync("Tsm.Gateway.Sms")).Information);
    }

    [Fact]
    public async Task An_operator_can_turn_polly_back_on()
    {
        Assert.True((await LevelsAsync("Polly", "--Logging:LogLevel:Polly", "Debug")).Debug);
    }
}
