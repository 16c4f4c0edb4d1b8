using Microsoft.Extensions.Options;
using Tsm.Grains.Keys;

namespace Tsm.Gateway.Hardening;

/// <summary>
/// Where the storage key comes from (docs/security.md, "Secrets at rest"): <c>KeyService:StorageKey</c> (best from the
/// environment, <c>KeyService__StorageKey</c>) or the file named by <c>KeyService:StorageKeyFile</c>, which wins. A file
/// other users may read is refused, and so, outside Development and Testing, is the public key shipped in appsettings.json.
/// </summary>
public static class StorageKeys
{
    /// <summary>The development storage key in appsettings.json: public, so it protects nothing.</summary>
    public const string Development = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";

    private const string Docs = "docs/security.md, \"Secrets at rest\"";

    /// <summary>Post-configuration of <see cref="KeyServiceOptions"/>: the key from <see cref="KeyServiceOptions.StorageKeyFile"/> when set.</summary>
    /// <exception cref="OptionsValidationException">The file is missing, readable by other users, or does not hold 64 hex digits.</exception>
    public static void ReadKeyFile(KeyServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.StorageKeyFile))
            return;
        options.StorageKey = ReadFile(options.StorageKeyFile);
    }

    /// <summary>The key held by <paramref name="path"/>: 64 hex digits, surrounding white space ignored.</summary>
    /// <exception cref="OptionsValidationException">The file is missing, readable by other users, or does not hold 64 hex digits.</exception>
    public static string ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw Refused($"KeyService:StorageKeyFile: {path} does not exist ({Docs}).");
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            {
                throw Refused($"KeyService:StorageKeyFile: {path} may be read or written by every user (mode {Octal(mode)}); "
                    + $"make it readable by the gateway's user only, e.g. chmod 400 ({Docs}).");
            }
        }
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Refused($"KeyService:StorageKeyFile: {path} cannot be read ({ex.GetType().Name}) ({Docs}).");
        }
        // The content is never quoted: it is the key, or a mistake that may be close to it.
        if (text.Length != 64 || !text.All(char.IsAsciiHexDigit))
            throw Refused($"KeyService:StorageKeyFile: {path} must hold the storage key as 64 hex digits and nothing else ({Docs}).");
        return text;
    }

    private static OptionsValidationException Refused(string message) =>
        new(Options.DefaultName, typeof(KeyServiceOptions), [message]);

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}
