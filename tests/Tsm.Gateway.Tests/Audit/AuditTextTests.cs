using Tsm.Gateway.Audit;

namespace Tsm.Gateway.Tests.Audit;

public sealed class AuditTextTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\r\nb\tc\0d\u001Be", "a  b c d e")]
    [InlineData("line\u2028para\u2029end\u0085", "line para end ")]
    [InlineData("evil\u202Etxt.exe\u2066x\u2069", "eviltxt.exex")]
    [InlineData("pair \uD83D\uDE00 ok", "pair \uD83D\uDE00 ok")]
    [InlineData("", "")]
    public void Control_separator_and_bidi_characters_do_not_survive(string text, string expected) =>
        Assert.Equal(expected, AuditText.Clean(text));

    [Fact]
    public void Unpaired_surrogates_are_replaced()
    {
        // Not as InlineData: an attribute cannot carry a lone surrogate.
        Assert.Equal("\uFFFDlone\uFFFD", AuditText.Clean("\uD800lone\uDC00"));
    }

    [Fact]
    public void Null_stays_null() => Assert.Null(AuditText.Clean(null));

    [Fact]
    public void Long_text_is_cut_with_an_ellipsis_without_splitting_a_pair()
    {
        Assert.Equal(new string('a', AuditText.MaxLength), AuditText.Clean(new string('a', AuditText.MaxLength)));
        Assert.Equal(new string('a', 9) + "…", AuditText.Clean(new string('a', 11), 10));
        Assert.Equal(new string('a', 8) + "…", AuditText.Clean(new string('a', 8) + "\uD83D\uDE00xyz", 10));
        Assert.Equal(AuditText.MaxLength, AuditText.Clean(new string('\n', 100_000))!.Length);
    }
}
