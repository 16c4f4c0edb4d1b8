using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// "bench [BenchmarkDotNet args]" runs the micro-benchmarks; "ota --phones N --duration S" the OTA load test (its
// phones run in a child "ota-phones" process); "http-ceiling" bare Kestrel + HttpClient (docs/performance.md);
// "scale load|bench ..." SE records at scale on PostgreSQL (docs/storage.md, "Scale");
// "push [--count N] [--profile embedded|cluster]" wake-up pushes end to end (outbox → SMSC → receipt recorded);
// "mo [--count N] [--profile embedded|cluster]" MO messages end to end (SMSC → ESME → MO router → stored → answered);
// "sms [--protocol smpp] [--seconds S] [--windows 1,10,50] [--no-node]" the SMPP throughput table (ours and
// node-smpp); "sms --protocol cmpp [--duration S]" the CMPP one (window 16 on 1 and 4 links);
// "keys [--provider software|pkcs11|both]" the key service's cost per download (docs/key-service.md).
if (args is ["sms", "--protocol", "cmpp", .. var cmppArgs])
    return await Tsm.Perf.Sms.CmppBenchmark.RunAsync(["--protocol", "cmpp", .. cmppArgs]);
if (args is ["sms", .. var smsArgs])
    return await Tsm.Perf.Sms.SmsBenchmark.RunAsync(smsArgs);
if (args is ["push", .. var pushArgs])
    return await Tsm.Perf.Sms.PushBenchmark.RunAsync(pushArgs);
if (args is ["mo", .. var moArgs])
    return await Tsm.Perf.Sms.MoBenchmark.RunAsync(moArgs);
if (args is ["scale", .. var scaleArgs])
    return await Tsm.Perf.Scale.ScaleBenchmark.RunAsync(scaleArgs);
if (args is ["keys", .. var keyArgs])
    return await Tsm.Perf.Keys.KeyServiceBenchmark.RunAsync(keyArgs);
if (args is ["ota-phones", .. var phoneArgs])
    return await Tsm.Perf.Ota.OtaPhones.RunAsync(phoneArgs);
if (args is ["http-ceiling", .. var ceilingArgs])
    return await Tsm.Perf.Ota.HttpCeiling.RunAsync(ceilingArgs);
if (args is ["ota", .. var otaArgs])
    return await Tsm.Perf.Ota.OtaLoadTest.RunAsync(otaArgs);
if (args is ["bench", .. var rest])
{
    var config = DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary);
    BenchmarkSwitcher.FromAssembly(typeof(Tsm.Perf.Benchmarks.Scp02Benchmarks).Assembly)
        .Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);
    return 0;
}
Console.Error.WriteLine("usage: Tsm.Perf bench [--filter PATTERN] [other BenchmarkDotNet options]\n       " + Tsm.Perf.Ota.OtaOptions.Usage["usage: ".Length..] + "\n       " + Tsm.Perf.Ota.HttpCeiling.Usage["usage: ".Length..] + "\n       Tsm.Perf sms [--protocol smpp] [--seconds S] [--windows 1,10,50] [--no-node]\n       " + Tsm.Perf.Sms.CmppBenchmark.Usage["usage: ".Length..] + "\n       " + Tsm.Perf.Sms.PushBenchmark.Usage["usage: ".Length..] + "\n       " + Tsm.Perf.Sms.MoBenchmark.Usage["usage: ".Length..] + "\n       " + Tsm.Perf.Scale.ScaleBenchmark.Usage["usage: ".Length..] + "\n       " + Tsm.Perf.Keys.KeyServiceBenchmark.Usage["usage: ".Length..]);
return 64;
