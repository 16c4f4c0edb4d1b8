namespace Tsm.Gateway.Outbox;

/// <summary>
/// The state names an outbox table uses: waiting (<see cref="Pending"/>), taken by a worker (<see cref="Leased"/>,
/// which may be <see cref="Pending"/> again for a table that marks a lease by its time alone), sent
/// (<see cref="Done"/>) and given up (<see cref="Failed"/>).
/// </summary>
public sealed record OutboxStates(string Pending, string Leased, string Done, string Failed);
