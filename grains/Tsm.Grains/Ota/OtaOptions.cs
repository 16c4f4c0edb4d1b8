namespace Tsm.Grains.Ota;

/// <summary>Options of the engine (section "Ota").</summary>
public sealed class OtaOptions
{
    public const string Section = "Ota";

    /// <summary>
    /// The platform's default security level of secure channels (requirement 5.8.9.2: C-MAC and C-DECRYPTION, 03); an
    /// SE batch or an SD definition may set its own. Each task takes its level when it is accepted.
    /// </summary>
    public byte SecurityLevel { get; set; } = 0x03;

    /// <summary>LOAD block size (plain data bytes per LOAD).</summary>
    public int LoadBlockSize { get; set; } = 200;

    /// <summary>How many times a task opens a new session after an interrupted order before giving up.</summary>
    public int MaxSessionRestarts { get; set; } = 3;
}
