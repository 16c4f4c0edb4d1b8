using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Security.Wallets;

/// <summary>
/// SERAM session ids (docs/wallet-protocol.md, "Sessions"): the task a session drives and the wallet login it was
/// given to, sealed by the shared Data Protection key ring. Unguessable (authenticated encryption with a random
/// IV, far over 128 bits), readable by every silo, and valid only with an access token of that same login; the
/// session ends with its task.
/// </summary>
public sealed class SeramSessions(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Tsm.SeramSession.v1");

    public string Issue(TaskId task, string login) => _protector.Protect(task + "\n" + login);

    /// <summary>The task of <paramref name="sessionId"/> when it was issued to <paramref name="login"/>.</summary>
    public bool TryOpen(string? sessionId, string login, out TaskId task)
    {
        task = default;
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 1024)
            return false;
        string plain;
        try
        {
            plain = _protector.Unprotect(sessionId);
        }
        catch (CryptographicException)
        {
            return false;
        }
        var cut = plain.IndexOf('\n', StringComparison.Ordinal);
        if (cut < 0 || !string.Equals(plain[(cut + 1)..], login, StringComparison.Ordinal) || !TaskId.TryParse(plain[..cut], out var parsed))
            return false;
        task = parsed;
        return true;
    }
}
