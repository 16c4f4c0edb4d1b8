namespace Tsm.Simulator.Mifare;

/// <summary>The value block operations that load the transfer buffer (NXP MF1S50 §8.6.2.1).</summary>
public enum ValueOperation
{
    Increment,
    Decrement,
    Restore,
}
