using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Tsm.Grains.Domain;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests;

/// <summary>
/// The SE grain's state as grain storage holds it (Orleans' binary serializer, as docs/storage.md says): the records
/// round-trip, and a state written in the former layout — applications as parallel collections, the SD as a mutable
/// class — is read and upgraded without losing anything.
/// </summary>
public sealed class SeGrainStateStorageTests : IDisposable
{
    private const string App = "A0000003330101";
    private const string Other = "A0000003330201";
    private const string Sd = "A000000151000001";
    private static readonly DateTimeOffset At = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly ProtectedKeySet Keys = new(0x31, "protected", "AABBCC");

    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(SeGrainState).Assembly).AddAssembly(typeof(SeGrainStateStorageTests).Assembly))
        .BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    /// <summary>Writes <paramref name="written"/> and reads it back as the SE grain's state, as grain storage does.</summary>
    private SeGrainState Read<T>(T written)
    {
        var serializer = _services.GetRequiredService<Serializer>();
        return serializer.Deserialize<SeGrainState>(serializer.SerializeToArray(written)) ?? throw new InvalidOperationException("Nothing was read.");
    }

    [Fact]
    public void The_state_round_trips_with_its_records()
    {
        var state = new SeGrainState { Msisdn = "13800138000", Registered = true, TokenIssued = new DateOnly(2025, 3, 1) };
        state.Applications[App] = new ApplicationOnSe { State = ApplicationState.Personalized, LoadFilePresent = true, PersonalizedAt = At, LockPending = true };
        state.Applications[Other] = new ApplicationOnSe { State = ApplicationState.Loaded, Blocked = true };
        state.SecurityDomains[Sd] = new SecurityDomainOnSe { Owner = "bank", Personalized = true, Keys = Keys, KeyVersion = 0x31, CreatedAt = At, KeysUpdatedAt = At };
        state.Pending.Add(new QueuedTask(TestTasks.Of(OperationKind.Lock, App), true, []));

        var read = Read(state);

        Assert.Equal(state.Applications.OrderBy(a => a.Key), read.Applications.OrderBy(a => a.Key));
        Assert.Equal(ApplicationState.Loaded, read.Applications[Other.ToLowerInvariant()].State); // the AID comparer too
        Assert.Equal(state.SecurityDomains[Sd], read.SecurityDomains[Sd]);
        Assert.Equal(state.Pending, read.Pending);
        Assert.False(read.Upgrade());
    }

    [Fact]
    public void A_state_in_the_former_layout_is_upgraded_to_one_record_per_application()
    {
        var former = new FormerSeGrainState { Msisdn = "13800138000", Registered = true, RegistrationTask = "r" };
        former.Applications[App] = ApplicationState.Personalized;
        former.Applications[Other] = ApplicationState.Ready;
        former.LoadFilePresent[App] = true;
        former.PersonalizedAt[App] = At;
        former.PersonalizedAt[Other] = At; // stale: no longer Personalized
        former.BlockedApplications.Add(Other);
        former.LocksPending.Add(App);
        former.SecurityDomains[Sd] = new FormerSecurityDomainOnSeClass { Owner = "bank", Personalized = true, KeySets = [new ProtectedKeySet(0x30, "older", "000000"), Keys], KeyVersion = 0x31, CreatedAt = At, KeysUpdatedAt = At };

        var read = Read(former);
        Assert.Empty(read.Applications);
        Assert.True(read.Upgrade());

        Assert.Equal(("13800138000", true, "r"), (read.Msisdn, read.Registered, read.RegistrationTask));
        Assert.Equal(new ApplicationOnSe { State = ApplicationState.Personalized, LoadFilePresent = true, PersonalizedAt = At, LockPending = true }, read.Applications[App]);
        Assert.Equal(new ApplicationOnSe { Blocked = true }, read.Applications[Other]);
        Assert.Equal(new SecurityDomainOnSe { Owner = "bank", Personalized = true, Keys = Keys, KeyVersion = 0x31, CreatedAt = At, KeysUpdatedAt = At }, read.SecurityDomains[Sd]);

        // Written again, the former collections are gone.
        var again = Read(read);
        Assert.False(again.Upgrade());
        Assert.Equal(read.Applications.OrderBy(a => a.Key), again.Applications.OrderBy(a => a.Key));
    }
}

/// <summary>The SE grain's state as it was written before its applications were records (same ids).</summary>
[GenerateSerializer, Alias("Tsm.Tests.FormerSeGrainState")]
internal sealed class FormerSeGrainState
{
    [Id(0)] public string? Msisdn { get; set; }

    [Id(1)] public bool Registered { get; set; }

    [Id(4)] public Dictionary<string, ApplicationState> Applications { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [Id(5)] public Dictionary<string, bool> LoadFilePresent { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [Id(9)] public HashSet<string> BlockedApplications { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [Id(10)] public Dictionary<string, DateTimeOffset> PersonalizedAt { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [Id(11)] public string? RegistrationTask { get; set; }

    [Id(12)] public HashSet<string> LocksPending { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [Id(14)] public Dictionary<string, FormerSecurityDomainOnSeClass> SecurityDomains { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>An SD on the SE as it was written when it was a mutable class (same ids).</summary>
[GenerateSerializer, Alias("Tsm.Tests.FormerSecurityDomainOnSeClass")]
internal sealed class FormerSecurityDomainOnSeClass
{
    [Id(0)] public string Owner { get; set; } = "";

    [Id(1)] public bool Personalized { get; set; }

    [Id(2)] public List<ProtectedKeySet> KeySets { get; set; } = [];

    [Id(3)] public byte? KeyVersion { get; set; }

    [Id(4)] public long? FixedSpace { get; set; }

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    [Id(6)] public DateTimeOffset? KeysUpdatedAt { get; set; }
}
