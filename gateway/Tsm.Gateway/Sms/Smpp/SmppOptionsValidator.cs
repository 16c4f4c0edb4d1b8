using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Sms.Smpp;

/// <summary>Checks <see cref="SmppOptions"/> when the host starts.</summary>
public sealed class SmppOptionsValidator() : SmsAccountsValidator<SmppOptions>(SmppOptions.Section, options => options.Accounts);
