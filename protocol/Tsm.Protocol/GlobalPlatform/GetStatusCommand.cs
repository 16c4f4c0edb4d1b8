using Tsm.Protocol.Apdu;
using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>P1 of GET STATUS (GP 2.2.1 §11.4.2.1, Table 11-32).</summary>
public enum GetStatusScope : byte
{
    IssuerSecurityDomain = 0x80,
    ApplicationsAndSecurityDomains = 0x40,
    ExecutableLoadFiles = 0x20,
    ExecutableLoadFilesAndModules = 0x10,
}

/// <summary>P2 b2 of GET STATUS (Table 11-33): the response layout.</summary>
public enum GetStatusFormat : byte
{
    /// <summary>Deprecated LV layout of Tables 11-35 and 11-37.</summary>
    Legacy = 0x00,

    /// <summary>E3 templates of Table 11-36.</summary>
    Tlv = 0x02,
}

/// <summary>
/// GET STATUS <c>80 F2 P1 P2 Lc 4F len aid [5C taglist] 00</c> (GP 2.2.1 §11.4). P2 = format (b2) | next
/// occurrence (b1): <c>02</c> first TLV, <c>03</c> next TLV, <c>00</c>/<c>01</c> legacy. An empty
/// <see cref="SearchAid"/> (<c>4F 00</c>) matches everything; a RID matches all AIDs with it (§11.4.2.3).
/// </summary>
public sealed record GetStatusCommand(
    GetStatusScope Scope,
    GetStatusFormat Format = GetStatusFormat.Tlv,
    bool Next = false,
    ByteString SearchAid = default,
    ByteString TagList = default)
{
    public const byte Ins = 0xF2;
    public const byte P2NextOccurrence = 0x01;
    public const uint AidTag = 0x4F;
    public const uint TagListTag = 0x5C;

    public GetStatusScope Scope { get; init; } = Enum.IsDefined(Scope) ? Scope : throw new ArgumentOutOfRangeException(nameof(Scope));

    public GetStatusFormat Format { get; init; } = Enum.IsDefined(Format) ? Format : throw new ArgumentOutOfRangeException(nameof(Format));

    public ByteString SearchAid { get; init; } = SearchAid.Length <= Aid.MaxLength ? SearchAid : throw new ArgumentOutOfRangeException(nameof(SearchAid), "The search AID has at most 16 bytes.");

    /// <summary>The command that fetches the next part after a <c>6310</c> response.</summary>
    public GetStatusCommand NextPart() => this with { Next = true };

    public CommandApdu ToApdu()
    {
        var data = new List<byte>();
        GpEncoding.WriteTlv(data, AidTag, SearchAid.Span);
        if (!TagList.IsEmpty)
            GpEncoding.WriteTlv(data, TagListTag, TagList.Span);
        var p2 = (byte)((byte)Format | (Next ? P2NextOccurrence : 0));
        return new CommandApdu(GpEncoding.ProprietaryCla, Ins, (byte)Scope, p2, data.ToArray(), ne: CommandApdu.MaxShortNe);
    }

    /// <exception cref="GpFormatException">Wrong header, unknown P1/P2, or search criteria without a leading 4F.</exception>
    public static GetStatusCommand Parse(CommandApdu apdu)
    {
        GpEncoding.CheckHeader(apdu, Ins, "GET STATUS");
        var scope = (GetStatusScope)apdu.P1;
        if (!Enum.IsDefined(scope))
            throw new GpFormatException($"GET STATUS P1 {apdu.P1:X2} is not 80, 40, 20 or 10.");
        if ((apdu.P2 & ~0x03) != 0)
            throw new GpFormatException($"GET STATUS P2 {apdu.P2:X2} sets RFU bits.");
        return GpFormatException.Guard("GET STATUS command", apdu.Data.Span, data =>
        {
            var reader = new BerTlvReader(data);
            if (!reader.TryRead(out var first, out var aid) || first.Tag.Value != AidTag)
                throw new GpFormatException("GET STATUS search criteria must start with 4F.");
            if (aid.Length > Aid.MaxLength)
                throw new GpFormatException($"GET STATUS search AID has {aid.Length} bytes.");
            ByteString tagList = default;
            // Other search criteria are ignored, as §11.4.2.3 asks of cards that do not support them.
            while (reader.TryRead(out var header, out var value))
            {
                if (header.Tag.Value == TagListTag)
                    tagList = new ByteString(value);
            }
            return new GetStatusCommand(
                scope, (GetStatusFormat)(apdu.P2 & 0x02), (apdu.P2 & P2NextOccurrence) != 0, new ByteString(aid), tagList);
        });
    }
}

