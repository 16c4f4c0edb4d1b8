using System.Diagnostics;

namespace Tsm.Perf.Ota;

/// <summary>The gateway process's counters at one moment (this process hosts the gateway alone during <c>ota</c>).</summary>
internal readonly record struct GatewaySample(long At, TimeSpan Cpu, long Allocated, int Gen0, int Gen1, int Gen2, long Heap, long WorkingSet, int PoolThreads, TimeSpan Jit)
{
    /// <summary>Samples CPU and allocations first; then, if asked, the live heap after a full collection (not counted in CPU).</summary>
    public static GatewaySample Take(bool fullCollection)
    {
        using var self = Process.GetCurrentProcess();
        var at = Stopwatch.GetTimestamp();
        var cpu = self.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var heap = GC.GetTotalMemory(fullCollection);
        // Time spent in the JIT (tier-0, then tier-1 and PGO recompilation on a background thread): part of the CPU above
        // until the process reaches its steady state, so a short or loaded run shows it apart.
        var jit = System.Runtime.JitInfo.GetCompilationTime(currentThread: false);
        return new GatewaySample(at, cpu, allocated, gen0, gen1, gen2, heap, self.WorkingSet64, ThreadPool.ThreadCount, jit);
    }
}
