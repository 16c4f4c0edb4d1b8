using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tsm.Simulator.Phone;

/// <summary>
/// What the wallet app keeps between runs in its state file (<c>phone.json</c>, <c>phone --phone-state</c>): the SE
/// and number the tokens were issued for, the access token with its expiry, and the refresh token. The file holds
/// secrets: it is written owner-only (0600) where the file system allows, and replaced atomically.
/// </summary>
public sealed record PhoneState
{
    [JsonPropertyName("seId")]
    public required string SeId { get; init; }

    [JsonPropertyName("msisdn")]
    public required string Msisdn { get; init; }

    [JsonPropertyName("accessToken")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("accessTokenExpiresAt")]
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }

    [JsonPropertyName("refreshToken")]
    public string? RefreshToken { get; init; }

    /// <summary>The state in <paramref name="path"/>, or null when there is no such file.</summary>
    /// <exception cref="InvalidDataException">The file is not a phone state.</exception>
    public static PhoneState? Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), PhoneJsonContext.Default.PhoneState)
                ?? throw new InvalidDataException($"'{path}' holds JSON null, not a phone state");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not a phone state: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the state to <paramref name="path"/>: a temporary file, owner-only, then moved over the old one.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.Delete(temporary); // a leftover would keep its old mode
        using (var stream = new FileStream(temporary, create))
        {
            JsonSerializer.Serialize(stream, this, PhoneJsonContext.Default.PhoneState);
        }
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Tokens are secrets: a record's printout never shows them.</summary>
    public override string ToString() => $"PhoneState {{ SeId = {SeId}, Msisdn = {Msisdn}, AccessTokenExpiresAt = {AccessTokenExpiresAt} }}";
}
