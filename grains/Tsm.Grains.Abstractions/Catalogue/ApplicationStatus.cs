namespace Tsm.Grains.Catalogue;

/// <summary>Application life cycle in the catalogue (requirement 5.4.2): only published applications can be downloaded.</summary>
public enum ApplicationStatus
{
    Initial,
    Reviewed,
    Defined,
    Tested,
    Published,
    Archived,
}
