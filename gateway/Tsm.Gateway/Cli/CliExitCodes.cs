namespace Tsm.Gateway.Cli;

/// <summary>The gateway command line's exit codes (docs/cli.md, "The gateway command line").</summary>
public static class CliExitCodes
{
    /// <summary>Done; for <c>audit verify</c>, the log is intact.</summary>
    public const int Ok = 0;

    /// <summary>The command could not do its work: the database is missing or unreachable.</summary>
    public const int Failed = 1;

    /// <summary>The command ran and found a problem: for <c>audit verify</c>, the log was tampered with.</summary>
    public const int Found = 2;

    /// <summary>Bad arguments or configuration (EX_USAGE).</summary>
    public const int Usage = 64;
}
