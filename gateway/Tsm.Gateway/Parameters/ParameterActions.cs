namespace Tsm.Gateway.Parameters;

/// <summary>The <c>Action</c> of a parameter history entry.</summary>
public static class ParameterActions
{
    /// <summary>A value set where none was stored.</summary>
    public const string Add = "add";

    /// <summary>A stored value replaced.</summary>
    public const string Change = "change";

    /// <summary>A stored value removed: the configuration files' value (or the default) applies again.</summary>
    public const string Delete = "delete";
}
