using CsCheck;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using static Tsm.Protocol.Tests.GlobalPlatform.GpAssert;

namespace Tsm.Protocol.Tests.GlobalPlatform;

/// <summary>
/// Policy: every parser either succeeds or throws <see cref="GpFormatException"/> — never IndexOutOfRange,
/// TlvFormatException or another type — on truncated, mutated or random input.
/// </summary>
public sealed class MalformedInputTests
{
    private static readonly Func<CommandApdu, object>[] CommandParsers =
    [
        SelectCommand.Parse, InstallCommand.Parse, LoadCommand.Parse, DeleteCommand.Parse, GetStatusCommand.Parse,
        GetDataCommand.Parse, SetStatusCommand.Parse, PutKeyCommand.Parse, StoreDataCommand.Parse,
    ];

    private delegate object DataParser(ReadOnlySpan<byte> data);

    private static readonly DataParser[] DataParsers =
    [
        d => SelectResponse.Parse(d), d => LoadParameters.Parse(d), d => InstallParameters.Parse(d), d => Cms2acSdParameters.Parse(d),
        d => LoadFileParser.Parse(d), d => GetStatusResponse.ParseTlv(d), d => GetStatusResponse.ParseLegacy(d, GetStatusScope.ExecutableLoadFilesAndModules),
        d => GetStatusResponse.ParseLegacy(d, GetStatusScope.ApplicationsAndSecurityDomains), d => CardData.Parse(d), d => KeyInformation.Parse(d),
        d => SequenceCounter.Parse(d), d => ExtendedCardResources.Parse(d), d => Cplc.Parse(d), d => Dgi.ParseAll(d), d => Privileges.Parse(d),
        d => ConfirmationData.Parse(d), d => Confirmation.ParseResponse(d) ?? (object)"none",
    ];

    private static readonly string[] ValidCommands =
    [
        "00A4040007A000000151000000",
        "80E6020013 07A0000000031010 07A0000001510000 000000 00",
        "80E60C001E 05A000000001 06A00000000101 07A0000000010101 0100 05C903AABBCC 00 00",
        "80E620000D 0000 07A0000000031010 000000 00",
        "80E6100014 07A0000001510000 00 07A0000000031010 00 00 00 00",
        "80E608000E 0000 07A0000000031010 0180 00 00 00",
        "80E640000D 00 00 07A0000000031010 00 00 00 00",
        "80E8800003C4010000",
        "80E40000094F07A000000003101000", "80E4000006D00101D2013000",
        "80F240020D4F05A0000001515C044F9F70C500",
        "80F0408007A0000000031010",
        "80D80081430180" + "10EFBEE6C6D99D7B70BDE9D7E927F020AF038BAF47" + "8010EFBEE6C6D99D7B70BDE9D7E927F020AF038BAF47" + "8010EFBEE6C6D99D7B70BDE9D7E927F020AF038BAF47" + "00",
        "80E2880006007003AABBCC00",
    ];

    private static readonly string[] ValidData =
    [
        "6F108407A0000001510000A5059F6502FF00", "EF0AC6027FFFC70400008000", "C900EF0AC7020100C80400010000",
        "C90D450107470202154801FF4A0110", "E2134F07A0000001510000C3080102030405060708C403010203",
        "E3124F07A00000015100009F70010FC5039EFE80CF0180C407A0000000031010", "07A000000003101001000208A00000000310100108A000000003101002",
        "664C734A06072A864886FC6B01600C060A2A864886FC6B02020101630906072A864886FC6B03640B06092A864886FC6B040215650B06092B8510864864020103660C060A2B060104012A026E0102",
        "E012C00401018010C00402018010C0090130FF880010011400", "C102002A", "FF21108102000282040001 6DB48304000 0086A",
        "9F7F2A" + "479051674791810231001234010203045555470001010001020200030303 0A0B0C0D0004040411223344", "8101FF012C" + "00",
    ];

    [Fact]
    public void Truncated_commands_only_raise_gp_format_exception()
    {
        foreach (var hex in ValidCommands)
        {
            foreach (var truncated in Truncations(Cmd(hex)))
            {
                foreach (var parser in CommandParsers)
                    ParsesOrRejects(() => parser(truncated));
            }
        }
    }

    [Fact]
    public void Truncated_data_only_raises_gp_format_exception()
    {
        foreach (var hex in ValidData)
        {
            var bytes = Hex.Parse(hex);
            foreach (var prefix in Prefixes(bytes).Append(bytes))
            {
                foreach (var parser in DataParsers)
                    ParsesOrRejects(() => parser(prefix));
            }
        }
    }

    [Fact]
    public void Mutated_valid_input_only_raises_gp_format_exception() =>
        Gen.Select(Gen.Int[0, ValidCommands.Length + ValidData.Length - 1], Gen.Int[0, 1000], Gen.Byte).Sample(t =>
        {
            var (which, position, value) = t;
            if (which < ValidCommands.Length)
            {
                var apdu = Cmd(ValidCommands[which]);
                var data = apdu.Data.ToArray();
                if (data.Length > 0)
                    data[position % data.Length] = value;
                var mutated = new CommandApdu(apdu.Cla, apdu.Ins, apdu.P1, apdu.P2, data, apdu.Ne);
                foreach (var parser in CommandParsers)
                    ParsesOrRejects(() => parser(mutated));
            }
            else
            {
                var data = Hex.Parse(ValidData[which - ValidCommands.Length]);
                data[position % data.Length] = value;
                foreach (var parser in DataParsers)
                    ParsesOrRejects(() => parser(data));
            }
        }, iter: 2000);

    [Fact]
    public void Random_bytes_only_raise_gp_format_exception() =>
        Gen.Byte.Array[0, 80].Sample(data =>
        {
            foreach (var parser in DataParsers)
                ParsesOrRejects(() => parser(data));
        }, iter: 2000);

    [Fact]
    public void Random_commands_only_raise_gp_format_exception() =>
        Gen.Select(Gen.OneOf<byte>(0x00, 0x80, 0x84), Gen.OneOf<byte>(0xA4, 0xE6, 0xE8, 0xE4, 0xF2, 0xCA, 0xF0, 0xD8, 0xE2), Gen.Byte, Gen.Byte, Gen.Byte.Array[0, 60])
            .Sample(t =>
            {
                var apdu = new CommandApdu(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, 256);
                foreach (var parser in CommandParsers)
                    ParsesOrRejects(() => parser(apdu));
            }, iter: 2000);
}
