using System.Numerics;
using Tsm.Protocol;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card.Applets;

namespace Tsm.Simulator.Card;

/// <summary>An application or SD preset on every card of a batch (requirements 5.8.1, 5.4.2: ROM presets cannot be deleted).</summary>
public sealed record PresetApplication(
    string LoadFileAid,
    string ModuleAid,
    string InstanceAid,
    string Behaviour = AppletBehaviours.Generic,
    bool InRom = true,
    long CodeSize = 4096,
    string Privileges = "000000",
    string Version = "1.0");

/// <summary>
/// An SE batch as the factory makes it (requirement 5.8.1): a SEID range, the ISD master key and diversification method,
/// chip / CMS2AC / Java Card versions, memory, and presets.
/// </summary>
public sealed record SeBatchProfile
{
    public string Name { get; init; } = "default";

    /// <summary>First SEID of the range, hex; the others follow by increment.</summary>
    public string FirstSeId { get; init; } = "00000000000000000001";

    public int Count { get; init; } = 1;

    /// <summary>ISD master key (16 bytes hex); null gives every card the GlobalPlatform test keys undiversified.</summary>
    public string? MasterKey { get; init; }

    public DiversificationMethod Diversification { get; init; } = DiversificationMethod.Emv;

    public byte KeyVersion { get; init; } = 0x01;

    public byte ScpI { get; init; } = 0x15;

    /// <summary>The ISD's secure channel protocol: 02 (SCP02, DES keys) or 03 (SCP03, AES-128 keys; docs/secure-channels.md).</summary>
    public byte SecureChannel { get; init; } = 0x02;

    /// <summary>The SCP03 "i" parameter (70: pseudo-random card challenge, R-MAC and R-ENCRYPTION).</summary>
    public byte Scp03I { get; init; } = 0x70;

    public string IsdAid { get; init; } = "A0000001510000";

    public long NonVolatileBytes { get; init; } = 512 * 1024;

    public int VolatileBytes { get; init; } = 8 * 1024;

    public string Chip { get; init; } = "SIM-SE-1";

    public string Cms2acVersion { get; init; } = "1.0";

    public string JavaCardVersion { get; init; } = "3.0.4";

    public bool WithMifareCardManager { get; init; } = true;

    /// <summary>
    /// The day the chips were made (CPLC IC fabrication, packaging, embedding and pre-personalization dates); the day the
    /// batch is created when null.
    /// </summary>
    public DateOnly? ManufacturedOn { get; init; }

    /// <summary>The day the cards were personalized (CPLC IC personalization date); the day the batch is created when null.</summary>
    public DateOnly? PersonalizedOn { get; init; }

    public IReadOnlyList<PresetApplication> Presets { get; init; } = [];

    /// <summary>Module AID (or prefix) → applet behaviour for instances installed later.</summary>
    public IReadOnlyDictionary<string, string> ModuleBehaviours { get; init; } = new Dictionary<string, string>();
}

/// <summary>Makes simulated cards: one fresh GlobalPlatform card, or N cards of an SE batch.</summary>
public static class CardFactory
{
    /// <summary>The GlobalPlatform test key 404142…4F (ENC = MAC = DEK).</summary>
    public const string GlobalPlatformTestKey = "404142434445464748494A4B4C4D4E4F";

    /// <summary>A fresh GP card: ISD A0000001510000 with the GP test key set (version 01, no diversification), SCP02 i=15, SECURED.</summary>
    public static CardImage CreateDefault(string seId) => CreateBatch(new SeBatchProfile { FirstSeId = seId }).Single();

