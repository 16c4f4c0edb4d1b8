namespace Tsm.Grains.Management.Providers;

/// <summary>The stored and wire names of <see cref="ProviderStatus"/> (lower case, as in the Providers table).</summary>
public static class ProviderStatusNames
{
    public static string Name(this ProviderStatus status) => status switch
    {
        ProviderStatus.Pending => "pending",
        ProviderStatus.Approved => "approved",
        ProviderStatus.Rejected => "rejected",
        ProviderStatus.Blacklisted => "blacklisted",
        _ => "deregistered",
    };

    public static bool TryParse(string? name, out ProviderStatus status)
    {
        foreach (var candidate in Enum.GetValues<ProviderStatus>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    /// <summary>Blacklisted or deregistered: no sign-in, no new download or install (requirement 5.6.6).</summary>
    public static bool IsBlocked(this ProviderStatus status) => status is ProviderStatus.Blacklisted or ProviderStatus.Deregistered;
}
