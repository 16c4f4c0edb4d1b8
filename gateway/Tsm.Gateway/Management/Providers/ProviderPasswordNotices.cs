using System.Globalization;
using Tsm.Gateway.Security.Accounts;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// Requirement 5.6.7.1: a provider's staff account whose password was changed (by itself) or reset (by an operator) is
/// reported to the provider's contact by SMS and e-mail — that it changed and when, never the password. Accounts of no
/// provider are not the provider notices' business. A failed notice does not undo the change (it is logged).
/// </summary>
public sealed class ProviderPasswordNotices(ProviderStore store, IProviderNotifier notifier, TimeProvider time) : IPasswordChangeListener
{
    public async Task PasswordChangedAsync(TsmAccount account, bool reset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (string.IsNullOrEmpty(account.Provider) || await store.FindAsync(account.Provider, cancellationToken) is not { } provider)
            return;
        var at = time.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var how = reset ? "was reset by the platform's operator" : "was changed";
        var sms = $"TSM: the password of sign-in {account.UserName} {how} at {at}. Not you? Call the operator.";
        var email = $"The password of the sign-in account {account.UserName} of {provider.Basics.Name} ({provider.Key}) {how} at {at}.\r\n\r\n"
            + "If nobody at your company did this, contact the platform's operator at once.\r\n";
        await notifier.NotifyAsync(new ProviderNotice(provider.Key, provider.Extended.ContactMobile, provider.Extended.ContactEmail,
            $"TSM: password of {account.UserName} {(reset ? "reset" : "changed")}", sms, email, Sensitive: false), cancellationToken);
    }
}
