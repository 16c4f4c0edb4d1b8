namespace Tsm.Gateway.Management.Batches;

/// <summary>A preset application or SD in a batch body: its AID, memory type (ROM, Flash, EEPROM) and state.</summary>
public sealed record BatchPresetBody(string? Aid, string? MemoryType, string? State);
