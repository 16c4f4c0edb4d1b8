namespace Tsm.Gateway.Hardening;

/// <summary>Log messages of rate limiting; every value from the request goes through <see cref="LogValue"/>.</summary>
internal static partial class RateLimitLog
{
    [LoggerMessage(EventId = 80, Level = LogLevel.Information, Message = "Rate limit reached by {Client} on {Path}: answered 429")]
    public static partial void Rejected(ILogger logger, string client, string path);

    [LoggerMessage(EventId = 81, Level = LogLevel.Information, Message = "Rate limit {Policy} reached for target {Target}: answered 429")]
    public static partial void TargetRejected(ILogger logger, string policy, string target);
}
