using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// The one place that maps an INS byte to its command type (GP 2.2.1 chapter 11, Table 11-11), so the simulator
/// can decode any incoming card content management command with a single call.
/// </summary>
public static class GpCommands
{
    /// <summary>True when <paramref name="ins"/> belongs to a command this namespace decodes.</summary>
    public static bool IsKnown(byte ins) => ins is SelectCommand.Ins or InstallCommand.Ins or LoadCommand.Ins or DeleteCommand.Ins
        or GetStatusCommand.Ins or GetDataCommand.Ins or SetStatusCommand.Ins or PutKeyCommand.Ins or StoreDataCommand.Ins;

    /// <summary>
    /// Decodes a plain command (secure messaging already removed): <see cref="SelectCommand"/>, an
    /// <see cref="InstallCommand"/> variant, <see cref="LoadCommand"/>, <see cref="DeleteCommand"/>,
    /// <see cref="GetStatusCommand"/>, <see cref="GetDataCommand"/>, <see cref="SetStatusCommand"/>,
    /// <see cref="PutKeyCommand"/> or <see cref="StoreDataCommand"/>.
    /// </summary>
    /// <exception cref="GpFormatException">Unknown INS or malformed command.</exception>
    public static object Parse(CommandApdu apdu)
    {
        ArgumentNullException.ThrowIfNull(apdu);
        return apdu.Ins switch
        {
            SelectCommand.Ins => SelectCommand.Parse(apdu),
            InstallCommand.Ins => InstallCommand.Parse(apdu),
            LoadCommand.Ins => LoadCommand.Parse(apdu),
            DeleteCommand.Ins => DeleteCommand.Parse(apdu),
            GetStatusCommand.Ins => GetStatusCommand.Parse(apdu),
            GetDataCommand.Ins => GetDataCommand.Parse(apdu),
            SetStatusCommand.Ins => SetStatusCommand.Parse(apdu),
            PutKeyCommand.Ins => PutKeyCommand.Parse(apdu),
            StoreDataCommand.Ins => StoreDataCommand.Parse(apdu),
            _ => throw new GpFormatException($"INS {apdu.Ins:X2} is not a GlobalPlatform command handled here."),
        };
    }
}
