namespace Tsm.Protocol.Scp80;

/// <summary>How the receiving entity treats the counter (ETSI TS 102 225 §5.1.1, first SPI octet, bits b5 b4).</summary>
public enum Scp80CounterMode : byte
{
    /// <summary>00: no counter (the CNTR field is present and ignored).</summary>
    NoCounter = 0,

    /// <summary>01: counter available, no replay or sequence checking.</summary>
    NoReplayCheck = 1,

    /// <summary>10: process only if the counter is higher than the receiving entity's.</summary>
    Higher = 2,

    /// <summary>11: process only if the counter is exactly one higher than the receiving entity's.</summary>
    OneHigher = 3,
}
