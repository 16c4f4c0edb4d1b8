namespace Tsm.Gateway.Parameters;

/// <summary>How a change of a parameter ended; the API maps each to one status.</summary>
public enum ParameterOutcome
{
    /// <summary>Stored, history written, reloaded on this silo.</summary>
    Changed,

    /// <summary>That value was already stored; nothing written.</summary>
    Unchanged,

    /// <summary>The name is not in <see cref="ParameterCatalogue"/>.</summary>
    UnknownName,

    /// <summary>The value fails the parameter's check.</summary>
    InvalidValue,

    /// <summary>A delete of a parameter that has no stored value.</summary>
    NotOverridden,
}
