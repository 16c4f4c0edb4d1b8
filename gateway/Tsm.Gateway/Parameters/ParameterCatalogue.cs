using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Tsm.Gateway.Api;
using Tsm.Gateway.Ota;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Sms.Push;
using Tsm.Grains.Ota;

using static Tsm.Gateway.Parameters.ParameterTakesEffect;

namespace Tsm.Gateway.Parameters;

/// <summary>
/// The parameters operators may change at run time (requirement 5.7.3.4; docs/parameters.md): each is a key of an
/// options class, with the bounds its start-up validation checks, so a value accepted here never fails the options'
/// validation when the monitor rebuilds them. Nothing secret is here, and nothing may be added that is: no key service,
/// storage, SMS account or platform credential settings (a test holds the line).
/// </summary>
public static class ParameterCatalogue
{
    /// <summary>Sections and keys that are never parameters: they hold keys, passwords, connection strings or credentials.</summary>
    public static IReadOnlyList<string> ForbiddenPrefixes { get; } =
        ["KeyService", "Storage", "Sms:Smpp", "Sms:Cmpp", "ServiceProviders:Platforms", "ConnectionStrings", "Orleans", "Kestrel", "Parameters", "Regions"];

    /// <summary>Every known parameter, by name.</summary>
    public static IReadOnlyList<ParameterDefinition> All { get; } = Build();

    private static readonly FrozenDictionary<string, ParameterDefinition> s_byName =
        All.ToFrozenDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The parameter <paramref name="name"/> names, whatever its case (configuration keys ignore case); <c>__</c> may
    /// stand for the colon, as in environment variables.
    /// </summary>
    public static bool TryGet(string? name, [NotNullWhen(true)] out ParameterDefinition? definition)
    {
        definition = null;
        return name is not null && s_byName.TryGetValue(name.Replace("__", ":", StringComparison.Ordinal), out definition);
    }

    private static ParameterDefinition[] Build()
    {
        var wallet = new WalletOptions();
        var ota = new OtaOptions();
        var push = new PushOptions();
        var waits = new TaskWaitOptions();
        var seram = new SeramOptions();
        var sp = new SpOptions();
        var rotation = new KeyRotationOptions();
        ParameterDefinition[] all =
        [
            ParameterDefinition.Integer($"{WalletOptions.Section}:{nameof(WalletOptions.TokenValidityDays)}",
                "Days a registration token stays valid (requirement 5.5.2).",
                wallet.TokenValidityDays, 1, 3650, Immediately),
            ParameterDefinition.Duration($"{WalletOptions.Section}:{nameof(WalletOptions.ActivationTimeout)}",
                "How long a personalized application waits for its provider's activation notice (requirement 5.8.7.2).",
                wallet.ActivationTimeout, TimeSpan.FromHours(1), TimeSpan.FromDays(365), Immediately),
            ParameterDefinition.Choice($"{OtaOptions.Section}:{nameof(OtaOptions.SecurityLevel)}",
                "The platform's default secure-channel security level (requirement 5.8.9.2): 1 C-MAC, 2 C-DECRYPTION, 3 both; an SE batch or SD definition may set its own. Each task takes it when accepted.",
                ota.SecurityLevel.ToString(System.Globalization.CultureInfo.InvariantCulture), ["1", "2", "3"], Immediately),
            ParameterDefinition.Integer($"{OtaOptions.Section}:{nameof(OtaOptions.LoadBlockSize)}",
                "Plain data bytes per LOAD command.",
                ota.LoadBlockSize, 16, 239, AfterRestart),
            ParameterDefinition.Integer($"{OtaOptions.Section}:{nameof(OtaOptions.MaxSessionRestarts)}",
                "How many times a task opens a new session after an interrupted order before it gives up.",
                ota.MaxSessionRestarts, 0, 20, AfterRestart),
            ParameterDefinition.Duration($"{PushOptions.Section}:{nameof(PushOptions.Validity)}",
                "How long a wake-up push can be sent and presented by the wallet (requirement 5.8.5).",
                push.Validity, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), AfterRestart),
            ParameterDefinition.Integer($"{PushOptions.Section}:{nameof(PushOptions.MaxAttempts)}",
                "Sends of a wake-up push before it is given up as failed.",
                push.MaxAttempts, 1, 100, AfterRestart),
            ParameterDefinition.Duration($"{TaskWaitOptions.Section}:{nameof(TaskWaitOptions.FallbackPoll)}",
                "How often a request waiting on an SE's task queue asks again without being told.",
                waits.FallbackPoll, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1), Immediately),
            ParameterDefinition.Duration($"{SeramOptions.Section}:{nameof(SeramOptions.LongPoll)}",
                "How long a SERAM report waits while its task is queued behind another (at most 30 seconds).",
                seram.LongPoll, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Immediately),
            ParameterDefinition.Duration($"{SpOptions.Section}:{nameof(SpOptions.SyncWait)}",
                "How long a service provider's operation request waits for its task to end before it answers 202 (0: never waits).",
                sp.SyncWait, TimeSpan.Zero, TimeSpan.FromSeconds(60), Immediately),
            ParameterDefinition.Boolean($"{SpOptions.Section}:{nameof(SpOptions.WakeUpPush)}",
                "Send a wake-up SMS when a provider's task is still queued after the sync wait (requirement 5.8.5).",
                sp.WakeUpPush, Immediately),
            ParameterDefinition.Integer($"{KeyRotationOptions.Section}:{nameof(KeyRotationOptions.PageSize)}",
                "SEs per step of a batch key rotation.",
                rotation.PageSize, 1, 10_000, Immediately),
            ParameterDefinition.Duration($"{KeyRotationOptions.Section}:{nameof(KeyRotationOptions.PagePause)}",
                "The pause between two steps of a batch key rotation.",
                rotation.PagePause, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1), AfterRestart),
        ];
        return [.. all.OrderBy(d => d.Name, StringComparer.Ordinal)];
    }
}
