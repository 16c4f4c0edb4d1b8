namespace Tsm.Simulator.Cli;

/// <summary>Process exit codes of the simulator CLI (sysexits-style 64 for usage).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The input was understood but does not verify or cannot be read (a card cryptogram, a CAP file).</summary>
    public const int Failed = 2;

    public const int Usage = 64;
}
