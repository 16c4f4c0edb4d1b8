namespace Tsm.Grains.Ota;

/// <summary>
/// Carries a <see cref="Ota.Refusal"/> out of the domain (across grain calls too). Nothing was changed when it is
/// thrown: a refused request leaves the stored state as it was.
/// </summary>
[GenerateSerializer, Alias("Tsm.RefusedException")]
public sealed class RefusedException : Exception
{
    public RefusedException()
        : this(new Refusal(RefusalCode.BadCommands, "refused"))
    {
    }

    public RefusedException(string message)
        : this(new Refusal(RefusalCode.BadCommands, message))
    {
    }

    public RefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Refusal = new Refusal(RefusalCode.BadCommands, message);
    }

    public RefusedException(Refusal refusal)
        : base(refusal?.Detail)
    {
        Refusal = refusal ?? throw new ArgumentNullException(nameof(refusal));
    }

    public RefusedException(RefusalCode code, string detail)
        : this(new Refusal(code, detail))
    {
    }

    [Id(0)] public Refusal Refusal { get; init; }

    public RefusalCode Code => Refusal.Code;
}
