namespace Tsm.Gateway.Security.Accounts;

// The wire contract of /admin/v1/session, /admin/v1/account, /admin/v1/accounts and /admin/v1/roles (docs/security.md).
// Kept together as the API's request and response shapes; no behaviour.

/// <summary>Body of <c>POST /admin/v1/session/login</c>.</summary>
public sealed record SignInRequest(string UserName, string Password, string? TwoFactorCode = null);

/// <summary>Body of <c>POST /admin/v1/session/refresh</c>.</summary>
public sealed record RefreshRequest(string RefreshToken);

/// <summary>An account as the API shows it (never its password hash, stamps or authenticator key).</summary>
public sealed record AccountView(
    string UserName, string? DisplayName, IReadOnlyList<string> Roles, string? Region, string? Provider,
    bool TwoFactorEnabled, DateTimeOffset? LockedOutUntil);

/// <summary>Body of <c>POST /admin/v1/accounts</c>.</summary>
public sealed record AccountCreateRequest(
    string UserName, string Password, IReadOnlyList<string> Roles, string? DisplayName = null, string? Region = null, string? Provider = null);

/// <summary>Body of <c>PUT /admin/v1/accounts/{userName}</c>: what is given changes, what is null stays.</summary>
public sealed record AccountUpdateRequest(
    string? DisplayName = null, IReadOnlyList<string>? Roles = null, string? Region = null, string? Provider = null,
    string? NewPassword = null, bool? Locked = null);

/// <summary>Body of <c>PUT /admin/v1/account/password</c>.</summary>
public sealed record PasswordChangeRequest(string CurrentPassword, string NewPassword);

/// <summary>Body of <c>POST /admin/v1/account/two-factor</c>: enable with a code from the authenticator, or disable, or reset the key.</summary>
public sealed record TwoFactorRequest(bool? Enable = null, string? Code = null, bool ResetKey = false);

/// <summary>The caller's two-factor state and, while not enabled, the shared key to put into an authenticator app.</summary>
public sealed record TwoFactorView(bool Enabled, string? SharedKey, int RecoveryCodesLeft);

/// <summary>A role and the permissions it grants.</summary>
public sealed record RoleView(string Name, string? Description, IReadOnlyList<string> Permissions, int Accounts);

/// <summary>Body of <c>POST /admin/v1/roles</c> and <c>PUT /admin/v1/roles/{name}</c>.</summary>
public sealed record RoleRequest(string? Name, string? Description, IReadOnlyList<string>? Permissions);

/// <summary>A permission: its name (also the authorization policy's) and what it allows.</summary>
public sealed record PermissionView(string Name, string Description);
