using Tsm.Protocol.Cap;

namespace Tsm.Protocol.Tests.Cap;

// Valid variations the real files do not exercise: components at the ZIP
// root, a Debug component (never loaded, GP 2.2.1 §C.1), a CAP 2.2 package
// name, and the BER length forms of the C4 header (GP 2.2.1 §11.6.2.3).

public sealed class CapFileLayoutTests
{
    private const string SmallFile = "gppro-Empty_0102030405_8d5ac9e2_2.2.1.cap";

    [Fact]
    public void Components_at_zip_root_are_found()
    {
        var original = CapFile.Parse(SharedCapData.Bytes(SmallFile));
        byte[] zip = CapZipBuilder.FromFile(SmallFile).MoveComponentsTo("").Build();

        var cap = CapFile.Parse(zip);

        Assert.Equal(string.Empty, cap.ComponentFolder);
        Assert.Null(cap.PackageName);
        Assert.Equal(original.LoadFileDataBlockSha1, cap.LoadFileDataBlockSha1);
    }

    [Fact]
    public void Debug_component_is_listed_but_never_loaded()
    {
        var original = CapFile.Parse(SharedCapData.Bytes(SmallFile));
        var builder = CapZipBuilder.FromFile(SmallFile);
        string debugPath = builder.ComponentPath("Header").Replace("Header.cap", "Debug.cap", StringComparison.Ordinal);
        byte[] zip = builder.Add(debugPath, Convert.FromHexString("0C0002ABCD")).Build();

        var cap = CapFile.Parse(zip);

        Assert.Equal(5, cap.ComponentSizes["Debug"]);
        Assert.NotNull(cap.GetComponent(CapComponentTag.Debug));
        Assert.DoesNotContain(CapComponentTag.Debug, cap.LoadFileDataBlock.Components);
        Assert.Equal(original.LoadFileDataBlockSha1, cap.LoadFileDataBlockSha1);
        Assert.Equal(original.CodeSize, cap.CodeSize);
    }

    [Fact]
    public void Custom_components_are_ignored()
    {
        var original = CapFile.Parse(SharedCapData.Bytes(SmallFile));
        var builder = CapZipBuilder.FromFile(SmallFile);
        string customPath = builder.ComponentPath("Header").Replace("Header.cap", "Vendor.cap", StringComparison.Ordinal);
        byte[] zip = builder.Add(customPath, Convert.FromHexString("800001FF")).Build();

        var cap = CapFile.Parse(zip);

        Assert.Equal(original.ComponentSizes, cap.ComponentSizes);
    }

    [Fact]
    public void Cap_2_2_header_package_name_is_read()
    {
        // Header: magic, CAP 2.2, ACC_APPLET, package 1.0, AID 0102030405, name "a/b".
        byte[] header = Convert.FromHexString("010013" + "DECAFFED" + "0202" + "04" + "0001" + "05" + "0102030405" + "03" + "612F62");
        byte[] zip = CapZipBuilder.FromFile(SmallFile).Set("Header", header).Build();

        var cap = CapFile.Parse(zip);

        Assert.Equal("a/b", cap.Header.PackageName);
        Assert.Equal("a.b", cap.PackageName);
        Assert.Equal("2.2", cap.CapFormatVersion.ToString());
        Assert.Equal(22, cap.ComponentSizes["Header"]);
    }

    [Fact]
    public void Library_package_has_no_applets()
    {
        byte[] zip = CapZipBuilder.FromFile(SmallFile).Remove("Applet").Build();

        var cap = CapFile.Parse(zip);

        Assert.Empty(cap.Applets);
        Assert.Empty(cap.AppletAids);
        Assert.DoesNotContain(CapComponentTag.Applet, cap.LoadFileDataBlock.Components);
    }

    [Theory]
    [InlineData(0, "C400")]
    [InlineData(127, "C47F")]
    [InlineData(128, "C48180")]
    [InlineData(255, "C481FF")]
    [InlineData(256, "C4820100")]
    [InlineData(65535, "C482FFFF")]
    [InlineData(65536, "C483010000")]
    public void Load_tlv_header_uses_ber_length(int length, string expected)
    {
        Assert.Equal(expected, Convert.ToHexString(LoadFileDataBlock.EncodeTlvHeader(length)));
    }

    [Fact]
    public void Cap_version_prints_major_dot_minor()
    {
        Assert.Equal("2.10", new CapVersion(2, 10).ToString());
    }
}
