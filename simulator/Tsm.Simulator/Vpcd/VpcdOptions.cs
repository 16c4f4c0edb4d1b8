namespace Tsm.Simulator.Vpcd;

/// <summary>Where the vpcd driver listens and how patiently to reach it.</summary>
public sealed record VpcdOptions
{
    /// <summary>Host of the pcscd running the vpcd driver.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port of the virtual reader: <see cref="VpcdFraming.DefaultPort"/> is reader 0.</summary>
    public int Port { get; init; } = VpcdFraming.DefaultPort;

    /// <summary>First wait before reconnecting after a refused or dropped connection; doubled up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of the reconnect back-off.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest accepted payload from vpcd; larger frames are malformed and drop the connection.</summary>
    public int MaxPayloadLength { get; init; } = VpcdFraming.MaxPayloadLength;
}
