using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Outbox;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Mo;
using Tsm.Gateway.Sms.Push;
using Tsm.Gateway.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Sms;

/// <summary>Registers the push outbox and sender, the receipt and MO handling and the SE directory (docs/sms.md).</summary>
public static class SmsExtensions
{
    public static WebApplicationBuilder AddSmsPush(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section)
            .Validate(o => o.Validity > TimeSpan.Zero && o.InDoubtAfter > TimeSpan.Zero, "Sms:Push: Validity and InDoubtAfter must be positive.")
            .Validate(o => o.ReceiptWindow > TimeSpan.Zero && o.ReceiptHold > TimeSpan.Zero && o.ReceiptClockSkew >= TimeSpan.Zero && o.ReceiptClockSkew < o.ReceiptWindow,
                "Sms:Push: ReceiptWindow and ReceiptHold must be positive, ReceiptClockSkew zero or more and shorter than ReceiptWindow.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PushOptions>>(
            new OutboxOptionsValidator<PushOptions>(PushOptions.Section, PushOptions.MaxBatchSize)));
        services.AddOptions<MoOptions>().BindConfiguration(MoOptions.Section)
            .Validate(o => o.Rules.All(r => r.Keyword.Length > 0 && r.Action == MoActions.Sync), "Sms:Mo:Rules: each rule needs a keyword, and the action \"sync\".")
            .ValidateOnStart();
        services.AddSingleton<SeDirectory>();
        services.AddSingleton<ISeDirectory>(sp => sp.GetRequiredService<SeDirectory>());
        services.AddSingleton<PushStore>();
        services.AddSingleton<PushService>();
        services.AddSingleton<MoRouter>();
        services.AddSingleton<SmsInbound>();
        // Receipts and MO messages come here rather than to the links' default handler, which only logs.
        services.Replace(ServiceDescriptor.Singleton<ISmsInboundHandler>(sp => sp.GetRequiredService<SmsInbound>()));
        services.AddHostedService(sp => sp.GetRequiredService<SmsInbound>());
        services.AddSingleton<PushSender>();
        services.AddHostedService(sp => sp.GetRequiredService<PushSender>());
        return builder;
    }
}
