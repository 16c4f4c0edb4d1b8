using Tsm.Grains.Management;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Management;

public sealed class AidAllocatorTests
{
    private static readonly HexRange First = new("A0000001515354AA00", "A0000001515354AA02");
    private static readonly HexRange Second = new("A0000001515354BB00", "A0000001515354BBFF");

    [Fact]
    public void The_first_aid_of_the_first_range_comes_first() =>
        Assert.Equal("A0000001515354AA00", AidAllocator.Next([First, Second], []));

    [Fact]
    public void The_next_aid_follows_the_highest_taken_so_a_freed_aid_is_never_given_again()
    {
        // AA00 was taken and its definition deleted: its AID stays in the taken list; AA01 was never taken but is below the highest.
        Assert.Equal("A0000001515354AA01", AidAllocator.Next([First], ["A0000001515354AA00"]));
        Assert.Equal("A0000001515354AA02", AidAllocator.Next([First], ["a0000001515354aa01"]));
    }

    [Fact]
    public void Aids_outside_the_ranges_do_not_count() =>
        Assert.Equal("A0000001515354AA00", AidAllocator.Next([First], ["A0000001515354FF00", "A000000151535300AA"]));

    [Fact]
    public void A_full_range_passes_to_the_next_one() =>
        Assert.Equal("A0000001515354BB00", AidAllocator.Next([First, Second], ["A0000001515354AA02"]));

    [Fact]
    public void When_every_range_is_full_the_refusal_says_so()
    {
        var refused = Assert.Throws<RefusedException>(() => AidAllocator.Next([First], ["A0000001515354AA02"]));
        Assert.Equal(RefusalCode.AidRangeExhausted, refused.Refusal.Code);
        Assert.Contains("used up", refused.Message, StringComparison.Ordinal);
        Assert.Equal(RefusalCode.AidRangeExhausted, Assert.Throws<RefusedException>(() => AidAllocator.Next([], [])).Refusal.Code);
    }
}
