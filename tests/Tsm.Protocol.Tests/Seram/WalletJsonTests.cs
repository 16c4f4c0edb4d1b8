using System.Text.Json;
using Tsm.Protocol.Wallet;

namespace Tsm.Protocol.Tests.Seram;

public sealed class WalletJsonTests
{
    private static T Read<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) => JsonSerializer.Deserialize(json, info)!;

    [Fact]
    public void Login_request_writes_a_null_token()
    {
        var json = JsonSerializer.Serialize(
            new WalletLoginRequest { Msisdn = "13800138000", SeId = "4A5400112233", Imsi = "460001234567890", Token = null },
            WalletJsonContext.Default.WalletLoginRequest);

        Assert.Equal("""{"msisdn":"13800138000","seId":"4A5400112233","imsi":"460001234567890","token":null,"code":null}""", json);
    }

    [Fact]
    public void Login_response_reads_the_application_lists()
    {
        var response = Read("""
            { "seId": "4A54", "msisdn": "13800138000", "registered": true, "queryOnly": false, "sessionId": null,
              "applications": { "download": ["A0000003330101"], "delete": [], "lock": ["A0000000041010"], "unlock": [] } }
            """, WalletJsonContext.Default.WalletLoginResponse);

        Assert.True(response.Registered);
        Assert.Null(response.SessionId);
        Assert.Equal(["A0000003330101"], response.Applications.Download);
        Assert.Equal(["A0000000041010"], response.Applications.Lock);
    }

    [Fact]
    public void Operation_channel_defaults_to_wallet_and_spells_business_hall()
    {
        var request = Read("""{ "msisdn": "13800138000", "seId": "4A54", "operation": "download", "applicationAid": "A0000003330101" }""",
            WalletJsonContext.Default.WalletOperationRequest);
        Assert.Equal(WalletChannel.Wallet, request.Channel);

        var json = JsonSerializer.Serialize(request with { Channel = WalletChannel.BusinessHall, Operation = WalletOperation.Sync, ApplicationAid = null },
            WalletJsonContext.Default.WalletOperationRequest);
        Assert.Equal("""{"msisdn":"13800138000","seId":"4A54","operation":"sync","applicationAid":null,"channel":"business-hall"}""", json);
    }

    [Fact]
    public void Task_status_carries_the_failure_and_sw()
    {
        var task = Read("""
            { "taskId": "t-1", "seId": "4A54", "operation": "download", "applicationAid": "A0000003330101",
              "state": "failed", "failure": { "reason": "not enough memory", "statusWord": "6A84" } }
            """, WalletJsonContext.Default.WalletTaskStatus);

        Assert.Equal(WalletTaskState.Failed, task.State);
        Assert.True(task.IsFinal);
        Assert.Equal("6A84", task.Failure!.StatusWord);
    }

    [Fact]
    public void A_registration_task_reports_the_register_operation()
    {
        var task = new WalletTaskStatus { TaskId = "4A54.0123456789abcdef0123456789abcdef", SeId = "4A54", Operation = WalletOperation.Register, State = WalletTaskState.Running };
        var json = JsonSerializer.Serialize(task, WalletJsonContext.Default.WalletTaskStatus);

        Assert.Contains("\"operation\":\"register\",", json, StringComparison.Ordinal);
        Assert.Equal(task, Read(json, WalletJsonContext.Default.WalletTaskStatus));
    }

    [Fact]
    public void The_wallet_cannot_ask_for_a_registration()
    {
        var register = new WalletOperationRequest { Msisdn = "13800138000", SeId = "4A54", Operation = WalletOperation.Register };
        Assert.Equal(["operation: register is started by a login, not asked for"], WalletValidation.Validate(register));
    }

    [Theory]
    [InlineData("""{ "msisdn": "1", "seId": "4A54", "operation": "install" }""")]
    [InlineData("""{ "msisdn": "1", "seId": "4A54", "operation": "sync", "channel": "shop" }""")]
    [InlineData("""{ "msisdn": "1", "seId": "4A54" }""")]
    public void Unknown_values_and_missing_fields_are_rejected(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, WalletJsonContext.Default.WalletOperationRequest));
    }

    [Fact]
    public void Problem_round_trips()
    {
        var problem = new WalletProblem { Type = "https://tsm.example/problems/unknown-se", Title = "Unknown SE", Status = 404, Detail = "SE 4A54 is not issued" };
        var json = JsonSerializer.Serialize(problem, WalletJsonContext.Default.WalletProblem);

        Assert.Equal(problem, Read(json, WalletJsonContext.Default.WalletProblem));
    }

    [Fact]
    public void Validation_checks_aid_against_operation()
    {
        var sync = new WalletOperationRequest { Msisdn = "13800138000", SeId = "4A54", Operation = WalletOperation.Sync, ApplicationAid = "A0000003330101" };
        Assert.Equal(["applicationAid: must be null for sync"], WalletValidation.Validate(sync));

        var download = sync with { Operation = WalletOperation.Download, ApplicationAid = null };
        Assert.Equal(["applicationAid: required for download"], WalletValidation.Validate(download));

        Assert.Empty(WalletValidation.Validate(sync with { ApplicationAid = null }));
        Assert.NotEmpty(WalletValidation.Validate(new WalletLoginRequest { Msisdn = "x", SeId = "4A54", Imsi = "460001234567890" }));
    }
}
