using Tsm.Protocol.Apdu;

namespace Tsm.Simulator.Card.Applets;

/// <summary>
/// What an installed applet instance does when selected. Its persistent data lives in the instance's registry
/// record (<see cref="AppletContext.Data"/>), so it survives power cycles and state files.
/// </summary>
public interface IAppletBehaviour
{
    /// <summary>The behaviour's name as recorded in the registry (e.g. "epurse").</summary>
    string Name { get; }

    /// <summary>Answers SELECT (the FCI).</summary>
    ResponseApdu Select(AppletContext context);

    /// <summary>Processes a command for the selected instance (secure messaging already removed).</summary>
    ResponseApdu Process(CommandApdu command, AppletContext context);

    /// <summary>
    /// Receives personalization data forwarded by its security domain after INSTALL [for personalization]
    /// (GP 2.2.1 §11.5.2.3, §11.11; personalization mode 3 of requirement 5.8.4.6): one STORE DATA block, decrypted.
    /// </summary>
    ResponseApdu Personalize(ReadOnlySpan<byte> data, bool isDgi, bool isLastBlock, AppletContext context);
}

/// <summary>The instance an applet runs for and what it may know about the current session.</summary>
public sealed class AppletContext(ApplicationRecord instance, bool inOwnerSecureChannel)
{
    public ApplicationRecord Instance { get; } = instance;

    /// <summary>The command came inside an authenticated secure channel (C-MAC at least) of the instance's own security domain.</summary>
    public bool InOwnerSecureChannel { get; } = inOwnerSecureChannel;

    /// <summary>Persistent applet data (name → hex).</summary>
    public Dictionary<string, string> Data => Instance.Data;

    /// <summary>Set by the applet when persistent data changed, so the card saves its state.</summary>
    public bool Changed { get; set; }

    /// <summary>
    /// Decrypts data under the session DEK of its SD's secure channel (the GP SecureChannel API's decryptData), or
    /// answers null (no authenticated session of its SD, or not whole DES blocks).
    /// </summary>
    public Func<byte[], byte[]?> DecryptSensitive { get; init; } = _ => null;
}

/// <summary>The behaviours the simulator can run, by name.</summary>
public static class AppletBehaviours
{
    public const string Generic = "generic";
    public const string EPurse = "epurse";
    public const string MifareCardManager = "mifare-card-manager";
    public const string SecurityDomain = "security-domain";

    public static IAppletBehaviour? Create(string name) => name switch
    {
        Generic => new GenericApplet(),
        EPurse => new EPurseApplet(),
        MifareCardManager => new MifareManagerApplet(),
        _ => null,
    };
}
