using System.Globalization;
using Tsm.Simulator.Phone;

namespace Tsm.Simulator.Demo;

/// <summary>One phone of the demo: the <c>phone</c> command run in this process, its card kept in the demo's folder.</summary>
internal sealed class DemoPhone
{
    private readonly string[] _common;
    private readonly TextWriter _out;

    public DemoPhone(int number, string work, Uri gateway, Uri air, TextWriter stdout, Lock gate)
    {
        Number = number;
        // In the embedded profile's demo batch (SE ids 86…), one MSISDN per phone.
        SeId = "86" + number.ToString("D18", CultureInfo.InvariantCulture);
        Msisdn = "1380013" + number.ToString("D4", CultureInfo.InvariantCulture);
        var cards = Path.Combine(work, "phones");
        Directory.CreateDirectory(cards);
        _common = ["--gateway", gateway.ToString(), "--seid", SeId, "--msisdn", Msisdn, "--state", Path.Combine(cards, SeId + ".json"), "--air", air.ToString()];
        _out = new PrefixedWriter(stdout, $"phone {number.ToString(CultureInfo.InvariantCulture)} | ", gate);
    }

    public int Number { get; }

    public string SeId { get; }

    public string Msisdn { get; }

    public bool Registered { get; private set; }

    public bool Downloaded { get; private set; }

    public string? PushSerial { get; set; }

    public async Task LoginAsync(CancellationToken ct) =>
        Registered = await PhoneCommand.RunAsync([.. _common, "login"], _out, _out, ct) == PhoneCommand.Exit.Ok;

    public async Task ListenAsync(CancellationToken ct) =>
        Downloaded = await PhoneCommand.RunAsync([.. _common, "listen", "--count", "1", "--wait", "10"], _out, _out, ct) == PhoneCommand.Exit.Ok;
}
