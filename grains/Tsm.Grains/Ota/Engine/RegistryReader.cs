using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Ota.Engine;

/// <summary>
/// What GET STATUS answers tell of the card's registry during a session: load files with their modules, applications
/// and SDs with their life cycle, and the "next" parts still to read (GP 2.2.1 §11.4.2.2: a GET STATUS "next" follows
/// its own query, so pages and further scopes are read one query at a time).
/// </summary>
internal sealed class RegistryReader
{
    private readonly List<GetStatusCommand> _pendingPages = [];
    private readonly Queue<GetStatusScope> _scopes = new();

    public Dictionary<string, IReadOnlyList<string>> LoadFiles { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, byte> Instances { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether anything was read (a sync reports an empty registry too).</summary>
    public bool Read => LoadFiles.Count > 0 || Instances.Count > 0;

    /// <summary>Queues a whole scope to read after the current query (a sync reads both scopes).</summary>
    public void ReadLater(GetStatusScope scope) => _scopes.Enqueue(scope);

    /// <summary>Takes one answer; a malformed answer records nothing (the registry is read again when it matters).</summary>
    public void Record(GetStatusCommand command, ResponseApdu response)
    {
        GetStatusResponse parsed;
        try
        {
            parsed = GetStatusResponse.Parse(response, command);
        }
        catch (GpFormatException)
        {
            return;
        }
        foreach (var entry in parsed.Entries)
        {
            if (command.Scope is GetStatusScope.ExecutableLoadFiles or GetStatusScope.ExecutableLoadFilesAndModules)
                LoadFiles[entry.Aid.ToString()] = entry.ModuleAids.Select(m => m.ToString()).ToList();
            else
                Instances[entry.Aid.ToString()] = entry.LifeCycle;
        }
        if (parsed.HasMore)
            _pendingPages.Add(command.NextPart());
    }

    /// <summary>The next queries to send: the pages still to read, else the next queued scope; empty when all is read.</summary>
    public IReadOnlyList<GetStatusCommand> NextQueries()
    {
        if (_pendingPages.Count > 0)
        {
            var pages = _pendingPages.ToList();
            _pendingPages.Clear();
            return pages;
        }
        return _scopes.TryDequeue(out var scope) ? [new GetStatusCommand(scope)] : [];
    }

    public void Forget(string loadFileAid) => LoadFiles.Remove(loadFileAid);

    public void ForgetInstances() => Instances.Clear();
}
