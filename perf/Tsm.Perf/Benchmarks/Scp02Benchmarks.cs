using BenchmarkDotNet.Attributes;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;

namespace Tsm.Perf.Benchmarks;

/// <summary>
/// SCP02 wrapping at security level 03 (C-DEC + C-MAC) of a command carrying 255 data bytes, the largest short
/// command: the MAC chain, the ICV encryption and the 3DES-CBC encryption of 256 padded bytes.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class Scp02Benchmarks
{
    private Scp02KeySet _keys = null!;
    private Scp02HostChannel _host = null!;
    private CommandApdu _command = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys = Scp02KeySet.FromSingleKey(0x01, Hex.Parse("404142434445464748494A4B4C4D4E4F"));
        _host = new Scp02HostChannel(_keys, SecurityLevel.CMacCDecryption);
        var kdd = new byte[10];
        using var card = new Scp02CardChannel(_keys, 0x0001, Scp02Parameter.I15, kdd, Aid.GlobalPlatformIsd.Span);
        var response = card.InitializeUpdate(InitializeUpdateCommand.Parse(_host.InitializeUpdate()));
        _host.ExternalAuthenticate(response);
        var data = new byte[255];
        new Random(42).NextBytes(data);
        _command = new CommandApdu(0x80, 0xE2, 0x00, 0x00, data);
    }

    [Benchmark(Description = "SCP02 wrap, 255-byte data, level 03")]
    public CommandApdu WrapLevel03() => _host.Wrap(_command);

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Dispose();
        _keys.Dispose();
    }
}
