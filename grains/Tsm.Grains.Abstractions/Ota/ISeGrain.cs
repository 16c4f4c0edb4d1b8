namespace Tsm.Grains.Ota;

/// <summary>
/// The per-SE grain (key: SEID): binding, card facts, application states, the live link and the task queue
/// (docs/requirements.md 5.5.2, 5.8.7, 5.8.8). Refusals come as <see cref="RefusedException"/>.
/// </summary>
[Alias("Tsm.ISeGrain")]
public interface ISeGrain : IGrainWithStringKey
{
    [Alias("Login")]
    Task<LoginOutcome> Login(LoginCommand command);

    /// <summary>Queues an operation after the checks of its channel (wallet, business hall, provider, platform, push).</summary>
    /// <summary>
    /// A registration code for <paramref name="msisdn"/>, to be sent to it by SMS; the SE keeps only its hash
    /// (docs/security.md, "Wallets").
    /// </summary>
    [Alias("IssueRegistrationCode")]
    Task<string> IssueRegistrationCode(string msisdn);

    /// <summary>
    /// Exchanges a wallet's refresh of generation <paramref name="generation"/> for the next generation: refused when the
    /// SE is no longer bound to <paramref name="msisdn"/> or the generation was already used (refresh tokens rotate).
    /// </summary>
    [Alias("RenewWalletAccess")]
    Task<int> RenewWalletAccess(string msisdn, int generation);

    [Alias("Submit")]
    Task<TaskTicket> Submit(OperationRequest request);

    /// <summary>
    /// The operator's business system says <paramref name="msisdn"/> left the network (requirement 5.5.6): the SE's
    /// binding to it ends now, its wallet access is revoked, and the SE may be registered to a new number. False when
    /// the SE is not bound to that number; repeating a notice is harmless.
    /// </summary>
    [Alias("EndBinding")]
    Task<bool> EndBinding(string msisdn);

    /// <summary>
    /// The wallet's report for a task's outstanding order (null sequence = "give me the current order").
    /// <paramref name="agentError"/> is the local agent's error status (and message) when the report carries one; a task
    /// that fails on that report names it in its reason (docs/wallet-protocol.md, "SERAM conformance").
    /// </summary>
    [Alias("Exchange")]
    Task<ExchangeResult> Exchange(TaskId taskId, int? answering, IReadOnlyList<string> responses, string? agentError = null);

    [Alias("GetTask")]
    Task<TaskView> GetTask(TaskId taskId);

    [Alias("ListTasks")]
    Task<IReadOnlyList<TaskView>> ListTasks();

    [Alias("Abort")]
    Task Abort(TaskId taskId);

    [Alias("ApplicationStates")]
    Task<IReadOnlyDictionary<string, ApplicationState>> ApplicationStates();

    /// <summary>The supplementary SDs the platform created on the SE (requirement 5.8.3): AID → what it knows of each.</summary>
    [Alias("SecurityDomains")]
    Task<IReadOnlyDictionary<string, SecurityDomainView>> SecurityDomains();
}
