using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Security.Accounts;
using Tsm.Grains.Keys;

namespace Tsm.Gateway.Tests.Hardening;

/// <summary>The data-protection key ring (tokens, cookies, SERAM sessions) is stored encrypted under the storage key (docs/security.md, "Secrets at rest").</summary>
[Collection(GatewayCollection.Name)]
public sealed class DataProtectionKeyTests(GatewayFixture gateway)
{
    private static SoftwareKeyService Keys(string storageKey) => new(Options.Create(new KeyServiceOptions { StorageKey = storageKey }));

    [Fact]
    public void A_key_is_written_under_the_storage_key_and_read_back_only_with_it()
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var plain = new XElement("descriptor", new XElement("masterKey", new XElement("value", secret)));

        var same = new ServiceCollection().AddSingleton<IKeyService>(Keys(key)).BuildServiceProvider();
        var encrypted = new StorageKeyXmlEncryptor(same).Encrypt(plain);

        Assert.Equal(typeof(StorageKeyXmlDecryptor), encrypted.DecryptorType);
        Assert.DoesNotContain(secret, encrypted.EncryptedElement.ToString(), StringComparison.Ordinal);
        Assert.Equal(plain.ToString(), new StorageKeyXmlDecryptor(same).Decrypt(encrypted.EncryptedElement).ToString());
        var other = new ServiceCollection().AddSingleton<IKeyService>(Keys(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)))).BuildServiceProvider();
        Assert.Throws<KeyServiceException>(() => new StorageKeyXmlDecryptor(other).Decrypt(encrypted.EncryptedElement));
    }

    [Fact]
    public void The_gateways_key_ring_in_the_database_holds_no_key_in_clear()
    {
        using var scope = gateway.Services.CreateScope();
        var rows = scope.ServiceProvider.GetRequiredService<PlatformIdentityDb>().DataProtectionKeys.AsEnumerable().ToList();

        // The fixture signed in its accounts, so the key ring has a key.
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            Assert.Contains(StorageKeyXmlEncryptor.ElementName, row.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", row.Xml, StringComparison.Ordinal);
        }
    }
}
