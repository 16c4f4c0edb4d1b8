using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Protocol.Tests.GlobalPlatform;

public sealed class PrivilegesAndLifeCycleTests
{
    [Fact]
    public void Has_tests_every_bit_of_the_mask()
    {
        Assert.True(Privileges.DapVerification.Has(Privileges.SecurityDomain));
        Assert.False(Privileges.SecurityDomain.Has(Privileges.DapVerification));
        Assert.False(Privileges.DelegatedManagement.Has(Privileges.DapVerification));
        Assert.True(Privileges.MandatedDap.Has(Privileges.DapVerification));
        var isd = Privileges.Parse([0x9E, 0xFE, 0x80]);
        Assert.True(isd.Has(Privileges.CardLock | Privileges.CardTerminate | Privileges.CardReset | Privileges.CvmManagement));
        Assert.True(isd.Has(Privileges.GlobalRegistry | Privileges.ReceiptGeneration));
        Assert.False(isd.Has(Privileges.GlobalService));
        Assert.Contains("SecurityDomain", isd.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "000000")]
    [InlineData("C0", "C00000")]
    [InlineData("80C020", "80C020")]
    public void Parses_0_1_3_bytes(string hex, string expected) =>
        Assert.Equal(expected, Hex.Format(Privileges.Parse(Hex.Parse(hex)).ToArray()));

    [Fact]
    public void Encodes_one_or_three_bytes_and_rejects_two()
    {
        Assert.Equal([0xA0], Privileges.DelegatedManagement.ToArray(compact: true));
        Assert.Equal(3, (Privileges.SecurityDomain | Privileges.TrustedPath).ToArray(compact: true).Length);
        Assert.Throws<GpFormatException>(() => Privileges.Parse([1, 2]));
    }

    [Theory]
    [InlineData(0x07, RegistryEntryKind.Application, "SELECTABLE")]
    [InlineData(0x87, RegistryEntryKind.Application, "LOCKED (SELECTABLE)")]
    [InlineData(0x0F, RegistryEntryKind.SecurityDomain, "PERSONALIZED")]
    [InlineData(0x8F, RegistryEntryKind.SecurityDomain, "LOCKED (PERSONALIZED)")]
    [InlineData(0x7F, RegistryEntryKind.Card, "CARD_LOCKED")]
    [InlineData(0x01, RegistryEntryKind.ExecutableLoadFile, "LOADED")]
    [InlineData(0x17, RegistryEntryKind.Application, "APPLICATION SPECIFIC (17)")]
    public void Describes_states(byte state, RegistryEntryKind kind, string name) =>
        Assert.Equal(name, LifeCycle.Describe(state, kind));

    [Fact]
    public void Locked_helpers()
    {
        Assert.True(LifeCycle.IsLocked(0x83));
        Assert.False(LifeCycle.IsLocked(LifeCycle.Personalized));
        Assert.Equal(LifeCycle.Selectable, LifeCycle.Unlocked(0x87));
    }
}
