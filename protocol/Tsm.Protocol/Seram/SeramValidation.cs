using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.Seram;

/// <summary>
/// The rules of spec/gpseram.yaml and doc/GPSERAM__Overview.md that the JSON schema alone does not carry. Each
/// method returns every problem found (empty when the message is valid), phrased with the spec's field names.
/// </summary>
public static class SeramValidation
{
    /// <summary>Schema <c>apdu</c>: pattern <c>([0-9A-F]{2})*</c>, i.e. upper-case hex, whole bytes.</summary>
    public static bool IsApduHex(string? text)
    {
        if (text is null || text.Length % 2 != 0)
            return false;
        foreach (var c in text)
        {
            if (c is not (>= '0' and <= '9') and not (>= 'A' and <= 'F'))
                return false;
        }
        return true;
    }

    public static IReadOnlyList<string> Validate(HandshakeRequest message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = new List<string>();
        if (message.SecureElements is null || message.SecureElements.Count == 0)
            problems.Add("secureElements: at least one secure element is required");
        else
        {
            for (var i = 0; i < message.SecureElements.Count; i++)
                CheckSecureElement(message.SecureElements[i], $"secureElements[{i}]", problems);
        }
        CheckOffered(message.SupportedTransportProtocols, "supportedTransportProtocols", problems);
        CheckOffered(message.SupportedDataFormats, "supportedDataFormats", problems);
        CheckOffered(message.SupportedVersions, "supportedVersions", problems);
        return problems;
    }

    public static IReadOnlyList<string> Validate(HandshakeResponse message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = new List<string>();
        if (!SeramConstants.KnownTransportProtocols.Contains(message.ChosenTransportProtocol))
            problems.Add($"chosenTransportProtocol: '{ClientText.Bounded(message.ChosenTransportProtocol)}' is not a SERAM transport protocol ({string.Join(" or ", SeramConstants.KnownTransportProtocols)})");
        if (!SeramConstants.KnownDataFormats.Contains(message.ChosenDataFormat))
            problems.Add($"chosenDataFormat: '{ClientText.Bounded(message.ChosenDataFormat)}' is not a SERAM data format (application/json)");
        if (string.IsNullOrWhiteSpace(message.ChosenVersion))
            problems.Add("chosenVersion: must not be empty");
        return problems;
    }

