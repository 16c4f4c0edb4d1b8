using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

public sealed class StorageOptionsTests
{
    // Must exist: the host makes a file provider on its content root. Nothing is written there.
    private static readonly string Root = Path.GetTempPath();

    [Fact]
    public void Default_path_is_data_tsm_db_under_the_content_root() =>
        Assert.Equal(Path.Combine(Root, "data", "tsm.db"), StoragePaths.ResolveSqlitePath(null, Root, null));

    [Fact]
    public void TSM_DATA_DIR_moves_the_default_file() =>
        Assert.Equal(Path.Combine(Root, "elsewhere", "tsm.db"), StoragePaths.ResolveSqlitePath("", Root, Path.Combine(Root, "elsewhere")));

    [Fact]
    public void A_configured_path_wins_and_a_relative_one_is_under_the_content_root()
    {
        Assert.Equal(Path.Combine(Root, "db", "x.db"), StoragePaths.ResolveSqlitePath("db/x.db", Root, "/ignored"));
        var absolute = Path.Combine(Path.GetTempPath(), "abs.db");
        Assert.Equal(absolute, StoragePaths.ResolveSqlitePath(absolute, Root, null));
    }

    [Fact]
    public void Options_bind_and_resolve_TSM_DATA_DIR_from_configuration()
    {
        using var host = Build(new() { ["TSM_DATA_DIR"] = Path.Combine(Root, "env") });
        var options = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        Assert.True(options.IsEmbedded);
        Assert.Equal(Path.Combine(Root, "env", "tsm.db"), options.SqlitePath);
        Assert.Contains(Path.Combine(Root, "env", "tsm.db"), host.Services.GetRequiredService<SqliteSchema>().ConnectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cluster", null, "Storage:PostgresConnectionString is required for the cluster profile")]
    [InlineData("cluster", "Hots=db;Database=tsm", "Storage:PostgresConnectionString is not a valid PostgreSQL connection string")]
    [InlineData("sharded", null, "Storage:Profile \"sharded\" is unknown")]
    public async Task Start_fails_with_a_clear_message_for_a_bad_profile(string profile, string? postgres, string message)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = Root });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Profile"] = profile,
            ["Storage:PostgresConnectionString"] = postgres,
            [StorageExtensions.SiloPortKey] = SiloHost.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            [StorageExtensions.GatewayPortKey] = SiloHost.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.AddTsmSilo();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = Root });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTsmStorage();
        return builder.Build();
    }
}
