using Tsm.Protocol.Apdu;
using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// The bytes a Delegated Management token signs (GP 2.2.1 Appendix C.4, tables C-3 to C-8) and the token a command
/// carries. For INSTALL: P1, P2, the Lc of the command before a token is added (its data with an empty token, i.e.
/// ending in the <c>00</c> token length), then that data without the token length byte. For DELETE [card content]: P1,
/// P2, the Lc without the <c>9E</c> token element, then the data before it. The same bytes serve the off-card signer
/// (from a command built with an empty token) and the card (from the command as received).
/// </summary>
public sealed record TokenData(ByteString Signed, ByteString Token)
{
    /// <summary>Splits an INSTALL or DELETE [card content] command into signed data and token (empty when it has none).</summary>
    /// <exception cref="GpFormatException">Another command, INSTALL [for personalization] (it has no token), DELETE [key],
    /// malformed data, or data before the token longer than 255 bytes.</exception>
    public static TokenData FromCommand(CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Ins switch
        {
            InstallCommand.Ins => FromInstall(command),
            DeleteCommand.Ins => FromDelete(command),
            _ => throw new GpFormatException($"INS {command.Ins:X2} carries no Delegated Management token."),
        };
    }

    /// <summary>The command's data before its token (INSTALL: without the token's length either).</summary>
    internal static int UnsignedLength(CommandApdu command, out ByteString token)
    {
        var data = command.Data.Span;
        if (command.Ins == InstallCommand.Ins)
        {
            token = InstallCommand.Parse(command) switch
            {
                InstallForLoad load => load.Token,
                InstallForInstall install => install.Token,
                InstallForMakeSelectable selectable => selectable.Token,
                InstallForExtradition extradition => extradition.Token,
                InstallForRegistryUpdate update => update.Token,
                _ => throw new GpFormatException("INSTALL [for personalization] carries no token."),
            };
            // The token is the last BER LV of the data (tables 11-42 to 11-47).
            return data.Length - token.Length - BerTlvWriter.LengthFieldSize(token.Length);
        }
        var delete = DeleteCommand.Parse(command);
        if (delete.IsKeyDeletion)
            throw new GpFormatException("DELETE [key] carries no token.");
        token = delete.Token;
        var reader = new BerTlvReader(data);
        var start = 0;
        while (reader.TryRead(out var header, out _))
        {
            if (header.Tag.Value == DeleteCommand.TokenTag)
                return start;
            start = reader.Position;
        }
        return data.Length;
    }

    private static TokenData FromInstall(CommandApdu command)
    {
        var unsigned = UnsignedLength(command, out var token);
        // Lc before a token is added counts the empty token's 00 length byte (C.4 note under each table).
        return Build(command, unsigned, unsigned + 1, token);
    }

    private static TokenData FromDelete(CommandApdu command)
    {
        var unsigned = UnsignedLength(command, out var token);
        return Build(command, unsigned, unsigned, token);
    }

    private static TokenData Build(CommandApdu command, int unsignedLength, int lc, ByteString token)
    {
        if (lc > 0xFF)
            throw new GpFormatException($"The data before the token has {lc} bytes; a token signs at most 255 (C.4).");
        // P1 (1) + P2 (1) + Lc before the token (1) + the data before the token.
        var signed = new byte[3 + unsignedLength];
        signed[0] = command.P1;
        signed[1] = command.P2;
        signed[2] = (byte)lc;
        command.Data.Span[..unsignedLength].CopyTo(signed.AsSpan(3));
        return new TokenData(signed, token);
    }
}
