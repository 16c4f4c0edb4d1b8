using Tsm.Grains.Catalogue;
using Tsm.Grains.Domain;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Domain;

/// <summary>What the catalogue lets an SE's user have (requirements 5.4.4, 5.4.5, 5.6.6, 5.8.4.1).</summary>
public sealed class CatalogueOfferTests
{
    private static readonly SeBatch Batch = OtaSessionTests.Batch;

    private static readonly ApplicationDefinition Published = OtaSessionTests.App with { Status = ApplicationStatus.Published };

    private static readonly OfferTarget User = new("8613800000001", TestNumber: false, ProviderBlocked: false);

    private static readonly OfferTarget Tester = User with { TestNumber = true };

    [Theory]
    [InlineData(ApplicationStatus.Initial, false, RefusalCode.ApplicationNotPublished)]
    [InlineData(ApplicationStatus.Reviewed, false, RefusalCode.ApplicationNotPublished)]
    [InlineData(ApplicationStatus.Tested, false, RefusalCode.ApplicationNotPublished)]
    [InlineData(ApplicationStatus.Archiving, false, RefusalCode.ApplicationNotPublished)]
    [InlineData(ApplicationStatus.Archived, true, RefusalCode.ApplicationNotPublished)]
    [InlineData(ApplicationStatus.Initial, true, RefusalCode.ApplicationNotPublished)]
    public void Downloads_need_a_published_application_or_a_test_number_for_reviewed_and_tested_ones(ApplicationStatus status, bool testNumber, RefusalCode expected)
    {
        var refusal = CatalogueOffer.Check(OperationKind.Download, Published with { Status = status }, Batch, testNumber ? Tester : User);
        Assert.Equal(expected, refusal?.Code);
    }

    [Theory]
    [InlineData(ApplicationStatus.Reviewed)]
    [InlineData(ApplicationStatus.Tested)]
    [InlineData(ApplicationStatus.Published)]
    public void A_test_number_may_download_reviewed_tested_and_published_applications(ApplicationStatus status) =>
        Assert.Null(CatalogueOffer.Check(OperationKind.Download, Published with { Status = status }, Batch, Tester));

    [Fact]
    public void Batches_and_the_user_list_limit_a_published_application()
    {
        Assert.Equal(RefusalCode.BatchNotSupported, CatalogueOffer.Check(OperationKind.Download, Published with { Batches = ["other"] }, Batch, User)?.Code);
        var listed = Published with { UserList = ["8613800000009"] };
        Assert.Equal(RefusalCode.NotInUserList, CatalogueOffer.Check(OperationKind.Download, listed, Batch, User)?.Code);
        Assert.Null(CatalogueOffer.Check(OperationKind.Download, listed, Batch, User with { Msisdn = "8613800000009" }));
        Assert.Null(CatalogueOffer.Check(OperationKind.Download, listed, Batch, Tester));
        Assert.False(CatalogueOffer.Offered(listed, Batch, User));
        Assert.True(CatalogueOffer.Offered(listed, Batch, User with { Msisdn = "8613800000009" }));
    }

    [Fact]
    public void A_provincial_application_goes_to_numbers_homed_in_its_provinces_and_a_national_one_anywhere()
    {
        var guangdong = Published with { Provinces = ["440000", "110000"] };
        var homedInGuangdong = User with { HomeProvince = "440000" };
        var homedInBeijing = User with { HomeProvince = "110000" };
        var homedInShanghai = User with { HomeProvince = "310000" };
        var unknownHome = User with { HomeProvince = null };
        Assert.Null(CatalogueOffer.Check(OperationKind.Download, guangdong, Batch, homedInGuangdong));
        Assert.Null(CatalogueOffer.Check(OperationKind.Download, guangdong, Batch, homedInBeijing));
        var refusal = CatalogueOffer.Check(OperationKind.Download, guangdong, Batch, homedInShanghai);
        Assert.Equal(RefusalCode.OutsideApplicationScope, refusal?.Code);
        Assert.Contains("310000", refusal!.Detail, StringComparison.Ordinal);
        Assert.Contains("440000", refusal.Detail, StringComparison.Ordinal);
        // A number outside every segment has no known province: not in any province's scope.
        Assert.Equal(RefusalCode.OutsideApplicationScope, CatalogueOffer.Check(OperationKind.Download, guangdong, Batch, unknownHome)?.Code);
        // Wallet lists follow the same rule.
        Assert.True(CatalogueOffer.Offered(guangdong, Batch, homedInGuangdong));
        Assert.False(CatalogueOffer.Offered(guangdong, Batch, homedInShanghai));
        Assert.False(CatalogueOffer.Offered(guangdong, Batch, unknownHome));
        // National: anywhere, known home or not.
        Assert.Null(CatalogueOffer.Check(OperationKind.Download, Published, Batch, homedInShanghai));
        Assert.Null(CatalogueOffer.Check(OperationKind.Download, Published, Batch, unknownHome));
        Assert.True(CatalogueOffer.Offered(Published, Batch, unknownHome));
        // Test numbers test from anywhere; delete and lock are never refused by scope.
        Assert.Null(CatalogueOffer.Check(OperationKind.Download, guangdong, Batch, homedInShanghai with { TestNumber = true }));
        Assert.Null(CatalogueOffer.Check(OperationKind.Delete, guangdong, Batch, homedInShanghai));
        Assert.Null(CatalogueOffer.Check(OperationKind.Lock, guangdong, Batch, homedInShanghai));
    }

    [Theory]
    [InlineData(OperationKind.Download, RefusalCode.ProviderBlacklisted)]
    [InlineData(OperationKind.Personalize, RefusalCode.ProviderBlacklisted)]
    [InlineData(OperationKind.Unlock, RefusalCode.ProviderBlacklisted)]
    [InlineData(OperationKind.Delete, null)]
    [InlineData(OperationKind.Lock, null)]
    public void A_blacklisted_providers_applications_can_still_be_deleted_and_locked(OperationKind kind, RefusalCode? expected)
    {
        var blocked = User with { ProviderBlocked = true };
        Assert.Equal(expected, CatalogueOffer.Check(kind, Published, Batch, blocked)?.Code);
        Assert.False(CatalogueOffer.Offered(Published, Batch, blocked));
    }

    [Fact]
    public void A_preset_only_application_is_downloaded_nowhere_and_personalized_where_its_batch_presets_it()
    {
        var preset = Published with { Issuance = IssuanceMode.PersonalizePreset };
        Assert.Equal(RefusalCode.PresetOnly, CatalogueOffer.Check(OperationKind.Download, preset, Batch, User)?.Code);
        Assert.Null(CatalogueOffer.Check(OperationKind.Personalize, preset, Batch with { PresetApplications = [preset.Aid] }, User));
    }
}
