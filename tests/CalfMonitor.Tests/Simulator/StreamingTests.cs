using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Plotting;
using CalfMonitor.Simulator.Replay;
using Xunit;

namespace CalfMonitor.Tests.Simulator;

/// <summary>Replay streams: managed memory stays flat however long the trace runs.</summary>
[Collection(MemoryMeasurement.Name)]
public class StreamingTests
{
    [Fact]
    public void ManagedMemoryDoesNotGrowDuringALongReplay()
    {
        using var dir = new TempDir();
        string trace = Path.Combine(dir.Path, "long.trace.csv");
        long rows = SyntheticTrace.Write(trace, SyntheticTrace.Day(3));   // 540 000 rows at 50 Hz
        var samples = new List<long>();
        var others = new List<long>();   // what other threads allocated by then (MemoryMeasurement)
        var timeline = new TimelineCollector();
        long n = 0;
        var runner = new ReplayRunner
        {
            OnSample = (s, m) =>
            {
                timeline.Observe(s, m);   // the plot's collector must stream too
                if (++n % 45_000 == 0)
                {
                    samples.Add(GC.GetTotalMemory(forceFullCollection: true));
                    others.Add(MemoryMeasurement.OtherThreadsAllocatedBytes());
                }
            },
        };
        using var source = new NativeTraceReader(trace);
        var result = runner.Run(source);
        Assert.Equal(rows, result.DeviceSamples);
        Assert.True(samples.Count >= 10);
        // After warm-up (first sample), memory stays within 1 MB although 10x more rows passed
        // than between the first two measurements: growth beyond what other threads of the test
        // host allocated meanwhile (the replay runs on this thread alone).
        long baseline = samples[1];
        long growth = Enumerable.Range(1, samples.Count - 1).Max(i => samples[i] - baseline - (others[i] - others[1]));
        Assert.True(growth < 1_000_000, $"managed memory grew by {growth / 1024} KiB during the replay: {string.Join(", ", samples.Select(x => x / 1024))} KiB; other threads allocated {string.Join(", ", others.Select(x => (x - others[0]) / 1024))} KiB");
    }
}
