using System.Net;
using System.Text;
using Tsm.Protocol;
using Tsm.Protocol.Seram;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Phone;

/// <summary>
/// The SERAM 2.0.0 local agent of the simulated phone (GlobalPlatform/SERAM doc/GPSERAM__Overview.md "Local Agent
/// Behaviour", doc/GPSERAM__HTTP_REST_Binding.md): the HTTP client that handshakes, then posts reports to
/// <c>/remoteManagement</c> and runs each order it gets back on the SE until a stopCommand.
/// </summary>
/// <remarks>
/// An SE RAM command's C-APDUs go to the card in order; every R-APDU, 6xxx included, is reported as is (the agent does
/// not judge them). When an APDU cannot be transmitted (power lost, no SE, access refused), that APDU gets no R-APDU,
/// the remaining C-APDUs of the order are discarded, and the report carries the partial response, the error status
/// and the number of SE RAM commands that ran to the end.
/// </remarks>
public sealed class SeramLocalAgent
{
    private readonly ISmartCard _card;
    private readonly HttpClient _http;
    private readonly SecureElement _se;
    private readonly SeramAgentOptions _options;

    /// <param name="card">The SE the C-APDUs go to.</param>
    /// <param name="seId">The SE's identifier as the server knows it (hex).</param>
    /// <param name="http">
    /// A client whose BaseAddress is the gateway (the SERAM paths start with <c>/gp/seram</c>); with a
    /// <see cref="BearerTokenHandler"/> in its pipeline every request carries the wallet's access token.
    /// </param>
    /// <param name="sessionId">The management session, from the wallet API.</param>
    /// <param name="options">Timing and identity; the binding defaults when null.</param>
    public SeramLocalAgent(ISmartCard card, string seId, HttpClient http, string sessionId, SeramAgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentException.ThrowIfNullOrEmpty(seId);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        _card = card;
        _http = http;
        SessionId = sessionId;
        _options = options ?? new SeramAgentOptions();
        _se = new SecureElement { SeType = _options.SeType, SeId = seId, SeExtraInfo = _options.SeExtraInfo };
    }

    public string SessionId { get; }

    /// <summary>
    /// The handshake this agent sends: our SE, the transport its client uses (HTTPS for an https:// gateway, HTTP for
    /// http://), application/json, 2.0.0.
    /// </summary>
    public HandshakeRequest HandshakeRequest => new()
    {
        SecureElements = [_se],
        SupportedTransportProtocols = [SeramConstants.TransportForScheme(_http.BaseAddress?.Scheme ?? Uri.UriSchemeHttps)],
        SupportedDataFormats = [SeramConstants.DataFormatJson],
        SupportedVersions = [SeramConstants.Version],
    };

