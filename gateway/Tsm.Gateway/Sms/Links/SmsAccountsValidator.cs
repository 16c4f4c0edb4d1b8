using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Sms.Links;

/// <summary>The start-up check of a protocol's account list (SMPP, CMPP): each account, and unique names.</summary>
/// <param name="section">The protocol's configuration section, named in the problems (<c>Sms:Smpp</c>).</param>
/// <param name="accountsOf">The accounts the options hold.</param>
public abstract class SmsAccountsValidator<TOptions>(string section, Func<TOptions, IReadOnlyList<SmsLinkOptions>> accountsOf) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var accounts = accountsOf(options);
        var problems = new List<string>();
        for (var i = 0; i < accounts.Count; i++)
            problems.AddRange(accounts[i].Validate($"{section}:Accounts:{i}"));
        foreach (var duplicate in accounts.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"{section}:Accounts: the name '{duplicate.Key}' is used more than once.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
