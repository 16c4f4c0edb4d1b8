using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Tsm.Grains;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Security.Wallets;

/// <summary>
/// SERAM session ids (docs/wallet-protocol.md, "Sessions"): the task a session drives and the wallet login it was
/// given to, sealed by the shared Data Protection key ring. Unguessable (authenticated encryption with a random
/// IV, far over 128 bits), readable by every silo, and valid only with an access token of that same login; the
/// session ends with its task. A session id is opened by every report of its session (twice: the policy, then the
/// endpoint), so what it opens to is kept briefly (<see cref="UnprotectedCache{T}"/>); the login is compared each time.
/// </summary>
public sealed class SeramSessions(IDataProtectionProvider protection, [FromKeyedServices(DomainClock.Key)] TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Tsm.SeramSession.v1");
    private readonly UnprotectedCache<string> _opened = new(time);

    public string Issue(TaskId task, string login) => _protector.Protect(task + "\n" + login);

    /// <summary>The task of <paramref name="sessionId"/> when it was issued to <paramref name="login"/>.</summary>
    public bool TryOpen(string? sessionId, string login, out TaskId task)
    {
        task = default;
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 1024)
            return false;
        if (!_opened.TryGet(sessionId, out var plain))
        {
            try
            {
                plain = _protector.Unprotect(sessionId);
            }
            catch (CryptographicException)
            {
                return false;
            }
            _opened.Add(sessionId, plain);
        }
        var cut = plain.IndexOf('\n', StringComparison.Ordinal);
        if (cut < 0 || !string.Equals(plain[(cut + 1)..], login, StringComparison.Ordinal) || !TaskId.TryParse(plain[..cut], out var parsed))
            return false;
        task = parsed;
        return true;
    }
}
