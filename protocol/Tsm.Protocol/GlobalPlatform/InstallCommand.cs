using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>P2 of INSTALL (GP 2.2.1 §11.5.2.2): position in a combined load, install and make selectable process.</summary>
public enum InstallSequence : byte
{
    None = 0x00,
    Begin = 0x01,
    End = 0x03,
}

/// <summary>
/// INSTALL <c>80 E6 P1 P2 Lc data 00</c> (GP 2.2.1 §11.5). A closed hierarchy: one sealed record per role of
/// P1 (Table 11-41); <see cref="Parse"/> returns the matching variant. P1 b8 (<see cref="MoreCommands"/>)
/// marks a chained command. Parameters and tokens are kept as bytes so unknown tags round-trip; build
/// them with <see cref="LoadParameters"/> and <see cref="InstallParameters"/>.
/// </summary>
public abstract record InstallCommand
{
    public const byte Ins = 0xE6;
    public const byte P1MoreCommands = 0x80;
    public const byte P1ForRegistryUpdate = 0x40;
    public const byte P1ForPersonalization = 0x20;
    public const byte P1ForExtradition = 0x10;
    public const byte P1ForMakeSelectable = 0x08;
    public const byte P1ForInstall = 0x04;
    public const byte P1ForInstallAndMakeSelectable = 0x0C;
    public const byte P1ForLoad = 0x02;

    private protected InstallCommand()
    {
    }

    /// <summary>P1 b8: more INSTALL commands follow (the data is chained).</summary>
    public bool MoreCommands { get; init; }

    public InstallSequence Sequence { get; init; } = InstallSequence.None;

    /// <summary>P1 without the b8 chaining bit.</summary>
    public abstract byte Role { get; }

    private protected abstract void WriteData(List<byte> data);

    public CommandApdu ToApdu()
    {
        var data = new List<byte>();
        WriteData(data);
        return new CommandApdu(
            GpEncoding.ProprietaryCla, Ins, (byte)(Role | (MoreCommands ? P1MoreCommands : 0)), (byte)Sequence, data.ToArray(), ne: CommandApdu.MaxShortNe);
    }

    public static InstallForLoad ForLoad(Aid loadFileAid, Aid? securityDomainAid = null, ByteString hash = default, ByteString loadParameters = default, ByteString token = default) =>
        new(loadFileAid, securityDomainAid, hash, loadParameters, token);

    public static InstallForInstall ForInstall(Aid executableLoadFileAid, Aid moduleAid, Aid applicationAid, Privileges privileges, ByteString installParameters, ByteString token = default, bool makeSelectable = true) =>
        new(executableLoadFileAid, moduleAid, applicationAid, privileges, installParameters, token, makeSelectable);

    public static InstallForMakeSelectable ForMakeSelectable(Aid applicationAid, Privileges privileges, ByteString parameters = default, ByteString token = default) =>
        new(applicationAid, privileges, parameters, token);

    public static InstallForExtradition ForExtradition(Aid securityDomainAid, Aid applicationAid, ByteString parameters = default, ByteString token = default) =>
        new(securityDomainAid, applicationAid, parameters, token);

    public static InstallForPersonalization ForPersonalization(Aid applicationAid) => new(applicationAid);

    public static InstallForRegistryUpdate ForRegistryUpdate(Aid? securityDomainAid, Aid? applicationAid, Privileges? privileges = null, ByteString parameters = default, ByteString token = default) =>
        new(securityDomainAid, applicationAid, privileges, parameters, token);

    /// <summary>Decodes an INSTALL command into its variant.</summary>
    /// <exception cref="GpFormatException">Wrong header, unsupported P1/P2 or malformed data.</exception>
    public static InstallCommand Parse(CommandApdu apdu)
    {
        GpEncoding.CheckHeader(apdu, Ins, "INSTALL");
        return GpFormatException.Guard("INSTALL command", apdu.Data.Span, data => ParseData(apdu.P1, apdu.P2, data));
    }

