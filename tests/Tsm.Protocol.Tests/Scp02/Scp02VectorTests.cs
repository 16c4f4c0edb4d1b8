using System.Text.Json;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.Scp02;

namespace Tsm.Protocol.Tests.Scp02;

/// <summary>Every known-answer vector in shared/vectors/scp02.json, host side and card side.</summary>
public sealed class Scp02VectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(SharedFolder.File("vectors", "scp02.json"))).RootElement;

    private static byte[] H(JsonElement e, string name) => Hex.Parse(e.GetProperty(name).GetString()!);

    private static Scp02KeySet StaticKeys()
    {
        var k = Vectors.GetProperty("staticKeys");
        return new Scp02KeySet(0x01, H(k, "enc"), H(k, "mac"), H(k, "dek"));
    }

    [Fact]
    public void Static_key_check_value()
    {
        var k = Vectors.GetProperty("staticKeys");
        Assert.Equal(H(k, "kcv"), DesMac.KeyCheckValue(H(k, "enc")));
    }

    public static TheoryData<string> SessionNames()
    {
        var data = new TheoryData<string>();
        foreach (var s in Vectors.GetProperty("sessions").EnumerateArray())
            data.Add(s.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonElement Session(string name) =>
        Vectors.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    [Theory]
    [MemberData(nameof(SessionNames))]
    public void Host_side_reproduces_the_session(string name)
    {
        var s = Session(name);
        using var keys = StaticKeys();
        var level = (SecurityLevel)H(s, "securityLevel")[0];
        using var host = new Scp02HostChannel(keys, level);

        var initUpdate = host.InitializeUpdate(0x00, H(s, "hostChallenge"));
        Assert.Equal(H(s, "initializeUpdateCommand"), initUpdate.ToArray());

        var response = ResponseApdu.Parse(H(s, "initializeUpdateResponse"));
        Assert.Equal(StatusWords.Success, response.StatusWord);
        var parsed = InitializeUpdateResponse.Parse(response.Data.Span);
        var p = s.GetProperty("parsed");
        Assert.Equal(H(p, "keyDiversificationData"), parsed.KeyDiversificationData.ToArray());
        Assert.Equal(H(p, "keyInfo"), new[] { parsed.KeyVersion, parsed.ScpIdentifier });
        Assert.Equal(H(p, "sequenceCounter"), new[] { (byte)(parsed.SequenceCounter >> 8), (byte)parsed.SequenceCounter });
        Assert.Equal(H(p, "cardChallenge"), parsed.CardChallenge.ToArray());
        Assert.Equal(H(p, "cardCryptogram"), parsed.CardCryptogram.ToArray());

        var externalAuthenticate = host.ExternalAuthenticate(parsed);
        var sk = s.GetProperty("sessionKeys");
        Assert.Equal(H(sk, "senc"), host.SessionKeys!.EncKey.ToArray());
        Assert.Equal(H(sk, "cmac"), host.SessionKeys.CMacKey.ToArray());
        Assert.Equal(H(sk, "dek"), host.SessionKeys.DekKey.ToArray());
        Assert.Equal(H(s, "externalAuthenticate"), externalAuthenticate.ToArray());

        foreach (var step in s.GetProperty("then").EnumerateArray())
            Assert.Equal(H(step, "wrapped"), host.Wrap(CommandApdu.Parse(H(step, "plain"))).ToArray());
    }

    [Theory]
    [MemberData(nameof(SessionNames))]
    public void Card_side_answers_and_accepts_the_session(string name)
    {
        var s = Session(name);
        using var keys = StaticKeys();
        var recorded = InitializeUpdateResponse.Parse(ResponseApdu.Parse(H(s, "initializeUpdateResponse")).Data.Span);
        using var card = new Scp02CardChannel(
            keys, recorded.SequenceCounter, Scp02Parameter.I15, recorded.KeyDiversificationData.Span, Aid.GlobalPlatformIsd.Span,
            () => recorded.CardChallenge.ToArray());

        var answer = card.InitializeUpdate(InitializeUpdateCommand.Parse(CommandApdu.Parse(H(s, "initializeUpdateCommand"))));
        Assert.Equal(recorded.ToArray()[..20], answer.ToArray()[..20]);
        Assert.Equal(recorded.CardCryptogram.ToArray(), answer.CardCryptogram.ToArray());

        var outcome = card.ExternalAuthenticate(CommandApdu.Parse(H(s, "externalAuthenticate")));
        Assert.Equal(ExternalAuthenticateOutcome.Authenticated, outcome);
        foreach (var step in s.GetProperty("then").EnumerateArray())
            Assert.Equal(H(step, "plain"), card.Unwrap(CommandApdu.Parse(H(step, "wrapped"))).ToArray());
    }

    [Fact]
    public void Session_keys_for_counter_zero()
    {
        var v = Vectors.GetProperty("sessionKeyDerivation");
        var key = H(v, "staticKey");
        using var keys = Scp02KeySet.FromSingleKey(0x01, key);
        using var session = new Scp02SessionKeys(keys, 0x0000);
        var expected = v.GetProperty("expectedKeys");
        Assert.Equal(H(expected, "senc"), session.EncKey.ToArray());
        Assert.Equal(H(expected, "cmac"), session.CMacKey.ToArray());
        Assert.Equal(H(expected, "dek"), session.DekKey.ToArray());
        Assert.Equal(H(expected, "rmac"), session.RMacKey.ToArray());
        var kcv = v.GetProperty("expectedKcv");
        Assert.Equal(H(kcv, "senc"), DesMac.KeyCheckValue(session.EncKey));
        Assert.Equal(H(kcv, "cmac"), DesMac.KeyCheckValue(session.CMacKey));
        Assert.Equal(H(kcv, "dek"), DesMac.KeyCheckValue(session.DekKey));
        Assert.Equal(H(kcv, "rmac"), DesMac.KeyCheckValue(session.RMacKey));
    }

    [Theory]
    [InlineData("emv", DiversificationMethod.Emv)]
    [InlineData("visa2", DiversificationMethod.Visa2)]
    public void Master_key_diversification(string name, DiversificationMethod method)
    {
        var v = Vectors.GetProperty("diversification");
        var expected = v.GetProperty(name);
        using var keys = KeyDiversification.Diversify(method, H(v, "masterKey"), H(v, "keyDiversificationData"));
        Assert.Equal(H(expected, "enc"), keys.Enc.ToArray());
        Assert.Equal(H(expected, "mac"), keys.Mac.ToArray());
        Assert.Equal(H(expected, "dek"), keys.Dek.ToArray());
        var kcv = expected.GetProperty("kcv");
        Assert.Equal(H(kcv, "enc"), DesMac.KeyCheckValue(keys.Enc));
        Assert.Equal(H(kcv, "mac"), DesMac.KeyCheckValue(keys.Mac));
        Assert.Equal(H(kcv, "dek"), DesMac.KeyCheckValue(keys.Dek));
    }

    [Fact]
    public void Put_key_encryption_under_session_dek()
    {
        var v = Vectors.GetProperty("putKeyEncryption");
        Assert.Equal(H(v, "encrypted"), Scp02Crypto.EncryptSensitive(H(v, "sessionDek"), H(v, "newKey")));
        Assert.Equal(H(v, "newKey"), Scp02Crypto.DecryptSensitive(H(v, "sessionDek"), H(v, "encrypted")));
        Assert.Equal(H(v, "kcv"), DesMac.KeyCheckValue(H(v, "newKey")));
    }
}
