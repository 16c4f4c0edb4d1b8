using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// Install parameters of INSTALL [for install] (GP 2.2.1 §11.5.2.3.7, Table 11-49): <c>C9</c> application specific
/// parameters (mandatory, may be empty: <c>C9 00</c>), then optionally <c>EF</c> { <c>C7</c> volatile memory quota,
/// <c>C8</c> non-volatile memory quota }. Other tags are ignored on parse.
/// </summary>
public sealed record InstallParameters(ByteString ApplicationSpecific, int? VolatileQuota = null, int? NonVolatileQuota = null)
{
    public const uint ApplicationSpecificTag = 0xC9;

    /// <summary>Just <c>C9 00</c>.</summary>
    public static InstallParameters Empty { get; } = new(ByteString.Empty);

    public static InstallParameters ForSecurityDomain(Cms2acSdParameters sd, int? volatileQuota = null, int? nonVolatileQuota = null)
    {
        ArgumentNullException.ThrowIfNull(sd);
        return new(sd.ToArray(), volatileQuota, nonVolatileQuota);
    }

    public byte[] ToArray()
    {
        var result = new List<byte>();
        GpEncoding.WriteTlv(result, ApplicationSpecificTag, ApplicationSpecific.Span);
        var inner = new List<byte>();
        MemoryValues.Write(inner, LoadParameters.VolatileDataTag, VolatileQuota);
        MemoryValues.Write(inner, LoadParameters.NonVolatileDataTag, NonVolatileQuota);
        if (inner.Count > 0)
            GpEncoding.WriteTlv(result, LoadParameters.SystemParametersTag, inner.ToArray());
        return [.. result];
    }

    /// <summary>Decodes the CMS2AC security domain tags inside <c>C9</c>.</summary>
    public Cms2acSdParameters ToCms2acSdParameters() => Cms2acSdParameters.Parse(ApplicationSpecific.Span);

    /// <exception cref="GpFormatException">Broken TLV, missing <c>C9</c> or a bad memory value.</exception>
    public static InstallParameters Parse(ReadOnlySpan<byte> parameters) =>
        GpFormatException.Guard("install parameters", parameters, static data =>
        {
            var all = data.IsEmpty ? [] : BerTlv.ParseAll(data.ToArray());
            var c9 = all.FirstOrDefault(t => t.Tag == ApplicationSpecificTag)
                ?? throw new GpFormatException("Install parameters lack the mandatory C9 element.");
            var ef = all.FirstOrDefault(t => t.Tag == LoadParameters.SystemParametersTag);
            return new InstallParameters(
                new ByteString(c9.Value.Span),
                MemoryValues.Read(ef, LoadParameters.VolatileDataTag),
                MemoryValues.Read(ef, LoadParameters.NonVolatileDataTag));
        });
}

/// <summary>Space reserved for a CMS2AC security domain: present means the space is fixed.</summary>
public readonly record struct ManagedSpace(int Volatile, long NonVolatile);

