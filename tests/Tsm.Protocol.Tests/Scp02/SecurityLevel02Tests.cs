using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.Scp02;

namespace Tsm.Protocol.Tests.Scp02;

/// <summary>Security level 02 (C-DEC without C-MAC), the CMS2AC level of requirement 5.8.9.2 that GP 2.2.1 leaves undefined.</summary>
public sealed class SecurityLevel02Tests
{
    private static (Scp02HostChannel Host, Scp02CardChannel Card, Scp02KeySet Keys) Open()
    {
        var keys = Scp02KeySet.FromSingleKey(0x01, Hex.Parse("404142434445464748494A4B4C4D4E4F"));
        var card = new Scp02CardChannel(keys, 0x0005, Scp02Parameter.I15, new byte[10], Aid.GlobalPlatformIsd.Span);
        var host = new Scp02HostChannel(keys, SecurityLevel.CDecryption);
        var response = card.InitializeUpdate(InitializeUpdateCommand.Parse(host.InitializeUpdate()));
        Assert.Equal(ExternalAuthenticateOutcome.Authenticated, card.ExternalAuthenticate(host.ExternalAuthenticate(response)));
        Assert.Equal(SecurityLevel.CDecryption, card.Level);
        return (host, card, keys);
    }

    [Theory]
    [InlineData("80E60C001A05A00000000106A0000000010106A00000000101010002C90000")]
    [InlineData("80CA006600")]
    [InlineData("80F22002024F0000")]
    public void Commands_are_encrypted_without_a_mac_and_decrypted_by_the_card(string hex)
    {
        var (host, card, keys) = Open();
        using (keys)
        using (host)
        using (card)
        {
            var plain = CommandApdu.Parse(hex);
            var wire = host.Wrap(plain);
            Assert.Equal(0x84, wire.Cla);
            Assert.Equal(plain.Data.IsEmpty ? 0 : DesMac.PaddedLength(plain.Data.Length), wire.Data.Length);
            if (!plain.Data.IsEmpty)
                Assert.False(wire.Data.Span.SequenceEqual(plain.Data.Span));
            Assert.Equal(plain.ToHex(), card.Unwrap(wire).ToHex());
        }
    }

    [Fact]
    public void A_command_without_secure_messaging_is_refused()
    {
        var (host, card, keys) = Open();
        using (keys)
        using (host)
        using (card)
            Assert.Throws<Scp02Exception>(() => card.Unwrap(CommandApdu.Parse("80F22002024F0000")));
    }

    [Fact]
    public void Broken_ciphertext_is_refused()
    {
        var (host, card, keys) = Open();
        using (keys)
        using (host)
        using (card)
        {
            var wire = host.Wrap(CommandApdu.Parse("80F22002024F0000"));
            Assert.Throws<Scp02Exception>(() => card.Unwrap(wire.With(data: wire.Data[..7])));
        }
    }
}
