using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Tsm.Grains.Ota;
using Tsm.Protocol.Cap;

namespace Tsm.Gateway.Management.Applications;

/// <summary>
/// A multipart upload read within <see cref="ApplicationsOptions"/> (docs/management/applications.md, "Bounded before
/// parsing"): the request is refused 413 before it is read when it declares more than the limit, and while it is read
/// when it sends more; each CAP is parsed only after its ZIP directory passed the CAP limits.
/// </summary>
internal sealed class UploadedForm
{
    private UploadedForm(IFormCollection form, IReadOnlyDictionary<string, (CapFile Cap, string FileSha1, byte[] Bytes)> caps)
    {
        Form = form;
        Caps = caps;
    }

    public IFormCollection Form { get; }

    /// <summary>Each uploaded file by its file name: the parsed CAP, the SHA-1 of its bytes, the bytes.</summary>
    public IReadOnlyDictionary<string, (CapFile Cap, string FileSha1, byte[] Bytes)> Caps { get; }

    /// <summary>Reads and parses the upload; null with the problem to answer when the request is not a bounded multipart form.</summary>
    /// <exception cref="RefusedException"><see cref="RefusalCode.CapRefused"/>: a file is not a CAP within the limits.</exception>
    public static async Task<(UploadedForm? Form, IResult? Problem)> ReadAsync(HttpRequest request, ApplicationsOptions options, CancellationToken cancellationToken)
    {
        var limit = options.MaxUploadBytes;
        if (request.ContentLength > limit)
            return (null, TooLarge(limit));
        if (!request.HasFormContentType || !(request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) ?? false))
            return (null, Results.Problem(title: "Unsupported media type",
                detail: "An upload is multipart/form-data: the structure as JSON and one or more CAP files.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit;
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            MultipartBodyLengthLimit = limit,
            ValueLengthLimit = (int)Math.Min(limit, 1024 * 1024),
            ValueCountLimit = 64,
            MultipartHeadersCountLimit = 16,
        }));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TooLarge(limit));
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
        {
            // A malformed multipart body (no boundary, a broken part): the client's mistake, never a 500.
            return (null, Results.Problem(title: "Invalid request", detail: "The multipart body cannot be read.", statusCode: StatusCodes.Status400BadRequest));
        }
        if (form.Files.Count > options.MaxFiles)
            return (null, Results.Problem(title: "Invalid request", detail: $"At most {options.MaxFiles} CAP files per upload.", statusCode: StatusCodes.Status400BadRequest));
        var limits = new CapLimits
        {
            MaxFileSize = (int)Math.Min(int.MaxValue, limit),
            MaxEntries = options.MaxZipEntries,
            MaxEntrySize = options.MaxZipEntryBytes,
            MaxTotalSize = options.MaxZipTotalBytes,
            MaxCompressionRatio = options.MaxCompressionRatio,
        };
        var caps = new Dictionary<string, (CapFile, string, byte[])>(StringComparer.Ordinal);
        foreach (var file in form.Files)
        {
            if (caps.ContainsKey(file.FileName))
                return (null, Results.Problem(title: "Invalid request", detail: $"Two files are named '{Api.Problems.Echo(file.FileName)}'.", statusCode: StatusCodes.Status400BadRequest));
            var bytes = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
                await stream.ReadExactlyAsync(bytes, cancellationToken);
            CapFile cap;
            try
            {
                cap = CapFile.Parse(bytes, limits);
            }
            catch (CapFormatException e)
            {
                throw new RefusedException(RefusalCode.CapRefused, $"File '{Api.Problems.Echo(file.FileName)}': {e.Message}");
            }
            caps[file.FileName] = (cap, Convert.ToHexString(SHA1.HashData(bytes)), bytes);
        }
        return (new UploadedForm(form, caps), null);
    }

    private static IResult TooLarge(long limit) => Results.Problem(title: "Request too large",
        detail: $"An upload may have at most {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
