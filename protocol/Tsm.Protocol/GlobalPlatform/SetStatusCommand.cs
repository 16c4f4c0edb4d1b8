using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>P1 of SET STATUS (GP 2.2.1 §11.10.2.1, Table 11-78).</summary>
public enum SetStatusScope : byte
{
    /// <summary>The card itself (via the ISD); the data field is ignored.</summary>
    IssuerSecurityDomain = 0x80,

    /// <summary>An application or supplementary security domain.</summary>
    ApplicationOrSecurityDomain = 0x40,

    /// <summary>A security domain and its associated applications.</summary>
    SecurityDomainAndApplications = 0x60,
}

/// <summary>
/// SET STATUS <c>80 F0 P1 P2 Lc AID</c> (GP 2.2.1 §11.10), no Le. P2 is the target life cycle state (§11.10.2.2):
/// for the card <c>0F</c>/<c>7F</c>/<c>FF</c>; for an application b8 locks (<c>80</c>) or unlocks (<c>00</c>).
/// </summary>
public sealed record SetStatusCommand(SetStatusScope Scope, byte TargetState, Aid? Aid = null)
{
    public const byte Ins = 0xF0;

    public SetStatusScope Scope { get; init; } = Enum.IsDefined(Scope) ? Scope : throw new ArgumentOutOfRangeException(nameof(Scope));

    public static SetStatusCommand ForCard(CardLifeCycle target) => new(SetStatusScope.IssuerSecurityDomain, (byte)target);

    public static SetStatusCommand Lock(Aid aid, bool withApplications = false) =>
        new(withApplications ? SetStatusScope.SecurityDomainAndApplications : SetStatusScope.ApplicationOrSecurityDomain, LifeCycle.LockedBit, aid);

    public static SetStatusCommand Unlock(Aid aid, bool withApplications = false) =>
        new(withApplications ? SetStatusScope.SecurityDomainAndApplications : SetStatusScope.ApplicationOrSecurityDomain, 0x00, aid);

    public CommandApdu ToApdu() => new(GpEncoding.ProprietaryCla, Ins, (byte)Scope, TargetState, Aid?.Memory ?? default);

    /// <exception cref="GpFormatException">Wrong header, unknown P1, or a bad AID.</exception>
    public static SetStatusCommand Parse(CommandApdu apdu)
    {
        GpEncoding.CheckHeader(apdu, Ins, "SET STATUS");
        var scope = (SetStatusScope)apdu.P1;
        if (!Enum.IsDefined(scope))
            throw new GpFormatException($"SET STATUS P1 {apdu.P1:X2} is not 80, 40 or 60.");
        var data = apdu.Data.Span;
        if (data.IsEmpty)
        {
            if (scope != SetStatusScope.IssuerSecurityDomain)
                throw new GpFormatException("SET STATUS for an application needs its AID.");
            return new SetStatusCommand(scope, apdu.P2);
        }
        if (data.Length is < Apdu.Aid.MinLength or > Apdu.Aid.MaxLength)
            throw new GpFormatException($"SET STATUS AID has {data.Length} bytes.");
        return new SetStatusCommand(scope, apdu.P2, Apdu.Aid.FromBytes(data));
    }
}
