using System.Globalization;
using Tsm.Gateway.Storage;

namespace Tsm.Perf.Sms;

/// <summary>The options of the <c>push</c> and <c>mo</c> benchmarks: how many messages, on which storage profile, from how many callers.</summary>
internal sealed record SmsBenchOptions(int Count, string Profile, int Callers)
{
    public static bool TryParse(string[] args, int defaultCount, out SmsBenchOptions options)
    {
        options = new SmsBenchOptions(defaultCount, StorageProfiles.Embedded, 256);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--count" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var count) && count > 0:
                    options = options with { Count = count };
                    break;
                case "--callers" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var callers) && callers > 0:
                    options = options with { Callers = callers };
                    break;
                case "--profile" when args[i + 1] is StorageProfiles.Embedded or StorageProfiles.Cluster:
                    options = options with { Profile = args[i + 1] };
                    break;
                default:
                    return false;
            }
        }
        return args.Length % 2 == 0;
    }
}
