using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Tests.Sp;
using Tsm.Grains.Ota;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// The domain's timers run on the domain's clock (docs/architecture.md, "Time"): a fake one, advanced by the tests, so
/// days pass at once while Orleans and Kestrel keep the real clock. The activation timeout and the token validity of
/// requirement 5.5.2 and requirement 5.8.7.2, each just before and just after it passes.
/// </summary>
public sealed class DomainClockTests(DomainClockGatewayFixture gateway) : IClassFixture<DomainClockGatewayFixture>
{
    private static readonly TimeSpan ActivationTimeout = TimeSpan.FromDays(7);

    private async Task<ApplicationState> StateOfAsync(Phone phone, string aid) =>
        (await gateway.Grains.GetGrain<ISeGrain>(phone.SeId).ApplicationStates())[aid];

    [Fact]
    public async Task A_personalized_application_not_activated_within_the_timeout_returns_to_instantiated()
    {
        using var phone = new Phone(gateway.BaseAddress, SpSetup.NewSeId(), "13977770001");
        await phone.LoginAsync();
        Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Download, SpSetup.ActivatedApp)).State);
        Assert.Equal(ApplicationState.Personalized, await StateOfAsync(phone, SpSetup.ActivatedApp));

        gateway.Clock.Advance(ActivationTimeout - TimeSpan.FromMinutes(1));
        await phone.LoginAsync();
        Assert.Equal(ApplicationState.Personalized, await StateOfAsync(phone, SpSetup.ActivatedApp));

        gateway.Clock.Advance(TimeSpan.FromMinutes(2));
        await phone.LoginAsync();
        Assert.Equal(ApplicationState.Instantiated, await StateOfAsync(phone, SpSetup.ActivatedApp));
    }

    [Fact]
    public async Task An_expired_token_is_replaced_by_a_new_registration_at_the_next_login()
    {
        using var phone = new Phone(gateway.BaseAddress, SpSetup.NewSeId(), "13977770002");
        await phone.LoginAsync();
        var token = WalletClient.ReadToken(phone.Card);

        gateway.Clock.Advance(TimeSpan.FromDays(30)); // valid through its 30th day (Wallet:TokenValidityDays)
        Assert.Null((await phone.LoginAsync()).SessionId);
        Assert.Equal(token, WalletClient.ReadToken(phone.Card));

        gateway.Clock.Advance(TimeSpan.FromDays(1));
        Assert.NotNull((await phone.LoginAsync()).SessionId); // a registration task, run by the phone to success
        Assert.NotEqual(token, WalletClient.ReadToken(phone.Card));
    }

    [Fact]
    public async Task A_token_validity_changed_through_the_parameters_API_applies_at_the_next_login_without_a_restart()
    {
        using var phone = new Phone(gateway.BaseAddress, SpSetup.NewSeId(), "13977770003");
        await phone.LoginAsync();
        var token = WalletClient.ReadToken(phone.Card);
        using (var set = await gateway.Client.PutAsJsonAsync("/admin/v1/parameters/Wallet:TokenValidityDays", new { value = 2 }))
            Assert.Equal(System.Net.HttpStatusCode.OK, set.StatusCode);
        try
        {
            gateway.Clock.Advance(TimeSpan.FromDays(3));
            Assert.NotNull((await phone.LoginAsync()).SessionId); // expired under the new validity: registered again
            Assert.NotEqual(token, WalletClient.ReadToken(phone.Card));
        }
        finally
        {
            using var reset = await gateway.Client.DeleteAsync(new Uri("/admin/v1/parameters/Wallet:TokenValidityDays", UriKind.Relative));
        }
    }
}

/// <summary>A gateway on a fake domain clock, with an application that waits for its provider's activation notice.</summary>
public sealed class DomainClockGatewayFixture : ConfiguredGatewayFixture
{
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    protected override bool UsesFakeClock => true;

    // No callback receiver listens: wallet tasks have no provider, so no callback is ever sent.
    protected override string[] Arguments() => SpSetup.Arguments(new Uri("http://127.0.0.1:9"), TimeSpan.Zero);
}
