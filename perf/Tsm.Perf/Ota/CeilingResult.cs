namespace Tsm.Perf.Ota;

/// <summary>The figures of one <see cref="HttpCeiling"/> run.</summary>
internal sealed record CeilingResult(double RequestsPerSecond, double BytesUpPerRequest, double BytesDownPerRequest, double CpuMicrosPerRequest);
