using Microsoft.AspNetCore.Identity;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>Identity refused an account change (password policy, duplicate name, …); the message lists Identity's reasons, never the password.</summary>
public sealed class AccountRuleException(IReadOnlyList<IdentityError> errors)
    : Exception(string.Join(" ", errors.Select(e => e.Description)))
{
    public IReadOnlyList<IdentityError> Errors { get; } = errors;

    public static void ThrowIfFailed(IdentityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded)
            throw new AccountRuleException([.. result.Errors]);
    }
}
