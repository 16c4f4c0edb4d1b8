using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Tsm.Grains.Keys;

namespace Tsm.Gateway.Hardening;

/// <summary>
/// Reads a data-protection key written by <see cref="StorageKeyXmlEncryptor"/>. Data protection creates it by type name
/// with the service provider. A key protected under an earlier storage key cannot be read: data protection then makes a
/// new key, and tokens, cookies and sessions issued before stop working (docs/security.md, "Rotating the storage key").
/// </summary>
public sealed class StorageKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var plain = services.GetRequiredService<IKeyService>().Unprotect(encryptedElement.Value.Trim());
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
