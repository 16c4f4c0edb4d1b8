using System.IO.Compression;
using Tsm.Protocol.Cap;

namespace Tsm.Protocol.Tests.Cap;

// Malformed input must always surface as CapFormatException (JCVM spec §6.1
// framing, §6.4 Header, §6.5 Applet, §6.6 Import), never as another type.

public sealed class CapFileMalformedTests
{
    private const string SmallFile = "gppro-Empty_0102030405_8d5ac9e2_2.2.1.cap";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(22)]
    [InlineData(100)]
    [InlineData(4096)]
    public void Random_bytes_are_rejected(int length)
    {
        var random = new Random(length);
        for (int i = 0; i < 50; i++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            Assert.Throws<CapFormatException>(() => CapFile.Parse(bytes));

            // Same noise behind a ZIP local file header signature.
            if (length >= 4)
            {
                bytes[0] = (byte)'P';
                bytes[1] = (byte)'K';
                bytes[2] = 3;
                bytes[3] = 4;
                Assert.Throws<CapFormatException>(() => CapFile.Parse(bytes));
            }
        }
    }

    [Fact]
    public void Truncated_file_is_rejected_at_every_length()
    {
        byte[] bytes = SharedCapData.Bytes(SmallFile);
        for (int length = 0; length < bytes.Length; length++)
        {
            var ex = Record.Exception(() => CapFile.Parse(bytes.AsSpan(0, length)));
            Assert.True(ex is CapFormatException, $"length {length}: {ex?.GetType().Name ?? "no exception"}");
        }
    }

    [Theory]
    [MemberData(nameof(CapFileManifestTests.Files), MemberType = typeof(CapFileManifestTests))]
    public void Truncated_real_files_are_rejected(string file)
    {
        Assert.NotEqual(SharedCapData.NotFound, file);
        byte[] bytes = SharedCapData.Bytes(file);
        int step = Math.Max(1, bytes.Length / 300);
        for (int length = 0; length < bytes.Length; length += step)
        {
            var ex = Record.Exception(() => CapFile.Read(new MemoryStream(bytes, 0, length)));
            Assert.True(ex is CapFormatException, $"length {length}: {ex?.GetType().Name ?? "no exception"}");
        }
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void Flipped_bytes_never_escape_as_another_exception(CompressionLevel level)
    {
        byte[] original = CapZipBuilder.FromFile(SmallFile).Build(level);
        var random = new Random(42);
        for (int i = 0; i < 2000; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
            }

            var ex = Record.Exception(() => CapFile.Parse(bytes));
            Assert.True(ex is null or CapFormatException, $"iteration {i}: {ex}");
        }
    }

    public static TheoryData<string, string, string, string> CorruptComponents => new()
    {
        // case, component, hex bytes (whole component), expected message fragment
        { "bad magic", "Header", "01000F" + "DECAFFEE" + "0102" + "04" + "0001" + "05" + "0102030405", "magic" },
        { "wrong tag", "Header", "02000F" + "DECAFFED" + "0102" + "04" + "0001" + "05" + "0102030405", "has tag" },
        { "size too large", "Header", "010010" + "DECAFFED" + "0102" + "04" + "0001" + "05" + "0102030405", "declares size" },
        { "size too small", "Header", "01000E" + "DECAFFED" + "0102" + "04" + "0001" + "05" + "0102030405", "declares size" },
        { "only tag", "Header", "01", "truncated" },
        { "empty entry", "Header", "", "truncated" },
        { "truncated AID", "Header", "01000C" + "DECAFFED" + "0102" + "04" + "0001" + "05" + "0102", "truncated" },
        { "AID too short", "Header", "01000E" + "DECAFFED" + "0102" + "04" + "0001" + "04" + "01020304", "outside 5..16" },
        { "trailing byte", "Header", "010010" + "DECAFFED" + "0102" + "04" + "0001" + "05" + "0102030405" + "00", "trailing" },
        { "name longer than header", "Header", "010011" + "DECAFFED" + "0202" + "04" + "0001" + "05" + "0102030405" + "05" + "41", "truncated" },
        { "extended format", "Header", "01000F" + "DECAFFED" + "0302" + "0C" + "0001" + "05" + "0102030405", "ACC_EXTENDED" },
        { "CAP format 3.0", "Header", "01000F" + "DECAFFED" + "0003" + "04" + "0001" + "05" + "0102030405", "unsupported CAP format version" },
        { "applet count beyond data", "Applet", "03000C" + "02" + "08" + "0102030405060708" + "0013", "truncated" },
        { "applet offset cut", "Applet", "03000B" + "01" + "08" + "0102030405060708" + "00", "truncated" },
        { "applet AID too long", "Applet", "030015" + "01" + "11" + "0102030405060708090A0B0C0D0E0F1011" + "0013", "outside 5..16" },
        { "import count beyond data", "Import", "04000B" + "02" + "0001" + "07" + "A0000000620101", "truncated" },
        { "import AID length zero", "Import", "040004" + "01" + "0001" + "00", "outside 5..16" },
        { "wrong tag on Directory", "Directory", "0B0000", "has tag" },
        { "size mismatch on Method", "Method", "070005" + "00", "declares size" },
    };

    [Theory]
    [MemberData(nameof(CorruptComponents))]
    public void Corrupted_component_in_zip_is_rejected(string description, string component, string hex, string message)
    {
        byte[] zip = CapZipBuilder.FromFile(SmallFile).Set(component, Convert.FromHexString(hex)).Build();

        var ex = Assert.Throws<CapFormatException>(() => CapFile.Parse(zip));
        Assert.True(ex.Message.Contains(message, StringComparison.Ordinal), $"{description}: {ex.Message}");
    }

    [Fact]
    public void Missing_header_is_rejected()
    {
        byte[] zip = CapZipBuilder.FromFile(SmallFile).Remove("Header").Build();

        var ex = Assert.Throws<CapFormatException>(() => CapFile.Parse(zip));
        Assert.Contains("Header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_without_components_is_rejected()
    {
        byte[] zip = new CapZipBuilder().Add("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"u8.ToArray()).Build();

        Assert.Throws<CapFormatException>(() => CapFile.Parse(zip));
    }

    [Fact]
    public void Components_of_two_packages_are_rejected()
    {
        var builder = CapZipBuilder.FromFile(SmallFile);
        byte[] header = builder.Component("Header");
        byte[] zip = builder.Add("other/pkg/javacard/Header.cap", header).Build();

        Assert.Throws<CapFormatException>(() => CapFile.Parse(zip));
    }

    [Fact]
    public void Duplicate_component_is_rejected()
    {
        var builder = CapZipBuilder.FromFile(SmallFile);
        byte[] zip = builder.Add(builder.ComponentPath("Method"), builder.Component("Method")).Build();

        Assert.Throws<CapFormatException>(() => CapFile.Parse(zip));
    }

    [Fact]
    public void Oversized_component_entry_is_rejected()
    {
        var big = new byte[70_000];
        big[0] = 7;
        byte[] zip = CapZipBuilder.FromFile(SmallFile).Set("Method", big).Build();

        Assert.Throws<CapFormatException>(() => CapFile.Parse(zip));
    }
}
