using Tsm.Grains.Keys;
using Tsm.Grains.Keys.Pkcs11;
using Tsm.Testing;

namespace Tsm.Grains.Tests.Keys;

/// <summary>The key service contract against <see cref="Pkcs11KeyService"/> on a SoftHSM2 token (skipped when SoftHSM2 is not installed).</summary>
public sealed class Pkcs11KeyServiceContractTests : KeyServiceContract, IClassFixture<Pkcs11KeyServiceContractTests.Token>
{
    private readonly Token _token;

    public Pkcs11KeyServiceContractTests(Token token) => _token = token;

    protected override IKeyService? Service => _token.Service;

    protected override string? SkipReason => SoftHsm.Shared.SkipReason;

    /// <summary>One service per test class: the configured keys imported once under a fresh label prefix.</summary>
    public sealed class Token : IDisposable
    {
        public Token()
        {
            if (SoftHsm.Shared.IsAvailable)
                Service = new Pkcs11KeyService(TestKeys.Pkcs11Options(SoftHsm.NewPrefix()));
        }

        public Pkcs11KeyService? Service { get; }

        public void Dispose() => Service?.Dispose();
    }
}
