namespace Tsm.Grains.Management.Providers;

/// <summary>Where a service provider is in its life (requirements 5.6.2, 5.6.5, 5.6.6; docs/management/providers.md).</summary>
public enum ProviderStatus
{
    /// <summary>Registered by an operator, waiting for another operator's approval.</summary>
    Pending,

    /// <summary>Approved: it has an SPID and a login account, its platforms may act for it.</summary>
    Approved,

    /// <summary>Its registration was refused (with a reason); final.</summary>
    Rejected,

    /// <summary>No sign-in, no new download or install of its applications; delete and lock still work.</summary>
    Blacklisted,

    /// <summary>No longer a partner: accounts disabled, applications all archived; final.</summary>
    Deregistered,
}
