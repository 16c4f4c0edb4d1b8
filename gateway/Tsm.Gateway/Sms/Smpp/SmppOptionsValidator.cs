using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Sms.Smpp;

/// <summary>Checks <see cref="SmppOptions"/> when the host starts.</summary>
public sealed class SmppOptionsValidator : IValidateOptions<SmppOptions>
{
    public ValidateOptionsResult Validate(string? name, SmppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SmsAccountsValidation.Validate(SmppOptions.Section, options.Accounts);
    }
}
