using BenchmarkDotNet.Attributes;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Perf.Benchmarks;

/// <summary>Parsing a GET STATUS (P1 40, TLV format) response of 50 E3 registry entries, as the platform does on every info sync.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class GetStatusBenchmarks
{
    private ResponseApdu _response = null!;
    private GetStatusCommand _command = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sd = Aid.Parse("A000000151000000");
        var entries = Enumerable.Range(0, 50).Select(i => new RegistryEntry(
            Aid.FromBytes([0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, (byte)i]),
            LifeCycle.Selectable,
            new Privileges(0x00, 0x00, 0x00),
            ExecutableLoadFileAid: Aid.Parse("A000000333010100"),
            AssociatedSecurityDomainAid: sd));
        _response = new ResponseApdu(GetStatusResponse.EncodeTlv(entries), StatusWords.Success);
        _command = new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains);
    }

    [Benchmark(Description = "GET STATUS response, 50 entries")]
    public int Parse() => GetStatusResponse.Parse(_response, _command).Entries.Count;
}
