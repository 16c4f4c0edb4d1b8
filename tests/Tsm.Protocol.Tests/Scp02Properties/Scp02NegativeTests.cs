using CsCheck;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;

namespace Tsm.Protocol.Tests.Scp02Properties;

/// <summary>What each side must refuse: wrong keys, forged cryptograms, altered, replayed or unsecured commands.</summary>
public sealed class Scp02NegativeTests
{
    [Theory]
    [InlineData(0x15)]
    [InlineData(0x55)]
    public void A_host_with_another_key_set_rejects_the_card_cryptogram(byte i)
    {
        using var session = Scp02Session.Create(SecurityLevel.CMac, new Scp02Parameter(i), Hex.Parse("505152535455565758595A5B5C5D5E5F"));
        Assert.Throws<Scp02Exception>(() => session.Initialize());
        Assert.False(session.Host.IsOpen);
    }

    [Theory]
    [InlineData(0x01, 0x15)]
    [InlineData(0x13, 0x55)]
    public void A_tampered_host_cryptogram_with_a_valid_mac_is_a_cryptogram_failure(byte level, byte i)
    {
        var parameter = new Scp02Parameter(i);
        using var session = Scp02Session.Create((SecurityLevel)level, parameter);
        var genuine = ExternalAuthenticateCommand.Parse(session.Initialize());
        var forged = genuine.HostCryptogram.ToArray();
        forged[3] ^= 0x01;
        // Re-MAC the forged cryptogram the way the host would, so that only the cryptogram check can catch it.
        var chain = new Scp02MacChain(session.Host.SessionKeys!, parameter);
        var mac = chain.ComputeCMac(0x84, ExternalAuthenticateCommand.Ins, level, 0x00, forged);
        var command = new ExternalAuthenticateCommand((SecurityLevel)level, forged, mac).ToApdu();

        Assert.Equal(ExternalAuthenticateOutcome.HostCryptogramInvalid, session.Card.ExternalAuthenticate(command));
        Assert.False(session.Card.IsAuthenticated);
    }

    [Fact]
    public void A_tampered_host_cryptogram_is_refused_as_an_authentication_failure()
    {
        // The card checks the host cryptogram before the MAC, so a forged cryptogram answers 6300 as cards do.
        using var session = Scp02Session.Create(SecurityLevel.CMac, Scp02Parameter.I15);
        var bytes = session.Initialize().ToArray();
        bytes[5] ^= 0x80; // first byte of the host cryptogram
        Assert.Equal(ExternalAuthenticateOutcome.HostCryptogramInvalid, session.Card.ExternalAuthenticate(CommandApdu.Parse(bytes)));
    }

    [Fact]
    public void A_tampered_mac_on_external_authenticate_is_refused()
    {
        using var session = Scp02Session.Create(SecurityLevel.CMac, Scp02Parameter.I15);
        var bytes = session.Initialize().ToArray();
        bytes[^1] ^= 0x01; // last byte of the C-MAC
        Assert.Equal(ExternalAuthenticateOutcome.MacInvalid, session.Card.ExternalAuthenticate(CommandApdu.Parse(bytes)));
    }

    [Fact]
    public void External_authenticate_before_initialize_update_is_refused()
    {
        using var session = Scp02Session.Create(SecurityLevel.CMac, Scp02Parameter.I15);
        var command = new ExternalAuthenticateCommand(SecurityLevel.CMac, new byte[8], new byte[8]).ToApdu();
        Assert.Equal(ExternalAuthenticateOutcome.NotInitialized, session.Card.ExternalAuthenticate(command));
    }

