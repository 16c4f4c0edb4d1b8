using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Sms.Cmpp;

/// <summary>Validates <see cref="CmppOptions"/> at start: every account, with unique names.</summary>
public sealed class CmppOptionsValidator : IValidateOptions<CmppOptions>
{
    public ValidateOptionsResult Validate(string? name, CmppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SmsAccountsValidation.Validate(CmppOptions.Section, options.Accounts);
    }
}
