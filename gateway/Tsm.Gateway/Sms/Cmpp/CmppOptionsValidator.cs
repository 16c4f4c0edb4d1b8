using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Sms.Cmpp;

/// <summary>Validates <see cref="CmppOptions"/> at start: every account, with unique names.</summary>
public sealed class CmppOptionsValidator() : SmsAccountsValidator<CmppOptions>(CmppOptions.Section, options => options.Accounts);
