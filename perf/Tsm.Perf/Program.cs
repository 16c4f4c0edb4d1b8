using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// "bench [BenchmarkDotNet args]" runs the micro-benchmarks; "ota --phones N --duration S" the OTA load test;
// "sms ..." the SMS throughput table.
if (args is ["sms", .. var smsArgs])
    return await Tsm.Perf.Sms.SmsBenchmarks.RunAsync(smsArgs);
if (args is ["ota", .. var otaArgs])
    return await Tsm.Perf.Ota.OtaLoadTest.RunAsync(otaArgs);
if (args is ["bench", .. var rest])
{
    var config = DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary);
    BenchmarkSwitcher.FromAssembly(typeof(Tsm.Perf.Benchmarks.Scp02Benchmarks).Assembly)
        .Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);
    return 0;
}
Console.Error.WriteLine("usage: Tsm.Perf bench [--filter PATTERN] [other BenchmarkDotNet options]\n       Tsm.Perf ota [--phones N] [--duration SECONDS]\n       " + Tsm.Perf.Sms.SmsBenchmarks.Usage["usage: ".Length..]);
return 64;
