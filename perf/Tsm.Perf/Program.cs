using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// "bench [BenchmarkDotNet args]" runs the micro-benchmarks; the load-test commands arrive with the OTA engine.
if (args is ["bench", .. var rest])
{
    var config = DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary);
    BenchmarkSwitcher.FromAssembly(typeof(Tsm.Perf.Benchmarks.Scp02Benchmarks).Assembly)
        .Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);
    return 0;
}
Console.Error.WriteLine("usage: Tsm.Perf bench [--filter PATTERN] [other BenchmarkDotNet options]");
return 64;
