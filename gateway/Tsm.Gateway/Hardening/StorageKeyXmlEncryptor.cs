using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Tsm.Grains.Keys;

namespace Tsm.Gateway.Hardening;

/// <summary>
/// Encrypts the ASP.NET Core data-protection key ring (which protects access tokens, refresh tokens, cookies and SERAM
/// sessions) with the storage key before it is written to the platform database, as master keys are
/// (docs/security.md, "Secrets at rest"): a copy of the database alone does not let anyone mint tokens. The key service
/// is taken when a key is written, not when data protection starts, so that a bad storage key is reported by the
/// start-up validation with every other refusal.
/// </summary>
public sealed class StorageKeyXmlEncryptor(IServiceProvider services) : IXmlEncryptor
{
    /// <summary>The element that holds the protected key XML (<c>v1:nonce:cipher:tag</c>).</summary>
    public const string ElementName = "storageKeyProtected";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            var element = new XElement(ElementName,
                new XComment(" A data-protection key, AES-GCM under the gateway's storage key (KeyService:StorageKey). "),
                services.GetRequiredService<IKeyService>().Protect(plain));
            return new EncryptedXmlInfo(element, typeof(StorageKeyXmlDecryptor));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain);
        }
    }
}
