namespace Tsm.Grains.Keys;

/// <summary>The implementation behind <see cref="IKeyService"/> (<c>KeyService:Provider</c>, docs/key-service.md).</summary>
public enum KeyServiceProvider
{
    /// <summary>Keys protected with the storage key in configuration, used in process (<see cref="SoftwareKeyService"/>).</summary>
    Software,

    /// <summary>Keys held in a PKCS#11 token (an HSM, or SoftHSM2 in tests) (<see cref="Pkcs11.Pkcs11KeyService"/>).</summary>
    Pkcs11,
}
