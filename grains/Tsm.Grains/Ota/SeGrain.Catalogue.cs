using Tsm.Grains.Catalogue;
using Tsm.Grains.Domain;

namespace Tsm.Grains.Ota;

/// <summary>The SE grain's view of the catalogue for a download: the offer's target and the code still to load (docs/management.md, "Downloads").</summary>
public sealed partial class SeGrain
{
    /// <summary>The SE as the catalogue's offer sees it for <paramref name="app"/>.</summary>
    private OfferTarget OfferTargetFor(ApplicationDefinition app, string? requestMsisdn, string? homeProvince)
    {
        var msisdn = string.IsNullOrEmpty(requestMsisdn) ? state.State.Msisdn ?? "" : requestMsisdn;
        return new OfferTarget(msisdn, msisdn.Length > 0 && catalogue.IsTestNumber(msisdn), catalogue.IsProviderBlocked(app.ServiceProvider), homeProvince);
    }

    /// <summary>
    /// The home province of the number a request acts for (requirement 5.4.1), looked up only when the request names a
    /// provincial application: national ones (most) cost nothing.
    /// </summary>
    private async ValueTask<string?> HomeProvinceFor(OperationRequest request) =>
        request.Operation is ApplicationOperation operation && catalogue.FindApplication(operation.ApplicationAid) is { Provinces.Count: > 0 }
            ? await HomeProvinceAsync(request.Msisdn)
            : null;

    private async ValueTask<string?> HomeProvinceAsync(string? requestMsisdn)
    {
        var msisdn = string.IsNullOrEmpty(requestMsisdn) ? state.State.Msisdn : requestMsisdn;
        return string.IsNullOrEmpty(msisdn) ? null : await homeProvinces.ProvinceOfAsync(msisdn);
    }

    /// <summary>
    /// Bytes of code a download of <paramref name="app"/> loads: its load files and the libraries they import, less those
    /// the SE last reported holding.
    /// </summary>
    private long CodeToLoad(ApplicationDefinition app)
    {
        var onCard = state.State.Facts?.LoadFiles;
        long size = 0;
        foreach (var loadFile in DownloadLoadFiles(app))
        {
            if (onCard is null || !onCard.ContainsKey(loadFile.Aid) || loadFile.Aid.Equals(app.LoadFileAid, StringComparison.OrdinalIgnoreCase))
                size += catalogue.GetCap(loadFile).LoadFileDataBlock.Size;
        }
        return size;
    }

    /// <summary>What a download puts on the SE, in order: the libraries the application imports, then its own load files.</summary>
    private IEnumerable<LoadFileDefinition> DownloadLoadFiles(ApplicationDefinition app) =>
        app.Extensions.Select(aid => catalogue.FindLibrary(aid)?.LoadFile).OfType<LoadFileDefinition>().Concat(app.AllLoadFiles);
}
