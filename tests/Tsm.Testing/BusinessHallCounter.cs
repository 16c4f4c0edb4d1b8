using System.Net.Http.Json;
using System.Text.Json;
using Tsm.Protocol.Wallet;

namespace Tsm.Testing;

/// <summary>
/// A business hall's counter for test phones (docs/security.md, "Wallets"): the staff submit the customer's operation
/// with their own account, then the customer's wallet opens a SERAM session for the task.
/// </summary>
public static class BusinessHallCounter
{
    public static async Task<WalletOperationAccepted> SubmitAsync(HttpClient hall, HttpClient wallet, WalletOperationRequest request)
    {
        ArgumentNullException.ThrowIfNull(hall);
        ArgumentNullException.ThrowIfNull(wallet);
        using var accepted = await hall.PostAsJsonAsync("/admin/v1/business-hall/operations", request, WalletJsonContext.Default.WalletOperationRequest);
        var body = await accepted.Content.ReadAsStringAsync();
        if (!accepted.IsSuccessStatusCode)
            throw new HttpRequestException($"business hall: {(int)accepted.StatusCode} {body}", null, accepted.StatusCode);
        using var json = JsonDocument.Parse(body);
        var taskId = json.RootElement.GetProperty("taskId").GetString()!;
        using var opened = await wallet.PostAsync(new Uri($"/wallet/v1/tasks/{taskId}/session", UriKind.Relative), null);
        opened.EnsureSuccessStatusCode();
        return (await opened.Content.ReadFromJsonAsync(WalletJsonContext.Default.WalletOperationAccepted))!;
    }
}
