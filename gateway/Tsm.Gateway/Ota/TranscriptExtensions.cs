using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;
using Tsm.Grains.Ota;
using Tsm.Grains.Ota.Transcripts;

namespace Tsm.Gateway.Ota;

/// <summary>Transcripts apart from grain state: their options (validated at start), store and purge (docs/ota.md, "Transcripts").</summary>
public static class TranscriptExtensions
{
    public static IServiceCollection AddTranscripts(this IServiceCollection services)
    {
        services.AddOptions<TranscriptOptions>().BindConfiguration(TranscriptOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TranscriptOptions>, TranscriptOptionsValidator>());
        services.AddSingleton<TranscriptStore>();
        services.AddSingleton<ITranscriptStore>(sp => sp.GetRequiredService<TranscriptStore>());
        services.AddSingleton<TranscriptPurge>();
        services.AddHostedService(sp => sp.GetRequiredService<TranscriptPurge>());
        return services;
    }
}
