using System.Data.Common;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

/// <summary>A platform database whose connections fail while <see cref="Down"/> is set: an outage on demand.</summary>
internal sealed class OutageDatabase(IPlatformDatabase inner) : IPlatformDatabase
{
    private volatile bool _down;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public SqlDialect Dialect => inner.Dialect;

    public Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        _down ? throw new InvalidOperationException("the database is down (a test outage)") : inner.OpenConnectionAsync(cancellationToken);
}
