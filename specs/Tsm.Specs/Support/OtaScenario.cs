using System.Globalization;
using Reqnroll;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;
using Tsm.Specs.Drivers;

namespace Tsm.Specs.Support;

/// <summary>
/// Scenario state of the OTA features: the phones (the last one named is "the phone"), the last login, the tasks
/// submitted (by their operation) and the SERAM sessions run. Scenario-scoped via context injection.
/// </summary>
public sealed class OtaScenario(FeatureContext feature) : IDisposable
{
    public const string DemoApplication = "A000000333010101";
    public const string DemoLoadFile = "A0000003330101";

    // Distinct SEIDs across the whole run (every feature has its own gateway and database anyway).
    private static int s_nextSe;

    private readonly List<SimulatedPhone> _phones = [];

    public Uri Gateway => OtaHooks.GatewayOf(feature).BaseAddress;

    public SimulatedPhone Phone => _phones.Count > 0 ? _phones[^1] : throw new InvalidOperationException("No phone in this scenario yet.");

    public WalletLoginResponse? LastLogin { get; set; }

    public SeramSessionResult? RegistrationSession { get; set; }

    /// <summary>Tasks submitted in this scenario, the latest per operation.</summary>
    public Dictionary<WalletOperation, WalletOperationAccepted> Tasks { get; } = [];

    public WalletOperationAccepted? LastTask { get; set; }

    public SeramSessionResult? LastSession { get; set; }

    /// <summary>Sessions started in the background (concurrency), by operation.</summary>
    public Dictionary<WalletOperation, Task<SeramSessionResult>> Background { get; } = [];

    public static string NewSeId() =>
        "86000000000000" + (0xA00000 + Interlocked.Increment(ref s_nextSe)).ToString("X6", CultureInfo.InvariantCulture);

    public SimulatedPhone NewPhone(string msisdn, string? seId = null, SimulatedPhone? sameSeAs = null)
    {
        var phone = new SimulatedPhone(Gateway, sameSeAs?.SeId ?? seId ?? NewSeId(), msisdn, sameSeAs?.Card)
        {
            BusinessHall = OtaHooks.GatewayOf(feature).BusinessHall,
        };
        _phones.Add(phone);
        return phone;
    }

    public SimulatedPhone PhoneOf(string msisdn) =>
        _phones.LastOrDefault(p => p.Msisdn == msisdn) ?? throw new InvalidOperationException($"No phone with number {msisdn}.");

    /// <summary>Moves a phone to the end of the list: it becomes "the phone".</summary>
    public void Use(SimulatedPhone phone)
    {
        _phones.Remove(phone);
        _phones.Add(phone);
    }

    public WalletOperationAccepted TaskOf(WalletOperation operation) =>
        Tasks.TryGetValue(operation, out var task) ? task : throw new InvalidOperationException($"No {operation} task was submitted.");

    public void Dispose()
    {
        foreach (var phone in _phones)
            phone.Dispose();
    }
}
