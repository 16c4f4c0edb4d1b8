using System.Data.Common;
using Tsm.Gateway.Management.Applications;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Management.Catalogue;

/// <summary>The applications past review, the libraries, and the uploaded CAPs they name (requirement 5.4; docs/management/applications.md).</summary>
public sealed class ApplicationCatalogueSource : ICatalogueSource
{
    public async Task ContributeAsync(DbConnection connection, CatalogueContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Applications.AddRange(await ApplicationStore.ListForEngineAsync(connection, cancellationToken));
        content.Libraries.AddRange(await ApplicationStore.ListLibrariesAsync(connection, cancellationToken));
    }

    public async Task<byte[]?> ReadCapAsync(DbConnection connection, string sha1, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sha1);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Content FROM CapFiles WHERE Sha1 = @Sha1;";
        command.AddParameter("@Sha1", sha1.ToUpperInvariant());
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }
}
