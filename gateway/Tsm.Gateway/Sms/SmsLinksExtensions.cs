using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Cmpp;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Smpp;

namespace Tsm.Gateway.Sms;

/// <summary>
/// Registers the SMS links. The gateway calls <see cref="AddSmsLinks"/> only when SMS accounts are configured; the
/// push outbox replaces the default <see cref="ISmsInboundHandler"/> (which only logs) with its own. Every protocol's
/// accounts run in the one <see cref="SmsAccountsHost"/>.
/// </summary>
public static class SmsLinksExtensions
{
    /// <summary>True when the configuration names at least one SMS account.</summary>
    public static bool HasSmsAccounts(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(SmppOptions.Section + ":Accounts").GetChildren().Any()
            || configuration.GetSection(CmppOptions.Section + ":Accounts").GetChildren().Any();
    }

    /// <summary>Every SMS protocol's links: SMPP and CMPP (each runs only the accounts configured for it).</summary>
    public static TBuilder AddSmsLinks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSmppLinks();
        builder.AddCmppLinks();
        return builder;
    }

    /// <summary>SMPP accounts from <c>Sms:Smpp:Accounts</c>, validated at start: one <see cref="SmppEsme"/> each.</summary>
    public static TBuilder AddSmppLinks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder =>
        builder.AddSmsAccounts<TBuilder, SmppOptions, SmppOptionsValidator>(SmppOptions.Section, "Tsm.Gateway.Sms.Smpp",
            (options, handler, logger, time) => options.Accounts.Select(account => new SmppEsme(account, handler, logger, time)));

    /// <summary>CMPP accounts from <c>Sms:Cmpp:Accounts</c>, validated at start: one <see cref="CmppSpClient"/> each.</summary>
    public static TBuilder AddCmppLinks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder =>
        builder.AddSmsAccounts<TBuilder, CmppOptions, CmppOptionsValidator>(CmppOptions.Section, "Tsm.Gateway.Sms.Cmpp",
            (options, handler, logger, time) => options.Accounts.Select(account => new CmppSpClient(account, handler, logger, time)));

    /// <summary>
    /// One protocol's accounts: its options bound from <paramref name="section"/> and validated at start, and its
    /// clients made by <paramref name="create"/> and run by the <see cref="SmsAccountsHost"/> while the host runs.
    /// </summary>
    private static TBuilder AddSmsAccounts<TBuilder, TOptions, TValidator>(
        this TBuilder builder, string section, string logCategory,
        Func<TOptions, ISmsInboundHandler, ILogger, TimeProvider, IEnumerable<ISmsAccountClient>> create)
        where TBuilder : IHostApplicationBuilder
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ImplementationInstance is SmsAccountSource source && source.Section == section))
            return builder;
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISmsInboundHandler, LoggingSmsInboundHandler>();
        services.TryAddSingleton<SmsSenders>();
        services.AddSingleton(new SmsAccountSource(section, sp => create(
            sp.GetRequiredService<IOptions<TOptions>>().Value,
            sp.GetRequiredService<ISmsInboundHandler>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(logCategory),
            sp.GetRequiredService<TimeProvider>())));
        if (!services.Any(d => d.ServiceType == typeof(SmsAccountsHost)))
        {
            services.AddSingleton<SmsAccountsHost>();
            services.AddHostedService(sp => sp.GetRequiredService<SmsAccountsHost>());
        }
        return builder;
    }
}
