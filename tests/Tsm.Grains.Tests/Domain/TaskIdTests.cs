using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Domain;

public sealed class TaskIdTests
{
    [Fact]
    public void The_wire_form_is_seid_dot_32_hex_digits_and_reads_back()
    {
        var id = TaskId.New("86000000000000000001");
        var text = id.ToString();
        Assert.Matches("^86000000000000000001\\.[0-9a-f]{32}$", text);
        Assert.True(TaskId.TryParse(text, out var back));
        Assert.Equal(id, back);
        Assert.Equal(id.GrainKey, text[(text.IndexOf('.', StringComparison.Ordinal) + 1)..]);
    }

    [Fact]
    public void The_seid_part_is_read_upper_case()
    {
        Assert.True(TaskId.TryParse("86abcdef.0123456789abcdef0123456789abcdef", out var id));
        Assert.Equal("86ABCDEF", id.SeId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("86000000000000000001")]
    [InlineData(".0123456789abcdef0123456789abcdef")]
    [InlineData("8600.")]
    [InlineData("8600.not-a-task")]
    [InlineData("86ZZ.0123456789abcdef0123456789abcdef")]
    [InlineData("8600.0123456789abcdef0123456789abcdef00")]
    public void Anything_else_is_not_a_task_id(string? text) => Assert.False(TaskId.TryParse(text, out _));

    [Fact]
    public void A_grain_key_gives_back_the_task_id()
    {
        var id = TaskId.New("8600AA");
        Assert.Equal(id, TaskId.FromGrainKey("8600aa", id.GrainKey));
    }
}
