namespace Tsm.Gateway.Outbox;

/// <summary>A row of a durable outbox as the <see cref="OutboxWorker{TItem}"/> sees it.</summary>
public interface IOutboxItem
{
    /// <summary>The row's key (a push serial, a callback's event id).</summary>
    string Key { get; }

    /// <summary>Attempts made so far, the one just taken included.</summary>
    int Attempts { get; }
}
