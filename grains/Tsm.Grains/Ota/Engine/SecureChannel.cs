using System.Security.Cryptography;
using Tsm.Grains.Keys;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;

namespace Tsm.Grains.Ota.Engine;

/// <summary>
/// The SCP02 secure channel of one stage, host side: INITIALIZE UPDATE with KVN 00 (the card picks its key set and
/// names it), the key choice for the version the card reported, the card cryptogram's check and EXTERNAL
/// AUTHENTICATE, then wrapping at the task's security level.
/// </summary>
internal sealed class SecureChannel : IDisposable
{
    private byte[] _hostChallenge = [];
    private Scp02KeySet? _keys;
    private Scp02HostChannel? _host;

    /// <summary>The key version the card reported for this channel.</summary>
    public byte? KeyVersion { get; private set; }

    public byte[]? KeyDiversificationData { get; private set; }

    public ushort? SequenceCounter { get; private set; }

    /// <summary>EXTERNAL AUTHENTICATE, ready once the card's answer to INITIALIZE UPDATE verified.</summary>
    public CommandApdu? ExternalAuthenticate { get; private set; }

    /// <summary>The open channel (after <see cref="Authenticate"/>).</summary>
    public Scp02HostChannel Host => _host ?? throw new InvalidOperationException("The secure channel is not open.");

    /// <summary>INITIALIZE UPDATE with a fresh host challenge and KVN 00 (requirement 5.8.9.3: during a rotation cards hold either version).</summary>
    public CommandApdu InitializeUpdate()
    {
        Close();
        _hostChallenge = RandomNumberGenerator.GetBytes(8);
        return new InitializeUpdateCommand(0x00, _hostChallenge).ToApdu();
    }

    /// <summary>
    /// Checks the card's answer to INITIALIZE UPDATE with the keys <paramref name="keysFor"/> gives for the version it
    /// names; null when the channel is ready, else why not.
    /// </summary>
    public string? Authenticate(ResponseApdu response, Func<byte, byte[], Scp02KeySet?> keysFor, byte securityLevel, byte scpI, string keyOwner)
    {
        InitializeUpdateResponse parsed;
        try
        {
            parsed = InitializeUpdateResponse.Parse(response.Data.Span);
        }
        catch (Scp02Exception ex)
        {
            return $"INITIALIZE UPDATE answer is malformed: {ex.Message}";
        }
        var diversification = parsed.KeyDiversificationData.ToArray();
        try
        {
            _keys = keysFor(parsed.KeyVersion, diversification);
        }
        catch (KeyServiceException ex)
        {
            return ex.Message;
        }
        if (_keys is null)
            return $"the platform holds no keys of version {parsed.KeyVersion:X2} for {keyOwner}";
        KeyVersion = parsed.KeyVersion;
        KeyDiversificationData = diversification;
        SequenceCounter = (ushort)(parsed.SequenceCounter + 1);
        _host = new Scp02HostChannel(_keys, (SecurityLevel)securityLevel, new Scp02Parameter(scpI));
        _host.InitializeUpdate(parsed.KeyVersion, _hostChallenge);
        try
        {
            ExternalAuthenticate = _host.ExternalAuthenticate(parsed);
        }
        catch (Scp02Exception)
        {
            return "the card cryptogram does not verify: the SE's ISD keys are not the batch's";
        }
        return null;
    }

    /// <summary>Ends the channel: a new SELECT ends the card's session too.</summary>
    public void Close()
    {
        _host?.Dispose();
        _host = null;
        _keys?.Dispose();
        _keys = null;
        ExternalAuthenticate = null;
    }

    public void Dispose() => Close();
}
