namespace Tsm.Grains;

/// <summary>Marker for the grains assembly; the SE and task grains arrive with the OTA engine.</summary>
public static class GrainsAssembly;