/// <summary>
/// China Mobile CMS2AC supplementary security domain install parameters, carried inside <c>C9</c>
/// (docs/simulator.md "Security domains (CMS2AC)"; no public specification, facts from an open-source TSM's <c>SecurityDomainInstallParams</c>):
/// <c>45</c> base properties, <c>46</c> KVN, <c>47</c> SCP id and option, <c>48</c> maximum consecutive
/// authentication failures, <c>49</c> managed space (volatile 2 + non-volatile 4 bytes), <c>4A</c> maximum
/// number of keys. Absent elements are null; unknown tags are ignored.
/// </summary>
public sealed record Cms2acSdParameters(
    byte? BaseProperties = null,
    byte? KeyVersionNumber = null,
    byte? ScpIdentifier = null,
    byte? ScpOption = null,
    byte? MaxAuthenticationFailures = null,
    ManagedSpace? ManagedSpace = null,
    byte? MaxKeys = null)
{
    public const uint BasePropertiesTag = 0x45;
    public const uint KeyVersionTag = 0x46;
    public const uint ScpTag = 0x47;
    public const uint MaxFailuresTag = 0x48;
    public const uint ManagedSpaceTag = 0x49;
    public const uint MaxKeysTag = 0x4A;

    // Base properties bits; b2 and b3 are inverted (0 = allowed).
    public const byte AcceptsExtraditionBit = 0x01;
    public const byte CannotDeleteItselfBit = 0x02;
    public const byte RejectsIsdInitiatedDeletionBit = 0x04;

    /// <summary>Builds the base properties byte from its three documented meanings.</summary>
    public static byte MakeBaseProperties(bool acceptsExtradition, bool mayDeleteItself, bool acceptsIsdInitiatedDeletion) =>
        (byte)((acceptsExtradition ? AcceptsExtraditionBit : 0)
            | (mayDeleteItself ? 0 : CannotDeleteItselfBit)
            | (acceptsIsdInitiatedDeletion ? 0 : RejectsIsdInitiatedDeletionBit));

    public bool? AcceptsExtradition => BaseProperties is { } b ? (b & AcceptsExtraditionBit) != 0 : null;

    public bool? MayDeleteItself => BaseProperties is { } b ? (b & CannotDeleteItselfBit) == 0 : null;

    public bool? AcceptsIsdInitiatedDeletion => BaseProperties is { } b ? (b & RejectsIsdInitiatedDeletionBit) == 0 : null;

    /// <summary>The value of <c>C9</c> (without the C9 tag and length).</summary>
    public byte[] ToArray()
    {
        if ((ScpIdentifier is null) != (ScpOption is null))
            throw new InvalidOperationException("SCP identifier and option go together in tag 47.");
        var result = new List<byte>();
        if (BaseProperties is { } b)
            GpEncoding.WriteTlv(result, BasePropertiesTag, [b]);
        if (KeyVersionNumber is { } kvn)
            GpEncoding.WriteTlv(result, KeyVersionTag, [kvn]);
        if (ScpIdentifier is { } scp && ScpOption is { } option)
            GpEncoding.WriteTlv(result, ScpTag, [scp, option]);
        if (MaxAuthenticationFailures is { } failures)
            GpEncoding.WriteTlv(result, MaxFailuresTag, [failures]);
        if (ManagedSpace is { } space)
            GpEncoding.WriteTlv(result, ManagedSpaceTag, [.. GpEncoding.Unsigned(space.Volatile, 2), .. GpEncoding.Unsigned(space.NonVolatile, 4)]);
        if (MaxKeys is { } keys)
            GpEncoding.WriteTlv(result, MaxKeysTag, [keys]);
        return [.. result];
    }

    /// <summary>Decodes the value of <c>C9</c>.</summary>
    /// <exception cref="GpFormatException">Broken TLV or an element of the wrong size.</exception>
    public static Cms2acSdParameters Parse(ReadOnlySpan<byte> c9Value) =>
        GpFormatException.Guard("CMS2AC SD parameters", c9Value, static data =>
        {
            var result = new Cms2acSdParameters();
            var reader = new BerTlvReader(data);
            while (reader.TryRead(out var header, out var value))
            {
                result = header.Tag.Value switch
                {
                    BasePropertiesTag => result with { BaseProperties = Single(value, header.Tag) },
                    KeyVersionTag => result with { KeyVersionNumber = Single(value, header.Tag) },
                    ScpTag when value.Length == 2 => result with { ScpIdentifier = value[0], ScpOption = value[1] },
                    MaxFailuresTag => result with { MaxAuthenticationFailures = Single(value, header.Tag) },
                    ManagedSpaceTag when value.Length == 6 => result with
                    {
                        ManagedSpace = new ManagedSpace((int)GpEncoding.ReadUnsigned(value[..2], "Volatile space"), GpEncoding.ReadUnsigned(value[2..], "Non-volatile space")),
                    },
                    MaxKeysTag => result with { MaxKeys = Single(value, header.Tag) },
                    ScpTag or ManagedSpaceTag => throw new GpFormatException($"CMS2AC tag {header.Tag} has {value.Length} bytes."),
                    _ => result,
                };
            }
            return result;
        });

    private static byte Single(ReadOnlySpan<byte> value, BerTag tag) =>
        value.Length == 1 ? value[0] : throw new GpFormatException($"CMS2AC tag {tag} has {value.Length} bytes, expected 1.");
}
