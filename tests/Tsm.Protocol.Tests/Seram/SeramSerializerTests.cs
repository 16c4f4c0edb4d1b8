using System.Text.Json.Nodes;
using Tsm.Protocol.Seram;

namespace Tsm.Protocol.Tests.Seram;

public sealed class SeramSerializerTests
{
    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nactual   {actual}");

    [Fact]
    public void Handshake_request_round_trips()
    {
        var message = SeramSerializer.ParseHandshakeRequest(SeramExamples.HandshakeRequest);

        Assert.Equal(2, message.SecureElements.Count);
        Assert.Equal(SeType.Ese, message.SecureElements[0].SeType);
        Assert.Equal("4A5400112233445566778899", message.SecureElements[0].SeId);
        Assert.Equal("SAM", message.SecureElements[0].SeExtraInfo);
        Assert.Equal(SeType.Uicc, message.SecureElements[1].SeType);
        Assert.Null(message.SecureElements[1].SeExtraInfo);
        Assert.Equal(["2.0.0"], message.SupportedVersions);
        AssertSameJson(SeramExamples.HandshakeRequest, SeramSerializer.Serialize(message));
    }

    [Fact]
    public void Handshake_request_without_lists_takes_the_spec_defaults()
    {
        var message = SeramSerializer.ParseHandshakeRequest("""{ "secureElements": [ { "seType": "ieuicc", "seId": "01" } ] }""");

        Assert.Null(message.SupportedTransportProtocols);
        Assert.Equal(["HTTPS"], message.EffectiveTransportProtocols);
        Assert.Equal(["application/json"], message.EffectiveDataFormats);
        Assert.Equal(["2.0.0"], message.EffectiveVersions);
        Assert.Equal("""{"secureElements":[{"seType":"ieuicc","seId":"01"}]}""", SeramSerializer.Serialize(message));
    }

    [Fact]
    public void Handshake_response_round_trips()
    {
        var message = SeramSerializer.ParseHandshakeResponse(SeramExamples.HandshakeResponse);

        Assert.Equal(new HandshakeResponse { ChosenTransportProtocol = "HTTPS", ChosenDataFormat = "application/json", ChosenVersion = "2.0.0" }, message);
        AssertSameJson(SeramExamples.HandshakeResponse, SeramSerializer.Serialize(message));
    }

    [Fact]
    public void Polling_report_is_the_void_message()
    {
        Assert.Equal(
            """{"localAgentStatus":{"localAgentStatusEnum":"POLLING","executedSeRamCommands":0}}""",
            SeramSerializer.Serialize(RemoteManagementReport.Polling()));
        var parsed = SeramSerializer.ParseReport(SeramExamples.PollingReport);
        Assert.Equal(LocalAgentStatusKind.Polling, parsed.LocalAgentStatus.LocalAgentStatusEnum);
        Assert.Null(parsed.RamResponses);
    }

    [Theory]
    [InlineData(SeramExamples.ProcessedReport)]
    [InlineData(SeramExamples.FailedReport)]
    public void Reports_round_trip(string json)
    {
        var message = SeramSerializer.ParseReport(json);

        AssertSameJson(json, SeramSerializer.Serialize(message));
    }

    [Fact]
    public void Processed_report_carries_the_r_apdus_per_command_in_order()
    {
        var message = SeramSerializer.ParseReport(SeramExamples.ProcessedReport);

        Assert.Equal(LocalAgentStatusKind.Processed, message.LocalAgentStatus.LocalAgentStatusEnum);
        Assert.Equal(2, message.LocalAgentStatus.ExecutedSeRamCommands);
        Assert.Equal(["6F108408A000000151000000A5049F6501FF9000", "9000"], message.RamResponses![0].ListOfRapdu);
        Assert.Equal(["6A88"], message.RamResponses[1].ListOfRapdu);
    }

    [Fact]
    public void Order_with_every_command_round_trips()
    {
        var order = SeramSerializer.ParseOrder(SeramExamples.AllCommandsOrder);

        Assert.Equal(0, order.Delay);
        Assert.Equal(4, order.RamCommands!.Count);
        Assert.Equal(RamCommandType.StartCommand, order.RamCommands[0].RamCommandType);
        Assert.Equal(["00A4040007A000000151000000", "80CA9F7F00"], order.RamCommands[1].ListOfCapdu);
        Assert.Equal("install/step 1 of 3", order.RamCommands[2].DeviceAppNotification);
        Assert.Equal(RamCommandType.StopCommand, order.RamCommands[3].RamCommandType);
        Assert.Equal(1, order.SeRamCommandCount);
        Assert.True(order.HasStop);
        AssertSameJson(SeramExamples.AllCommandsOrder, SeramSerializer.Serialize(order));
    }

