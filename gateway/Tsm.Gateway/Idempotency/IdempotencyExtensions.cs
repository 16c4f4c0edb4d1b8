using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Idempotency;

/// <summary>Registration of the Idempotency-Key handling (docs/idempotency.md).</summary>
public static class IdempotencyExtensions
{
    public static WebApplicationBuilder AddIdempotency(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IdempotencyOptions>, IdempotencyOptionsValidator>();
        builder.Services.AddSingleton<IdempotencyStore>();
        return builder;
    }

    /// <summary>After authorization: a key is the caller's own, and a refused request keeps nothing.</summary>
    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app.UseMiddleware<IdempotencyMiddleware>();
}
