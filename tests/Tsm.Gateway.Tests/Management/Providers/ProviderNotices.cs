using System.Text;
using System.Text.RegularExpressions;

namespace Tsm.Gateway.Tests.Management.Providers;

/// <summary>Reads the notices the gateway wrote to its e-mail pickup directory, as a mail server would.</summary>
internal static partial class ProviderNotices
{
    [GeneratedRegex(@"Initial password: (\S+)")]
    private static partial Regex InitialPassword();

    /// <summary>The decoded bodies of the messages to <paramref name="email"/>, oldest first.</summary>
    public static IReadOnlyList<string> To(string pickup, string email)
    {
        if (!Directory.Exists(pickup))
            return [];
        return [.. Directory.GetFiles(pickup, "*.eml").OrderBy(File.GetCreationTimeUtc).Select(File.ReadAllText)
            .Where(m => m.Contains("\r\nTo: " + email + "\r\n", StringComparison.Ordinal))
            .Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m[(m.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Replace("\r\n", "", StringComparison.Ordinal))))];
    }

    /// <summary>The initial password the approval notice to <paramref name="email"/> carries.</summary>
    public static string PasswordFor(string pickup, string email) =>
        To(pickup, email).Select(b => InitialPassword().Match(b)).Last(m => m.Success).Groups[1].Value;
}
