using Tsm.Protocol.Cap;

namespace Tsm.Protocol.Tests.Cap;

public sealed class CapWriterTests
{
    [Theory]
    [InlineData(300)]
    [InlineData(8 * 1024)]
    [InlineData(40_000)]
    public void A_synthetic_cap_reads_back_with_its_package_applets_and_size(int size)
    {
        var bytes = CapWriter.Synthetic("A0000003330101", ["A000000333010101", "A000000333010102"], size);
        var cap = CapFile.Parse(bytes);
        Assert.Equal("A0000003330101", cap.PackageAid);
        Assert.Equal(["A000000333010101", "A000000333010102"], cap.AppletAids);
        Assert.Equal("2.1", cap.CapFormatVersion.ToString());
        Assert.Equal("1.0", cap.PackageVersion.ToString());
        Assert.Contains(cap.Imports, i => i.Aid == "A0000000620101");
        Assert.InRange(cap.LoadFileDataBlock.Size, size - 8, size + 8);
    }

    [Fact]
    public void A_library_has_no_applet_component()
    {
        var cap = CapFile.Parse(CapWriter.Synthetic("A0000003330199", [], 500));
        Assert.Empty(cap.AppletAids);
    }
}
