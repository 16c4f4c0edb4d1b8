using System.Collections.Concurrent;
using System.Diagnostics;
using Tsm.Gateway.Tests.Ota;
using Tsm.Grains.Telemetry;

namespace Tsm.Gateway.Tests.Observability;

/// <summary>One trace from the wallet's HTTP request through the grain calls to the OTA engine's step (docs/operations.md, "Traces").</summary>
[Collection(GatewayCollection.Name)]
public sealed class TraceTests(GatewayFixture gateway)
{
    [Fact]
    public async Task An_ota_step_is_a_descendant_of_the_http_request_through_the_grain_call()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "Microsoft.Orleans.Application" or OtaTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        using var phone = new Phone(gateway.BaseAddress, "86000000000000000E01", "13912340501");
        await phone.LoginAsync();

        var steps = stopped.Where(a => a.Source.Name == OtaTelemetry.Name && a.OperationName == "ota.task.advance").ToList();
        Assert.NotEmpty(steps);
        var requests = stopped.Where(a => a.Source.Name == "Microsoft.AspNetCore").ToDictionary(a => a.SpanId);
        var grainCalls = stopped.Where(a => a.Source.Name == "Microsoft.Orleans.Application").ToDictionary(a => a.SpanId);
        Assert.Contains(steps, step =>
            grainCalls.ContainsKey(step.ParentSpanId) && requests.Values.Any(r => r.TraceId == step.TraceId));
    }
}
