namespace Tsm.Simulator.Mifare;

/// <summary>
/// INS codes of the Mifare Card Manager applet (our own command set; see docs/mifare.md). Chosen in the 3x range,
/// even values only, clear of the ISO/IEC 7816-4 and GlobalPlatform instructions a security domain answers
/// (A4, 50, 82, CA, D8, E2, E4, E6, E8, F0, F2) and of the invalid 6x/9x range.
/// </summary>
public static class MifareInstruction
{
    public const byte CreateApplication = 0x30;
    public const byte DeleteApplication = 0x32;
    public const byte ListApplications = 0x34;
    public const byte GetMemoryInfo = 0x36;
    public const byte ReadBlock = 0x38;
    public const byte WriteBlock = 0x3A;
    public const byte Increment = 0x3C;
    public const byte Decrement = 0x3E;

    public static bool IsKnown(byte ins) => ins is CreateApplication or DeleteApplication or ListApplications or GetMemoryInfo
        or ReadBlock or WriteBlock or Increment or Decrement;
}
