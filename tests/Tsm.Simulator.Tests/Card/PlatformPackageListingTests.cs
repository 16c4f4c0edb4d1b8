using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Simulator.Tests.Card;

/// <summary>The Java Card and GlobalPlatform API packages in ROM, as GET STATUS shows them (docs/simulator.md "Card defaults").</summary>
public sealed class PlatformPackageListingTests
{
    private const string JavacardFramework = "A0000000620101";
    private const string OrgGlobalPlatform = "A00000015100";

    [Fact]
    public void GET_STATUS_lists_the_platform_packages_in_ROM_as_real_cards_do_and_DELETE_refuses_them()
    {
        // GP 2.2.1 §11.4.2.3: with the Global Registry privilege (the ISD's view) the search applies to all Executable Load
        // Files registered in the GlobalPlatform Registry; the API packages are registered load files, so P1 20 and 10 list them.
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card);
        var files = isd.Registry(GetStatusScope.ExecutableLoadFiles);
        var framework = Assert.Single(files, e => e.Aid.ToString() == JavacardFramework);
        Assert.Equal(LifeCycle.Loaded, framework.LifeCycle);
        Assert.Equal(HostSession.IsdAid, framework.AssociatedSecurityDomainAid?.ToString());
        Assert.Contains(files, e => e.Aid.ToString() == OrgGlobalPlatform);
        var withModules = isd.Registry(GetStatusScope.ExecutableLoadFilesAndModules);
        Assert.Empty(Assert.Single(withModules, e => e.Aid.ToString() == JavacardFramework).ModuleAids ?? []);

        // GP 2.2.1 §9.5.2: the OPEN checks it "has no restriction for deletion"; the API every applet links against is one (6985).
        Assert.Equal(StatusWords.ConditionsNotSatisfied, isd.Send(DeleteCommand.ForObject(Aid.Parse(JavacardFramework)).ToApdu()).StatusWord);
        Assert.Contains(isd.Registry(GetStatusScope.ExecutableLoadFiles), e => e.Aid.ToString() == JavacardFramework);
    }
}
