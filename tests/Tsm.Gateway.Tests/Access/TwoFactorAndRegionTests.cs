using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Tsm.Gateway.Tests.Ota;

namespace Tsm.Gateway.Tests.Access;

/// <summary>
/// Two-factor sign-in with an authenticator (TOTP, RFC 6238) and the region scope of a customer-service operator
/// (docs/security.md, "Accounts" and "Regions").
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TwoFactorAndRegionTests(GatewayFixture gateway)
{
    [Fact]
    public async Task An_account_with_two_factor_on_signs_in_only_with_the_authenticators_code()
    {
        using var admin = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "totp-admin", ["system-administrator"]);
        using var setup = await admin.PostAsJsonAsync("/admin/v1/account/two-factor", new { });
        var key = JsonDocument.Parse(await setup.Content.ReadAsStringAsync()).RootElement.GetProperty("sharedKey").GetString()!;
        using (var wrong = await admin.PostAsJsonAsync("/admin/v1/account/two-factor", new { enable = true, code = "000000" == Totp(key) ? "111111" : "000000" }))
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using (var on = await admin.PostAsJsonAsync("/admin/v1/account/two-factor", new { enable = true, code = Totp(key) }))
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);

        using (var password = await gateway.Anonymous.PostAsJsonAsync("/admin/v1/session/login", new { userName = "totp-admin", password = TestAccounts.Password }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, password.StatusCode);
            Assert.Contains("twoFactorCode", await password.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var both = await gateway.Anonymous.PostAsJsonAsync("/admin/v1/session/login", new { userName = "totp-admin", password = TestAccounts.Password, twoFactorCode = Totp(key) });
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
    }

    [Fact]
    public async Task A_customer_service_operator_sees_the_records_of_numbers_homed_in_its_region_only()
    {
        // 1380013… is homed in 440106 (天河区) and 1390010… in 110105 by the seeded number segments.
        using var guangzhou = new Phone(gateway.BaseAddress, "8600000000000000D401", "13800130401");
        await guangzhou.LoginAsync();
        using var beijing = new Phone(gateway.BaseAddress, "8600000000000000D402", "13900100402");
        await beijing.LoginAsync();
        using var local = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "cs-tianhe", ["customer-service"], region: "440106");
        using var province = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "cs-guangdong", ["customer-service"], region: "440000");
        using var elsewhere = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "cs-chaoyang", ["customer-service"], region: "110105");

        async Task<List<string>> SeIdsSeenBy(HttpClient client)
        {
            var records = await client.GetFromJsonAsync<List<JsonElement>>("/admin/v1/operations?limit=1000");
            return [.. records!.Select(r => r.GetProperty("seId").GetString()!)];
        }
        Assert.Contains(guangzhou.SeId, await SeIdsSeenBy(local));
        Assert.DoesNotContain(beijing.SeId, await SeIdsSeenBy(local));
        Assert.Contains(guangzhou.SeId, await SeIdsSeenBy(province));
        Assert.DoesNotContain(guangzhou.SeId, await SeIdsSeenBy(elsewhere));
        Assert.Contains(beijing.SeId, await SeIdsSeenBy(elsewhere));
        // Pushes too: another region's push is as unknown as one that never was.
        var here = await Sms.PushApiTests.CreatePushAsync(gateway.Client, new { seId = guangzhou.SeId, operation = "sync" });
        var there = await Sms.PushApiTests.CreatePushAsync(gateway.Client, new { seId = beijing.SeId, operation = "sync" });
        using (var own = await local.GetAsync(new Uri($"/admin/v1/pushes/{here}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using (var other = await local.GetAsync(new Uri($"/admin/v1/pushes/{there}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using (var mo = await local.GetAsync(new Uri("/admin/v1/mo", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, mo.StatusCode);
        // The national operator sees both.
        var all = await SeIdsSeenBy(gateway.Client);
        Assert.Contains(guangzhou.SeId, all);
        Assert.Contains(beijing.SeId, all);
        // And a regional administrator cannot hand out a wider region.
        using var regional = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "admin-guangdong", ["system-administrator"], region: "440000");
        using var wider = await regional.PostAsJsonAsync("/admin/v1/accounts", new { userName = "cs-wider", password = "Audited-password-123", roles = new[] { "customer-service" }, region = "110105" });
        Assert.Equal(HttpStatusCode.BadRequest, wider.StatusCode);
    }

    /// <summary>The authenticator's current code for a base32 key (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits).</summary>
    private static string Totp(string base32Key)
    {
        var key = Base32(base32Key.Replace(" ", "", StringComparison.Ordinal));
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0F;
        var value = (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7FFFFFFF) % 1_000_000;
        return value.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
