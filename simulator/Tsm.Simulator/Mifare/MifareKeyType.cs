namespace Tsm.Simulator.Mifare;

/// <summary>
/// The key a reader authenticates with (NXP MF1S50 §8.6.3). The values are the MIFARE AUTHENTICATE command codes
/// (<c>60</c> key A, <c>61</c> key B), which is also how the card manager's commands encode the key type.
/// </summary>
public enum MifareKeyType : byte
{
    A = 0x60,
    B = 0x61,
}
