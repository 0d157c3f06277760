using Xunit;

namespace CalfMonitor.Tests;

/// <summary>
/// Tests that read the process-wide managed heap size (GC.GetTotalMemory) run in this collection,
/// alone: other tests allocating in parallel would otherwise show up as growth.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Managed heap measurements (run alone)";

    /// <summary>Bytes allocated so far by every thread but the calling one. Even run alone, the
    /// heap holds what the test host's other threads allocate meanwhile (lingering work of earlier
    /// tests, the runner's messages; more of it on a busy machine): between two points they can
    /// have added to it at most what they allocated in between, so only growth beyond that is the
    /// calling thread's. (Sound for code that runs on the calling thread only.)</summary>
    public static long OtherThreadsAllocatedBytes() =>
        GC.GetTotalAllocatedBytes(precise: true) - GC.GetAllocatedBytesForCurrentThread();
}
