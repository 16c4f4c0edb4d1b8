namespace Tsm.Grains.Catalogue;

/// <summary>One instance an application creates (requirement 5.4.2: module AID, instance AID; the main one's AID is the application's).</summary>
public sealed record InstanceDefinition
{
    public required string ModuleAid { get; init; }

    public required string InstanceAid { get; init; }

    /// <summary>Privileges, hex (1 or 3 bytes).</summary>
    public string Privileges { get; init; } = "00";

    /// <summary>Value of the C9 install parameters, hex.</summary>
    public string InstallParameters { get; init; } = "";
}
