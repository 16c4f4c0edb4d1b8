using Tsm.Protocol;
using Tsm.Protocol.Apdu;

namespace Tsm.Grains.Ota;

/// <summary>The shape checks of operations, made once where an <see cref="OperationSpec"/> is made.</summary>
internal static class OperationChecks
{
    /// <summary>An AID: 5 to 16 bytes in hex, returned upper-case.</summary>
    public static string Aid(string? aid, RefusalCode missing, string name)
    {
        if (string.IsNullOrEmpty(aid))
            throw new RefusedException(missing, $"The operation names no {name}.");
        if (aid.Length % 2 != 0 || aid.Length is < 10 or > 32 || !aid.All(char.IsAsciiHexDigit))
            throw new RefusedException(missing, $"{name}: an AID is 5 to 16 bytes in hex.");
        return aid.ToUpperInvariant();
    }

    /// <summary>A provider key set's shape: KVN 01–7F, three 16-byte keys (ENC, MAC, DEK) with 3-byte KCVs. The KEK check is the key service's.</summary>
    public static ProviderKeySet KeySet(ProviderKeySet keys)
    {
        if (keys.KeyVersion is 0 or > 0x7F)
            throw new RefusedException(RefusalCode.BadKeyVersion, "A key version is 01 to 7F.");
        if (keys.KeysUnderKek is not { Count: 3 } || keys.KeyCheckValues is not { Count: 3 })
            throw new RefusedException(RefusalCode.BadKeySet, "A key set is three keys (ENC, MAC, DEK), each with its KCV.");
        for (var i = 0; i < 3; i++)
        {
            if (!Hex.TryParse(keys.KeysUnderKek[i], out var key) || key.Length != 16 || !Hex.TryParse(keys.KeyCheckValues[i], out var kcv) || kcv.Length != 3)
                throw new RefusedException(RefusalCode.BadKeySet, "Each key is 16 bytes under the KEK (hex) and each KCV 3 bytes (hex).");
        }
        return keys;
    }

    /// <summary>Personalization input: mode 1 with C-APDUs, or mode 2/3 with data in hex.</summary>
    public static PersonalizationInput Personalization(PersonalizationInput? input)
    {
        if (input is null)
            throw new RefusedException(RefusalCode.PersonalizationMissing, "The request carries no personalization data.");
        return input.Mode switch
        {
            1 => input with { Commands = Commands(input.Commands) },
            2 or 3 when !string.IsNullOrEmpty(input.Data) && Hex.TryParse(input.Data, out _) => input,
            2 or 3 => throw new RefusedException(RefusalCode.BadPersonalizationData, "Modes 2 and 3 carry the DGIs encrypted under the provider's transport key, in hex."),
            _ => throw new RefusedException(RefusalCode.BadPersonalizationMode, "The personalization mode is 1, 2 or 3 (requirement 5.8.4.6)."),
        };
    }

    /// <summary>1 to 64 C-APDUs in hex, normalized to upper case.</summary>
    public static IReadOnlyList<string> Commands(IReadOnlyList<string>? commands)
    {
        if (commands is not { Count: > 0 and <= 64 })
            throw new RefusedException(RefusalCode.BadCommands, "Between 1 and 64 C-APDUs (hex) are passed through.");
        var result = new List<string>(commands.Count);
        foreach (var command in commands)
        {
            try
            {
                result.Add(CommandApdu.Parse(Hex.Parse(command)).ToHex());
            }
            catch (FormatException)
            {
                throw new RefusedException(RefusalCode.BadCommands, "A command is not a C-APDU in hex.");
            }
        }
        return result;
    }
}
