using Tsm.Grains.Management.Providers;

namespace Tsm.Grains.Tests.Management;

public sealed class ProviderAttributesTests
{
    private static readonly ProviderBasics Good = new("Bank of Tests", "bank", "91110000MA01", "B0001", ["payment"], "joint");

    [Fact]
    public void Complete_basics_pass() => Assert.Empty(ProviderAttributes.Check(Good));

    [Fact]
    public void Missing_or_control_character_basics_are_named()
    {
        var problems = ProviderAttributes.Check(Good with { Name = " ", OperatingLicenceNumber = "B\r\n0001", ApplicationTypes = ["ok", ""] });
        Assert.Contains(problems, p => p.StartsWith("name:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("operatingLicenceNumber:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("applicationTypes:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ops@bank.example", true)]
    [InlineData("ops@bank", false)]
    [InlineData("ops bank@x.example", false)]
    [InlineData("a@b.example\r\nBcc: x@y.example", false)]
    [InlineData("a@@b.example", false)]
    public void Contact_email_addresses_are_checked(string email, bool good) => Assert.Equal(good, ProviderAttributes.IsEmail(email));

    [Theory]
    [InlineData("13800001234", true)]
    [InlineData("+8613800001234", true)]
    [InlineData("1380000123x", false)]
    [InlineData("1234", false)]
    public void Contact_mobiles_are_checked(string mobile, bool good) => Assert.Equal(good, ProviderAttributes.IsMobile(mobile));

    [Fact]
    public void Extended_attributes_may_be_empty() => Assert.Empty(ProviderAttributes.Check(ProviderExtended.Empty));

    [Fact]
    public void Spids_are_SP_and_six_digits_and_only_issued_ones_have_a_number()
    {
        Assert.Equal("SP000001", Spids.Format(1));
        Assert.Equal("SP999999", Spids.Format(Spids.MaxNumber));
        Assert.Equal(42, Spids.NumberOf("SP000042"));
        Assert.Null(Spids.NumberOf("demo"));
        Assert.Null(Spids.NumberOf("SP00004X"));
        Assert.Null(Spids.NumberOf("SP000000"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Spids.Format(0));
    }
}
