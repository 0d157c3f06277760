using Xunit;

namespace CalfMonitor.Tests.Robustness;

/// <summary>
/// Tests that hold tens of megabytes (bench traces in arrays, the rewritten core, 60-day runs)
/// or measure the process's heap run alone, after the parallel ones: otherwise they disturb
/// process-wide memory measurements such as StreamingTests' and their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyCollection
{
    public const string Name = "Heavy, not in parallel";
}
