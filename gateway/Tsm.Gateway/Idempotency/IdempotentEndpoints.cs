namespace Tsm.Gateway.Idempotency;

/// <summary>Marks routes that create work as taking an Idempotency-Key.</summary>
public static class IdempotentEndpoints
{
    /// <summary>A retry with the same key gets the stored answer (<see cref="IdempotentEndpoint.Replayed"/>).</summary>
    public static TBuilder Idempotent<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(IdempotentEndpoint.Replayed);

    /// <summary>A retry with the same key runs again and the domain returns the work already created (<see cref="IdempotentEndpoint.RunAgain"/>).</summary>
    public static TBuilder IdempotentByDomain<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(IdempotentEndpoint.RunAgain);

    /// <summary>The key of this request for the work it creates, or null when the client sent none.</summary>
    public static string? IdempotencyKey(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IdempotentRequest>()?.Id;
    }
}
