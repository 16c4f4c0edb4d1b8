using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// Where the next page of a record list starts: after the record at <see cref="AtTicks"/> with id <see cref="Id"/>
/// (records come newest first, ties by id). Opaque on the wire (base64url), so that clients pass back what they got.
/// </summary>
public sealed record RecordCursor(long AtTicks, Guid Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(AtTicks.ToString(CultureInfo.InvariantCulture) + "." + Id.ToString("D")));

    /// <summary>The cursor a page answered, or null when <paramref name="text"/> is not one.</summary>
    public static RecordCursor? TryDecode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 128)
            return null;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
        var parts = Encoding.ASCII.GetString(bytes).Split('.');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && Guid.TryParseExact(parts[1], "D", out var id)
            ? new RecordCursor(ticks, id)
            : null;
    }
}
