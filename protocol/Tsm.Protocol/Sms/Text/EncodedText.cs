namespace Tsm.Protocol.Sms.Text;

/// <summary>Text as one SMS carries it: the protocol's coding (SMPP data_coding, CMPP Msg_Fmt) and the user data.</summary>
/// <param name="DataCoding">SMPP data_coding or CMPP Msg_Fmt.</param>
/// <param name="UserData">The encoded text, no user data header.</param>
public readonly record struct EncodedText(byte DataCoding, ReadOnlyMemory<byte> UserData);
