namespace Tsm.Gateway.Security.Boss;

/// <summary>
/// The operator's business system (BOSS) as a caller of <c>/boss/v1</c> (section <c>Boss</c>; docs/security.md,
/// "BOSS"): one entry per BOSS instance, by id. None configured: the BOSS routes answer 401 to everyone.
/// </summary>
public sealed class BossOptions
{
    public const string Section = "Boss";

    /// <summary>The BOSS instances allowed to call, by id (the id is what the audit log names).</summary>
    public Dictionary<string, BossCredential> Systems { get; set; } = new(StringComparer.Ordinal);
}
