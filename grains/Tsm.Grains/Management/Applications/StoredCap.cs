namespace Tsm.Grains.Management.Applications;

/// <summary>The <c>stored:SHA1</c> reference of a CAP kept in the platform database (see <see cref="Catalogue.LoadFileDefinition.CapFile"/>).</summary>
public static class StoredCap
{
    public const string Prefix = "stored:";

    public static string Reference(string fileSha1)
    {
        ArgumentNullException.ThrowIfNull(fileSha1);
        return Prefix + fileSha1.ToUpperInvariant();
    }

    /// <summary>The SHA-1 of a <c>stored:</c> reference, or null for another kind of reference.</summary>
    public static string? Sha1Of(string capFile) =>
        capFile is not null && capFile.StartsWith(Prefix, StringComparison.Ordinal) ? capFile[Prefix.Length..] : null;
}
