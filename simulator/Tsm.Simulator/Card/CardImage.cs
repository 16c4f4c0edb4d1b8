using System.Text.Json.Serialization;

namespace Tsm.Simulator.Card;

/// <summary>
/// Everything a simulated SE keeps in non-volatile memory: its identity, life cycle, memory, and the GP registry
/// (GP 2.2.1 §5.1, §11.1): load files with their modules, application instances and security domains, each
/// associated with a security domain. Serialized as JSON for state files; the simulator's keys are test keys and
/// are stored as hex in the state file, which is documented in docs/simulator.md.
/// </summary>
public sealed class CardImage
{
    public string SeId { get; set; } = "";

    /// <summary>Card life cycle (GP 2.2.1 §5.1.1): 01 OP_READY, 07 INITIALIZED, 0F SECURED, 7F CARD_LOCKED, FF TERMINATED.</summary>
    public byte LifeCycle { get; set; } = 0x0F;

    public string Atr { get; set; } = "3B8F800180318065B0850300EF120FFF82900073";

    /// <summary>CPLC (GET DATA 9F7F), 42 bytes, hex.</summary>
    public string Cplc { get; set; } = "";

    /// <summary>Issuer identification number (GET DATA 42) and card image number (GET DATA 45), hex.</summary>
    public string Iin { get; set; } = "";

    public string Cin { get; set; } = "";

    /// <summary>Key diversification data returned first in INITIALIZE UPDATE (10 bytes, hex).</summary>
    public string KeyDiversificationData { get; set; } = "00000000000000000000";

    /// <summary>The SCP02 "i" option this card implements (15 or 55).</summary>
    public byte ScpI { get; set; } = 0x15;

    /// <summary>The SCP03 "i" parameter its SCP03 key sets run with (Amendment D §5.1; 70: pseudo-random challenge, R-MAC, R-ENC).</summary>
    public byte Scp03I { get; set; } = 0x70;

    /// <summary>Chip, operating system, CMS2AC and Java Card versions as the batch declares them (informational).</summary>
    public Dictionary<string, string> Versions { get; set; } = [];

    public MemoryFigures Memory { get; set; } = new();

    /// <summary>Which applet behaviour instances of a module run: module AID (or AID prefix) → behaviour name; others are generic.</summary>
    public Dictionary<string, string> ModuleBehaviours { get; set; } = [];

    public List<LoadFileRecord> LoadFiles { get; set; } = [];

    /// <summary>Application instances and security domains, the ISD first.</summary>
    public List<ApplicationRecord> Applications { get; set; } = [];

    /// <summary>
    /// The ISD's token verification public key (RSA modulus and exponent, hex) for delegated management
    /// (GP 2.2.1 §9.2.2, Appendix C.4); without it, a Delegated Management SD cannot manage content.
    /// </summary>
    public RsaPublicKeyRecord? TokenVerificationKey { get; set; }

    /// <summary>
    /// The ISD's DES Receipt key (16 bytes hex, GP 2.2.1 table C-1): with it the card returns a receipt for every
    /// delegated LOAD, INSTALL and DELETE (Appendix C.5); without it the issuer's policy is "no receipts".
    /// </summary>
    public string? ReceiptKey { get; set; }

    /// <summary>The Confirmation Counter (GP 2.2.1 C.5): starts at 0, goes up by one after each receipt, never wraps.</summary>
    public ushort ConfirmationCounter { get; set; }

    /// <summary>A LOAD sequence in progress or torn: its blocks so far (GP 2.2.1 §11.6; requirement 5.8.7.1).</summary>
    public PendingLoad? PendingLoad { get; set; }

    /// <summary>SCP80 remote management (a SIM's RAM server): key sets and counters; null on cards reached only through a wallet.</summary>
    public Sim.OtaRecord? Ota { get; set; }
}

/// <summary>Total memory of the card (requirement 5.8.7.1): non-volatile code, non-volatile data and volatile space, in bytes.</summary>
public sealed class MemoryFigures
{
    /// <summary>Non-volatile memory shared by code (load files) and data (instances).</summary>
    public long NonVolatileTotal { get; set; } = 512 * 1024;

    public int VolatileTotal { get; set; } = 8 * 1024;

    /// <summary>Non-volatile bytes charged to an instance installed without a C8 quota.</summary>
    public int DefaultInstanceNonVolatile { get; set; } = 512;

    /// <summary>Volatile bytes charged to an instance installed without a C7 quota.</summary>
    public int DefaultInstanceVolatile { get; set; } = 64;
}

/// <summary>An executable load file (GP 2.2.1 §5.3.1): LOADED, with its modules.</summary>
public sealed class LoadFileRecord
{
    public string Aid { get; set; } = "";

    public string AssociatedSd { get; set; } = "";

    /// <summary>Package version major.minor (GET STATUS tag CE).</summary>
    public string Version { get; set; } = "";

    public List<string> Modules { get; set; } = [];

    /// <summary>Packages this one imports (a package in use cannot be deleted).</summary>
    public List<string> Imports { get; set; } = [];

    /// <summary>Non-volatile code space it takes (the load file data block size).</summary>
    public long CodeSize { get; set; }