/// <summary>
/// One GlobalPlatform registry entry as returned by GET STATUS (GP 2.2.1 §11.4.3.1, Table 11-36): <c>E3</c> {
/// <c>4F</c> AID, <c>9F70</c> life cycle, <c>C5</c> privileges, <c>CF</c> implicit selection (repeated), <c>C4</c>
/// ELF AID, <c>CE</c> ELF version, <c>84</c> module AIDs (repeated), <c>CC</c> associated SD AID }.
/// </summary>
public sealed record RegistryEntry(
    Aid Aid,
    byte LifeCycle,
    Privileges? Privileges = null,
    ValueList<byte>? ImplicitSelection = null,
    Aid? ExecutableLoadFileAid = null,
    ByteString Version = default,
    ValueList<Aid>? ModuleAids = null,
    Aid? AssociatedSecurityDomainAid = null)
{
    public const uint Tag = 0xE3;
    public const uint AidTag = 0x4F;
    public const uint LifeCycleTag = 0x9F70;
    public const uint PrivilegesTag = 0xC5;
    public const uint ImplicitSelectionTag = 0xCF;
    public const uint ElfAidTag = 0xC4;
    public const uint VersionTag = 0xCE;
    public const uint ModuleAidTag = 0x84;
    public const uint AssociatedSdTag = 0xCC;

    public Aid Aid { get; init; } = Aid ?? throw new ArgumentNullException(nameof(Aid));

    public ValueList<byte> ImplicitSelection { get; init; } = ImplicitSelection ?? ValueList<byte>.Empty;

    public ValueList<Aid> ModuleAids { get; init; } = ModuleAids ?? ValueList<Aid>.Empty;

    /// <summary>Encodes the <c>E3</c> template (card side), elements in the order of Table 11-36.</summary>
    public byte[] ToArray()
    {
        var inner = new List<byte>();
        GpEncoding.WriteTlv(inner, AidTag, Aid.Span);
        GpEncoding.WriteTlv(inner, LifeCycleTag, [LifeCycle]);
        if (Privileges is { } privileges)
            GpEncoding.WriteTlv(inner, PrivilegesTag, privileges.ToArray());
        foreach (var selection in ImplicitSelection)
            GpEncoding.WriteTlv(inner, ImplicitSelectionTag, [selection]);
        if (ExecutableLoadFileAid is not null)
            GpEncoding.WriteTlv(inner, ElfAidTag, ExecutableLoadFileAid.Span);
        if (!Version.IsEmpty)
            GpEncoding.WriteTlv(inner, VersionTag, Version.Span);
        foreach (var module in ModuleAids)
            GpEncoding.WriteTlv(inner, ModuleAidTag, module.Span);
        if (AssociatedSecurityDomainAid is not null)
            GpEncoding.WriteTlv(inner, AssociatedSdTag, AssociatedSecurityDomainAid.Span);
        var result = new List<byte>();
        GpEncoding.WriteTlv(result, Tag, inner.ToArray());
        return [.. result];
    }

    /// <summary>Decodes the value of one <c>E3</c> template. Unknown tags are skipped (tag lists may add others).</summary>
    internal static RegistryEntry ParseTemplate(ReadOnlySpan<byte> value)
    {
        Aid? aid = null, elf = null, sd = null;
        byte? lifeCycle = null;
        Privileges? privileges = null;
        var selections = new List<byte>();
        var modules = new List<Aid>();
        ByteString version = default;
        var reader = new BerTlvReader(value);
        while (reader.TryRead(out var header, out var v))
        {
            switch (header.Tag.Value)
            {
                case AidTag:
                    aid = ToAid(v, "4F");
                    break;
                case LifeCycleTag:
                    lifeCycle = v.Length == 1 ? v[0] : throw new GpFormatException($"9F70 has {v.Length} bytes.");
                    break;
                case PrivilegesTag:
                    privileges = GlobalPlatform.Privileges.Parse(v);
                    break;
                case ImplicitSelectionTag:
                    selections.Add(v.Length == 1 ? v[0] : throw new GpFormatException($"CF has {v.Length} bytes."));
                    break;
                case ElfAidTag:
                    elf = ToAid(v, "C4");
                    break;
                case VersionTag:
                    version = new ByteString(v);
                    break;
                case ModuleAidTag:
                    modules.Add(ToAid(v, "84"));
                    break;
                case AssociatedSdTag:
                    sd = ToAid(v, "CC");
                    break;
                default:
                    break;
            }
        }
        if (aid is null || lifeCycle is null)
            throw new GpFormatException("A registry entry needs 4F and 9F70.");
        return new RegistryEntry(aid, lifeCycle.Value, privileges, new ValueList<byte>(selections), elf, version, new ValueList<Aid>(modules), sd);
    }

    internal static Aid ToAid(ReadOnlySpan<byte> value, string tag) =>
        value.Length is >= Apdu.Aid.MinLength and <= Apdu.Aid.MaxLength
            ? Apdu.Aid.FromBytes(value)
            : throw new GpFormatException($"AID in {tag} has {value.Length} bytes.");
}

