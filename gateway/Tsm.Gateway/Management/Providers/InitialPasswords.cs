using System.Security.Cryptography;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// Random initial passwords for provider login accounts: 16 characters from an alphabet without look-alikes, with at
/// least one lower-case letter, upper-case letter, digit and symbol (Identity's default rules), all of them GSM 7-bit
/// characters so that the SMS that carries it stays one plain message.
/// </summary>
public static class InitialPasswords
{
    public const int Length = 16;

    private const string Lower = "abcdefghijkmnpqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "-.!#%+=?";

    public static string Create()
    {
        const string All = Lower + Upper + Digits + Symbols;
        var chars = new char[Length];
        chars[0] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[1] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        for (var i = 4; i < Length; i++)
            chars[i] = All[RandomNumberGenerator.GetInt32(All.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
