using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tsm.Gateway.Sms.Codes;

/// <summary>Registers <see cref="IRegistrationCodeSender"/> (docs/sms.md, "Registration codes").</summary>
public static class RegistrationCodeExtensions
{
    /// <summary>
    /// The registration code sender with its options ("Sms:Codes", validated at start). It sends through the SMS
    /// links when <see cref="SmsLinksExtensions.AddSmsLinks"/> registered any; without them it answers "no channel".
    /// </summary>
    public static TBuilder AddRegistrationCodeSms<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RegistrationCodeOptions>().BindConfiguration(RegistrationCodeOptions.Section)
            .Validate(o => !o.Validate().Any(), $"{RegistrationCodeOptions.Section}: SubmitTimeout must be above zero and at most one minute; Source 1 to 20 ASCII letters or digits.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IRegistrationCodeSender, SmsRegistrationCodeSender>();
        return builder;
    }
}
