namespace Tsm.Grains.Ota;

/// <summary>The next order for the wallet.</summary>
public sealed record OtaContinue(OtaOrder Order) : OtaStep;
