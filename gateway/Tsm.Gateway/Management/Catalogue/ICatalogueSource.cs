using System.Data.Common;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>One area of the management plane (batches, SD definitions, applications, providers …) adding what it keeps to a catalogue load.</summary>
public interface ICatalogueSource
{
    Task ContributeAsync(DbConnection connection, CatalogueContent content, CancellationToken cancellationToken);

    /// <summary>The bytes of an uploaded CAP (<c>stored:SHA1</c>), or null when this source does not keep it.</summary>
    Task<byte[]?> ReadCapAsync(DbConnection connection, string sha1, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);
}
