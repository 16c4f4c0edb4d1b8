namespace Tsm.Grains.Catalogue;

/// <summary>
/// Application life cycle in the catalogue (requirement 5.4.4; docs/management.md): initial → reviewed → tested →
/// published → archiving → archived. Only published applications are offered to wallets; reviewed and tested ones can
/// be downloaded onto test numbers only.
/// </summary>
public enum ApplicationStatus
{
    Initial,
    Reviewed,
    Defined,
    Tested,
    Published,
    Archiving,
    Archived,
}
