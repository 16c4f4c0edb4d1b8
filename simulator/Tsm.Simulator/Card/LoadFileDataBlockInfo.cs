using Tsm.Protocol;

namespace Tsm.Simulator.Card;

/// <summary>
/// What the card's linker needs from a received load file data block (the CAP components concatenated, JCVM spec
/// §6.1): the package AID and version (Header), the applet AIDs (Applet) and the imported packages (Import).
/// </summary>
internal sealed record LoadFileDataBlockInfo(string PackageAid, string Version, IReadOnlyList<string> AppletAids, IReadOnlyList<(string Aid, byte Major, byte Minor)> Imports)
{
    /// <summary>Reads the components; null when the block is not a well-formed sequence of CAP components.</summary>
    public static LoadFileDataBlockInfo? TryRead(ReadOnlySpan<byte> block)
    {
        string? packageAid = null;
        var version = "";
        var applets = new List<string>();
        var imports = new List<(string, byte, byte)>();
        var pos = 0;
        while (pos < block.Length)
        {
            if (block.Length - pos < 3)
                return null;
            var tag = block[pos];
            var size = (block[pos + 1] << 8) | block[pos + 2];
            if (tag is 0 or > 13 || pos + 3 + size > block.Length)
                return null;
            var body = block.Slice(pos + 3, size);
            switch (tag)
            {
                case 1 when !TryReadHeader(body, out packageAid, out version):
                    return null;
                case 3 when !TryReadAidList(body, applets, withOffset: true):
                    return null;
                case 4 when !TryReadImports(body, imports):
                    return null;
            }
            pos += 3 + size;
        }
        return packageAid is null ? null : new LoadFileDataBlockInfo(packageAid, version, applets, imports);
    }

    // Header: magic(4) minor major flags, package_info { minor major AID_length AID }
    private static bool TryReadHeader(ReadOnlySpan<byte> body, out string? aid, out string version)
    {
        aid = null;
        version = "";
        if (body.Length < 10 || body[0] != 0xDE || body[1] != 0xCA || body[2] != 0xFF || body[3] != 0xED)
            return false;
        var aidLength = body[9];
        if (aidLength is < 5 or > 16 || body.Length < 10 + aidLength)
            return false;
        version = $"{body[8]}.{body[7]}";
        aid = Hex.Format(body.Slice(10, aidLength));
        return true;
    }

    private static bool TryReadAidList(ReadOnlySpan<byte> body, List<string> aids, bool withOffset)
    {
        if (body.IsEmpty)
            return false;
        var count = body[0];
        var pos = 1;
        for (var i = 0; i < count; i++)
        {
            if (pos >= body.Length)
                return false;
            var length = body[pos];
            if (length is < 5 or > 16 || pos + 1 + length + (withOffset ? 2 : 0) > body.Length)
                return false;
            aids.Add(Hex.Format(body.Slice(pos + 1, length)));
            pos += 1 + length + (withOffset ? 2 : 0);
        }
        return true;
    }

    private static bool TryReadImports(ReadOnlySpan<byte> body, List<(string, byte, byte)> imports)
    {
        if (body.IsEmpty)
            return false;
        var count = body[0];
        var pos = 1;
        for (var i = 0; i < count; i++)
        {
            if (pos + 3 > body.Length)
                return false;
            byte minor = body[pos], major = body[pos + 1], length = body[pos + 2];
            if (length is < 5 or > 16 || pos + 3 + length > body.Length)
                return false;
            imports.Add((Hex.Format(body.Slice(pos + 3, length)), major, minor));
            pos += 3 + length;
        }
        return true;
    }
}

/// <summary>
/// The Java Card and GlobalPlatform API packages a card has in ROM, which loaded packages may import
/// (a missing import fails the load with 6438, as Java Card installers answer).
/// </summary>
internal static class PlatformPackages
{
    public static IReadOnlyList<LoadFileRecord> Create() =>
    [
        Package("A0000000620001", "1.0"), // java.lang
        Package("A0000000620002", "1.0"), // java.io
        Package("A0000000620003", "1.0"), // java.rmi
        Package("A0000000620101", "1.8"), // javacard.framework (Java Card 3.1)
        Package("A0000000620102", "1.8"), // javacard.security
        Package("A0000000620201", "1.8"), // javacardx.crypto
        Package("A0000000620202", "1.2"), // javacardx.biometry
        Package("A0000000620203", "1.0"), // javacardx.external
        Package("A00000006202040101", "1.0"), // javacardx.framework.util
        Package("A00000006202080101", "1.0"), // javacardx.framework.tlv
        Package("A0000000620209", "1.0"), // javacardx.apdu
        Package("A00000015100", "1.5"), // org.globalplatform
        Package("A0000000090003FFFFFFFF8910710001", "2.6"), // sim.access
        Package("A0000000090003FFFFFFFF8910710002", "2.6"), // sim.toolkit
        Package("A0000000090005FFFFFFFF8911000000", "1.0"), // uicc.access
        Package("A0000000090005FFFFFFFF8912000000", "1.0"), // uicc.toolkit
    ];

    private static LoadFileRecord Package(string aid, string version) => new()
    {
        Aid = aid,
        Version = version,
        InRom = true,
        IsPlatform = true,
    };
}
