using System.Net;

namespace Tsm.Gateway.Tests.Hardening;

/// <summary>Answers the OpenAPI fuzzer found to be 500 (docs/security.md, "Input handling"), each now a 4xx with problem details.</summary>
[Collection(GatewayCollection.Name)]
public sealed class FuzzRegressionTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData("%20")]
    [InlineData("%0D%0A")]
    [InlineData("not-a-job")]
    public async Task A_key_rotation_job_id_that_is_not_one_is_404_not_500(string jobId)
    {
        // Orleans refuses some strings as a grain key (white space only) with an exception; only a GUID becomes one.
        using var response = await gateway.Client.GetAsync(new Uri($"/admin/v1/key-rotations/{jobId}", UriKind.Relative));
        await Sp.HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }
}
