using System.Globalization;

namespace Tsm.Protocol.Cap;

// A major.minor version pair as stored in CAP components (JCVM spec §6.4
// header_component, package_info and §6.6 import_component): the minor byte
// precedes the major byte on the wire.

/// <summary>A CAP format or package version, printed as "major.minor".</summary>
public readonly record struct CapVersion(byte Major, byte Minor)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}
