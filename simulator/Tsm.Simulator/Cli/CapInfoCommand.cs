using System.Text.Json;
using Tsm.Protocol.Cap;

namespace Tsm.Simulator.Cli;

// "cap info FILE.cap": prints what a GlobalPlatform loader needs from a Java Card
// CAP file (JCVM spec chapter 6; load file data block per GP 2.2.1 §11.6 / C.1)
// as indented camelCase JSON. Exit codes follow sysexits: 64 usage, 2 unreadable.

/// <summary>Implements <c>cap info FILE.cap</c>.</summary>
public static class CapInfoCommand
{
    public const int ExitOk = 0;
    public const int ExitUnreadable = 2;
    public const int ExitUsage = 64;

    public const string Usage = "usage: Tsm.Simulator cap info FILE.cap";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>Runs the command; returns the process exit code.</summary>
    /// <param name="args">The arguments after <c>cap info</c>: exactly one file path.</param>
    /// <param name="stdout">Receives the JSON summary.</param>
    /// <param name="stderr">Receives errors and usage.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        if (args.Count == 1 && args[0] is "-h" or "--help")
        {
            stdout.WriteLine(Usage);
            return ExitOk;
        }

        if (args.Count != 1 || string.IsNullOrWhiteSpace(args[0]) || args[0].StartsWith('-'))
        {
            stderr.WriteLine(args.Count == 0 ? "cap info: missing FILE.cap" : "cap info: expected exactly one FILE.cap");
            stderr.WriteLine(Usage);
            return ExitUsage;
        }

        string path = args[0];
        CapFile cap;
        try
        {
            using var stream = File.OpenRead(path);
            cap = CapFile.Read(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException
            or ArgumentException)
        {
            stderr.WriteLine($"cap info: cannot read '{path}': {ex.Message}");
            stderr.WriteLine(Usage);
            return ExitUnreadable;
        }
        catch (CapFormatException ex)
        {
            stderr.WriteLine($"cap info: '{path}' is not a valid CAP file: {ex.Message}");
            return ExitUnreadable;
        }

        stdout.WriteLine(JsonSerializer.Serialize(CapInfo.From(cap), s_json));
        return ExitOk;
    }

    private sealed record CapImportInfo(string Aid, string Version);

    private sealed record CapAppletInfo(string Aid, int InstallMethodOffset);

    private sealed record CapInfo(
        string PackageAid,
        string PackageVersion,
        string? PackageName,
        string CapFormatVersion,
        IReadOnlyList<string> Flags,
        IReadOnlyList<string> AppletAids,
        IReadOnlyList<CapAppletInfo> Applets,
        IReadOnlyList<CapImportInfo> Imports,
        IReadOnlyDictionary<string, int> Components,
        IReadOnlyList<string> LoadFileDataBlockOrder,
        int LoadFileDataBlockSize,
        string LoadFileDataBlockSha1,
        string LoadTlvHeader,
        int LoadFileDataBlockWithoutDescriptorSize,
        string LoadFileDataBlockWithoutDescriptorSha1,
        int CodeSize)
    {
        public static CapInfo From(CapFile cap) => new(
            cap.PackageAid,
            cap.PackageVersion.ToString(),
            cap.PackageName,
            cap.CapFormatVersion.ToString(),
            [.. Enum.GetValues<CapHeaderFlags>()
                .Where(f => f != CapHeaderFlags.None && cap.Flags.HasFlag(f))
                .Select(FlagName)],
            cap.AppletAids,
            [.. cap.Applets.Select(a => new CapAppletInfo(a.Aid, a.InstallMethodOffset))],
            [.. cap.Imports.Select(i => new CapImportInfo(i.Aid, i.Version.ToString()))],
            cap.ComponentSizes,
            [.. cap.LoadFileDataBlock.Components.Select(t => t.ToString())],
            cap.LoadFileDataBlock.Size,
            cap.LoadFileDataBlockSha1,
            Convert.ToHexString(cap.LoadTlvHeader.Span),
            cap.LoadFileDataBlockWithoutDescriptor.Size,
            cap.LoadFileDataBlockWithoutDescriptorSha1,
            cap.CodeSize);

        // Spec names (JCVM spec Table 6-3) rather than the C# member names.
        private static string FlagName(CapHeaderFlags flag) => flag switch
        {
            CapHeaderFlags.Int => "ACC_INT",
            CapHeaderFlags.Export => "ACC_EXPORT",
            CapHeaderFlags.Applet => "ACC_APPLET",
            CapHeaderFlags.Extended => "ACC_EXTENDED",
            _ => flag.ToString(),
        };
    }
}