    /// <summary>Runs the whole session: handshake, then reports and orders until stopCommand or a failure.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task<SeramSessionResult> RunAsync(CancellationToken ct = default)
    {
        var reports = new List<RemoteManagementReport>();
        var orders = new List<RemoteManagementOrder>();
        var notifications = new List<string>();
        SeramSessionResult End(SeramSessionOutcome outcome, string? detail, HandshakeResponse? handshake)
        {
            if (outcome != SeramSessionOutcome.Completed)
                Step(SeramStepKind.Error, $"{outcome}: {detail}");
            return new SeramSessionResult
            {
                Outcome = outcome,
                Detail = detail,
                Handshake = handshake,
                Reports = reports,
                Orders = orders,
                Notifications = notifications,
            };
        }

        // Handshake step.
        var offer = HandshakeRequest;
        var answer = await PostAsync(SeramConstants.HandshakePath, SeramSerializer.Serialize(offer), ct).ConfigureAwait(false);
        if (answer.Unreachable is { } why)
            return End(SeramSessionOutcome.Unreachable, why, null);
        switch (answer.Status)
        {
            case HttpStatusCode.OK:
                break;
            case HttpStatusCode.NotFound:
                return End(SeramSessionOutcome.SessionNotFound, "handshake: 404, the server does not know this sessionId", null);
            case HttpStatusCode.Unauthorized:
                return End(SeramSessionOutcome.ServerError, "handshake: 401, the gateway refused the wallet's access token", null);
            case HttpStatusCode.NotAcceptable:
                return End(SeramSessionOutcome.HandshakeRejected, $"handshake: 406, the server serves none of {string.Join(", ", offer.EffectiveTransportProtocols)}, application/json, 2.0.0", null);
            default:
                return End(SeramSessionOutcome.ServerError, $"handshake: HTTP {(int)answer.Status}", null);
        }
        HandshakeResponse handshake;
        try
        {
            handshake = SeramSerializer.ParseHandshakeResponse(answer.Body);
        }
        catch (SeramFormatException ex)
        {
            return End(SeramSessionOutcome.ProtocolError, ex.Message, null);
        }
        var choiceProblems = SeramValidation.ValidateChoice(offer, handshake);
        if (choiceProblems.Count > 0)
            return End(SeramSessionOutcome.ProtocolError, "handshake: " + string.Join("; ", choiceProblems), handshake);
        Step(SeramStepKind.Handshake, $"{handshake.ChosenTransportProtocol} {handshake.ChosenDataFormat} {handshake.ChosenVersion}");

        // Command exchange step: the first report is void.
        var report = RemoteManagementReport.Polling();
        while (true)
        {
            if (reports.Count >= _options.MaxExchanges)
                return End(SeramSessionOutcome.TooManyExchanges, $"{reports.Count} reports without a stopCommand", handshake);
            reports.Add(report);
            Step(SeramStepKind.Report, Describe(report));
            answer = await PostAsync(SeramConstants.RemoteManagementPath, SeramSerializer.Serialize(report), ct).ConfigureAwait(false);
            if (answer.Unreachable is { } lost)
                return End(SeramSessionOutcome.Unreachable, lost, handshake);
            if (answer.Status == HttpStatusCode.NotFound)
                return End(SeramSessionOutcome.SessionNotFound, "remoteManagement: 404, the server does not know this sessionId", handshake);
            if (answer.Status == HttpStatusCode.Unauthorized)
                return End(SeramSessionOutcome.ServerError, "remoteManagement: 401, the gateway refused the wallet's access token", handshake);
            if (answer.Status != HttpStatusCode.OK)
                return End(SeramSessionOutcome.ServerError, $"remoteManagement: HTTP {(int)answer.Status}", handshake);
            RemoteManagementOrder order;
            try
            {
                order = SeramSerializer.ParseOrder(answer.Body);
            }
            catch (SeramFormatException ex)
            {
                return End(SeramSessionOutcome.ProtocolError, ex.Message, handshake);
            }
            orders.Add(order);
            Step(SeramStepKind.Order, Describe(order));
            var execution = Execute(order);
            notifications.AddRange(execution.Notifications);
            if (execution.Stopped)
            {
                Step(SeramStepKind.Stop, $"session {SessionId} stopped after {reports.Count} reports");
                return End(SeramSessionOutcome.Completed, null, handshake);
            }
            report = execution.Report;
            var delay = order.Delay is { } ms ? TimeSpan.FromMilliseconds(ms) : _options.DefaultDelay;
            if (delay > _options.MaxDelay)
                delay = _options.MaxDelay;
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, _options.TimeProvider, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs one order's commands one by one on the card and builds the report that answers it. After a stopCommand
    /// nothing more runs and no report is due (<see cref="OrderExecution.Stopped"/>).
    /// </summary>
    public OrderExecution Execute(RemoteManagementOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var responses = new List<RamResponse>();
        var notifications = new List<string>();
        var executed = 0;
        var anyCommand = false;
        (LocalAgentStatusKind Kind, string Message)? failure = null;

        if (order.ChosenSecureElement is { } chosen && !string.Equals(chosen.SeId, _se.SeId, StringComparison.OrdinalIgnoreCase))
            failure = (LocalAgentStatusKind.UnavailableSe, $"chosenSecureElement {chosen.SeId} is not on this device (have {_se.SeId})");

        foreach (var command in order.RamCommands ?? [])
        {
            anyCommand = true;
            switch (command.RamCommandType)
            {
                case RamCommandType.StartCommand:
                    break;
                case RamCommandType.NotificationCommand:
                    var text = command.DeviceAppNotification ?? "";
                    notifications.Add(text);
                    Step(SeramStepKind.Notification, text);
                    break;
                case RamCommandType.StopCommand:
                    return new OrderExecution(BuildReport(anyCommand, executed, responses, failure), true, notifications);
                case RamCommandType.SeRamCommand:
                    if (failure is not null)
                        break; // after a failed transmission the remaining C-APDUs are discarded
                    var rapdus = new List<string>();
                    failure = Transmit(command.ListOfCapdu ?? [], rapdus);
                    responses.Add(RamResponse.SeRam(rapdus));
                    if (failure is null)
                        executed++;
                    break;
            }
        }
        return new OrderExecution(BuildReport(anyCommand, executed, responses, failure), false, notifications);
    }

    private (LocalAgentStatusKind, string)? Transmit(IReadOnlyList<string> capdus, List<string> rapdus)
    {
        for (var i = 0; i < capdus.Count; i++)
        {
            try
            {
                if (!_card.IsPowered)
                {
                    if (!_options.PowerOnWhenNeeded)
                        return (LocalAgentStatusKind.UnavailableSe, "the SE is not powered");
                    _card.PowerOn();
                }
                var response = _card.Transmit(Hex.Parse(capdus[i]));
                rapdus.Add(Hex.Format(response));
            }
            catch (CardTornException ex)
            {
                return (LocalAgentStatusKind.UnavailableSe, $"C-APDU {i + 1}: power lost ({ex.Message})");
            }
            catch (UnauthorizedAccessException ex)
            {
                return (LocalAgentStatusKind.UngrantedAccess, $"C-APDU {i + 1}: access refused ({ex.Message})");
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                return (LocalAgentStatusKind.UnavailableSe, $"C-APDU {i + 1}: SE unavailable ({ex.Message})");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                return (LocalAgentStatusKind.UnknownFailure, $"C-APDU {i + 1}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        return null;
    }

    private static RemoteManagementReport BuildReport(
        bool anyCommand, int executed, List<RamResponse> responses, (LocalAgentStatusKind Kind, string Message)? failure)
    {
        var status = failure is { } f
            ? new LocalAgentStatus { LocalAgentStatusEnum = f.Kind, ExecutedSeRamCommands = executed, ErrorMsg = f.Message }
            : new LocalAgentStatus
            {
                LocalAgentStatusEnum = anyCommand ? LocalAgentStatusKind.Processed : LocalAgentStatusKind.Polling,
                ExecutedSeRamCommands = executed,
            };
        return new RemoteManagementReport { LocalAgentStatus = status, RamResponses = responses.Count > 0 ? responses : null };
    }

    private readonly record struct Answer(HttpStatusCode Status, string Body, string? Unreachable);

    // Transport errors and unanswered requests are retried with the same body (the report is not re-executed) until the retry window closes.
    private async Task<Answer> PostAsync(string path, string json, CancellationToken ct)
    {
        var uri = SeramConstants.PathFor(path, SessionId);
        var time = _options.TimeProvider;
        var started = time.GetTimestamp();
        var attempt = 0;
        while (true)
        {
            attempt++;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.ResponseTimeout);
            string problem;
            try
            {
                using var content = new StringContent(json, Encoding.UTF8, SeramConstants.ContentType);
                using var response = await _http.PostAsync(new Uri(uri, UriKind.Relative), content, timeout.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                // 503: the gateway could not reach the SE's state for a moment (a cluster node failing over); same body again.
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                    return new Answer(response.StatusCode, body, null);
                problem = "HTTP 503 (service unavailable)";
            }
            catch (HttpRequestException ex)
            {
                problem = ex.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                problem = $"no response within {_options.ResponseTimeout.TotalSeconds:0.###} s";
            }
            if (time.GetElapsedTime(started) + _options.RetryPause >= _options.RetryWindow)
                return new Answer(default, "", $"{path}: {problem} (gave up after {attempt} attempts)");
            Step(SeramStepKind.Retry, $"{path}: {problem}; retrying");
            await Task.Delay(_options.RetryPause, time, ct).ConfigureAwait(false);
        }
    }

    private void Step(SeramStepKind kind, string detail) => _options.OnStep?.Invoke(new SeramStep(kind, detail));

    private static string Describe(RemoteManagementReport report)
    {
        var status = report.LocalAgentStatus;
        var text = $"{SeramValidation.Name(status.LocalAgentStatusEnum)} executed={status.ExecutedSeRamCommands}";
        if (report.RamResponses is { Count: > 0 } responses)
            text += " R-APDUs=" + string.Join(" | ", responses.Select(r => string.Join(",", r.ListOfRapdu)));
        if (status.ErrorMsg is { } error)
            text += $" ({error})";
        return text;
    }

    private static string Describe(RemoteManagementOrder order)
    {
        if (order.IsVoid)
            return $"void (delay {order.Delay?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"})";
        return string.Join(", ", order.RamCommands!.Select(c => c.RamCommandType switch
        {
            RamCommandType.SeRamCommand => $"seRamCommand[{c.ListOfCapdu?.Count ?? 0} C-APDUs]",
            RamCommandType.StartCommand => "startCommand",
            RamCommandType.StopCommand => "stopCommand",
            _ => "notificationCommand",
        }));
    }
}