    /// <summary>Preset in ROM: cannot be deleted (requirement 5.4.2).</summary>
    public bool InRom { get; set; }

    /// <summary>A platform library (javacard.framework …): listed by GET STATUS as real cards do, never deleted, not charged.</summary>
    public bool IsPlatform { get; set; }
}

/// <summary>An application instance or a security domain in the registry.</summary>
public sealed class ApplicationRecord
{
    public string Aid { get; set; } = "";

    public string LoadFileAid { get; set; } = "";

    public string ModuleAid { get; set; } = "";

    public string AssociatedSd { get; set; } = "";

    /// <summary>GP life cycle byte (§11.1.1).</summary>
    public byte LifeCycle { get; set; }

    /// <summary>Privileges, 3 bytes hex (§11.1.2).</summary>
    public string Privileges { get; set; } = "000000";

    /// <summary>Value of the C9 install parameters, hex.</summary>
    public string InstallParameters { get; set; } = "";

    public long NonVolatileCharge { get; set; }

    public int VolatileCharge { get; set; }

    public bool InRom { get; set; }

    /// <summary>The applet behaviour that runs this instance (see <c>Applets.AppletBehaviours</c>).</summary>
    public string Behaviour { get; set; } = "";

    /// <summary>The instance's persistent applet data (name → hex).</summary>
    public Dictionary<string, string> Data { get; set; } = [];

    /// <summary>Security-domain state when the instance has the Security Domain privilege.</summary>
    public SecurityDomainRecord? SecurityDomain { get; set; }

    [JsonIgnore]
    public bool IsSecurityDomain => SecurityDomain is not null;
}

/// <summary>A security domain's keys, counters and CMS2AC install parameters (docs/simulator.md "Security domains (CMS2AC)"; GP 2.2.1 §7).</summary>
public sealed class SecurityDomainRecord
{
    /// <summary>CMS2AC mode: 1 ISD, 2 ISD-managed third party, 3 DAP, 4 token (delegated).</summary>
    public int Mode { get; set; } = 1;

    public List<KeySetRecord> KeySets { get; set; } = [];

    public bool AcceptsExtradition { get; set; } = true;

    public bool MayDeleteItself { get; set; } = true;

    public bool AcceptsIsdInitiatedDeletion { get; set; } = true;

    /// <summary>Consecutive failed authentications allowed before the SD blocks (tag 48; FF = unlimited).</summary>
    public int MaxFailedAuthentications { get; set; } = 0xFF;

    public int FailedAuthentications { get; set; }

    /// <summary>Fixed managed space (tag 49): when set, content associated with the SD is charged to it.</summary>
    public long? FixedNonVolatile { get; set; }

    public int? FixedVolatile { get; set; }

    /// <summary>Maximum number of key sets (tag 4A).</summary>
    public int MaxKeys { get; set; } = 16;

    /// <summary>DES DAP verification key (16 bytes hex) for mode-3 SDs (GP 2.2.1 C.6.2).</summary>
    public string? DapKey { get; set; }

    /// <summary>RSA DAP verification public key (PKC scheme, GP 2.2.1 C.6.1); when set it is used instead of a DES key.</summary>
    public RsaPublicKeyRecord? DapRsaKey { get; set; }

    /// <summary>Data stored by STORE DATA into the SD itself (DGI tag hex → value hex), e.g. 2F14 MSISDN, 1047 token.</summary>
    public Dictionary<string, string> StoredData { get; set; } = [];

    [JsonIgnore]
    public bool IsBlocked => MaxFailedAuthentications != 0xFF && FailedAuthentications >= MaxFailedAuthentications;
}

/// <summary>
/// One key set: ENC, MAC, DEK with its version and sequence counter — an SCP02 set of double-length DES keys
/// (GP 2.2.1 §E.1.2, §E.2) or an SCP03 set of AES-128/192/256 keys (GP Amendment D §4.1.1).
/// </summary>
public sealed class KeySetRecord
{
    public byte Version { get; set; }

    /// <summary>The secure channel protocol the set serves: 02 (SCP02, DES) or 03 (SCP03, AES).</summary>
    public byte Scp { get; set; } = 0x02;

    public string Enc { get; set; } = "";

    public string Mac { get; set; } = "";

    public string Dek { get; set; } = "";

    public ushort SequenceCounter { get; set; }
}

/// <summary>A load in progress (or torn): what INSTALL [for load] announced and the blocks received.</summary>
public sealed class PendingLoad
{
    public string LoadFileAid { get; set; } = "";

    public string AssociatedSd { get; set; } = "";

    public string? Hash { get; set; }

    public long? DeclaredCodeSize { get; set; }

    public int NextBlock { get; set; }

    /// <summary>Received LOAD blocks, hex, in order.</summary>
    public List<string> Blocks { get; set; } = [];

    /// <summary>Bytes received so far.</summary>
    public long ReceivedLength { get; set; }
}

/// <summary>An RSA public key, hex.</summary>
public sealed class RsaPublicKeyRecord
{
    public string Modulus { get; set; } = "";

    public string Exponent { get; set; } = "010001";
}
