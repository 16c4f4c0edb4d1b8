namespace Tsm.Grains.Management.Applications;

/// <summary>One executable load file of an upload: its package AID, the multipart file holding its CAP, its modules.</summary>
public sealed record LoadFileManifest
{
    /// <summary>The package AID the CAP must declare.</summary>
    public string Aid { get; init; } = "";

    /// <summary>The file name of the multipart part holding its CAP.</summary>
    public string File { get; init; } = "";

    /// <summary>Applet (module) AIDs the CAP must contain (it may contain more).</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>The DAP signature over the load file data block (hex), for an SD in DAP-verification mode; empty otherwise.</summary>
    public string DapSignature { get; init; } = "";
}
