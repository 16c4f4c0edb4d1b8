using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Tlv;
using static Tsm.Protocol.Tests.GlobalPlatform.GpAssert;

namespace Tsm.Protocol.Tests.GlobalPlatform;

/// <summary>Known APDUs from GP 2.2.1 chapter 11 and docs/protocol.md "Card content management facts", decoded and re-encoded.</summary>
public sealed class CommandVectorTests
{
    private static readonly Aid Isd = Aid.GlobalPlatformIsd;
    private static readonly Aid App = Aid.Parse("A0000000031010");

    [Fact]
    public void Select_by_name_and_next_and_empty()
    {
        SameApdu("00A4040007A000000151000000", new SelectCommand(Isd).ToApdu());
        SameApdu("00A4040207A000000151000000", new SelectCommand(Isd, NextOccurrence: true).ToApdu());
        SameApdu("00A4040000", new SelectCommand(null).ToApdu());
        Assert.Equal(new SelectCommand(Isd, true), SelectCommand.Parse(Cmd("00A4040207A000000151000000")));
        Assert.Equal(new SelectCommand(null), SelectCommand.Parse(Cmd("00A4040000")));
    }

    [Fact]
    public void Select_response_reads_fci_leniently()
    {
        var fci = Hex.Parse("6F108407A0000001510000A5059F6502FF00");
        var response = SelectResponse.Parse(fci);
        Assert.Equal(Isd, response.Aid);
        Assert.Equal(0xFF00, response.MaxCommandDataLength);
        Assert.Equal(response, SelectResponse.Parse(response.ToArray()));
        Assert.Null(SelectResponse.Parse(Hex.Parse("8401AB")).Aid);
        Assert.Throws<GpFormatException>(() => SelectResponse.Parse(Hex.Parse("6F05AB01")));
    }

    [Fact]
    public void Install_for_load()
    {
        var command = InstallCommand.ForLoad(App, Isd);
        SameApdu("80E6020013 07A0000000031010 07A0000001510000 000000 00", command.ToApdu());
        Assert.Equal(command, InstallCommand.Parse(command.ToApdu()));
    }

    [Fact]
    public void Install_for_install_and_make_selectable_matches_keycard_layout()
    {
        // [KC] commands_test.go: … privileges 01 00, parameters 05 C903AABBCC, token 00.
        var command = InstallCommand.ForInstall(
            Aid.Parse("A000000001"), Aid.Parse("A00000000101"), Aid.Parse("A0000000010101"), Privileges.None,
            new InstallParameters(new byte[] { 0xAA, 0xBB, 0xCC }).ToArray());
        SameApdu("80E60C001E 05A000000001 06A00000000101 07A0000000010101 0100 05C903AABBCC 00 00", command.ToApdu());
        var parsed = Assert.IsType<InstallForInstall>(InstallCommand.Parse(command.ToApdu()));
        Assert.Equal(command, parsed);
        Assert.True(parsed.MakeSelectable);
    }

    [Fact]
    public void Install_p1_and_p2_bits()
    {
        var command = InstallCommand.ForInstall(App, App, App, Privileges.SecurityDomain | Privileges.TrustedPath, InstallParameters.Empty.ToArray(), makeSelectable: false)
            with { MoreCommands = true, Sequence = InstallSequence.End };
        var apdu = command.ToApdu();
        Assert.Equal(0x84, apdu.P1);
        Assert.Equal(0x03, apdu.P2);
        Assert.Equal(command, InstallCommand.Parse(apdu));
    }

    [Fact]
    public void Install_for_personalization_extradition_selectable_registry_update()
    {
        SameApdu("80E620000D 0000 07A0000000031010 000000 00", InstallCommand.ForPersonalization(App).ToApdu());
        SameApdu("80E6100014 07A0000001510000 00 07A0000000031010 00 00 00 00", InstallCommand.ForExtradition(Isd, App).ToApdu());
        SameApdu("80E608000E 0000 07A0000000031010 0180 00 00 00", InstallCommand.ForMakeSelectable(App, Privileges.SecurityDomain).ToApdu());
        SameApdu("80E640000D 00 00 07A0000000031010 00 00 00 00", InstallCommand.ForRegistryUpdate(null, App).ToApdu());
        InstallCommand[] all =
        [
            InstallCommand.ForPersonalization(App), InstallCommand.ForExtradition(Isd, App),
            InstallCommand.ForMakeSelectable(App, Privileges.SecurityDomain), InstallCommand.ForRegistryUpdate(Isd, null, Privileges.GlobalDelete, new byte[] { 0xD9, 0x01, 0x40 }),
        ];
        foreach (var command in all)
            Assert.Equal(command, InstallCommand.Parse(command.ToApdu()));
    }

