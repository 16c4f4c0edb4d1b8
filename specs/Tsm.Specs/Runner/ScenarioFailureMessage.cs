namespace Tsm.Specs.Runner;

/// <summary>Builds the text of a failed scenario so the test result names the step, not just the exception.</summary>
public static class ScenarioFailureMessage
{
    public static string Build(string scenarioDisplayName, CompiledStep? failedStep, Exception error)
    {
        var where = failedStep is null
            ? "outside a step (hook or binding error)"
            : $"at step '{failedStep.Display}'";
        return $"Scenario '{scenarioDisplayName}' failed {where}:{Environment.NewLine}{error.GetType().Name}: {error.Message}";
    }
}

/// <summary>Thrown instead of the raw step error so xUnit reports the step; the original stays as InnerException.</summary>
public sealed class ScenarioFailedException(string message, Exception inner) : Exception(message, inner);
