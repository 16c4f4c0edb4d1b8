namespace Tsm.Simulator.Demo;

/// <summary>What <c>demo</c> runs (docs/cli.md, "demo").</summary>
public sealed record DemoOptions
{
    /// <summary>How many simulated phones register and download.</summary>
    public int Phones { get; init; } = 3;

    /// <summary>The built gateway (<c>Tsm.Gateway.dll</c>); null: found beside this program or in the repository.</summary>
    public string? GatewayDll { get; init; }

    /// <summary>The application every phone downloads (the embedded profile's demo catalogue has it).</summary>
    public string ApplicationAid { get; init; } = "A000000333010101";

    /// <summary>The demo's folder (database, card state files); null: a new temporary folder, deleted at the end.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>How long the gateway may take to answer /health.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the phones may take to register, receive their push and download.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
