namespace Tsm.Gateway.Security.Accounts;

/// <summary>
/// Hears an account's password change once it is stored: by the account itself (<c>PUT /admin/v1/account/password</c>)
/// or a reset by an operator (<c>PATCH /admin/v1/accounts/{userName}</c> with <c>newPassword</c>). Never given the password.
/// </summary>
public interface IPasswordChangeListener
{
    Task PasswordChangedAsync(TsmAccount account, bool reset, CancellationToken cancellationToken);
}
