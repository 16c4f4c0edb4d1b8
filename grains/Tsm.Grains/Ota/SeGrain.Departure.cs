namespace Tsm.Grains.Ota;

/// <summary>
/// The end of a binding when its number leaves the network (requirement 5.5.6; docs/ota.md, "Rules at login"): the
/// operator's business system (BOSS) sends the notice, the binding ends at once rather than at the SE's next login.
/// </summary>
public sealed partial class SeGrain
{
    public async Task<bool> EndBinding(string msisdn)
    {
        ArgumentException.ThrowIfNullOrEmpty(msisdn);
        var s = state.State;
        if (!s.Registered || !string.Equals(s.Msisdn, msisdn, StringComparison.Ordinal))
            return false;
        if (!s.NumberDeparted)
        {
            s.NumberDeparted = true;
            // The wallet's refresh token dies with the binding; its short access token is refused at the next request.
            s.AccessGeneration++;
            await state.WriteStateAsync();
            await operationLog.RecordAsync("number-departed", SeId, msisdn, null, "ok", null);
        }
        // After the state, so that a notice repeated after a failure here still finds the SE by its number.
        await directory.UnbindAsync(SeId, msisdn);
        return true;
    }
}
