using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Api;
using Tsm.Gateway.Ota;
using Tsm.Gateway.Parameters;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Sms;
using Tsm.Gateway.Sms.Push;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Parameters;

public sealed class ParameterCatalogueTests
{
    /// <summary>The options class of each section that has parameters.</summary>
    private static readonly Dictionary<string, Type> Sections = new()
    {
        [WalletOptions.Section] = typeof(WalletOptions),
        [OtaOptions.Section] = typeof(OtaOptions),
        [PushOptions.Section] = typeof(PushOptions),
        [TaskWaitOptions.Section] = typeof(TaskWaitOptions),
        [SeramOptions.Section] = typeof(SeramOptions),
        [SpOptions.Section] = typeof(SpOptions),
        [KeyRotationOptions.Section] = typeof(KeyRotationOptions),
    };

    [Fact]
    public void No_secret_is_ever_a_parameter()
    {
        foreach (var definition in ParameterCatalogue.All)
        {
            Assert.DoesNotContain(ParameterCatalogue.ForbiddenPrefixes, p => definition.Name.StartsWith(p + ":", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotMatch("(?i)key|secret|password|token$|connection|thumbprint|hash", definition.Name.Split(':')[^1]);
        }
    }

    [Fact]
    public void Names_are_unique_and_found_whatever_their_case_or_separator()
    {
        Assert.Equal(ParameterCatalogue.All.Count, ParameterCatalogue.All.Select(d => d.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.True(ParameterCatalogue.TryGet("wallet:tokenvaliditydays", out var byCase));
        Assert.Equal("Wallet:TokenValidityDays", byCase.Name);
        Assert.True(ParameterCatalogue.TryGet("Sms__Push__Validity", out var bySeparator));
        Assert.Equal("Sms:Push:Validity", bySeparator.Name);
        Assert.False(ParameterCatalogue.TryGet("KeyService:StorageKey", out _));
        Assert.False(ParameterCatalogue.TryGet(null, out _));
    }

    [Fact]
    public void Every_parameter_is_a_property_of_its_options_class_whose_default_it_shows()
    {
        foreach (var definition in ParameterCatalogue.All)
        {
            var split = definition.Name.LastIndexOf(':');
            var section = definition.Name[..split];
            Assert.True(Sections.TryGetValue(section, out var type), $"{definition.Name}: no options class for section {section}");
            var property = type.GetProperty(definition.Name[(split + 1)..]);
            Assert.True(property is not null, $"{definition.Name}: {type.Name} has no such property");
            Assert.Equal(definition.Default, Spell(property.GetValue(Activator.CreateInstance(type))));
        }
    }

    [Fact]
    public void The_extreme_values_of_every_parameter_bind_and_pass_the_options_own_validation()
    {
        foreach (var extreme in new Func<ParameterDefinition, string>[] { d => d.Minimum ?? d.Choices?[0] ?? "false", d => d.Maximum ?? d.Choices?[^1] ?? "true" })
        {
            var values = ParameterCatalogue.All.ToDictionary(d => d.Name, d => (string?)extreme(d));
            var builder = WebApplication.CreateBuilder();
            builder.Configuration.AddInMemoryCollection(values);
            builder.AddOtaEngine();
            builder.AddSmsPush();
            builder.AddServiceProviderApi();
            builder.Services.AddOptions<SeramOptions>().BindConfiguration(SeramOptions.Section);
            using var services = builder.Services.BuildServiceProvider();
            foreach (var definition in ParameterCatalogue.All)
            {
                var split = definition.Name.LastIndexOf(':');
                var type = Sections[definition.Name[..split]];
                var options = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
                var value = options.GetType().GetProperty("Value")!.GetValue(options);
                Assert.Equal(values[definition.Name], Spell(type.GetProperty(definition.Name[(split + 1)..])!.GetValue(value)));
            }
        }
    }

    private static string? Spell(object? value) => value switch
    {
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString(),
    };
}
