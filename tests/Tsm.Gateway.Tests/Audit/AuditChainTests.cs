using System.Security.Cryptography;
using System.Text;
using Tsm.Gateway.Audit;

namespace Tsm.Gateway.Tests.Audit;

/// <summary>The chain's canonical encoding, byte for byte as docs/security.md ("Audit log") states it.</summary>
public sealed class AuditChainTests
{
    private static readonly AuditRecord Row = new()
    {
        Seq = 1,
        At = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
        Actor = "alice",
        Roles = "",
        Region = null,
        Action = "login",
        Target = null,
        Outcome = "ok",
        Before = null,
        After = null,
        RemoteAddress = "192.0.2.1",
        PrevHash = AuditChain.GenesisHex,
        Hash = "",
    };

    [Fact]
    public void The_encoding_is_version_seq_time_length_prefixed_fields_and_prev_hash()
    {
        static byte[] Field(string? text) => text is null
            ? [0xFF, 0xFF, 0xFF, 0xFF]
            : [.. BitConverter.GetBytes(Encoding.UTF8.GetByteCount(text)).Reverse(), .. Encoding.UTF8.GetBytes(text)];
        byte[] expected =
        [
            0x01,
            0, 0, 0, 0, 0, 0, 0, 1,
            .. BitConverter.GetBytes(Row.At.UtcTicks).Reverse(),
            .. Field("alice"), .. Field(""), .. Field(null), .. Field("login"), .. Field(null), .. Field("ok"),
            .. Field(null), .. Field(null), .. Field("192.0.2.1"),
            .. new byte[32],
        ];

        Assert.Equal(expected, AuditChain.Encode(Row, AuditChain.Genesis));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), AuditChain.Compute(Row));
    }

    [Fact]
    public void Every_field_and_the_link_change_the_hash_and_null_is_not_empty()
    {
        var hash = AuditChain.Compute(Row);
        AuditRecord[] variants =
        [
            Row with { Seq = 2 }, Row with { At = Row.At.AddTicks(1) }, Row with { Actor = "alicE" }, Row with { Roles = "x" },
            Row with { Region = "" }, Row with { Action = "logout" }, Row with { Target = "" }, Row with { Outcome = "ok:200" },
            Row with { Before = "" }, Row with { After = "" }, Row with { RemoteAddress = null },
            Row with { PrevHash = "01" + AuditChain.GenesisHex[2..] },
        ];
        var hashes = variants.Select(AuditChain.Compute).Append(hash).ToArray();
        Assert.Equal(hashes.Length, hashes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Text_cannot_move_between_fields()
    {
        var a = Row with { Actor = "ab", Roles = "c" };
        var b = Row with { Actor = "a", Roles = "bc" };
        Assert.NotEqual(AuditChain.Compute(a), AuditChain.Compute(b));
    }

    [Fact]
    public void The_stored_hash_is_ignored_and_a_short_prev_hash_is_refused()
    {
        Assert.Equal(AuditChain.Compute(Row), AuditChain.Compute(Row with { Hash = "ff" }));
        Assert.Throws<ArgumentException>(() => AuditChain.Compute(Row with { PrevHash = "00" }));
    }
}
