using System.Net;
using System.Text;
using Tsm.Protocol.Seram;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// One SERAM session driven by hand over real HTTP: the test posts each report (possibly edited on the way, as an
/// independent local agent would write it) and the simulated agent runs each order on the card.
/// </summary>
internal sealed class SeramWire(HttpClient http, Phone phone, string sessionId, SeramAgentOptions? options = null)
{
    public SeramLocalAgent Agent { get; } = new(phone.Card, phone.SeId, http, sessionId, options ?? Phone.FastAgent);

    public List<RemoteManagementOrder> Orders { get; } = [];

    private static StringContent Json(string json) => new(json, Encoding.UTF8, SeramConstants.ContentType);

    public async Task<HandshakeResponse> HandshakeAsync(HandshakeRequest? offer = null)
    {
        using var response = await http.PostAsync(new Uri(SeramConstants.PathFor(SeramConstants.HandshakePath, sessionId), UriKind.Relative),
            Json(SeramSerializer.Serialize(offer ?? Agent.HandshakeRequest)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return SeramSerializer.ParseHandshakeResponse(body);
    }

    /// <summary>Posts a report as raw JSON and returns the order (asserting 200).</summary>
    public async Task<RemoteManagementOrder> PostAsync(string reportJson)
    {
        using var response = await http.PostAsync(new Uri(SeramConstants.PathFor(SeramConstants.RemoteManagementPath, sessionId), UriKind.Relative), Json(reportJson));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        var order = SeramSerializer.ParseOrder(body);
        Orders.Add(order);
        return order;
    }

    public Task<RemoteManagementOrder> PostAsync(RemoteManagementReport report) => PostAsync(SeramSerializer.Serialize(report));

    /// <summary>
    /// Runs orders on the card and posts their reports, each passed through <paramref name="edit"/>, until a stopCommand;
    /// returns the notifications of the last order.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunToStopAsync(RemoteManagementOrder order, Func<RemoteManagementReport, string>? edit = null)
    {
        for (var round = 0; round < 200; round++)
        {
            var execution = Agent.Execute(order);
            if (execution.Stopped)
                return execution.Notifications;
            order = await PostAsync(edit is null ? SeramSerializer.Serialize(execution.Report) : edit(execution.Report));
        }
        throw new InvalidOperationException("No stopCommand after 200 orders.");
    }

    public int StartCommands => Orders.Sum(o => o.RamCommands?.Count(c => c.RamCommandType == RamCommandType.StartCommand) ?? 0);

    public static bool Starts(RemoteManagementOrder order) => order.RamCommands?.FirstOrDefault()?.RamCommandType == RamCommandType.StartCommand;
}
