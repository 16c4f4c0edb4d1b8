using CsCheck;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Protocol.Tests.GlobalPlatform;

/// <summary>Round trips through the wire encoding for generated commands and card-side structures.</summary>
public sealed class PropertyTests
{
    internal static readonly Gen<Aid> AidGen = Gen.Byte.Array[Aid.MinLength, Aid.MaxLength].Select(b => Aid.FromBytes(b));
    internal static readonly Gen<Aid?> OptionalAidGen = Gen.Select(Gen.Bool, AidGen, (present, aid) => present ? aid : null);
    internal static readonly Gen<Privileges> PrivilegesGen = Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte, (a, b, c) => new Privileges(a, b, c));

    internal static Gen<ByteString> BytesGen(int max) => Gen.Byte.Array[0, max].Select(b => (ByteString)b);

    internal static readonly Gen<InstallCommand> InstallGen = Gen.OneOf(
        Gen.Select(AidGen, OptionalAidGen, BytesGen(40), BytesGen(150), BytesGen(150), (a, sd, h, p, t) => (InstallCommand)InstallCommand.ForLoad(a, sd, h, p, t)),
        Gen.Select(AidGen, AidGen, AidGen, PrivilegesGen, BytesGen(150), BytesGen(20), Gen.Bool, (e, m, a, p, ip, t, s) => (InstallCommand)InstallCommand.ForInstall(e, m, a, p, ip, t, s)),
        Gen.Select(AidGen, PrivilegesGen, BytesGen(30), BytesGen(30), (a, p, ip, t) => (InstallCommand)InstallCommand.ForMakeSelectable(a, p, ip, t)),
        Gen.Select(AidGen, AidGen, BytesGen(30), BytesGen(30), (sd, a, ip, t) => (InstallCommand)InstallCommand.ForExtradition(sd, a, ip, t)),
        AidGen.Select(a => (InstallCommand)InstallCommand.ForPersonalization(a)),
        Gen.Select(OptionalAidGen, OptionalAidGen, Gen.Bool, PrivilegesGen, BytesGen(30), BytesGen(30),
            (sd, a, hasPrivileges, p, ip, t) => (InstallCommand)InstallCommand.ForRegistryUpdate(sd, a, hasPrivileges ? p : null, ip, t)))
        .Select(Gen.Bool, Gen.OneOf(InstallSequence.None, InstallSequence.Begin, InstallSequence.End),
            (c, more, seq) => c with { MoreCommands = more, Sequence = seq });

    internal static readonly Gen<RegistryEntry> EntryGen = Gen.Select(
        AidGen, Gen.Byte, Gen.Bool, PrivilegesGen, Gen.Byte.Array[0, 3], OptionalAidGen, BytesGen(4), AidGen.Array[0, 3])
        .Select(OptionalAidGen, (t, sd) => new RegistryEntry(
            t.Item1, t.Item2, t.Item3 ? t.Item4 : null, new ValueList<byte>(t.Item5), t.Item6, t.Item7, new ValueList<Aid>(t.Item8), sd));

    [Fact]
    public void Install_round_trips_through_the_wire() =>
        InstallGen.Sample(command =>
        {
            var wire = CommandApdu.Parse(command.ToApdu().ToArray());
            var parsed = InstallCommand.Parse(wire);
            // Privileges whose bytes 2 and 3 are zero go out in one byte and come back equal.
            Assert.Equal(command, parsed);
            Assert.Equal(command.ToApdu(), parsed.ToApdu());
        });

    [Fact]
    public void Registry_entries_round_trip_in_tlv_format() =>
        EntryGen.Array[0, 5].Sample(entries =>
        {
            var data = GetStatusResponse.EncodeTlv(entries);
            Assert.Equal(entries, GetStatusResponse.ParseTlv(data));
        });

    [Fact]
    public void Registry_entries_round_trip_in_legacy_format() =>
        Gen.Select(AidGen, Gen.Byte, Gen.Byte, AidGen.Array[0, 4]).Array[0, 5].Sample(raw =>
        {
            var entries = raw.Select(r => new RegistryEntry(r.Item1, r.Item2, new Privileges(r.Item3, 0, 0), ModuleAids: new ValueList<Aid>(r.Item4))).ToArray();
            var data = GetStatusResponse.EncodeLegacy(entries, GetStatusScope.ExecutableLoadFilesAndModules);
            Assert.Equal(entries, GetStatusResponse.ParseLegacy(data, GetStatusScope.ExecutableLoadFilesAndModules));
        });

    [Fact]
    public void Store_data_split_and_reassemble() =>
        Gen.Select(Gen.Select(Gen.UShort, Gen.Byte.Array[0, 300]).Array[1, 5], Gen.Int[16, 255]).Sample(t =>
        {
            var dgis = t.Item1.Select(d => new Dgi(d.Item1, d.Item2)).ToArray();
            var commands = StoreDataBuilder.ForDgis(dgis, t.Item2);
            Assert.All(commands, c => Assert.InRange(c.Data.Length, 1, t.Item2));
            Assert.All(commands, c => Assert.Equal(c, StoreDataCommand.Parse(CommandApdu.Parse(c.ToApdu().ToArray()))));
            Assert.True(commands[^1].IsLastBlock);
            Assert.Equal(dgis, Dgi.ParseAll(StoreDataBuilder.Reassemble(commands)));
            // Whole DGIs that fit are never split: a block that ends mid-DGI is full.
            Assert.All(commands.SkipLast(1), c => Assert.True(c.Data.Length <= t.Item2));
        });

    [Fact]
    public void Load_file_split_and_reassemble() =>
        Gen.Select(Gen.Byte.Array[1, 2000], Gen.Select(AidGen, Gen.Byte.Array[0, 128]).Array[0, 2], Gen.Int[16, 255], Gen.Bool).Sample(t =>
        {
            var daps = t.Item2.Select(d => new DapBlock(d.Item1, d.Item2)).ToArray();
            var commands = LoadFileBuilder.BuildCommands(t.Item1, daps, t.Item3, t.Item4);
            Assert.All(commands, c => Assert.Equal(c, LoadCommand.Parse(CommandApdu.Parse(c.ToApdu().ToArray()))));
            Assert.Equal(new LoadFile(new ValueList<DapBlock>(daps), t.Item1, t.Item4), LoadFileParser.Parse(commands));
        });

    [Fact]
    public void Other_commands_round_trip() =>
        Gen.Select(AidGen, Gen.Bool, Gen.Byte[0, 0x7F], Gen.Byte[1, 0x7F], BytesGen(20), Gen.Byte.Array[1, 40].Array[1, 3]).Sample(t =>
        {
            var (aid, flag, kvn, newKvn, bytes, keyValues) = t;
            var keys = new ValueList<KeyComponent>(keyValues.Select(v => new KeyComponent(KeyComponent.Aes, v, bytes)));
            object[] commands =
            [
                new SelectCommand(flag ? aid : null, flag),
                DeleteCommand.ForObject(aid, flag, bytes, bytes),
                DeleteCommand.ForKey(flag ? kvn : null, newKvn),
                new GetStatusCommand(GetStatusScope.ExecutableLoadFiles, flag ? GetStatusFormat.Tlv : GetStatusFormat.Legacy, flag, aid.ToArray(), bytes),
                new SetStatusCommand(SetStatusScope.SecurityDomainAndApplications, kvn, aid),
                new PutKeyCommand(kvn, kvn, newKvn, keys, flag),
                new GetDataCommand((ushort)(kvn * 300), bytes),
            ];
            foreach (var command in commands)
                Assert.Equal(command, Reparse(command));
        });

    private static object Reparse(object command)
    {
        switch (command)
        {
            case SelectCommand c: return SelectCommand.Parse(Wire(c.ToApdu()));
            case DeleteCommand c: return DeleteCommand.Parse(Wire(c.ToApdu()));
            case GetStatusCommand c: return GetStatusCommand.Parse(Wire(c.ToApdu()));
            case SetStatusCommand c: return SetStatusCommand.Parse(Wire(c.ToApdu()));
            case PutKeyCommand c: return PutKeyCommand.Parse(Wire(c.ToApdu()));
            case GetDataCommand c: return GetDataCommand.Parse(Wire(c.ToApdu()));
            default: throw new InvalidOperationException();
        }
    }

    private static CommandApdu Wire(CommandApdu apdu) => CommandApdu.Parse(apdu.ToArray());

    [Fact]
    public void Data_objects_round_trip() =>
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Long[0, uint.MaxValue], Gen.Long[0, uint.MaxValue], Gen.UInt, Gen.UShort).Sample(t =>
        {
            var (apps, nvm, ram, serial, counter) = t;
            var resources = new ExtendedCardResources(apps & 0xFFFF, nvm, ram);
            Assert.Equal(resources, ExtendedCardResources.Parse(resources.ToArray()));
            Assert.Equal(counter, SequenceCounter.Parse(SequenceCounter.Encode(counter)));
            var cplc = new Cplc(counter, 1, 2, 3, 4, 5, serial, 6, 7, 8, 9, 10, 11, 12, serial, 13, 14, serial);
            Assert.Equal(cplc, Cplc.Parse(cplc.ToTlv()));
            var memory = new LoadParameters(apps, apps / 2, null);
            Assert.Equal(memory, LoadParameters.Parse(memory.ToArray()));
        });
}
