using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Simulator.Mifare;

namespace Tsm.Simulator.Card.Applets;

/// <summary>
/// Hosts the Mifare Card Manager (requirement 5.8.10, docs/mifare.md) as an instance: its emulated MIFARE memory and
/// application directory are kept in the instance's persistent data, so they survive power cycles and state files.
/// </summary>
public sealed class MifareManagerApplet : IAppletBehaviour
{
    private const string StateName = "mifare";
    private const string TypeName = "mifareType";

    public string Name => AppletBehaviours.MifareCardManager;

    public ResponseApdu Select(AppletContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ResponseApdu(Fci.ForInstance(context.Instance.Aid), StatusWords.Success);
    }

    public ResponseApdu Process(CommandApdu command, AppletContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var manager = Restore(context);
        var response = manager.Process(command, context.InOwnerSecureChannel);
        var saved = Hex.Format(manager.Save());
        if (!context.Data.TryGetValue(StateName, out var before) || before != saved)
        {
            context.Data[StateName] = saved;
            context.Changed = true;
        }
        return response;
    }

    public ResponseApdu Personalize(ReadOnlySpan<byte> data, bool isDgi, bool isLastBlock, AppletContext context) =>
        new(StatusWords.ConditionsNotSatisfied);

    /// <summary>The instance's manager: from its saved state, or a fresh 1K/4K memory (install parameter C9 value 04 = 4K).</summary>
    private static MifareCardManager Restore(AppletContext context)
    {
        if (context.Data.TryGetValue(StateName, out var state) && MifareCardManager.TryLoad(Hex.Parse(state), out var loaded) && loaded is not null)
            return loaded;
        var type = context.Instance.InstallParameters == "04" || context.Data.GetValueOrDefault(TypeName) == "4K"
            ? MifareCardType.Classic4K
            : MifareCardType.Classic1K;
        return new MifareCardManager(type, Aid.Parse(context.Instance.AssociatedSd));
    }
}
