using Tsm.Protocol.GlobalPlatform;
using static Tsm.Protocol.Tests.GlobalPlatform.GpAssert;

namespace Tsm.Protocol.Tests.GlobalPlatform;

public sealed class GpCommandsTests
{
    [Theory]
    [InlineData("00A4040007A000000151000000", typeof(SelectCommand))]
    [InlineData("80E620000D000007A0000000031010000000 00", typeof(InstallForPersonalization))]
    [InlineData("80E8800003C4010000", typeof(LoadCommand))]
    [InlineData("80E40000094F07A000000003101000", typeof(DeleteCommand))]
    [InlineData("80F24002024F0000", typeof(GetStatusCommand))]
    [InlineData("80CA006600", typeof(GetDataCommand))]
    [InlineData("80F0408007A0000000031010", typeof(SetStatusCommand))]
    [InlineData("80E2880006007003AABBCC00", typeof(StoreDataCommand))]
    public void Dispatches_on_ins(string hex, Type expected) =>
        Assert.IsType(expected, GpCommands.Parse(Cmd(hex)));

    [Fact]
    public void Rejects_unknown_ins()
    {
        Assert.False(GpCommands.IsKnown(0x50));
        Assert.Throws<GpFormatException>(() => GpCommands.Parse(Cmd("8050000008000000000000000000")));
    }
}
