using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Sms.Links;

/// <summary>The start-up check shared by the SMPP and CMPP account lists: each account, and unique names.</summary>
public static class SmsAccountsValidation
{
    public static ValidateOptionsResult Validate<TAccount>(
        string section, IReadOnlyList<TAccount> accounts, Func<TAccount, string> nameOf, Func<TAccount, string, IEnumerable<string>> validate)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(nameOf);
        ArgumentNullException.ThrowIfNull(validate);
        var problems = new List<string>();
        for (var i = 0; i < accounts.Count; i++)
            problems.AddRange(validate(accounts[i], $"{section}:Accounts:{i}"));
        foreach (var duplicate in accounts.GroupBy(nameOf, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"{section}:Accounts: the name '{duplicate.Key}' is used more than once.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
