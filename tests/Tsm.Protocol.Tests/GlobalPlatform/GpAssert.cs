using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Protocol.Tests.GlobalPlatform;

internal static class GpAssert
{
    /// <summary>The parser either succeeds or throws <see cref="GpFormatException"/>; anything else fails the test.</summary>
    public static void ParsesOrRejects(Action parse)
    {
        try
        {
            parse();
        }
        catch (GpFormatException)
        {
        }
    }

    public static CommandApdu Cmd(string hex) => CommandApdu.Parse(hex);

    public static void SameApdu(string expectedHex, CommandApdu actual) =>
        Assert.Equal(Hex.Format(Hex.Parse(expectedHex)), actual.ToHex());

    /// <summary>The same command with its data cut to every shorter length.</summary>
    public static IEnumerable<CommandApdu> Truncations(CommandApdu apdu)
    {
        for (var n = 0; n < apdu.Data.Length; n++)
            yield return new CommandApdu(apdu.Cla, apdu.Ins, apdu.P1, apdu.P2, apdu.Data[..n], apdu.Ne);
    }

    public static IEnumerable<byte[]> Prefixes(byte[] data)
    {
        for (var n = 0; n < data.Length; n++)
            yield return data[..n];
    }
}
