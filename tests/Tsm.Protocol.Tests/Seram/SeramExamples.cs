namespace Tsm.Protocol.Tests.Seram;

/// <summary>SERAM 2.0.0 messages shaped like the spec's examples (spec/examples, spec/gpseram.yaml), with our own values.</summary>
internal static class SeramExamples
{
    public const string HandshakeRequest = """
        {
          "secureElements": [
            { "seType": "eSE", "seId": "4A5400112233445566778899", "seExtraInfo": "SAM" },
            { "seType": "uicc", "seId": "8986001122334455667F" }
          ],
          "supportedTransportProtocols": [ "HTTPS" ],
          "supportedDataFormats": [ "application/json" ],
          "supportedVersions": [ "2.0.0" ]
        }
        """;

    public const string HandshakeResponse = """
        { "chosenTransportProtocol": "HTTPS", "chosenDataFormat": "application/json", "chosenVersion": "2.0.0" }
        """;

    public const string PollingReport = """
        { "localAgentStatus": { "localAgentStatusEnum": "POLLING", "executedSeRamCommands": 0 } }
        """;

    public const string ProcessedReport = """
        {
          "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedSeRamCommands": 2 },
          "ramResponses": [
            { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "6F108408A000000151000000A5049F6501FF9000", "9000" ] },
            { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "6A88" ] }
          ]
        }
        """;

    public const string FailedReport = """
        {
          "localAgentStatus": { "localAgentStatusEnum": "UNAVAILABLE_SE", "executedSeRamCommands": 0, "errorMsg": "power lost at C-APDU 2" },
          "ramResponses": [ { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "9000" ] } ]
        }
        """;

    public const string VoidOrder = """{ "delay": 250 }""";

    public const string AllCommandsOrder = """
        {
          "delay": 0,
          "chosenSecureElement": { "seType": "eSE", "seId": "4A5400112233445566778899", "seExtraInfo": "SAM" },
          "ramCommands": [
            { "ramCommandType": "startCommand" },
            { "ramCommandType": "seRamCommand", "listOfCAPDU": [ "00A4040007A000000151000000", "80CA9F7F00" ] },
            { "ramCommandType": "notificationCommand", "deviceAppNotification": "install/step 1 of 3" },
            { "ramCommandType": "stopCommand" }
          ]
        }
        """;
}
