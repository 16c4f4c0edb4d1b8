namespace Tsm.Gateway.Api;

/// <summary>What a transient failure waits for (<see cref="TransientFailures"/>).</summary>
public enum TransientCause
{
    /// <summary>The cluster settles: a silo declared dead or not yet, a grain call timed out.</summary>
    Cluster,

    /// <summary>The platform database is reachable again.</summary>
    Storage,
}
