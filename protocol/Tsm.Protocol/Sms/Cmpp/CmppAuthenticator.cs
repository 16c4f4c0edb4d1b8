using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>
/// The CONNECT authenticators (docs/sms.md "CMPP 2.0 / 3.0", CMPP 3.0 §7.4.3.1/§7.4.3.2).
/// AuthenticatorSource = MD5(Source_Addr + 9 zero octets + shared secret + timestamp as the 10 ASCII digits MMDDHHMMSS).
/// AuthenticatorISMG = MD5(Status + AuthenticatorSource + shared secret), Status in its wire width (1 octet in 2.0,
/// 4 big-endian octets in 3.0). The secret is ASCII; the buffers that held it are cleared after hashing.
/// </summary>
public static class CmppAuthenticator
{
    public const int Length = 16;

    /// <summary>The CONNECT Timestamp for a (local) time: MMDDHHMMSS read as a decimal number.</summary>
    public static uint Timestamp(DateTime time) =>
        (uint)(time.Month * 100_000_000 + time.Day * 1_000_000 + time.Hour * 10_000 + time.Minute * 100 + time.Second);

    /// <summary>
    /// The time a CONNECT Timestamp names (it has no year): of last year, this year and next year, the valid date
    /// nearest <paramref name="localNow"/>; null when the digits are no date (month 13, 30 February, hour 24...).
    /// </summary>
    public static DateTime? TimeOf(uint timestamp, DateTime localNow)
    {
        var month = (int)(timestamp / 100_000_000);
        var day = (int)(timestamp / 1_000_000 % 100);
        var hour = (int)(timestamp / 10_000 % 100);
        var minute = (int)(timestamp / 100 % 100);
        var second = (int)(timestamp % 100);
        if (month is < 1 or > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
            return null;
        DateTime? best = null;
        for (var year = localNow.Year - 1; year <= localNow.Year + 1; year++)
        {
            if (year is < 1 or > 9999 || day > DateTime.DaysInMonth(year, month))
                continue;
            var candidate = new DateTime(year, month, day, hour, minute, second, localNow.Kind);
            if (best is null || (candidate - localNow).Duration() < (best.Value - localNow).Duration())
                best = candidate;
        }
        return best;
    }

    /// <summary>The 10-digit ASCII form of a Timestamp (leading zeros kept: January gives "01...").</summary>
    public static string TimestampText(uint timestamp) => timestamp.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>AuthenticatorSource of a CONNECT.</summary>
    public static byte[] ComputeSource(string sourceAddr, string sharedSecret, uint timestamp)
    {
        ArgumentNullException.ThrowIfNull(sourceAddr);
        ArgumentNullException.ThrowIfNull(sharedSecret);
        var addr = Encoding.ASCII.GetByteCount(sourceAddr);
        var secret = Encoding.ASCII.GetByteCount(sharedSecret);
        var input = new byte[addr + 9 + secret + 10];
        try
        {
            Encoding.ASCII.GetBytes(sourceAddr, input);
            // input[addr .. addr + 9] stays zero: the nine zero octets.
            Encoding.ASCII.GetBytes(sharedSecret, input.AsSpan(addr + 9));
            Encoding.ASCII.GetBytes(TimestampText(timestamp), input.AsSpan(addr + 9 + secret));
            return MD5.HashData(input);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>AuthenticatorISMG of a CONNECT_RESP.</summary>
    public static byte[] ComputeIsmg(uint status, ReadOnlySpan<byte> authenticatorSource, string sharedSecret, CmppVersion version)
    {
        ArgumentNullException.ThrowIfNull(sharedSecret);
        var statusLength = version.ResultLength();
        var secret = Encoding.ASCII.GetByteCount(sharedSecret);
        var input = new byte[statusLength + authenticatorSource.Length + secret];
        try
        {
            if (statusLength == 1)
                input[0] = checked((byte)status);
            else
                BinaryPrimitives.WriteUInt32BigEndian(input, status);
            authenticatorSource.CopyTo(input.AsSpan(statusLength));
            Encoding.ASCII.GetBytes(sharedSecret, input.AsSpan(statusLength + authenticatorSource.Length));
            return MD5.HashData(input);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>Constant-time comparison of two authenticators.</summary>
    public static bool Verify(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual) =>
        CryptographicOperations.FixedTimeEquals(expected, actual);
}
