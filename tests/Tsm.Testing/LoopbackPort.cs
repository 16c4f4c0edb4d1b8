using System.Net;
using System.Net.Sockets;

namespace Tsm.Testing;

/// <summary>Free TCP ports on 127.0.0.1 for the servers tests and benchmarks start (asked of the OS, then released).</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
