using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Simulator.Card.Applets;

/// <summary>Decoding of personalization data forwarded by a security domain (STORE DATA in DGI format, GP 2.2.1 §11.11.2.2).</summary>
internal static class PersonalizationData
{
    /// <summary>The DGIs of one STORE DATA block, or the SW to answer: 6A86 when not in DGI format, 6A80 when malformed.</summary>
    public static bool TryReadDgis(ReadOnlySpan<byte> data, bool isDgi, out ValueList<Dgi> dgis, out ResponseApdu error)
    {
        dgis = ValueList<Dgi>.Empty;
        error = new ResponseApdu(StatusWords.Success);
        if (!isDgi)
        {
            error = new ResponseApdu(StatusWords.IncorrectP1P2);
            return false;
        }
        try
        {
            dgis = Dgi.ParseAll(data);
            return true;
        }
        catch (GpFormatException)
        {
            error = new ResponseApdu(StatusWords.IncorrectData);
            return false;
        }
    }
}