    [Fact]
    public void Install_rejects_combined_load_install_and_bad_p2()
    {
        Assert.Throws<GpFormatException>(() => InstallCommand.Parse(Cmd("80E60E000100")));
        Assert.Throws<GpFormatException>(() => InstallCommand.Parse(Cmd("80E6020201 00")));
        Assert.Throws<GpFormatException>(() => InstallCommand.Parse(Cmd("00E602000100")));
    }

    [Fact]
    public void Load_parameters_use_two_or_four_byte_values()
    {
        var parameters = new LoadParameters(NonVolatileCodeMinimum: 32767, VolatileDataMinimum: 32768);
        Assert.Equal("EF0AC6027FFFC70400008000", Hex.Format(parameters.ToArray()));
        Assert.Equal(parameters, LoadParameters.Parse(parameters.ToArray()));
        Assert.Empty(new LoadParameters().ToArray());
    }

    [Fact]
    public void Install_parameters_with_quotas()
    {
        var parameters = new InstallParameters(ByteString.Empty, VolatileQuota: 256, NonVolatileQuota: 65536);
        Assert.Equal("C900EF0AC7020100C80400010000", Hex.Format(parameters.ToArray()));
        Assert.Equal(parameters, InstallParameters.Parse(parameters.ToArray()));
        Assert.Equal("C900", Hex.Format(InstallParameters.Empty.ToArray()));
        Assert.Throws<GpFormatException>(() => InstallParameters.Parse(Hex.Parse("EF00")));
    }

    [Fact]
    public void Cms2ac_sample_length_0D_matches_its_content()
    {
        // docs/simulator.md "Security domains (CMS2AC)": C90D 450107 47020215 4801FF 4A0110 — 3 + 4 + 3 + 3 = 13 = 0x0D.
        var parameters = InstallParameters.Parse(Hex.Parse("C90D450107470202154801FF4A0110"));
        var sd = parameters.ToCms2acSdParameters();
        Assert.Equal(new Cms2acSdParameters(BaseProperties: 0x07, ScpIdentifier: 0x02, ScpOption: 0x15, MaxAuthenticationFailures: 0xFF, MaxKeys: 0x10), sd);
        Assert.True(sd.AcceptsExtradition);
        Assert.False(sd.MayDeleteItself);
        Assert.False(sd.AcceptsIsdInitiatedDeletion);
        Assert.Null(sd.KeyVersionNumber);
        Assert.Equal("C90D450107470202154801FF4A0110", Hex.Format(InstallParameters.ForSecurityDomain(sd).ToArray()));
        var full = sd with { KeyVersionNumber = 0x73, ManagedSpace = new ManagedSpace(0x0400, 0x00010000) };
        Assert.Equal(full, Cms2acSdParameters.Parse(full.ToArray()));
        Assert.Equal(0x06, Cms2acSdParameters.MakeBaseProperties(acceptsExtradition: false, mayDeleteItself: false, acceptsIsdInitiatedDeletion: false));
    }