    /// <summary>Problems of a handshake answer that does not pick from what the request offered.</summary>
    public static IReadOnlyList<string> ValidateChoice(HandshakeRequest offer, HandshakeResponse choice)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(choice);
        var problems = new List<string>(Validate(choice));
        if (!offer.EffectiveTransportProtocols.Contains(choice.ChosenTransportProtocol))
            problems.Add($"chosenTransportProtocol: '{ClientText.Bounded(choice.ChosenTransportProtocol)}' was not offered");
        if (!offer.EffectiveDataFormats.Contains(choice.ChosenDataFormat))
            problems.Add($"chosenDataFormat: '{ClientText.Bounded(choice.ChosenDataFormat)}' was not offered");
        if (!offer.EffectiveVersions.Contains(choice.ChosenVersion))
            problems.Add($"chosenVersion: '{ClientText.Bounded(choice.ChosenVersion)}' was not offered");
        return problems;
    }

    public static IReadOnlyList<string> Validate(RemoteManagementOrder message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = new List<string>();
        if (message.Delay is < 0)
            problems.Add($"delay: {message.Delay} is negative");
        if (message.ChosenSecureElement is { } se)
            CheckSecureElement(se, "chosenSecureElement", problems);
        if (message.RamCommands is { } commands)
        {
            if (commands.Count == 0)
                problems.Add("ramCommands: when present the list must hold at least one command");
            for (var i = 0; i < commands.Count; i++)
            {
                var command = commands[i];
                var at = $"ramCommands[{i}]";
                if (command is null)
                {
                    problems.Add($"{at}: null");
                    continue;
                }
                CheckCommand(command, at, problems);
                if (command.RamCommandType == RamCommandType.StopCommand && i != commands.Count - 1)
                    problems.Add($"{at}: stopCommand must be the last command (nothing after it is executed)");
            }
        }
        return problems;
    }

    public static IReadOnlyList<string> Validate(RemoteManagementReport message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = new List<string>();
        var status = message.LocalAgentStatus;
        if (status is null)
        {
            problems.Add("localAgentStatus: required");
            return problems;
        }
        var responses = message.RamResponses ?? [];
        if (status.ExecutedSeRamCommands < 0)
            problems.Add($"localAgentStatus.executedSeRamCommands: {status.ExecutedSeRamCommands} is negative");
        switch (status.LocalAgentStatusEnum)
        {
            case LocalAgentStatusKind.Polling:
                if (status.ExecutedSeRamCommands != 0)
                    problems.Add("localAgentStatus.executedSeRamCommands: must be 0 when POLLING");
                if (responses.Count != 0)
                    problems.Add("ramResponses: a POLLING report carries no responses");
                break;
            case LocalAgentStatusKind.Processed:
                if (responses.Count != status.ExecutedSeRamCommands)
                    problems.Add($"ramResponses: {responses.Count} responses for {status.ExecutedSeRamCommands} executed SE RAM commands");
                break;
            default:
                // On error the command that failed may add one partial response (the R-APDUs obtained before the failure).
                if (responses.Count < status.ExecutedSeRamCommands || responses.Count > status.ExecutedSeRamCommands + 1)
                    problems.Add($"ramResponses: {responses.Count} responses for {status.ExecutedSeRamCommands} executed SE RAM commands and one failure");
                break;
        }
        // errorMsg SHOULD come with an error status, so its absence is no problem (docs/wallet-protocol.md, "SERAM conformance").
        for (var i = 0; i < responses.Count; i++)
        {
            var response = responses[i];
            if (response is null)
            {
                problems.Add($"ramResponses[{i}]: null");
                continue;
            }
            if (response.ListOfRapdu is null)
            {
                problems.Add($"ramResponses[{i}].listOfRAPDU: required");
                continue;
            }
            for (var j = 0; j < response.ListOfRapdu.Count; j++)
            {
                var rapdu = response.ListOfRapdu[j];
                // An empty string stands for an R-APDU that was not available; otherwise data ‖ SW, at least the SW.
                if (rapdu is null || (rapdu.Length > 0 && (!IsApduHex(rapdu) || rapdu.Length < 4)))
                    problems.Add($"ramResponses[{i}].listOfRAPDU[{j}]: '{ClientText.Bounded(rapdu)}' is not an R-APDU in upper-case hex");
            }
        }
        return problems;
    }

    /// <summary>The spec's spelling of a status, e.g. UNAVAILABLE_SE.</summary>
    public static string Name(LocalAgentStatusKind kind) => kind switch
    {
        LocalAgentStatusKind.Processed => "PROCESSED",
        LocalAgentStatusKind.Polling => "POLLING",
        LocalAgentStatusKind.UnavailableSe => "UNAVAILABLE_SE",
        LocalAgentStatusKind.UnknownFailure => "UNKNOWN_FAILURE",
        LocalAgentStatusKind.UngrantedAccess => "UNGRANTED_ACCESS",
        _ => kind.ToString(),
    };

    private static void CheckCommand(RamCommand command, string at, List<string> problems)
    {
        switch (command.RamCommandType)
        {
            case RamCommandType.SeRamCommand:
                if (command.ListOfCapdu is null || command.ListOfCapdu.Count == 0)
                    problems.Add($"{at}.listOfCAPDU: a seRamCommand needs at least one C-APDU");
                else
                {
                    for (var j = 0; j < command.ListOfCapdu.Count; j++)
                        CheckCapdu(command.ListOfCapdu[j], $"{at}.listOfCAPDU[{j}]", problems);
                }
                if (command.DeviceAppNotification is not null)
                    problems.Add($"{at}.deviceAppNotification: only a notificationCommand carries one");
                break;
            case RamCommandType.NotificationCommand:
                if (command.DeviceAppNotification is null)
                    problems.Add($"{at}.deviceAppNotification: a notificationCommand needs one");
                if (command.ListOfCapdu is not null)
                    problems.Add($"{at}.listOfCAPDU: only a seRamCommand carries C-APDUs");
                break;
            default:
                if (command.ListOfCapdu is not null)
                    problems.Add($"{at}.listOfCAPDU: only a seRamCommand carries C-APDUs");
                if (command.DeviceAppNotification is not null)
                    problems.Add($"{at}.deviceAppNotification: only a notificationCommand carries one");
                break;
        }
    }

    private static void CheckCapdu(string? capdu, string at, List<string> problems)
    {
        if (!IsApduHex(capdu))
        {
            problems.Add($"{at}: '{ClientText.Bounded(capdu)}' is not upper-case hex");
            return;
        }
        try
        {
            CommandApdu.Parse(Convert.FromHexString(capdu!));
        }
        catch (ApduFormatException ex)
        {
            problems.Add($"{at}: not a C-APDU ({ex.Message})");
        }
    }

    private static void CheckSecureElement(SecureElement? se, string at, List<string> problems)
    {
        if (se is null)
        {
            problems.Add($"{at}: null");
            return;
        }
        if (string.IsNullOrWhiteSpace(se.SeId))
            problems.Add($"{at}.seId: must not be empty");
        if (!Enum.IsDefined(se.SeType))
            problems.Add($"{at}.seType: not a SERAM SE type");
    }

    private static void CheckOffered(IReadOnlyList<string>? offered, string at, List<string> problems)
    {
        if (offered is null)
            return;
        if (offered.Count == 0)
            problems.Add($"{at}: when present the list must not be empty (leave it out for the default)");
        for (var i = 0; i < offered.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(offered[i]))
                problems.Add($"{at}[{i}]: must not be empty");
        }
    }
}
