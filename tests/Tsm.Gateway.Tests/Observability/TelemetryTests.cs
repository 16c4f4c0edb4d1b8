using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Sms;
using Tsm.Grains.Telemetry;

namespace Tsm.Gateway.Tests.Observability;

/// <summary>What the platform's instruments record for real traffic (docs/operations.md, "Metrics").</summary>
[Collection(GatewayCollection.Name)]
public sealed class TelemetryTests(GatewayFixture gateway)
{
    /// <summary>Measurements of one meter's instruments, with their tags, while it listens.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();

        public Recorder(string meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == meter)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i.Name, value, tags));
            _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i.Name, value, tags));
            _listener.Start();
        }

        public ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = [];

        private void Add(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            Measurements.Add((instrument, value, new Dictionary<string, object?>(tags.ToArray())));

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task A_registration_task_records_its_start_end_duration_and_round_trips()
    {
        using var recorder = new Recorder(OtaTelemetry.Name);
        using var phone = new Phone(gateway.BaseAddress, "86000000000000000E02", "13912340502");
        await phone.LoginAsync();

        var finished = recorder.Measurements.Where(m => m.Instrument == "tsm.ota.tasks.finished"
            && Equals(m.Tags["tsm.task.state"], "succeeded") && Equals(m.Tags["tsm.task.failure"], "none")).ToList();
        Assert.NotEmpty(finished);
        Assert.Contains(recorder.Measurements, m => m.Instrument == "tsm.ota.tasks.started");
        Assert.Contains(recorder.Measurements, m => m.Instrument == "tsm.ota.task.round_trips" && m.Value >= 1);
        Assert.Contains(recorder.Measurements, m => m.Instrument == "tsm.ota.task.duration" && m.Value >= 0);
    }

    [Fact]
    public async Task An_sms_submit_records_the_submit_its_latency_and_the_bind()
    {
        using var recorder = new Recorder(SmsTelemetry.Name);
        await using var kit = await SmppKit.StartAsync();
        var result = await kit.Esme.SubmitAsync(SmppKit.WakeUp(1)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.Accepted);

        Assert.Contains(recorder.Measurements, m => m.Instrument == "tsm.sms.binds" && Equals(m.Tags["tsm.sms.account"], "test") && Equals(m.Tags["tsm.sms.reconnect"], false));
        Assert.Contains(recorder.Measurements, m => m.Instrument == "tsm.sms.submits" && Equals(m.Tags["tsm.sms.account"], "test"));
        Assert.Contains(recorder.Measurements, m => m.Instrument == "tsm.sms.submit.latency" && m.Value >= 0);
        Assert.Equal(new SmsAccountStatus("test", 1, 1, 0, 0), kit.Esme.Status());
    }
}
