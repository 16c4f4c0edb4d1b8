using System.Net;
using System.Net.Sockets;

namespace Tsm.Gateway.Storage;

/// <summary>
/// Checks, before the Orleans silo starts, that its silo and gateway ports are free, and stops the start with one
/// clear message when one is taken (docs/configuration.md, "Ports"). Without it a second gateway on the same machine
/// starts on the same ports with no error: Orleans' listeners share ports with each other (SO_REUSEPORT on Linux),
/// so the two silos would split the connections. Registered before the silo, it runs first.
/// </summary>
public sealed class SiloPortCheck(IPAddress address, int siloPort, int gatewayPort) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        Check(address, siloPort, StorageExtensions.SiloPortKey, gatewayPort);
        Check(address, gatewayPort, StorageExtensions.GatewayPortKey, siloPort);
        return Task.CompletedTask;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the port and its setting when <paramref name="port"/> is taken on <paramref name="address"/>.</summary>
    public static void Check(IPAddress address, int port, string key, int otherPort)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (port == 0)
            return;
        if (IsFree(address, port))
            return;
        throw new InvalidOperationException(
            $"The Orleans port {port} ({key}) is already in use on {address}: another gateway (or another program) listens on it. " +
            $"Stop it, or give this gateway other ports, e.g. --{StorageExtensions.SiloPortKey} {Suggest(port, otherPort)} --{StorageExtensions.GatewayPortKey} {Suggest(otherPort, port)} " +
            "(or Orleans__SiloPort / Orleans__GatewayPort in the environment; docs/configuration.md, \"Ports\").");
    }

    /// <summary>
    /// True when a listener could bind <paramref name="port"/>: a bind without SO_REUSEPORT fails while any socket
    /// listens there, even one that shares its port; SO_REUSEADDR alone (set raw: .NET's ReuseAddress sets both on
    /// Unix) lets connections of a stopped silo that linger in TIME_WAIT pass.
    /// </summary>
    public static bool IsFree(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (OperatingSystem.IsLinux())
            socket.SetRawSocketOption(1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, BitConverter.GetBytes(1));
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
            socket.SetRawSocketOption(0xFFFF /* SOL_SOCKET */, 4 /* SO_REUSEADDR */, BitConverter.GetBytes(1));
        else if (OperatingSystem.IsWindows())
            socket.ExclusiveAddressUse = true;
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
    }

    private static int Suggest(int port, int other)
    {
        var next = port + 1;
        return next == other ? next + 1 : next;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
