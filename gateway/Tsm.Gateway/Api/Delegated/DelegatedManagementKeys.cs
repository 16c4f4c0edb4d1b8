using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Tsm.Grains.Keys;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Gateway.Api.Delegated;

/// <summary>
/// The platform's DAP and Delegated Management keys (docs/dap-and-tokens.md): the Token key read once from its PEM
/// file, the Receipt key and DAP keys opened through the key service for each use and zeroed after it.
/// </summary>
public sealed class DelegatedManagementKeys(IOptions<DelegatedManagementOptions> options, IKeyService keys) : IDisposable
{
    private readonly Lazy<RSA?> _token = new(() => LoadToken(options.Value.TokenKeyFile), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _tokenLock = new();

    /// <summary>Null when no Token key is configured.</summary>
    /// <exception cref="KeyServiceException">The PEM file is unreadable or not an RSA key of at least 1024 bits.</exception>
    private RSA? Token => _token.Value;

    public bool HasTokenKey => !string.IsNullOrEmpty(options.Value.TokenKeyFile);

    public bool HasReceiptKey => !string.IsNullOrEmpty(options.Value.ReceiptKey);

    /// <exception cref="GpFormatException">A command without a token place, or one that has a token already.</exception>
    public CommandApdu IssueToken(CommandApdu unsignedCommand)
    {
        lock (_tokenLock)
            return DelegatedToken.Attach(unsignedCommand, DelegatedToken.Sign(Token!, unsignedCommand));
    }

    /// <exception cref="GpFormatException">A command without a token place.</exception>
    public bool VerifyToken(CommandApdu command)
    {
        lock (_tokenLock)
            return DelegatedToken.Verify(Token!, command);
    }

    public bool VerifyReceipt(ReadOnlySpan<byte> receiptData, ReadOnlySpan<byte> receipt)
    {
        var key = keys.Unprotect(options.Value.ReceiptKey);
        try
        {
            return Receipt.VerifyDes(key, receiptData, receipt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public DapKeyOptions? DapKeyOf(string securityDomainAid) => options.Value.DapKeys.GetValueOrDefault(securityDomainAid);

    public byte[] SignDap(DapKeyOptions dapKey, ReadOnlySpan<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(dapKey);
        var key = keys.Unprotect(dapKey.Key);
        try
        {
            if (key.Length != 16)
                throw new KeyServiceException("The configured DAP key is not a 16-byte DES key.");
            return DapSignature.ComputeDes(key, hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static RSA? LoadToken(string path)
    {
        if (string.IsNullOrEmpty(path))
            return null;
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            // The message names the file and the kind of failure, never the file's content.
            throw new KeyServiceException($"The Token key file '{path}' is not a readable RSA key in PEM ({e.GetType().Name}).");
        }
        var bits = rsa.KeySize;
        if (bits < DelegatedToken.MinimumKeyBits)
        {
            rsa.Dispose();
            throw new KeyServiceException($"The Token key in '{path}' has {bits} bits; GP 2.2.1 asks for at least {DelegatedToken.MinimumKeyBits}.");
        }
        return rsa;
    }

    public void Dispose()
    {
        if (_token.IsValueCreated)
            _token.Value?.Dispose();
    }
}
