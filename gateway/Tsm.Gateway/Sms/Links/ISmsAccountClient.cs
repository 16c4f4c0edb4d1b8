namespace Tsm.Gateway.Sms.Links;

/// <summary>One account's client as the gateway runs it (an SMPP ESME, a CMPP SP client): started, sending, stopped.</summary>
public interface ISmsAccountClient : ISmsSender, IAsyncDisposable
{
    /// <summary>Starts every link of the account (each connects and reconnects by itself).</summary>
    void Start();

    /// <summary>Closes every link gracefully (unbind, TERMINATE) after the outstanding responses.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);

    /// <summary>Where the account's links are now.</summary>
    SmsAccountStatus Status();
}