    [Fact]
    public void Void_order_has_no_commands()
    {
        var order = SeramSerializer.ParseOrder(SeramExamples.VoidOrder);

        Assert.True(order.IsVoid);
        Assert.Equal(250, order.Delay);
        Assert.Equal("""{"delay":250}""", SeramSerializer.Serialize(order));
    }

    [Fact]
    public void Factories_build_spec_shaped_commands()
    {
        var order = new RemoteManagementOrder
        {
            RamCommands = [RamCommand.Start(), RamCommand.SeRam("80CA9F7F00"), RamCommand.Notification("hi"), RamCommand.Stop()],
        };

        Assert.Equal(
            """{"ramCommands":[{"ramCommandType":"startCommand"},{"ramCommandType":"seRamCommand","listOfCAPDU":["80CA9F7F00"]},""" +
            """{"ramCommandType":"notificationCommand","deviceAppNotification":"hi"},{"ramCommandType":"stopCommand"}]}""",
            SeramSerializer.Serialize(order));
    }

    [Theory]
    [InlineData("""{ "secureElements": [ { "seType": "eSIM", "seId": "01" } ] }""", "seType")]
    [InlineData("""{ "secureElements": [ { "seType": 0, "seId": "01" } ] }""", "seType")]
    [InlineData("""{ "secureElements": [ { "seType": "eSE" } ] }""", "seId")]
    [InlineData("""{ "secureElements": [ { "seType": "eSE", "seId": null } ] }""", "seId")]
    [InlineData("""{ "supportedVersions": [ "2.0.0" ] }""", "secureElements")]
    [InlineData("""{ "secureElements": [] }""", "secureElements")]
    [InlineData("""{ "secureElements": [ { "seType": "eSE", "seId": "" } ] }""", "seId")]
    [InlineData("""{ "secureElements": [ { "seType": "eSE", "seId": "01" } ], "supportedVersions": [] }""", "supportedVersions")]
    public void Bad_handshake_requests_are_rejected_naming_the_field(string json, string field)
    {
        var ex = Assert.Throws<SeramFormatException>(() => SeramSerializer.ParseHandshakeRequest(json));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "chosenTransportProtocol": "CoAP", "chosenDataFormat": "application/json", "chosenVersion": "2.0.0" }""", "chosenTransportProtocol")]
    [InlineData("""{ "chosenTransportProtocol": "HTTPS", "chosenDataFormat": "application/cbor", "chosenVersion": "2.0.0" }""", "chosenDataFormat")]
    [InlineData("""{ "chosenTransportProtocol": "HTTPS", "chosenVersion": "2.0.0" }""", "chosenDataFormat")]
    public void Bad_handshake_responses_are_rejected(string json, string field)
    {
        var ex = Assert.Throws<SeramFormatException>(() => SeramSerializer.ParseHandshakeResponse(json));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "DONE", "executedSeRamCommands": 0 } }""", "localAgentStatusEnum")]
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "POLLING" } }""", "executedSeRamCommands")]
    [InlineData("""{ "ramResponses": [] }""", "localAgentStatus")]
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "POLLING", "executedSeRamCommands": 1 } }""", "executedSeRamCommands")]
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedSeRamCommands": 2 }, "ramResponses": [ { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "9000" ] } ] }""", "ramResponses")]
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedSeRamCommands": 1 }, "ramResponses": [ { "ramResponseType": "rawResponse", "listOfRAPDU": [ "9000" ] } ] }""", "ramResponseType")]
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedSeRamCommands": 1 }, "ramResponses": [ { "ramResponseType": "seRamResponse" } ] }""", "listOfRAPDU")]
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedSeRamCommands": 1 }, "ramResponses": [ { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "90" ] } ] }""", "listOfRAPDU[0]")]
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedSeRamCommands": 1 }, "ramResponses": [ { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "6a88" ] } ] }""", "listOfRAPDU[0]")]
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "POLLING", "executedSeRamCommands": 0, "executedRamCommands": 1 } }""", "executedSeRamCommands (0) and executedRamCommands (1) disagree")]
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "POLLING", "executeRamCommands": "0" } }""", "executeRamCommands: must be an integer")]
    [InlineData("""{ "localAgentStatus": { "executedSeRamCommands": 0 } }""", "localAgentStatusEnum")]
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedSeRamCommands": 1 }, "ramResponses": [ { "ramResponseType": "seRamResponse", "listOfRAPDU": [ null ] } ] }""", "listOfRAPDU")]
    public void Bad_reports_are_rejected_naming_the_field(string json, string field)
    {
        var ex = Assert.Throws<SeramFormatException>(() => SeramSerializer.ParseReport(json));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UNAVAILABLE_SE", LocalAgentStatusKind.UnavailableSe)]
    [InlineData("UNKNOWN_FAILURE", LocalAgentStatusKind.UnknownFailure)]
    [InlineData("UNGRANTED_ACCESS", LocalAgentStatusKind.UngrantedAccess)]
    public void An_error_report_without_errorMsg_is_valid_because_the_spec_says_should(string status, LocalAgentStatusKind kind)
    {
        var json = $$"""{ "localAgentStatus": { "localAgentStatusEnum": "{{status}}", "executedSeRamCommands": 0 } }""";

        var report = SeramSerializer.ParseReport(json);

        Assert.Equal(kind, report.LocalAgentStatus.LocalAgentStatusEnum);
        Assert.True(report.LocalAgentStatus.IsError);
        Assert.Null(report.LocalAgentStatus.ErrorMsg);
        Assert.Empty(SeramValidation.Validate(report));
    }

    [Theory]
    // The property definition of the spec (docs/wallet-protocol.md, "SERAM conformance").
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedSeRamCommands": 1 }, "ramResponses": [ { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "9000" ] } ] }""")]
    // The schema's required list.
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedRamCommands": 1 }, "ramResponses": [ { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "9000" ] } ] }""")]
    // The polling example's spelling.
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executeRamCommands": 1 }, "ramResponses": [ { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "9000" ] } ] }""")]
    // Two spellings that agree.
    [InlineData("""{ "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedSeRamCommands": 1, "executedRamCommands": 1 }, "ramResponses": [ { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "9000" ] } ] }""")]
    public void Every_spelling_of_the_executed_count_in_the_spec_is_read_and_the_property_name_is_written(string json)
    {
        var report = SeramSerializer.ParseReport(json);

        Assert.Equal(1, report.LocalAgentStatus.ExecutedSeRamCommands);
        Assert.Equal(
            """{"localAgentStatus":{"localAgentStatusEnum":"PROCESSED","executedSeRamCommands":1},"ramResponses":[{"ramResponseType":"seRamResponse","listOfRAPDU":["9000"]}]}""",
            SeramSerializer.Serialize(report));
    }

    [Fact]
    public void The_specs_own_polling_example_is_read()
    {
        // The spec's own polling example, verbatim (docs/wallet-protocol.md, "SERAM conformance").
        var report = SeramSerializer.ParseReport("""{ "localAgentStatus": { "localAgentStatusEnum": "POLLING", "executeRamCommands": 0 } }""");

        Assert.Equal(RemoteManagementReport.Polling(), report);
    }

    [Fact]
    public void An_empty_r_apdu_is_a_response_not_available_and_ends_the_available_ones()
    {
        var report = SeramSerializer.ParseReport("""
            { "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedSeRamCommands": 2 },
              "ramResponses": [ { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "9000", "6A88" ] },
                                { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "9F7F019000", "", "9000" ] } ] }
            """);

        Assert.Equal(["9000", "6A88", "9F7F019000"], report.AvailableRapdus());
        Assert.Empty(SeramSerializer.ParseReport("""{ "localAgentStatus": { "localAgentStatusEnum": "PROCESSED", "executedSeRamCommands": 1 }, "ramResponses": [ { "ramResponseType": "seRamResponse", "listOfRAPDU": [ "" ] } ] }""").AvailableRapdus());
        Assert.Empty(RemoteManagementReport.Polling().AvailableRapdus());
    }

    [Fact]
    public void Utf8_bodies_parse_like_strings_and_invalid_utf8_is_a_format_error()
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(SeramExamples.FailedReport);
        Assert.Equal(SeramSerializer.Serialize(SeramSerializer.ParseReport(SeramExamples.FailedReport)), SeramSerializer.Serialize(SeramSerializer.ParseReport(utf8)));
        Assert.Equal(SeramSerializer.Serialize(SeramSerializer.ParseHandshakeRequest(SeramExamples.HandshakeRequest)),
            SeramSerializer.Serialize(SeramSerializer.ParseHandshakeRequest(System.Text.Encoding.UTF8.GetBytes(SeramExamples.HandshakeRequest))));

        byte[] broken = [.. "{ \"localAgentStatus\": { \"localAgentStatusEnum\": \"UNKNOWN_FAILURE\", \"executedSeRamCommands\": 0, \"errorMsg\": \""u8, 0xC3, 0x28, .. "\" } }"u8];
        Assert.Throws<SeramFormatException>(() => SeramSerializer.ParseReport(broken));
        Assert.Throws<SeramFormatException>(() => SeramSerializer.ParseReport(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void An_offer_without_a_transport_list_offers_https_only_and_http_is_a_known_choice()
    {
        var offer = SeramSerializer.ParseHandshakeRequest("""{ "secureElements": [ { "seType": "eSE", "seId": "01" } ] }""");
        Assert.Equal(["HTTPS"], offer.EffectiveTransportProtocols);

        var overHttp = SeramSerializer.ParseHandshakeResponse("""{ "chosenTransportProtocol": "HTTP", "chosenDataFormat": "application/json", "chosenVersion": "2.0.0" }""");
        Assert.Equal(["chosenTransportProtocol: 'HTTP' was not offered"], SeramValidation.ValidateChoice(offer, overHttp));
        Assert.Empty(SeramValidation.ValidateChoice(offer with { SupportedTransportProtocols = ["HTTPS", "HTTP"] }, overHttp));
        Assert.Equal("HTTPS", SeramConstants.TransportForScheme("https"));
        Assert.Equal("HTTP", SeramConstants.TransportForScheme("http"));
    }

    [Theory]
    [InlineData("""{ "ramCommands": [ { "ramCommandType": "resetCommand" } ] }""", "ramCommandType")]
    [InlineData("""{ "ramCommands": [ { "listOfCAPDU": [ "80CA9F7F00" ] } ] }""", "ramCommandType")]
    [InlineData("""{ "ramCommands": [ { "ramCommandType": "seRamCommand" } ] }""", "listOfCAPDU")]
    [InlineData("""{ "ramCommands": [ { "ramCommandType": "seRamCommand", "listOfCAPDU": [ "80ca9f7f00" ] } ] }""", "listOfCAPDU[0]")]
    [InlineData("""{ "ramCommands": [ { "ramCommandType": "seRamCommand", "listOfCAPDU": [ "80CA" ] } ] }""", "listOfCAPDU[0]")]
    [InlineData("""{ "ramCommands": [ { "ramCommandType": "notificationCommand" } ] }""", "deviceAppNotification")]
    [InlineData("""{ "ramCommands": [ { "ramCommandType": "stopCommand" }, { "ramCommandType": "startCommand" } ] }""", "stopCommand must be the last")]
    [InlineData("""{ "ramCommands": [] }""", "ramCommands")]
    [InlineData("""{ "delay": -1 }""", "delay")]
    [InlineData("""{ "delay": "soon" }""", "delay")]
    [InlineData("""{ "chosenSecureElement": { "seType": "sim", "seId": "01" } }""", "seType")]
    [InlineData("""not json""", "invalid SERAM order")]
    [InlineData("""null""", "JSON null")]
    public void Bad_orders_are_rejected_naming_the_field(string json, string field)
    {
        var ex = Assert.Throws<SeramFormatException>(() => SeramSerializer.ParseOrder(json));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choice_must_come_from_the_offer()
    {
        var offer = new HandshakeRequest
        {
            SecureElements = [new SecureElement { SeType = SeType.Ese, SeId = "01" }],
            SupportedVersions = ["2.0.0"],
        };
        var choice = new HandshakeResponse { ChosenTransportProtocol = "HTTPS", ChosenDataFormat = "application/json", ChosenVersion = "1.0.0" };

        var problems = SeramValidation.ValidateChoice(offer, choice);

        Assert.Equal(["chosenVersion: '1.0.0' was not offered"], problems);
    }

    [Fact]
    public void Session_path_escapes_the_session_id()
    {
        Assert.Equal("/gp/seram/remoteManagement?sessionId=a%2Fb%20c", SeramConstants.PathFor(SeramConstants.RemoteManagementPath, "a/b c"));
        Assert.Equal("/gp/seram/handshake", SeramConstants.HandshakePath);
    }
}
