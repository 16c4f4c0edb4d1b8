using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.Scripts;

/// <summary>
/// The card side of an expanded remote script (ETSI TS 102 226 §5.2): executes the C-APDUs in order, stops after
/// the first one whose status word is a warning or an error, and answers with the number of executed C-APDUs and
/// one R-APDU per executed C-APDU, in the same template form (definite or indefinite) as the command script.
/// Used by the card simulator and by tests; the gateway itself only builds and reads scripts.
/// </summary>
public static class ScriptProcessor
{
    /// <summary>
    /// The default stop rule: processing continues only after normal completion, 9000 or 61xx (TS 102 221
    /// §10.2.1; 91xx and 92xx are normal endings for UICC toolkit too). Warnings 62xx and 63xx stop it, like errors,
    /// so that a truncated response (62F1) ends the script.
    /// </summary>
    public static bool ContinuesAfter(StatusWord sw) => sw.Value == 0x9000 || sw.Sw1 is 0x61 or 0x91 or 0x92;

    /// <summary>Runs a decoded script.</summary>
    /// <param name="script">The command script.</param>
    /// <param name="execute">Executes one C-APDU on the target application.</param>
    /// <param name="continuesAfter">The stop rule; <see cref="ContinuesAfter"/> when null.</param>
    public static ResponseScript Execute(CommandScript script, Func<CommandApdu, ResponseApdu> execute, Func<StatusWord, bool>? continuesAfter = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(execute);
        var (responses, _) = Run(script, execute, continuesAfter ?? ContinuesAfter);
        return new ResponseScript(responses.Count, responses, isIndefinite: script.IsIndefinite);
    }

    /// <summary>
    /// Decodes and runs an encoded script the way a card does: the items before a format fault are executed,
    /// then the fault is reported in the bad format TLV (type 02 when no specific type applies).
    /// </summary>
    public static ResponseScript Execute(ReadOnlySpan<byte> script, Func<CommandApdu, ResponseApdu> execute, Func<StatusWord, bool>? continuesAfter = null)
    {
        ArgumentNullException.ThrowIfNull(execute);
        var parsed = CommandScript.ParsePrefix(script, out var error);
        var (responses, stoppedEarly) = Run(parsed, execute, continuesAfter ?? ContinuesAfter);
        // A script stopped by its status words never reached the fault, so the fault is not reported.
        var badFormat = error is null || stoppedEarly ? (BadFormatCode?)null : error.Code ?? BadFormatCode.WrongLength;
        return new ResponseScript(responses.Count, responses, badFormat, isIndefinite: parsed.IsIndefinite);
    }

    private static (List<ResponseApdu> Responses, bool Stopped) Run(CommandScript script, Func<CommandApdu, ResponseApdu> execute, Func<StatusWord, bool> continuesAfter)
    {
        var responses = new List<ResponseApdu>();
        // Immediate action, error action and chaining TLVs are not acted on here: the simulator has no
        // proactive sessions or chained contexts; they are decoded so that the script is still accepted.
        foreach (var command in script.Commands)
        {
            var response = execute(command);
            responses.Add(response);
            if (!continuesAfter(response.StatusWord))
                return (responses, true);
        }
        return (responses, false);
    }
}
