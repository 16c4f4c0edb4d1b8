using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tsm.Gateway.Api;

namespace Tsm.Gateway.Tests.Observability;

/// <summary>Database failures that pass are 503 with Retry-After, however wrapped; a bug in SQL stays a 500.</summary>
public sealed class StorageFailureMappingTests
{
    public static TheoryData<string> Outages => ["connection refused", "admin shutdown", "too many connections", "sqlite busy", "wrapped", "aggregate"];

    private static Exception Outage(string name) => name switch
    {
        "connection refused" => new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111)),
        "admin shutdown" => new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"),
        "too many connections" => new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300"),
        "sqlite busy" => new SqliteException("database is locked", 5),
        "wrapped" => new InvalidOperationException("grain storage failed", new NpgsqlException("Exception while reading from stream")),
        _ => new AggregateException(new InvalidOperationException("first"), new NpgsqlException("broken pipe")),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task An_unreachable_database_is_a_503_with_retry_after(string outage)
    {
        Assert.Equal(TransientCause.Storage, TransientFailures.Classify(Outage(outage)));
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        Assert.True(await new TransientFailureHandler(NullLogger<TransientFailureHandler>.Instance).TryHandleAsync(context, Outage(outage), CancellationToken.None));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Contains("storage-unavailable", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_in_the_sql_itself_are_not_outages()
    {
        Assert.Null(TransientFailures.Classify(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
        Assert.Null(TransientFailures.Classify(new SqliteException("no such table: x", 1)));
        Assert.Null(TransientFailures.Classify(new InvalidOperationException("bug")));
    }
}
