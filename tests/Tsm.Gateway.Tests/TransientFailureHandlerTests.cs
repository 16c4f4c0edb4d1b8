using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Gateway.Api;

namespace Tsm.Gateway.Tests;

/// <summary>Cluster failures that pass (a silo failing over) are 503 with Retry-After; anything else stays the default 500.</summary>
public sealed class TransientFailureHandlerTests
{
    private static DefaultHttpContext NewContext() => new()
    {
        RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
    };

    [Fact]
    public async Task A_silo_that_is_unavailable_is_a_503_to_retry()
    {
        var handler = new TransientFailureHandler(NullLogger<TransientFailureHandler>.Instance);
        foreach (var failure in new Exception[] { new SiloUnavailableException(), new TimeoutException() })
        {
            var context = NewContext();
            Assert.True(await handler.TryHandleAsync(context, failure, CancellationToken.None));
            Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
            Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        }
    }

    [Fact]
    public async Task Other_failures_are_left_to_the_default_handler()
    {
        var handler = new TransientFailureHandler(NullLogger<TransientFailureHandler>.Instance);
        var context = NewContext();
        Assert.False(await handler.TryHandleAsync(context, new InvalidOperationException("bug"), CancellationToken.None));
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }
}
