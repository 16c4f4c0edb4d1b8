using Microsoft.Extensions.Options;
using Tsm.Grains.Keys;

namespace Tsm.Gateway.Ota;

/// <summary>With <c>KeyService:Provider = Pkcs11</c>, the token options must be complete (the PIN is never quoted).</summary>
public sealed class Pkcs11OptionsValidator : IValidateOptions<KeyServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != KeyServiceProvider.Pkcs11)
            return ValidateOptionsResult.Success;
        var problems = options.Pkcs11.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
