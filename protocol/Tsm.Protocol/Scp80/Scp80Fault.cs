namespace Tsm.Protocol.Scp80;

/// <summary>Why an SCP80 packet could not be read (<see cref="Scp80FormatException.Fault"/>).</summary>
public enum Scp80Fault
{
    /// <summary>Lengths, identifiers or fields do not add up.</summary>
    Malformed,

    /// <summary>The ciphered part is not whole blocks, or its padding counter runs past the data (PoR status 05).</summary>
    Ciphering,

    /// <summary>The RC/CC/DS does not verify (PoR status 01).</summary>
    Checksum,

    /// <summary>An algorithm the SPI, KIc or KID names is not one this implementation offers.</summary>
    Unsupported,
}
