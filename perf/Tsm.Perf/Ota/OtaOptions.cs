using System.Globalization;

namespace Tsm.Perf.Ota;

/// <summary>The options of <c>ota</c> (and of its phone process, which gets the same ones plus the gateway's address).</summary>
internal sealed record OtaOptions
{
    public const string Usage =
        "usage: Tsm.Perf ota [--phones N] [--duration SECONDS] [--warmup SECONDS] [--mode fresh|cycle] [--ses POOL]\n" +
        "                    [--rtt MS] [--jitter MS] [--app-kb KB (8: the demo; at most about 50)] [--ceiling-seconds S (0: skip)] [--alloc-types TOP]\n" +
        "                    [--soak S (print RSS and database size every S seconds)]";

    public int Phones { get; init; } = 16;

    public int Duration { get; init; } = 20;

    public int Warmup { get; init; } = 10;

    public bool Cycle { get; init; }

    public int? Pool { get; init; }

    /// <summary>Round-trip delay added to every HTTP request of a phone (a mobile network), 0 on plain loopback.</summary>
    public TimeSpan Rtt { get; init; }

    /// <summary>The added delay is <see cref="Rtt"/> ± up to this much, uniformly.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Size of the downloaded application's CAP file: 8 (the catalogue's demo application) or any other size.</summary>
    public int AppKb { get; init; } = 8;

    /// <summary>How long the HTTP ceiling runs after the load, with the load's request mix; 0 skips it.</summary>
    public int CeilingSeconds { get; init; } = 5;

    /// <summary>When above 0, the gateway's allocations are sampled by type and the top ones printed.</summary>
    public int AllocTypes { get; init; }

    /// <summary>When above 0, the gateway prints its RSS and the database's size every this many seconds (<see cref="SoakMonitor"/>).</summary>
    public int Soak { get; init; }

    public string Mode => Cycle ? "cycle" : "fresh";

    /// <summary>The demo application (8 KB, in the shipped catalogue) or a second one of another size added for the run.</summary>
    public string AppAid => AppKb == 8 ? "A000000333010101" : "A000000333020101";

    /// <summary>SEs to register: enough for 400 downloads/s over the whole run unless told otherwise.</summary>
    public int SeCount => Cycle ? Phones : Math.Max(Phones, Pool ?? 400 * (Warmup + Duration));

    /// <summary>Catalogue entries the gateway needs for <see cref="AppKb"/> (none for the shipped demo application).</summary>
    public string[] GatewayArgs()
    {
        if (AppKb == 8)
            return [];
        const string at = "--Catalogue:Applications:1:";
        return
        [
            at + "Aid", AppAid, at + "Name", $"Demo {AppKb} KB", at + "LoadFileAid", "A0000003330201",
            at + "Instances:0:ModuleAid", AppAid, at + "Instances:0:InstanceAid", AppAid,
            at + "CapFile", "demo:" + (AppKb * 1024).ToString(CultureInfo.InvariantCulture), at + "ServiceProvider", "demo", at + "Status", "Published",
        ];
    }

    /// <summary>The same options as arguments (for the phone process).</summary>
    public string[] ToArgs() =>
    [
        "--phones", Inv(Phones), "--duration", Inv(Duration), "--warmup", Inv(Warmup), "--mode", Mode, "--ses", Inv(SeCount),
        "--rtt", Inv((int)Rtt.TotalMilliseconds), "--jitter", Inv((int)Jitter.TotalMilliseconds), "--app-kb", Inv(AppKb),
        "--ceiling-seconds", Inv(CeilingSeconds),
    ];

    /// <summary>Parses the arguments; null (after printing why) when they are wrong or <c>--help</c> was asked.</summary>
    public static OtaOptions? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var options = new OtaOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            if (value is null || !int.TryParse(value.EndsWith("ms", StringComparison.Ordinal) ? value[..^2] : value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                if (!(args[i] == "--mode" && value is "fresh" or "cycle"))
                {
                    error.WriteLine(args[i] is "--help" or "-h" ? Usage : $"ota: {args[i]} needs a value or is unknown\n{Usage}");
                    return null;
                }
                options = options with { Cycle = value == "cycle" };
                continue;
            }
            switch (args[i])
            {
                case "--phones" when n > 0: options = options with { Phones = n }; break;
                case "--duration" when n > 0: options = options with { Duration = n }; break;
                case "--warmup": options = options with { Warmup = n }; break;
                case "--ses" when n > 0: options = options with { Pool = n }; break;
                case "--rtt": options = options with { Rtt = TimeSpan.FromMilliseconds(n) }; break;
                case "--jitter": options = options with { Jitter = TimeSpan.FromMilliseconds(n) }; break;
                case "--app-kb" when n is > 0 and <= 1024: options = options with { AppKb = n }; break;
                case "--ceiling-seconds": options = options with { CeilingSeconds = n }; break;
                case "--alloc-types": options = options with { AllocTypes = n }; break;
                case "--soak": options = options with { Soak = n }; break;
                default:
                    error.WriteLine($"ota: {args[i]} {value} is not allowed\n{Usage}");
                    return null;
            }
        }
        if (options.Jitter > options.Rtt)
        {
            error.WriteLine($"ota: --jitter must not exceed --rtt\n{Usage}");
            return null;
        }
        return options;
    }

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
