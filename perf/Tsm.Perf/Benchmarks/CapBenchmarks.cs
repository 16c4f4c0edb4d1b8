using BenchmarkDotNet.Attributes;
using Tsm.Protocol.Cap;

namespace Tsm.Perf.Benchmarks;

/// <summary>CAP parse (ZIP, components, header, applets, imports) and load file data block build with its SHA-1.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class CapBenchmarks
{
    private byte[] _cap = null!;

    [Params("AlgTest_v1.8.2_jc222.cap", "ledger-wallet.cap")]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _cap = System.IO.File.ReadAllBytes(SharedData.CapFile(File));

    [Benchmark(Description = "CAP parse + load file data block + SHA-1")]
    public string ParseAndBuildLoadFile()
    {
        var cap = CapFile.Parse(_cap);
        return cap.LoadFileDataBlockSha1;
    }
}
