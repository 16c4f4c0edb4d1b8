using System.Text;
using System.Text.RegularExpressions;

namespace Tsm.Specs.Drivers;

/// <summary>
/// The e-mail pickup directory the gateway writes providers' notices to (<c>Providers:EmailPickupDirectory</c>), read
/// as a mail server would: the contact's messages and the initial password an approval notice carries
/// (docs/management/providers.md, "Notifications").
/// </summary>
public sealed partial class ProviderMailbox(string directory)
{
    public string Directory { get; } = directory;

    [GeneratedRegex(@"Initial password: (\S+)")]
    private static partial Regex InitialPassword();

    /// <summary>The decoded bodies of the messages to <paramref name="email"/>, oldest first.</summary>
    public IReadOnlyList<string> To(string email)
    {
        if (!System.IO.Directory.Exists(Directory))
            return [];
        return [.. System.IO.Directory.GetFiles(Directory, "*.eml").OrderBy(File.GetCreationTimeUtc).Select(File.ReadAllText)
            .Where(m => m.Contains("\r\nTo: " + email + "\r\n", StringComparison.Ordinal))
            .Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m[(m.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Replace("\r\n", "", StringComparison.Ordinal))))];
    }

    /// <summary>The initial password of the last approval notice to <paramref name="email"/>, or null when none came.</summary>
    public string? PasswordFor(string email) =>
        To(email).Select(b => InitialPassword().Match(b)).LastOrDefault(m => m.Success)?.Groups[1].Value;
}
