using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;

namespace Tsm.Grains.Ota;

/// <summary>
/// Checks the wallet rules' options (section "Wallet", docs/configuration.md) at start: the loss list holds hex SE
/// ids, the retired list numbers, the token validity is 1 to 3650 days and the activation timeout positive.
/// </summary>
public sealed class WalletOptionsValidator : IValidateOptions<WalletOptions>
{
    public ValidateOptionsResult Validate(string? name, WalletOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.LostSeIds.Count; i++)
        {
            if (!CatalogueOptionsValidator.IsHex(options.LostSeIds[i]))
                failures.Add($"Wallet:LostSeIds:{i} must be a hex SE id.");
        }
        for (var i = 0; i < options.RetiredMsisdns.Count; i++)
        {
            if (!CatalogueOptionsValidator.IsNumber(options.RetiredMsisdns[i]))
                failures.Add($"Wallet:RetiredMsisdns:{i} must be 5 to 15 digits.");
        }
        if (options.TokenValidityDays is < 1 or > 3650)
            failures.Add("Wallet:TokenValidityDays must be 1 to 3650.");
        if (options.ActivationTimeout <= TimeSpan.Zero)
            failures.Add("Wallet:ActivationTimeout must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
