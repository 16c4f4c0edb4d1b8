using Tsm.Protocol.Cap;

namespace Tsm.Simulator.Tests.Card;

/// <summary>The real CAP files of shared/data/cap.</summary>
internal static class CapFiles
{
    public const string HelloStk = "pysim-hellostk.cap";
    public const string Empty = "gppro-Empty_0102030405_8d5ac9e2_2.2.1.cap";
    public const string LibBer = "openjavacard-lib-ber.cap";
    public const string Ledger = "ledger-wallet.cap";
    public const string AlgTest = "AlgTest_v1.8.2_jc222.cap";
    public const string OracleTest = "oracle-TestApplet-jc310.cap";

    public static CapFile Read(string name) => CapFile.Parse(File.ReadAllBytes(Path.Combine(Locate(), "data", "cap", name)));

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
            {
                if (File.Exists(Path.Combine(candidate, "data", "cap", "manifest.json")))
                    return Path.GetFullPath(candidate);
            }
        }
        throw new InvalidOperationException("shared/data/cap was not found next to or inside the repository.");
    }
}