    private static InstallCommand ParseData(byte p1, byte p2, ReadOnlySpan<byte> data)
    {
        if (p2 is not ((byte)InstallSequence.None or (byte)InstallSequence.Begin or (byte)InstallSequence.End))
            throw new GpFormatException($"INSTALL P2 {p2:X2} is not 00, 01 or 03.");
        var more = (p1 & P1MoreCommands) != 0;
        var role = (byte)(p1 & ~P1MoreCommands);
        InstallCommand command = role switch
        {
            P1ForLoad => ParseForLoad(data),
            P1ForInstall or P1ForInstallAndMakeSelectable => ParseForInstall(data, role == P1ForInstallAndMakeSelectable),
            P1ForMakeSelectable => ParseForMakeSelectable(data),
            P1ForExtradition => ParseForExtradition(data),
            P1ForPersonalization => ParseForPersonalization(data),
            P1ForRegistryUpdate => ParseForRegistryUpdate(data),
            _ => throw new GpFormatException($"INSTALL P1 {p1:X2} is not a supported role."),
        };
        return command with { MoreCommands = more, Sequence = (InstallSequence)p2 };
    }

    // §11.5.2.3.1, Table 11-42
    private static InstallForLoad ParseForLoad(ReadOnlySpan<byte> data)
    {
        var r = new GpReader(data, "INSTALL [for load] data");
        var elf = r.ReadAid();
        var sd = r.ReadOptionalAid();
        var hash = new ByteString(r.ReadLv());
        var parameters = new ByteString(r.ReadBerLv());
        var token = new ByteString(r.ReadBerLv());
        r.ExpectEnd();
        return new InstallForLoad(elf, sd, hash, parameters, token);
    }

    // §11.5.2.3.2, Table 11-43
    private static InstallForInstall ParseForInstall(ReadOnlySpan<byte> data, bool makeSelectable)
    {
        var r = new GpReader(data, "INSTALL [for install] data");
        var elf = r.ReadAid();
        var module = r.ReadAid();
        var app = r.ReadAid();
        var privileges = ReadPrivileges(ref r, allowEmpty: false);
        var parameters = new ByteString(r.ReadBerLv());
        var token = new ByteString(r.ReadBerLv());
        r.ExpectEnd();
        return new InstallForInstall(elf, module, app, privileges, parameters, token, makeSelectable);
    }

    // §11.5.2.3.3, Table 11-44
    private static InstallForMakeSelectable ParseForMakeSelectable(ReadOnlySpan<byte> data)
    {
        var r = new GpReader(data, "INSTALL [for make selectable] data");
        ExpectEmpty(ref r, 2);
        var app = r.ReadAid();
        var privileges = ReadPrivileges(ref r, allowEmpty: false);
        var parameters = new ByteString(r.ReadBerLv());
        var token = new ByteString(r.ReadBerLv());
        r.ExpectEnd();
        return new InstallForMakeSelectable(app, privileges, parameters, token);
    }

    // §11.5.2.3.4, Table 11-45
    private static InstallForExtradition ParseForExtradition(ReadOnlySpan<byte> data)
    {
        var r = new GpReader(data, "INSTALL [for extradition] data");
        var sd = r.ReadAid();
        ExpectEmpty(ref r, 1);
        var app = r.ReadAid();
        ExpectEmpty(ref r, 1);
        var parameters = new ByteString(r.ReadBerLv());
        var token = new ByteString(r.ReadBerLv());
        r.ExpectEnd();
        return new InstallForExtradition(sd, app, parameters, token);
    }

    // §11.5.2.3.6, Table 11-47
    private static InstallForPersonalization ParseForPersonalization(ReadOnlySpan<byte> data)
    {
        var r = new GpReader(data, "INSTALL [for personalization] data");
        ExpectEmpty(ref r, 2);
        var app = r.ReadAid();
        ExpectEmpty(ref r, 3);
        r.ExpectEnd();
        return new InstallForPersonalization(app);
    }

    // §11.5.2.3.5, Table 11-46
    private static InstallForRegistryUpdate ParseForRegistryUpdate(ReadOnlySpan<byte> data)
    {
        var r = new GpReader(data, "INSTALL [for registry update] data");
        var sd = r.ReadOptionalAid();
        ExpectEmpty(ref r, 1);
        var app = r.ReadOptionalAid();
        var privilegeBytes = r.ReadLv();
        Privileges? privileges = privilegeBytes.IsEmpty ? null : Privileges.Parse(privilegeBytes);
        var parameters = new ByteString(r.ReadBerLv());
        var token = new ByteString(r.ReadBerLv());
        r.ExpectEnd();
        return new InstallForRegistryUpdate(sd, app, privileges, parameters, token);
    }

