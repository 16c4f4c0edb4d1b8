using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.Scp02;

/// <summary>
/// The card side of an explicit secure channel session, SCP02 (<see cref="Scp02CardChannel"/>) or SCP03
/// (<c>Scp03CardChannel</c>), as a security domain drives it after INITIALIZE UPDATE.
/// </summary>
public interface ICardSecureChannel : IDisposable
{
    SecurityLevel Level { get; }

    bool IsAuthenticated { get; }

    /// <summary>The block size of the cipher that protects sensitive data (8 for 3DES, 16 for AES).</summary>
    int SensitiveBlockSize { get; }

    ExternalAuthenticateOutcome ExternalAuthenticate(CommandApdu apdu);

    /// <summary>Verifies and strips secure messaging; throws the protocol's exception when it does not verify.</summary>
    CommandApdu Unwrap(CommandApdu wrapped);

    ResponseApdu WrapResponse(CommandApdu plainCommand, ResponseApdu response);

    /// <summary>Decrypts sensitive data (keys, STORE DATA values) sent under the session's data encryption key.</summary>
    byte[] DecryptSensitive(ReadOnlySpan<byte> data);

    void Close();
}