    [Fact]
    public void Load_commands_and_load_file()
    {
        var data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var dap = new DapBlock(Isd, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        var file = LoadFileBuilder.Build(data, [dap]);
        Assert.Equal("E2134F07A0000001510000C3080102030405060708C482012C", Hex.Format(file.AsSpan(0, 25)));
        var commands = LoadFileBuilder.Split(file, 100);
        Assert.Equal(4, commands.Count);
        SameApdu("80E88003 19" + Hex.Format(file.AsSpan(300)) + "00", commands[3].ToApdu());
        Assert.True(commands[3].IsLastBlock);
        Assert.All(commands, c => Assert.Equal(c, LoadCommand.Parse(c.ToApdu())));
        var parsed = LoadFileParser.Parse(commands);
        Assert.Equal(new LoadFile([dap], data), parsed);
        Assert.Throws<GpFormatException>(() => LoadFileParser.Parse(commands.Reverse()));
        Assert.Throws<GpFormatException>(() => LoadFileParser.Parse(commands.Take(3)));
        Assert.Throws<ArgumentException>(() => LoadFileBuilder.Split(new byte[257], 1));
    }

    [Fact]
    public void Load_file_parser_reads_ciphered_block_and_rejects_junk()
    {
        Assert.True(LoadFileParser.Parse(Hex.Parse("D403010203")).IsCiphered);
        Assert.Throws<GpFormatException>(() => LoadFileParser.Parse(Hex.Parse("C4020102FF")));
        Assert.Throws<GpFormatException>(() => LoadFileParser.Parse(Hex.Parse("E2024F00C400")));
        Assert.Throws<GpFormatException>(() => LoadFileParser.Parse(Hex.Parse("E203C30101")));
        Assert.Throws<GpFormatException>(() => LoadFileParser.Parse(Hex.Parse("C5020102")));
        Assert.Throws<GpFormatException>(() => LoadFileParser.Parse(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Delete_object_related_and_keys()
    {
        SameApdu("80E40000094F07A000000003101000", DeleteCommand.ForObject(App).ToApdu());
        SameApdu("80E40080094F07A000000003101000", DeleteCommand.ForObject(App, deleteRelated: true).ToApdu());
        SameApdu("80E4000006D00101D2013000", DeleteCommand.ForKey(1, 0x30).ToApdu());
        var withToken = DeleteCommand.ForObject(App, false, new byte[] { 0x42, 0x01, 0x01 }, new byte[] { 0xAA, 0xBB }) with { MoreCommands = true };
        Assert.Equal(withToken, DeleteCommand.Parse(withToken.ToApdu()));
        Assert.Equal(DeleteCommand.ForKey(null, 0x30), DeleteCommand.Parse(Cmd("80E4000003D2013000")));
        Assert.Throws<GpFormatException>(() => DeleteCommand.Parse(Cmd("80E40000034F010100")));
        Assert.Throws<GpFormatException>(() => DeleteCommand.Parse(Cmd("80E4000003D1010100")));
        var response = DeleteResponse.Parse(ResponseApdu.Parse("009000"));
        Assert.True(response.IsSuccess);
        Assert.True(response.Confirmation.IsEmpty);
        Assert.Equal(StatusWords.ReferencedDataNotFound, DeleteResponse.Parse(ResponseApdu.Parse("6A88")).StatusWord);
    }

    [Fact]
    public void Get_status_commands()
    {
        SameApdu("80F24002024F0000", new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains).ToApdu());
        SameApdu("80F28002024F0000", new GetStatusCommand(GetStatusScope.IssuerSecurityDomain).ToApdu());
        SameApdu("80F21003024F0000", new GetStatusCommand(GetStatusScope.ExecutableLoadFilesAndModules, Next: true).ToApdu());
        SameApdu("80F22000024F0000", new GetStatusCommand(GetStatusScope.ExecutableLoadFiles, GetStatusFormat.Legacy).ToApdu());
        var withTags = new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains, SearchAid: Hex.Parse("A000000151"), TagList: Hex.Parse("4F9F70C5"));
        SameApdu("80F240020D4F05A0000001515C044F9F70C500", withTags.ToApdu());
        Assert.Equal(withTags, GetStatusCommand.Parse(withTags.ToApdu()));
        Assert.Throws<GpFormatException>(() => GetStatusCommand.Parse(Cmd("80F24002025C0000")));
        Assert.Throws<GpFormatException>(() => GetStatusCommand.Parse(Cmd("80F20002024F0000")));
    }

    [Fact]
    public void Get_status_response_tlv_and_more_data()
    {
        var isd = new RegistryEntry(Isd, (byte)CardLifeCycle.Secured, Privileges.Parse(Hex.Parse("9EFE80")));
        var data = GetStatusResponse.EncodeTlv([isd]);
        Assert.Equal("E3124F07A00000015100009F70010FC5039EFE80", Hex.Format(data));
        var response = GetStatusResponse.Parse(new ResponseApdu(data, StatusWords.MoreData), new GetStatusCommand(GetStatusScope.IssuerSecurityDomain));
        Assert.True(response.HasMore);
        Assert.Equal(isd, Assert.Single(response.Entries));
        Assert.True(response.Entries[0].Privileges!.Value.Has(Privileges.SecurityDomain));
        Assert.Empty(GetStatusResponse.Parse(ResponseApdu.Parse("6A88"), new GetStatusCommand(GetStatusScope.IssuerSecurityDomain)).Entries);
    }

    [Fact]
    public void Get_status_legacy_with_modules()
    {
        var elf = new RegistryEntry(App, LifeCycle.Loaded, Privileges.None, ModuleAids: [Aid.Parse("A000000003101001"), Aid.Parse("A000000003101002")]);
        var data = GetStatusResponse.EncodeLegacy([elf], GetStatusScope.ExecutableLoadFilesAndModules);
        Assert.Equal("07A00000000310100100 02 08A000000003101001 08A000000003101002".Replace(" ", "", StringComparison.Ordinal), Hex.Format(data));
        var entries = GetStatusResponse.ParseLegacy(data, GetStatusScope.ExecutableLoadFilesAndModules);
        Assert.Equal(elf, Assert.Single(entries));
        var apps = GetStatusResponse.ParseLegacy(Hex.Parse("07A00000000310100700"), GetStatusScope.ApplicationsAndSecurityDomains);
        Assert.Equal(LifeCycle.Selectable, apps[0].LifeCycle);
    }

    [Fact]
    public void Set_status()
    {
        SameApdu("80F0408007A0000000031010", SetStatusCommand.Lock(App).ToApdu());
        SameApdu("80F0600007A0000000031010", SetStatusCommand.Unlock(App, withApplications: true).ToApdu());
        SameApdu("80F0807F", SetStatusCommand.ForCard(CardLifeCycle.CardLocked).ToApdu());
        Assert.Equal(SetStatusCommand.Lock(App), SetStatusCommand.Parse(Cmd("80F0408007A0000000031010")));
        Assert.Equal(SetStatusCommand.ForCard(CardLifeCycle.Terminated), SetStatusCommand.Parse(Cmd("80F080FF")));
        Assert.Throws<GpFormatException>(() => SetStatusCommand.Parse(Cmd("80F0208007A0000000031010")));
        Assert.Throws<GpFormatException>(() => SetStatusCommand.Parse(Cmd("80F04080")));
    }

    [Fact]
    public void Put_key_vector_c_key_data()
    {
        // docs/protocol.md "Card content management facts", PUT KEY: one key data field 80 10 <16> 03 <KCV>, sent three times with P2 = 81.
        var key = new KeyComponent(KeyComponent.Des, Hex.Parse("EFBEE6C6D99D7B70BDE9D7E927F020AF"), Hex.Parse("8BAF47"));
        var command = new PutKeyCommand(0x00, 0x01, 0x01, [key, key, key]);
        var apdu = command.ToApdu();
        Assert.Equal(0x81, apdu.P2);
        var field = "8010EFBEE6C6D99D7B70BDE9D7E927F020AF038BAF47";
        SameApdu("80D8008143 01" + field + field + field + "00", apdu);
        Assert.Equal(command, PutKeyCommand.Parse(apdu));
        var response = PutKeyResponse.Parse(new ResponseApdu(PutKeyResponse.Encode(command), StatusWords.Success), command);
        Assert.Equal("018BAF478BAF478BAF47", Hex.Format(PutKeyResponse.Encode(command)));
        Assert.True(response.Confirms(command));
        Assert.Throws<GpFormatException>(() => PutKeyResponse.Parse(ResponseApdu.Parse("018BAF479000"), command));
        Assert.Equal(StatusWords.InvalidKeyCheckValue, PutKeyResponse.Parse(ResponseApdu.Parse("9485"), command).StatusWord);
        var replace = new PutKeyCommand(0x30, 0x01, 0x31, [key], MoreCommands: true);
        Assert.Equal(0xB0, replace.ToApdu().P1);
        Assert.Equal(0x01, replace.ToApdu().P2);
        Assert.Equal(replace, PutKeyCommand.Parse(replace.ToApdu()));
    }

    [Fact]
    public void Store_data_and_dgis()
    {
        var dgi = new Dgi(0x0070, Hex.Parse("AABBCC"));
        var commands = StoreDataBuilder.ForDgis([dgi]);
        SameApdu("80E2880006007003AABBCC00", Assert.Single(commands).ToApdu());
        Assert.Equal(commands[0], StoreDataCommand.Parse(commands[0].ToApdu()));
        var big = new Dgi(0x8101, new byte[300]);
        Assert.Equal("8101FF012C", Hex.Format(big.ToArray().AsSpan(0, 5)));
        Assert.Equal([big], Dgi.ParseAll(big.ToArray()));
        var encrypted = new StoreDataCommand(5, false, new byte[] { 1 }, StoreDataStructure.BerTlv, StoreDataEncryption.Encrypted);
        Assert.Equal(0x70, encrypted.ToApdu().P1);
        Assert.Equal(encrypted, StoreDataCommand.Parse(encrypted.ToApdu()));
        Assert.Throws<GpFormatException>(() => StoreDataCommand.Parse(Cmd("80E2C000")));
        Assert.Throws<GpFormatException>(() => StoreDataCommand.Parse(Cmd("80E29800")));
        var tlvs = StoreDataBuilder.ForTlvs([BerTlv.Primitive(0x5F20, Hex.Parse("4142"))]);
        Assert.Equal(0x90, tlvs[0].ToApdu().P1);
    }

    [Fact]
    public void Get_data_commands()
    {
        SameApdu("80CA006600", GetDataCommand.CardData.ToApdu());
        SameApdu("80CA00E000", GetDataCommand.KeyInformation.ToApdu());
        SameApdu("80CA00C100", GetDataCommand.SequenceCounter.ToApdu());
        SameApdu("80CA9F7F00", GetDataCommand.Cplc.ToApdu());
        SameApdu("80CAFF2100", GetDataCommand.ExtendedCardResources.ToApdu());
        SameApdu("80CA004200", GetDataCommand.Iin.ToApdu());
        SameApdu("80CA004500", GetDataCommand.Cin.ToApdu());
        SameApdu("80CA2F00025C0000", GetDataCommand.ApplicationList.ToApdu());
        Assert.Equal(GetDataCommand.ApplicationList, GetDataCommand.Parse(GetDataCommand.ApplicationList.ToApdu()));
    }

    [Fact]
    public void Card_data_exposes_version_and_scp()
    {
        var data = Hex.Parse(
            "664C734A06072A864886FC6B01600C060A2A864886FC6B02020101630906072A864886FC6B03640B06092A864886FC6B040215"
            + "650B06092B8510864864020103660C060A2B060104012A026E0102");
        var card = CardData.Parse(data);
        Assert.Equal("2.1.1", card.GpVersion);
        Assert.Equal((byte)0x02, card.ScpId);
        Assert.Equal((byte)0x15, card.ScpI);
        Assert.Contains("1.2.840.114283.1", card.Oids);
        var encoded = CardData.Encode("2.2.1", 0x02, 0x55);
        var back = CardData.Parse(encoded);
        Assert.Equal(("2.2.1", (byte?)0x02, (byte?)0x55), (back.GpVersion, back.ScpId, back.ScpI));
    }

    [Fact]
    public void Key_information_basic_and_extended()
    {
        var keys = KeyInformation.Parse(Hex.Parse("E012C00401018010C00402018010C00403018010"));
        Assert.Equal(3, keys.Count);
        Assert.Equal(new KeyInformation(1, 1, [new KeyComponentInfo(0x80, 16)]), keys[0]);
        Assert.Equal(keys, KeyInformation.Parse(KeyInformation.Encode(keys)));
        var extended = new KeyInformation(1, 0x30, [new KeyComponentInfo(0xFF88, 16)], IsExtended: true, Usage: 0x14);
        Assert.Equal("C0090130FF8800100114" + "00", Hex.Format(KeyInformation.Encode([extended]).AsSpan(2)));
        Assert.Equal(extended, Assert.Single(KeyInformation.Parse(KeyInformation.Encode([extended]))));
        Assert.Throws<GpFormatException>(() => KeyInformation.Parse(Hex.Parse("E003C00101")));
    }

    [Fact]
    public void Sequence_counter_and_extended_resources()
    {
        Assert.Equal(0x002A, SequenceCounter.Parse(Hex.Parse("C102002A")));
        Assert.Equal(0x002A, SequenceCounter.Parse(Hex.Parse("002A")));
        Assert.Equal("C102002A", Hex.Format(SequenceCounter.Encode(0x2A)));
        var vector = Hex.Parse("FF211081020002820400016DB4830400000 86A".Replace(" ", "", StringComparison.Ordinal));
        var resources = ExtendedCardResources.Parse(vector);
        Assert.Equal(new ExtendedCardResources(2, 93620, 2154), resources);
        Assert.Equal(Hex.Format(vector), Hex.Format(resources.ToArray()));
    }

    [Fact]
    public void Cplc_42_bytes()
    {
        var cplc = new Cplc(0x4790, 0x5167, 0x4791, 0x8102, 0x3100, 0x1234, 0x01020304, 0x5555, 0x4700, 0x0101, 0x0001, 0x0202,
            0x0003, 0x0303, 0x0A0B0C0D, 0x0004, 0x0404, 0x11223344);
        var bytes = cplc.ToArray();
        Assert.Equal(42, bytes.Length);
        Assert.Equal("47905167479181023100123401020304", Hex.Format(bytes.AsSpan(0, 16)));
        Assert.Equal("11223344", Hex.Format(bytes.AsSpan(38)));
        Assert.Equal(cplc, Cplc.Parse(bytes));
        Assert.Equal(cplc, Cplc.Parse(cplc.ToTlv()));
        Assert.Equal("9F7F2A", Hex.Format(cplc.ToTlv().AsSpan(0, 3)));
        Assert.Throws<GpFormatException>(() => Cplc.Parse(bytes.AsSpan(1)));
    }
}
