namespace Tsm.Protocol.Scp80;

/// <summary>A whole secured packet taken from SMS-PP user data: whether it is a command (IEI 70) or a response (IEI 71), and its octets from CPL/RPL on.</summary>
public sealed record SmsPpPacket(bool IsCommand, byte[] Packet);
