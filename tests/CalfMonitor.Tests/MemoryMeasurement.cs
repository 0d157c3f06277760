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
}
