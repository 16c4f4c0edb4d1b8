using Tsm.Grains.Domain;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Domain;

/// <summary>Registration codes (docs/security.md, "Wallets"): six digits, five minutes, single use, five wrong tries, five per hour.</summary>
public sealed class RegistrationCodeRulesTests
{
    private const string SeId = "86000000000000000001";
    private const string Number = "13800138000";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_code_proves_its_number_once_within_five_minutes()
    {
        var (code, kept) = RegistrationCodeRules.Issue(SeId, Number, null, Now);
        Assert.Matches("^[0-9]{6}$", code);
        Assert.DoesNotContain(code, Convert.ToHexString(kept.Hash), StringComparison.Ordinal);
        Assert.False(RegistrationCodeRules.Verify(SeId, "13900139000", code, kept, Now).Proven);
        Assert.False(RegistrationCodeRules.Verify(SeId, Number, code, kept, Now + TimeSpan.FromMinutes(5.1)).Proven);
        var (proven, spent) = RegistrationCodeRules.Verify(SeId, Number, code, kept, Now + TimeSpan.FromMinutes(4));
        Assert.True(proven);
        Assert.False(RegistrationCodeRules.Verify(SeId, Number, code, spent, Now + TimeSpan.FromMinutes(4)).Proven);
    }

    [Fact]
    public void Five_wrong_tries_kill_the_code()
    {
        var (code, kept) = RegistrationCodeRules.Issue(SeId, Number, null, Now);
        var wrong = code == "000000" ? "000001" : "000000";
        RegistrationCode? state = kept;
        for (var i = 0; i < RegistrationCodeRules.MaxWrongTries; i++)
            (_, state) = RegistrationCodeRules.Verify(SeId, Number, wrong, state, Now);
        Assert.False(RegistrationCodeRules.Verify(SeId, Number, code, state, Now).Proven);
    }

    [Fact]
    public void At_most_five_codes_an_hour_are_sent_for_an_SE()
    {
        RegistrationCode? kept = null;
        for (var i = 0; i < RegistrationCodeRules.MaxSentPerWindow; i++)
            (_, kept) = RegistrationCodeRules.Issue(SeId, Number, kept, Now + TimeSpan.FromMinutes(i));
        var refused = Assert.Throws<RefusedException>(() => RegistrationCodeRules.Issue(SeId, Number, kept, Now + TimeSpan.FromMinutes(10)));
        Assert.Equal(RefusalCode.RegistrationCodeLimit, refused.Refusal.Code);
        Assert.Matches("^[0-9]{6}$", RegistrationCodeRules.Issue(SeId, Number, kept, Now + TimeSpan.FromMinutes(61)).Code);
    }
}
