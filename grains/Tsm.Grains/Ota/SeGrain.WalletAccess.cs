using Tsm.Grains.Domain;

namespace Tsm.Grains.Ota;

/// <summary>
/// The SE grain's part in a wallet's access (docs/security.md, "Wallets"): registration codes that prove a number, and
/// the refresh generation that makes each wallet refresh token good for one use.
/// </summary>
public sealed partial class SeGrain
{
    /// <summary>Checks a registration code; a wrong one is counted (and stored) before the login is answered.</summary>
    private async Task<bool> ProveAsync(string msisdn, string code)
    {
        var s = state.State;
        var (proven, kept) = RegistrationCodeRules.Verify(SeId, msisdn, code, s.RegistrationCode, time.GetUtcNow());
        if (!ReferenceEquals(kept, s.RegistrationCode))
        {
            s.RegistrationCode = kept;
            await state.WriteStateAsync();
        }
        return proven;
    }

    public async Task<string> IssueRegistrationCode(string msisdn)
    {
        ArgumentException.ThrowIfNullOrEmpty(msisdn);
        _ = Batch;
        if (Lost)
            throw new RefusedException(RefusalCode.SeLost, "The SE is on the loss list.");
        var s = state.State;
        var (code, kept) = RegistrationCodeRules.Issue(SeId, msisdn, s.RegistrationCode, time.GetUtcNow());
        s.RegistrationCode = kept;
        await state.WriteStateAsync();
        return code;
    }

    public async Task<int> RenewWalletAccess(string msisdn, int generation)
    {
        var s = state.State;
        if (Lost || s.Msisdn != msisdn || s.NumberDeparted || generation != s.AccessGeneration)
            throw new RefusedException(RefusalCode.WalletAccessRevoked, "This refresh token was already used, or the SE is no longer bound to the number: log in again.");
        s.AccessGeneration++;
        await state.WriteStateAsync();
        return s.AccessGeneration;
    }
}
