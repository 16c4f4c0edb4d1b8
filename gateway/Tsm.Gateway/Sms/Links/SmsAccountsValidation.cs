using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Sms.Links;

/// <summary>The start-up check shared by the SMPP and CMPP account lists: each account, and unique names.</summary>
public static class SmsAccountsValidation
{
    public static ValidateOptionsResult Validate(string section, IReadOnlyList<SmsAccountOptions> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var problems = new List<string>();
        for (var i = 0; i < accounts.Count; i++)
            problems.AddRange(accounts[i].Validate($"{section}:Accounts:{i}"));
        foreach (var duplicate in accounts.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"{section}:Accounts: the name '{duplicate.Key}' is used more than once.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
