using System.Globalization;

namespace Tsm.Specs.Drivers;

/// <summary>
/// A tiny byte calculator used only to prove the feature runner end to end; it mimics the
/// hex notation (0x1F, "A0 00 00 01 51") that the TSM chapters use for APDUs and AIDs.
/// </summary>
public sealed class HexCalculator
{
    private readonly List<byte> entered = [];

    public IReadOnlyList<byte> Entered => entered;

    public byte? Result { get; private set; }

    public void Enter(byte value) => entered.Add(value);

    public void EnterHex(string hexBytes)
    {
        foreach (var token in hexBytes.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            entered.Add(ParseByte(token));
        }
    }

    /// <summary>Sums the entered bytes; a byte register cannot hold more, so overflow is an error, not a wrap.</summary>
    public byte Add()
    {
        var sum = entered.Sum(b => b);
        if (sum > byte.MaxValue)
        {
            throw new OverflowException($"0x{sum:X} does not fit in one byte");
        }

        Result = (byte)sum;
        return Result.Value;
    }

    public byte Xor()
    {
        Result = entered.Aggregate((byte)0, (acc, b) => (byte)(acc ^ b));
        return Result.Value;
    }

    public static byte ParseByte(string text)
    {
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return byte.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static string Format(byte value) => $"0x{value:X2}";
}
