namespace Tsm.Protocol.Scp80;

/// <summary>
/// The clear part of a command packet (ETSI TS 102 225 §5.1.1): what a receiving entity reads before it has keys,
/// to find the application by TAR and the key set by KIc and KID. <see cref="ChecksumLength"/> is CHL − 13.
/// </summary>
public sealed record CommandPacketHeader(Spi Spi, Scp80KeyId Kic, Scp80KeyId Kid, byte[] Tar, int ChecksumLength)
{
    public string TarHex => Hex.Format(Tar);
}
