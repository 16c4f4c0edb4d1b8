using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tsm.Gateway.Security;
using Tsm.Gateway.Tests.Storage;
using Tsm.Simulator.Smsc;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Gateway.Tests.Management.Providers;

/// <summary>
/// Provider notices by SMS through the gateway's SMPP link to the SMSC simulator, and by e-mail to the pickup directory
/// (docs/management/providers.md, "Notifications"): the initial password of an approved provider reaches the contact's
/// handset (requirement 5.6.2), and a change or an operator's reset of that password is reported — without it — on
/// both channels (requirement 5.6.7.1).
/// </summary>
public sealed partial class ProviderNoticesOverSmsTests
{
    private const string Mobile = "8613800138123";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [GeneratedRegex("initial password (\\S+) - ")]
    private static partial Regex SmsPassword();

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task The_initial_password_goes_by_SMS_and_a_change_or_reset_is_reported_without_it()
    {
        var handsets = new Handsets();
        await using var smsc = new SmppSmsc(new SmppSmscOptions { Port = 0, Accounts = new Dictionary<string, string> { ["tsm"] = "s3cret" }, Handsets = handsets });
        smsc.Start();
        var pickup = Path.Combine(Path.GetTempPath(), "tsm-pickup-tests", Guid.NewGuid().ToString("N"));
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path,
            "--Sms:Smpp:Accounts:0:Name", "smsc", "--Sms:Smpp:Accounts:0:Port", smsc.Port.ToString(CultureInfo.InvariantCulture),
            "--Sms:Smpp:Accounts:0:SystemId", "tsm", "--Sms:Smpp:Accounts:0:Password", "s3cret", "--Sms:Smpp:Accounts:0:SourceAddress", "10657",
            "--Sms:Smpp:Accounts:0:ReconnectDelay", "00:00:00.020", "--Providers:EmailPickupDirectory", pickup);
        await gateway.StartAsync();
        using var approver = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "sms-approver", [Roles.BusinessAdministrator]);

        var email = $"ops-{Guid.NewGuid():N}@bank.example";
        using var registered = await gateway.Client.PostAsJsonAsync("/admin/v1/providers", new
        {
            name = "Bank by SMS", type = "bank", businessRegistrationNumber = "91110000MA02", operatingLicenceNumber = "B0002",
            applicationTypes = new[] { "payment" }, cooperationType = "joint", contactMobile = Mobile, contactEmail = email,
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = (await JsonAsync(registered)).GetProperty("id").GetString();
        using var approved = await approver.PostAsJsonAsync($"/admin/v1/providers/{id}/approve", new { });
        var answer = await JsonAsync(approved);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("sent", answer.GetProperty("notification").GetProperty("sms").GetString());
        var spid = answer.GetProperty("provider").GetProperty("spid").GetString()!;

        // The SMS carries the password to the contact's handset; the same one signs in.
        var sms = await handsets.ReceiveAsync(Mobile, Wait);
        Assert.NotNull(sms);
        var password = SmsPassword().Match(sms.Text ?? "").Groups[1].Value;
        Assert.Equal(16, password.Length);
        Assert.Equal(password, ProviderNotices.PasswordFor(pickup, email));
        using var signedIn = await gateway.Anonymous.PostAsJsonAsync("/admin/v1/session/login", new { userName = spid, password });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        using var provider = new HttpClient { BaseAddress = gateway.BaseAddress };
        provider.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await JsonAsync(signedIn)).GetProperty("accessToken").GetString());

        // A refused change (wrong current password) tells nobody.
        using (var wrong = await provider.PutAsJsonAsync("/admin/v1/account/password", new { currentPassword = "not-it", newPassword = "N3w-Passw0rd!x" }))
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Null(await handsets.ReceiveAsync(Mobile, TimeSpan.FromMilliseconds(300)));

        // The provider changes its password: both channels say so, neither says the password.
        const string NewPassword = "N3w-Passw0rd!x";
        using (var changed = await provider.PutAsJsonAsync("/admin/v1/account/password", new { currentPassword = password, newPassword = NewPassword }))
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        var changedSms = await handsets.ReceiveAsync(Mobile, Wait);
        Assert.NotNull(changedSms);
        Assert.Contains($"password of sign-in {spid} was changed", changedSms.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassword, changedSms.Text, StringComparison.Ordinal);
        var mails = ProviderNotices.To(pickup, email);
        Assert.Contains(mails, m => m.Contains($"{spid} of Bank by SMS ({spid}) was changed", StringComparison.Ordinal));
        Assert.All(mails, m => Assert.DoesNotContain(NewPassword, m, StringComparison.Ordinal));

        // An operator resets it: reported as a reset, the new password in neither notice.
        const string ResetPassword = "R3set-Passw0rd!y";
        using (var reset = await gateway.Client.PutAsJsonAsync($"/admin/v1/accounts/{spid}", new { newPassword = ResetPassword }))
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var resetSms = await handsets.ReceiveAsync(Mobile, Wait);
        Assert.NotNull(resetSms);
        Assert.Contains("was reset by the platform's operator", resetSms.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(ResetPassword, resetSms.Text, StringComparison.Ordinal);
        Assert.Contains(ProviderNotices.To(pickup, email), m => m.Contains("was reset by the platform's operator", StringComparison.Ordinal));
        Assert.All(ProviderNotices.To(pickup, email), m => Assert.DoesNotContain(ResetPassword, m, StringComparison.Ordinal));
    }
}
