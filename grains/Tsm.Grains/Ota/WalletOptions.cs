namespace Tsm.Grains.Ota;

/// <summary>Options of the wallet-facing rules (section "Wallet"; docs/ota.md, "Rules at login").</summary>
public sealed class WalletOptions
{
    public const string Section = "Wallet";

    /// <summary>SEIDs on the loss list (挂失): their applications get locked at the next login.</summary>
    public List<string> LostSeIds { get; set; } = [];

    /// <summary>Numbers that have left the network (销号): their SEs may be registered to a new number.</summary>
    public List<string> RetiredMsisdns { get; set; } = [];

    /// <summary>How long a registration token stays valid.</summary>
    public int TokenValidityDays { get; set; } = 30;

    /// <summary>How long a Personalized application waits for the provider's activation notice (requirement 5.8.7.2).</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromDays(7);
}
