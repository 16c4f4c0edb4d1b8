using Tsm.Grains.Keys;

namespace Tsm.Grains.Tests.Keys;

/// <summary>The key service contract against <see cref="SoftwareKeyService"/>.</summary>
public sealed class SoftwareKeyServiceContractTests : KeyServiceContract
{
    private readonly SoftwareKeyService _service = TestKeys.Software();

    protected override IKeyService? Service => _service;

    protected override string? SkipReason => null;
}
