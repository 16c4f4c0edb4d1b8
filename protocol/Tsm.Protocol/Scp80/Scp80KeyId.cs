namespace Tsm.Protocol.Scp80;

/// <summary>
/// A KIc or KID octet (ETSI TS 102 225 §5.1.2, §5.1.3): b8–b5 the key index (the key version of the key set),
/// b4–b1 the algorithm (<see cref="Scp80Algorithm"/>). Values whose low nibble the spec does not define for
/// ciphering or a cryptographic checksum keep their raw <see cref="Value"/> and report <see cref="IsKnownAlgorithm"/> false.
/// </summary>
public readonly record struct Scp80KeyId(byte Value)
{
    public int KeyIndex => Value >> 4;

    public Scp80Algorithm Algorithm => (Scp80Algorithm)(Value & 0x0F);

    public bool IsKnownAlgorithm => Algorithm is Scp80Algorithm.Des or Scp80Algorithm.TripleDes2Key or Scp80Algorithm.TripleDes3Key or Scp80Algorithm.Aes;

    public static Scp80KeyId Create(int keyIndex, Scp80Algorithm algorithm)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keyIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keyIndex, 15);
        return new Scp80KeyId((byte)((keyIndex << 4) | (byte)algorithm));
    }

    public override string ToString() => Value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
}
