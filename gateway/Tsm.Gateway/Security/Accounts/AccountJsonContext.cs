using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>Source-generated JSON for the account API's bodies (web defaults: camelCase, case-insensitive reading).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(AccountCreateRequest))]
[JsonSerializable(typeof(AccountUpdateRequest))]
[JsonSerializable(typeof(PasswordChangeRequest))]
[JsonSerializable(typeof(TwoFactorRequest))]
[JsonSerializable(typeof(RoleRequest))]
public sealed partial class AccountJsonContext : JsonSerializerContext;
