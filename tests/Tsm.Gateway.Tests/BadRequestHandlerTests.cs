using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Gateway.Api;

namespace Tsm.Gateway.Tests;

/// <summary>A request the server could not read keeps its own status (413, 408, 400) with problem details; nothing else is taken.</summary>
public sealed class BadRequestHandlerTests
{
    private static DefaultHttpContext NewContext() => new()
    {
        RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().AddOptions().BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
    };

    [Theory]
    [InlineData(StatusCodes.Status413PayloadTooLarge, "Request body too large")]
    [InlineData(StatusCodes.Status408RequestTimeout, "Request body too slow")]
    [InlineData(StatusCodes.Status400BadRequest, "Bad request")]
    public async Task Kestrels_refusals_keep_their_status_with_problem_details(int status, string title)
    {
        var handler = new BadRequestHandler(NullLogger<BadRequestHandler>.Instance);
        var context = NewContext();

        // What Kestrel throws past its own MaxRequestBodySize, a too slow body or broken framing.
        Assert.True(await handler.TryHandleAsync(context, new BadHttpRequestException("refused by the server", status), CancellationToken.None));

        Assert.Equal(status, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Contains(title, body, StringComparison.Ordinal);
        if (status == StatusCodes.Status413PayloadTooLarge)
            Assert.Contains("limit of 1048576 bytes", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_failures_are_left_to_the_other_handlers()
    {
        var handler = new BadRequestHandler(NullLogger<BadRequestHandler>.Instance);
        var context = NewContext();
        Assert.False(await handler.TryHandleAsync(context, new InvalidOperationException("bug"), CancellationToken.None));
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }
}
