namespace Tsm.Grains.Ota;

/// <summary>The result of feeding a report to the engine: another order (<see cref="OtaContinue"/>), or the end of the task (<see cref="OtaFinished"/>).</summary>
public abstract record OtaStep;
