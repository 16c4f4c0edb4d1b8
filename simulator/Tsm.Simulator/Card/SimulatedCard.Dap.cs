using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Simulator.Card;

// DAP verification when a load file is linked (GP 2.2.1 §9.2.1, Appendix C.3, C.6).
public sealed partial class SimulatedCard
{
    /// <summary>
    /// Every SD with the DAP Verification privilege in the target SD's chain, and every SD with Mandated DAP, must find
    /// a DAP block with its AID whose signature verifies under its DAP key: an RSA public key (PKC scheme, C.6.1) when
    /// the SD has one, else a DES key (C.6.2) — its own DAP key, or the DEK of its current key set so that PUT KEY
    /// rotates it. A missing block, a missing key or a wrong signature fails the load (6982, §11.1.3).
    /// </summary>
    private bool VerifyDaps(PendingLoad pending, LoadFile loadFile, byte[] hash)
    {
        var verifiers = new List<ApplicationRecord>();
        for (var sd = FindApplication(pending.AssociatedSd); sd is not null; sd = sd.AssociatedSd == sd.Aid ? null : FindApplication(sd.AssociatedSd))
        {
            if (PrivilegesOf(sd).Has(Privileges.DapVerification))
                verifiers.Add(sd);
        }
        verifiers.AddRange(_image.Applications.Where(a => a.IsSecurityDomain && PrivilegesOf(a).Has(Privileges.MandatedDap) && !verifiers.Contains(a)));
        foreach (var verifier in verifiers)
        {
            var dap = loadFile.DapBlocks.FirstOrDefault(d => d.SecurityDomainAid.ToString().Equals(verifier.Aid, StringComparison.OrdinalIgnoreCase));
            if (dap is null || !VerifyDap(verifier.SecurityDomain!, hash, dap.Signature.Span))
                return false;
        }
        return true;
    }

    private static bool VerifyDap(SecurityDomainRecord domain, byte[] hash, ReadOnlySpan<byte> signature)
    {
        if (domain.DapRsaKey is { } rsaKey)
        {
            using var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Modulus = Hex.Parse(rsaKey.Modulus), Exponent = Hex.Parse(rsaKey.Exponent) });
            return DapSignature.VerifyRsa(rsa, hash, signature);
        }
        var keyHex = domain.DapKey ?? domain.KeySets.FirstOrDefault(k => k.Scp == 0x02)?.Dek;
        if (keyHex is null)
            return false;
        var key = Hex.Parse(keyHex);
        try
        {
            return DapSignature.VerifyDes(key, hash, signature);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