    /// <summary>The cards of a batch, with SEIDs counting up from <see cref="SeBatchProfile.FirstSeId"/>.</summary>
    /// <param name="profile">The batch.</param>
    /// <param name="timeProvider">The clock that dates the batch when the profile gives no dates (the system clock when null).</param>
    public static IEnumerable<CardImage> CreateBatch(SeBatchProfile profile, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var today = DateOnly.FromDateTime((timeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        var manufactured = profile.ManufacturedOn ?? today;
        var personalized = profile.PersonalizedOn ?? today;
        if (personalized < manufactured)
            throw new ArgumentException("A card is personalized after it is made.", nameof(profile));
        if (profile.SecureChannel is not (0x02 or 0x03))
            throw new ArgumentException("The secure channel is SCP02 (2) or SCP03 (3).", nameof(profile));
        var first = Hex.Parse(profile.FirstSeId);
        if (first.Length is 0 or > 16)
            throw new ArgumentException("A SEID has 1 to 16 bytes.", nameof(profile));
        var start = new BigInteger(first, isUnsigned: true, isBigEndian: true);
        for (var i = 0; i < profile.Count; i++)
        {
            var seid = (start + i).ToByteArray(isUnsigned: true, isBigEndian: true);
            var padded = new byte[first.Length];
            seid.AsSpan(Math.Max(0, seid.Length - padded.Length)).CopyTo(padded.AsSpan(Math.Max(0, padded.Length - seid.Length)));
            yield return CreateCard(profile, padded, manufactured, personalized);
        }
    }

    private static CardImage CreateCard(SeBatchProfile profile, byte[] seid, DateOnly manufactured, DateOnly personalized)
    {
        // Key diversification data: the SEID right-aligned in 10 bytes, so EMV (bytes 4–9) and VISA2 (0–1, 4–7) both see it.
        var kdd = new byte[10];
        seid.AsSpan(Math.Max(0, seid.Length - 10)).CopyTo(kdd.AsSpan(Math.Max(0, 10 - seid.Length)));
        KeySetRecord keySet;
        if (profile.MasterKey is null)
        {
            keySet = new KeySetRecord { Version = profile.KeyVersion, Enc = GlobalPlatformTestKey, Mac = GlobalPlatformTestKey, Dek = GlobalPlatformTestKey };
        }
        else
        {
            using var keys = KeyDiversification.Diversify(profile.Diversification, Hex.Parse(profile.MasterKey), kdd, profile.KeyVersion);
            keySet = new KeySetRecord { Version = profile.KeyVersion, Enc = Hex.Format(keys.Enc), Mac = Hex.Format(keys.Mac), Dek = Hex.Format(keys.Dek) };
        }
        var isd = new ApplicationRecord
        {
            Aid = profile.IsdAid,
            LoadFileAid = "A0000001515350",
            ModuleAid = "A000000151535041",
            AssociatedSd = profile.IsdAid,
            LifeCycle = LifeCycle.Personalized,
            Privileges = Hex.Format((Privileges.SecurityDomain | Privileges.CardLock | Privileges.CardTerminate | Privileges.CardReset | Privileges.CvmManagement).ToArray()),
            InRom = true,
            Behaviour = AppletBehaviours.SecurityDomain,
            SecurityDomain = new SecurityDomainRecord { Mode = 1, KeySets = [keySet] },
        };
        keySet.Scp = profile.SecureChannel;
        var image = new CardImage
        {
            SeId = Hex.Format(seid),
            KeyDiversificationData = Hex.Format(kdd),
            ScpI = profile.ScpI,
            Scp03I = profile.Scp03I,
            Iin = "42",
            Cin = Hex.Format(seid),
            Cplc = Hex.Format(MakeCplc(seid, manufactured, personalized).ToArray()),
            Memory = new MemoryFigures { NonVolatileTotal = profile.NonVolatileBytes, VolatileTotal = profile.VolatileBytes },
            Versions = new Dictionary<string, string>
            {
                ["batch"] = profile.Name,
                ["chip"] = profile.Chip,
                ["cms2ac"] = profile.Cms2acVersion,
                ["javaCard"] = profile.JavaCardVersion,
            },
            ModuleBehaviours = new Dictionary<string, string>(profile.ModuleBehaviours),
            LoadFiles = [.. PlatformPackages.Create().Select(p => { p.AssociatedSd = profile.IsdAid; return p; }), new LoadFileRecord { Aid = isd.LoadFileAid, AssociatedSd = isd.Aid, Version = "1.0", Modules = [isd.ModuleAid], InRom = true, IsPlatform = true }],
            Applications = [isd],
        };
        var presets = profile.Presets.ToList();
        if (profile.WithMifareCardManager)
            presets.Insert(0, new PresetApplication("A0000003964D6634", SimulatedCard.MifareCardManagerAid, SimulatedCard.MifareCardManagerAid, AppletBehaviours.MifareCardManager, InRom: true, CodeSize: 0));
        foreach (var preset in presets)
            AddPreset(image, isd, preset);
        return image;
    }

    private static void AddPreset(CardImage image, ApplicationRecord isd, PresetApplication preset)
    {
        var file = image.LoadFiles.FirstOrDefault(f => f.Aid == preset.LoadFileAid);
        if (file is null)
        {
            file = new LoadFileRecord { Aid = preset.LoadFileAid, AssociatedSd = isd.Aid, Version = preset.Version, CodeSize = preset.InRom ? 0 : preset.CodeSize, InRom = preset.InRom };
            image.LoadFiles.Add(file);
        }
        if (!file.Modules.Contains(preset.ModuleAid))
            file.Modules.Add(preset.ModuleAid);
        image.Applications.Add(new ApplicationRecord
        {
            Aid = preset.InstanceAid,
            LoadFileAid = preset.LoadFileAid,
            ModuleAid = preset.ModuleAid,
            AssociatedSd = isd.Aid,
            LifeCycle = LifeCycle.Selectable,
            Privileges = preset.Privileges,
            InRom = preset.InRom,
            Behaviour = preset.Behaviour,
            NonVolatileCharge = preset.InRom ? 0 : image.Memory.DefaultInstanceNonVolatile,
        });
    }

    private static Cplc MakeCplc(byte[] seid, DateOnly manufactured, DateOnly personalized)
    {
        // IC serial number: the SEID's last 4 bytes; fixed simulator fabricator / type / OS identifiers. The dates are
        // YDDD: the chip's production steps on the day it was made, its personalization on the day it was personalized.
        var serial = new byte[4];
        seid.AsSpan(Math.Max(0, seid.Length - 4)).CopyTo(serial.AsSpan(Math.Max(0, 4 - seid.Length)));
        var made = CplcDate.Encode(manufactured);
        return new Cplc(
            IcFabricator: 0x4790, IcType: 0x5349, OperatingSystemId: 0x4D53, OperatingSystemReleaseDate: made, OperatingSystemReleaseLevel: 0x0100,
            IcFabricationDate: made, IcSerialNumber: System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(serial), IcBatchIdentifier: 0x0001,
            IcModuleFabricator: 0x0000, IcModulePackagingDate: made, IccManufacturer: 0x0000, IcEmbeddingDate: made,
            IcPrePersonalizer: 0x0000, IcPrePersonalizationDate: made, IcPrePersonalizationEquipment: 0,
            IcPersonalizer: 0x0000, IcPersonalizationDate: CplcDate.Encode(personalized), IcPersonalizationEquipment: 0);
    }
}