    private static Privileges ReadPrivileges(ref GpReader r, bool allowEmpty)
    {
        var bytes = r.ReadLv();
        if (bytes.IsEmpty && !allowEmpty)
            throw r.Error("has empty privileges");
        return Privileges.Parse(bytes);
    }

    private static void ExpectEmpty(ref GpReader r, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (r.ReadByte() != 0)
                throw r.Error("has a non-empty field where GP requires length 00");
        }
    }

    /// <summary>Privileges use the one-byte form when bytes 2 and 3 are zero, which GP 2.1.1 cards also accept.</summary>
    private protected static void WritePrivileges(List<byte> data, Privileges privileges) =>
        GpEncoding.WriteLv(data, privileges.ToArray(compact: true));
}

/// <summary>INSTALL [for load] (GP 2.2.1 §11.5.2.3.1): load file AID, SD AID (may be empty), hash, load parameters, token.</summary>
public sealed record InstallForLoad(Aid LoadFileAid, Aid? SecurityDomainAid, ByteString Hash, ByteString LoadParameters, ByteString Token) : InstallCommand
{
    public Aid LoadFileAid { get; init; } = LoadFileAid ?? throw new ArgumentNullException(nameof(LoadFileAid));

    public ByteString Hash { get; init; } = Hash.Length <= 0x7F ? Hash : throw new ArgumentOutOfRangeException(nameof(Hash), "A load file hash has at most 127 bytes.");

    public override byte Role => P1ForLoad;

    private protected override void WriteData(List<byte> data)
    {
        GpEncoding.WriteAid(data, LoadFileAid);
        GpEncoding.WriteAid(data, SecurityDomainAid);
        GpEncoding.WriteLv(data, Hash.Span);
        GpEncoding.WriteBerLv(data, LoadParameters.Span);
        GpEncoding.WriteBerLv(data, Token.Span);
    }
}

/// <summary>
/// INSTALL [for install] (GP 2.2.1 §11.5.2.3.2), P1 <c>04</c>, or <c>0C</c> with <see cref="MakeSelectable"/>:
/// ELF AID, module AID, application AID, privileges, install parameters (at least <c>C9 00</c>), token.
/// </summary>
public sealed record InstallForInstall(
    Aid ExecutableLoadFileAid, Aid ModuleAid, Aid ApplicationAid, Privileges Privileges, ByteString InstallParameters, ByteString Token, bool MakeSelectable) : InstallCommand
{
    public Aid ExecutableLoadFileAid { get; init; } = ExecutableLoadFileAid ?? throw new ArgumentNullException(nameof(ExecutableLoadFileAid));

    public Aid ModuleAid { get; init; } = ModuleAid ?? throw new ArgumentNullException(nameof(ModuleAid));

    public Aid ApplicationAid { get; init; } = ApplicationAid ?? throw new ArgumentNullException(nameof(ApplicationAid));

    public override byte Role => MakeSelectable ? P1ForInstallAndMakeSelectable : P1ForInstall;

    private protected override void WriteData(List<byte> data)
    {
        GpEncoding.WriteAid(data, ExecutableLoadFileAid);
        GpEncoding.WriteAid(data, ModuleAid);
        GpEncoding.WriteAid(data, ApplicationAid);
        WritePrivileges(data, Privileges);
        GpEncoding.WriteBerLv(data, InstallParameters.Span);
        GpEncoding.WriteBerLv(data, Token.Span);
    }
}

/// <summary>INSTALL [for make selectable] (GP 2.2.1 §11.5.2.3.3): <c>00 00</c>, application AID, privileges, parameters, token.</summary>
public sealed record InstallForMakeSelectable(Aid ApplicationAid, Privileges Privileges, ByteString Parameters, ByteString Token) : InstallCommand
{
    public Aid ApplicationAid { get; init; } = ApplicationAid ?? throw new ArgumentNullException(nameof(ApplicationAid));

    public override byte Role => P1ForMakeSelectable;

