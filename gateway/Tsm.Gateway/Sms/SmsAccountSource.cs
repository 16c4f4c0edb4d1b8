using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Sms;

/// <summary>The configured accounts of one SMS protocol (its section), as clients for <see cref="SmsAccountsHost"/> to run.</summary>
internal sealed record SmsAccountSource(string Section, Func<IServiceProvider, IEnumerable<ISmsAccountClient>> Create);
