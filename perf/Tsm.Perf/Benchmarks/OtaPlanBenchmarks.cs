using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Cap;
using Tsm.Simulator.Card;

namespace Tsm.Perf.Benchmarks;

/// <summary>
/// One download and one delete of the 8 KB demo application planned by <see cref="OtaSession"/> and run on a
/// simulated SE in memory: the CPU of the engine and the card without HTTP, grains or storage.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class OtaPlanBenchmarks
{
    private static readonly ApplicationDefinition App = new()
    {
        Aid = "A000000333010101",
        LoadFileAid = "A0000003330101",
        Instances = [new InstanceDefinition { ModuleAid = "A000000333010101", InstanceAid = "A000000333010101" }],
        CapFile = "demo:8192",
    };

    private static readonly SeBatch Batch = new() { Id = "b", SeIdFrom = "86000000000000000000", SeIdTo = "86FFFFFFFFFFFFFFFFFF", MasterKeyRef = "k", Derivation = KeyDerivation.None };

    private SimulatedCard _card = null!;
    private SoftwareKeyService _keys = null!;
    private CapFile _cap = null!;

    [GlobalSetup]
    public void Setup()
    {
        const string storageKey = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
        var bootstrap = new SoftwareKeyService(Options.Create(new KeyServiceOptions { StorageKey = storageKey }));
        _keys = new SoftwareKeyService(Options.Create(new KeyServiceOptions
        {
            StorageKey = storageKey,
            MasterKeys = new Dictionary<string, string> { ["k"] = bootstrap.Protect(Hex.Parse(CardFactory.GlobalPlatformTestKey)) },
        }));
        _cap = CapFile.Parse(CapWriter.Synthetic(App.LoadFileAid, [App.Aid], 8192));
        _card = new SimulatedCard(CardFactory.CreateDefault("86000000000000000001"));
        _card.PowerOn();
    }

    [Benchmark(Description = "OTA download + delete, engine and simulated SE in memory")]
    public TaskState DownloadAndDelete()
    {
        Run(OperationKind.Download);
        return Run(OperationKind.Delete);
    }

    private TaskState Run(OperationKind kind)
    {
        OperationSpec operation = kind == OperationKind.Download ? new DownloadOperation(App.Aid) : new DeleteOperation(App.Aid);
        var spec = new TaskSpec { Id = TaskId.New("86000000000000000001"), Operation = operation };
        using var session = new OtaSession(spec, Batch, App, _cap, new KnownContent(false, new HashSet<string>()), _keys, new OtaOptions());
        var order = session.Begin();
        while (true)
        {
            var responses = order.Commands.Select(c => ResponseApdu.Parse(_card.Transmit(Hex.Parse(c)))).ToList();
            switch (session.Advance(responses))
            {
                case OtaFinished finished:
                    return finished.Outcome.State;
                case OtaContinue next:
                    order = next.Order;
                    break;
            }
        }
    }
}