    private protected override void WriteData(List<byte> data)
    {
        data.AddRange([0x00, 0x00]);
        GpEncoding.WriteAid(data, ApplicationAid);
        WritePrivileges(data, Privileges);
        GpEncoding.WriteBerLv(data, Parameters.Span);
        GpEncoding.WriteBerLv(data, Token.Span);
    }
}

/// <summary>INSTALL [for extradition] (GP 2.2.1 §11.5.2.3.4): SD AID, <c>00</c>, application or ELF AID, <c>00</c>, parameters, token.</summary>
public sealed record InstallForExtradition(Aid SecurityDomainAid, Aid ApplicationAid, ByteString Parameters, ByteString Token) : InstallCommand
{
    public Aid SecurityDomainAid { get; init; } = SecurityDomainAid ?? throw new ArgumentNullException(nameof(SecurityDomainAid));

    public Aid ApplicationAid { get; init; } = ApplicationAid ?? throw new ArgumentNullException(nameof(ApplicationAid));

    public override byte Role => P1ForExtradition;

    private protected override void WriteData(List<byte> data)
    {
        GpEncoding.WriteAid(data, SecurityDomainAid);
        data.Add(0x00);
        GpEncoding.WriteAid(data, ApplicationAid);
        data.Add(0x00);
        GpEncoding.WriteBerLv(data, Parameters.Span);
        GpEncoding.WriteBerLv(data, Token.Span);
    }
}

/// <summary>INSTALL [for personalization] (GP 2.2.1 §11.5.2.3.6): <c>00 00</c> LV(application AID) <c>00 00 00</c>; STORE DATA follows.</summary>
public sealed record InstallForPersonalization(Aid ApplicationAid) : InstallCommand
{
    public Aid ApplicationAid { get; init; } = ApplicationAid ?? throw new ArgumentNullException(nameof(ApplicationAid));

    public override byte Role => P1ForPersonalization;

    private protected override void WriteData(List<byte> data)
    {
        data.AddRange([0x00, 0x00]);
        GpEncoding.WriteAid(data, ApplicationAid);
        data.AddRange([0x00, 0x00, 0x00]);
    }
}

/// <summary>
/// INSTALL [for registry update] (GP 2.2.1 §11.5.2.3.5): SD AID (may be empty), <c>00</c>, application AID (may be
/// empty), privileges (absent = length 00), parameters (may hold <c>D9</c> restrict bits), token.
/// </summary>
public sealed record InstallForRegistryUpdate(Aid? SecurityDomainAid, Aid? ApplicationAid, Privileges? Privileges, ByteString Parameters, ByteString Token) : InstallCommand
{
    public override byte Role => P1ForRegistryUpdate;

    private protected override void WriteData(List<byte> data)
    {
        GpEncoding.WriteAid(data, SecurityDomainAid);
        data.Add(0x00);
        GpEncoding.WriteAid(data, ApplicationAid);
        if (Privileges is { } privileges)
            WritePrivileges(data, privileges);
        else
            data.Add(0x00);
        GpEncoding.WriteBerLv(data, Parameters.Span);
        GpEncoding.WriteBerLv(data, Token.Span);
    }
}

/// <summary>
/// The INSTALL response (GP 2.2.1 §11.5.3): one length byte (or <c>81 xx</c>) and an optional confirmation under
/// delegated management; the SW is returned as status, not thrown.
/// </summary>
public sealed record InstallResponse(StatusWord StatusWord, ByteString Confirmation)
{
    public bool IsSuccess => StatusWord == StatusWords.Success;

    /// <exception cref="GpFormatException">Success with malformed data.</exception>
    public static InstallResponse Parse(ResponseApdu response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new InstallResponse(response.StatusWord, ConfirmationParser.Parse(response, "INSTALL response"));
    }
}

/// <summary>The "length + confirmation" response data of INSTALL, LOAD and DELETE (GP 2.2.1 §11.1.6).</summary>
internal static class ConfirmationParser
{
    public static ByteString Parse(ResponseApdu response, string what)
    {
        if (response.StatusWord != StatusWords.Success || response.Data.IsEmpty)
            return default;
        var r = new GpReader(response.Data.Span, what);
        var confirmation = new ByteString(r.ReadBerLv());
        r.ExpectEnd();
        return confirmation;
    }
}
