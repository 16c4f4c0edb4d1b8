using System.Text.Json.Serialization;

namespace Tsm.Simulator.Phone;

/// <summary>Body of <c>POST /wallet/v1/registration-codes</c>.</summary>
internal sealed record RegistrationCodeRequest(
    [property: JsonPropertyName("seId")] string SeId,
    [property: JsonPropertyName("msisdn")] string Msisdn);

/// <summary>Body of <c>POST /wallet/v1/login</c>, with the registration code when the gateway asked for one.</summary>
internal sealed record CodeLoginRequest(
    [property: JsonPropertyName("msisdn")] string Msisdn,
    [property: JsonPropertyName("seId")] string SeId,
    [property: JsonPropertyName("imsi")] string Imsi,
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("code")] string? Code)
{
    public override string ToString() => $"CodeLoginRequest {{ Msisdn = {Msisdn}, SeId = {SeId} }}";
}

/// <summary>Body of <c>POST /wallet/v1/token</c>.</summary>
internal sealed record TokenRefreshRequest([property: JsonPropertyName("refreshToken")] string RefreshToken)
{
    public override string ToString() => "TokenRefreshRequest";
}

/// <summary>
/// Source-generated JSON of the phone's own records (the wallet API's authentication bodies and <see cref="PhoneState"/>):
/// absent optional fields are left out (a login without a code sends no <c>code</c>), required fields enforced.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(WalletTokens))]
[JsonSerializable(typeof(RegistrationCodeRequest))]
[JsonSerializable(typeof(CodeLoginRequest))]
[JsonSerializable(typeof(TokenRefreshRequest))]
[JsonSerializable(typeof(PhoneState))]
internal sealed partial class PhoneJsonContext : JsonSerializerContext;