/// <summary>
/// The GET STATUS response (GP 2.2.1 §11.4.3): registry entries, with <see cref="HasMore"/> when the card answered
/// <c>6310</c> (send <see cref="GetStatusCommand.NextPart"/>). Other SWs (<c>6A88</c> nothing found, …) give no
/// entries and are returned as status.
/// </summary>
public sealed record GetStatusResponse(StatusWord StatusWord, ValueList<RegistryEntry> Entries)
{
    public bool HasMore => StatusWord == StatusWords.MoreData;

    public bool IsSuccess => StatusWord == StatusWords.Success || HasMore;

    /// <summary>Decodes a response to <paramref name="command"/> (its format and scope choose the layout).</summary>
    /// <exception cref="GpFormatException">Malformed data with a success or 6310 status.</exception>
    public static GetStatusResponse Parse(ResponseApdu response, GetStatusCommand command)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(command);
        var sw = response.StatusWord;
        if (sw != StatusWords.Success && sw != StatusWords.MoreData)
            return new GetStatusResponse(sw, ValueList<RegistryEntry>.Empty);
        var entries = command.Format == GetStatusFormat.Tlv
            ? ParseTlv(response.Data.Span)
            : ParseLegacy(response.Data.Span, command.Scope);
        return new GetStatusResponse(sw, entries);
    }

    /// <summary>Decodes concatenated <c>E3</c> templates.</summary>
    /// <exception cref="GpFormatException">Malformed data.</exception>
    public static ValueList<RegistryEntry> ParseTlv(ReadOnlySpan<byte> data) =>
        GpFormatException.Guard("GET STATUS response", data, static d =>
        {
            var entries = new List<RegistryEntry>();
            var reader = new BerTlvReader(d);
            while (reader.TryRead(out var header, out var value))
            {
                if (header.Tag.Value != RegistryEntry.Tag)
                    throw new GpFormatException($"GET STATUS response holds tag {header.Tag}, expected E3.");
                entries.Add(RegistryEntry.ParseTemplate(value));
            }
            return new ValueList<RegistryEntry>(entries);
        });

    /// <summary>
    /// Decodes the deprecated layout (Tables 11-35 and 11-37): AID LV, life cycle, privileges byte 1, and for
    /// <see cref="GetStatusScope.ExecutableLoadFilesAndModules"/> a module count and module AID LVs.
    /// </summary>
    /// <exception cref="GpFormatException">Malformed data.</exception>
    public static ValueList<RegistryEntry> ParseLegacy(ReadOnlySpan<byte> data, GetStatusScope scope)
    {
        var withModules = scope == GetStatusScope.ExecutableLoadFilesAndModules;
        return GpFormatException.Guard("legacy GET STATUS response", data, d =>
        {
            var entries = new List<RegistryEntry>();
            var r = new GpReader(d, "Legacy GET STATUS response");
            while (!r.IsAtEnd)
            {
                var aid = r.ReadAid();
                var lifeCycle = r.ReadByte();
                var privileges = new Privileges(r.ReadByte(), 0, 0);
                var modules = new List<Aid>();
                if (withModules)
                {
                    int count = r.ReadByte();
                    for (var i = 0; i < count; i++)
                        modules.Add(r.ReadAid());
                }
                entries.Add(new RegistryEntry(aid, lifeCycle, privileges, ModuleAids: new ValueList<Aid>(modules)));
            }
            return new ValueList<RegistryEntry>(entries);
        });
    }

    /// <summary>Card side: the TLV response data for <paramref name="entries"/>.</summary>
    public static byte[] EncodeTlv(IEnumerable<RegistryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return [.. entries.SelectMany(e => e.ToArray())];
    }

    /// <summary>Card side: the legacy response data (privileges byte 1 only; modules for P1 10).</summary>
    public static byte[] EncodeLegacy(IEnumerable<RegistryEntry> entries, GetStatusScope scope)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var data = new List<byte>();
        foreach (var entry in entries)
        {
            GpEncoding.WriteAid(data, entry.Aid);
            data.Add(entry.LifeCycle);
            data.Add(entry.Privileges?.Byte1 ?? 0);
            if (scope == GetStatusScope.ExecutableLoadFilesAndModules)
            {
                data.Add((byte)entry.ModuleAids.Count);
                foreach (var module in entry.ModuleAids)
                    GpEncoding.WriteAid(data, module);
            }
        }
        return [.. data];
    }
}
