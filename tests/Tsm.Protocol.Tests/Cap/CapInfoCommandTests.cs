using System.Text.Json;
using Tsm.Simulator.Cli;

namespace Tsm.Protocol.Tests.Cap;

// "cap info FILE.cap" of the simulator CLI: JSON on stdout, sysexits codes.

public sealed class CapInfoCommandTests
{
    private const string File = "ledger-wallet.cap";

    [Fact]
    public void Prints_cap_summary_as_json()
    {
        var expected = SharedCapData.Entry(File);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = CapInfoCommand.Run([SharedCapData.PathOf(File)], stdout, stderr);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr.ToString());
        using var json = JsonDocument.Parse(stdout.ToString());
        var root = json.RootElement;
        var block = expected.GetProperty("load_file_data_block");
        Assert.Equal(expected.GetProperty("package_aid").GetString(), root.GetProperty("packageAid").GetString());
        Assert.Equal(expected.GetProperty("package_version").GetString(), root.GetProperty("packageVersion").GetString());
        Assert.Equal(expected.GetProperty("cap_format_version").GetString(), root.GetProperty("capFormatVersion").GetString());
        Assert.Equal(
            expected.GetProperty("applet_aids").EnumerateArray().Select(a => a.GetString()),
            root.GetProperty("appletAids").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(
            expected.GetProperty("imports").EnumerateArray().Select(i => i.GetProperty("aid").GetString() + "@" + i.GetProperty("version").GetString()),
            root.GetProperty("imports").EnumerateArray().Select(i => i.GetProperty("aid").GetString() + "@" + i.GetProperty("version").GetString()));
        Assert.Equal(
            expected.GetProperty("components").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("size").GetInt32())),
            root.GetProperty("components").EnumerateObject().Select(p => ((string?)p.Name, p.Value.GetInt32())));
        Assert.Equal(block.GetProperty("size").GetInt32(), root.GetProperty("loadFileDataBlockSize").GetInt32());
        Assert.Equal(block.GetProperty("sha1").GetString()!.ToUpperInvariant(), root.GetProperty("loadFileDataBlockSha1").GetString());
        Assert.Equal(block.GetProperty("size").GetInt32(), root.GetProperty("codeSize").GetInt32());
        Assert.Equal(
            expected.GetProperty("header_flags").EnumerateArray().Select(f => f.GetString()),
            root.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void Missing_argument_is_a_usage_error()
    {
        var stderr = new StringWriter();

        int exit = CapInfoCommand.Run([], new StringWriter(), stderr);

        Assert.Equal(64, exit);
        Assert.Contains("usage", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_exits_2()
    {
        var stderr = new StringWriter();

        int exit = CapInfoCommand.Run([Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".cap")], new StringWriter(), stderr);

        Assert.Equal(2, exit);
        Assert.NotEqual(string.Empty, stderr.ToString());
    }

    [Fact]
    public void Non_cap_file_exits_2()
    {
        var stderr = new StringWriter();

        int exit = CapInfoCommand.Run([Path.Combine(SharedCapData.Directory, "manifest.json")], new StringWriter(), stderr);

        Assert.Equal(2, exit);
        Assert.Contains("not a valid CAP", stderr.ToString(), StringComparison.Ordinal);
    }
}
