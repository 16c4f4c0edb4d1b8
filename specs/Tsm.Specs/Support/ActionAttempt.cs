namespace Tsm.Specs.Support;

/// <summary>
/// Captures the outcome of a When step so a later Then step can assert on the error: Reqnroll would
/// otherwise fail the scenario at the When step itself. Scenario-scoped via context injection.
/// </summary>
public sealed class ActionAttempt
{
    private Exception? error;
    private bool attempted;

    public Exception Error => attempted
        ? error ?? throw new InvalidOperationException("The attempted action succeeded; no error was captured.")
        : throw new InvalidOperationException("No action was attempted in this scenario.");

    public bool Succeeded => attempted && error is null;

    public void Run(Action action)
    {
        attempted = true;
        try
        {
            action();
            error = null;
        }
        catch (Exception ex)
        {
            error = ex;
        }
    }

    public async Task RunAsync(Func<Task> action)
    {
        attempted = true;
        try
        {
            await action();
            error = null;
        }
        catch (Exception ex)
        {
            error = ex;
        }
    }

    /// <summary>The captured error as <typeparamref name="TException"/>; fails if nothing or something else was thrown.</summary>
    public TException ErrorOf<TException>()
        where TException : Exception =>
        Error as TException
        ?? throw new InvalidOperationException(
            $"Expected {typeof(TException).Name} but the action threw {Error.GetType().Name}: {Error.Message}");
}
