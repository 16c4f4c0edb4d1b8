using Tsm.Protocol;
using Tsm.Protocol.Apdu;

namespace Tsm.Simulator.Card.Applets;

/// <summary>
/// A generic applet: stores the personalization DGIs it receives (STORE DATA forwarded by its SD) and returns them
/// on request. Commands: GET DATA <c>80 CA DGI(2) 00</c> returns the stored value (6A88 when absent);
/// <c>80 CA 00 00 00</c> lists the stored DGI tags. SELECT answers an FCI with the instance AID.
/// </summary>
public sealed class GenericApplet : IAppletBehaviour
{
    private const string DgiPrefix = "dgi:";

    public string Name => AppletBehaviours.Generic;

    public ResponseApdu Select(AppletContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ResponseApdu(Fci.ForInstance(context.Instance.Aid), StatusWords.Success);
    }

    public ResponseApdu Process(CommandApdu command, AppletContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        if (command.Ins != 0xCA)
            return new ResponseApdu(StatusWords.InsNotSupported);
        if ((command.Cla & 0x80) == 0)
            return new ResponseApdu(StatusWords.ClaNotSupported);
        if (command.P1 == 0 && command.P2 == 0)
        {
            var tags = context.Data.Keys.Where(k => k.StartsWith(DgiPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                .SelectMany(k => Hex.Parse(k[DgiPrefix.Length..])).ToArray();
            return new ResponseApdu(tags, StatusWords.Success);
        }
        var key = DgiPrefix + Hex.Format([command.P1, command.P2]);
        return context.Data.TryGetValue(key, out var value)
            ? new ResponseApdu(Hex.Parse(value), StatusWords.Success)
            : new ResponseApdu(StatusWords.ReferencedDataNotFound);
    }

    public ResponseApdu Personalize(ReadOnlySpan<byte> data, bool isDgi, bool isLastBlock, AppletContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!PersonalizationData.TryReadDgis(data, isDgi, out var dgis, out var error))
            return error;
        foreach (var dgi in dgis)
            context.Data[DgiPrefix + dgi.Tag.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)] = Hex.Format(dgi.Value.Span);
        context.Changed = true;
        return new ResponseApdu(StatusWords.Success);
    }
}

/// <summary>File control information returned on SELECT (ISO/IEC 7816-4 §5.3.3): <c>6F { 84 AID, A5 { … } }</c>.</summary>
internal static class Fci
{
    public static byte[] ForInstance(string aidHex, ReadOnlySpan<byte> proprietary = default)
    {
        var aid = Hex.Parse(aidHex);
        // 84 L AID + A5 L proprietary
        var inner = new List<byte> { 0x84, (byte)aid.Length };
        inner.AddRange(aid);
        inner.Add(0xA5);
        inner.Add((byte)proprietary.Length);
        inner.AddRange(proprietary.ToArray());
        return [0x6F, (byte)inner.Count, .. inner];
    }
}