    [Theory]
    [InlineData(0x01, 0x15)]
    [InlineData(0x03, 0x15)]
    [InlineData(0x11, 0x55)]
    [InlineData(0x13, 0x55)]
    public void A_flipped_bit_in_a_wrapped_command_is_rejected(byte level, byte i)
    {
        using var session = Scp02Session.Open((SecurityLevel)level, new Scp02Parameter(i));
        Gen.Select(Scp02RoundTripTests.Commands, Gen.Int[0, int.MaxValue]).Sample((plain, pick) =>
        {
            var wrapped = session.Host.Wrap(plain).ToArray();
            // Bits the C-MAC does not cover by design (§E.4.4): the logical channel bits of CLA and the Le byte.
            var covered = Enumerable.Range(0, wrapped.Length * 8)
                .Where(bit => !(bit / 8 == 0 && (bit % 8) is 6 or 7)) // bit numbers count from b8, so 6, 7 = b2, b1
                .Where(bit => plain.Ne is null || bit / 8 != wrapped.Length - 1)
                .ToArray();
            var flip = covered[pick % covered.Length];
            var tampered = (byte[])wrapped.Clone();
            tampered[flip / 8] ^= (byte)(0x80 >> (flip % 8));
            try
            {
                var apdu = CommandApdu.Parse(tampered);
                Assert.Throws<Scp02Exception>(() => session.Card.Unwrap(apdu));
            }
            catch (ApduFormatException)
            {
                // A flipped length field may make the bytes no APDU at all: rejected before secure messaging.
            }
            // The rejected command did not advance the card's MAC chain: the genuine one still verifies.
            Assert.Equal(plain, session.Card.Unwrap(CommandApdu.Parse(wrapped)));
        }, iter: 100, threads: 1);
    }

    [Theory]
    [InlineData(0x01, 0x15)]
    [InlineData(0x03, 0x55)]
    [InlineData(0x13, 0x15)]
    public void A_replayed_command_is_rejected(byte level, byte i)
    {
        using var session = Scp02Session.Open((SecurityLevel)level, new Scp02Parameter(i));
        var plain = new CommandApdu(0x80, 0xF2, 0x40, 0x02, Hex.Parse("4F00"), 256);
        session.Send(plain, out var wrapped);
        Assert.Throws<Scp02Exception>(() => session.Card.Unwrap(wrapped));
    }

    [Fact]
    public void A_replay_of_an_earlier_command_later_in_the_session_is_rejected()
    {
        using var session = Scp02Session.Open(SecurityLevel.CMac, Scp02Parameter.I15);
        var plain = new CommandApdu(0x80, 0xCA, 0x00, 0xC1, ne: 256);
        session.Send(plain, out var first);
        session.Send(plain, out var second);
        Assert.NotEqual(first.ToArray(), second.ToArray()); // same command, chained ICV, new MAC
        Assert.Throws<Scp02Exception>(() => session.Card.Unwrap(first));
    }

    [Theory]
    [InlineData(0x15)]
    [InlineData(0x55)]
    public void A_command_without_secure_messaging_is_rejected_at_level_01(byte i)
    {
        using var session = Scp02Session.Open(SecurityLevel.CMac, new Scp02Parameter(i));
        var wrapped = session.Host.Wrap(new CommandApdu(0x80, 0xE4, 0x00, 0x00, Hex.Parse("4F05A000000151")));
        var withoutSm = new CommandApdu(0x80, wrapped.Ins, wrapped.P1, wrapped.P2, wrapped.Data);
        Assert.Throws<Scp02Exception>(() => session.Card.Unwrap(withoutSm));
        Assert.Throws<Scp02Exception>(() => session.Card.Unwrap(new CommandApdu(0x80, 0xCA, 0x00, 0xC1, ne: 256)));
    }

    [Fact]
    public void A_tampered_r_mac_is_rejected_by_the_host()
    {
        using var session = Scp02Session.Open(SecurityLevel.CMacRMac, Scp02Parameter.I15);
        var plain = new CommandApdu(0x80, 0xCA, 0x00, 0xC1, ne: 256);
        var unwrapped = session.Send(plain, out _);
        var response = session.Card.WrapResponse(unwrapped, ResponseApdu.Parse("C102001F9000")).ToArray();
        response[1] ^= 0x01;
        Assert.Throws<Scp02Exception>(() => session.Host.Unwrap(plain, ResponseApdu.Parse(response)));
    }
}
