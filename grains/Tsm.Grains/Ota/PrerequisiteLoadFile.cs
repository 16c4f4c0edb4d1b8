using Tsm.Grains.Catalogue;
using Tsm.Protocol.Cap;

namespace Tsm.Grains.Ota;

/// <summary>A load file a download puts on the SE before the application's own (a library it imports, or another of its load files), with its CAP.</summary>
public sealed record PrerequisiteLoadFile(LoadFileDefinition LoadFile, CapFile Cap);
