using System.Reflection;
using System.Text.Json;
using CalfMonitor.Simulator.Bench;
using CalfMonitor.Simulator.Cli;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Bench;

/// <summary>The cost measurements of <c>calfmon bench</c> (docs/performance.md).</summary>
[Collection(CalfMonitor.Tests.Robustness.HeavyCollection.Name)]
public class BenchTests
{
    private static readonly Lazy<IlCounter> Counter = new(() => IlCounter.Load(IlCounter.CoreDllPath));

    private static (long Il, long Calls) Count(Action run)
    {
        var c = Counter.Value;
        long il = c.Il, calls = c.Calls;
        run();
        return (c.Il - il, c.Calls - calls);
    }

    private static MethodInfo LittleEndian(string name) =>
        Counter.Value.CoreType("CalfMonitor.Core.Ble.LittleEndian").GetMethod(name)!;

    [Fact]
    public void Counting_IL_leaves_no_copy_of_the_core_in_the_temporary_folder()
    {
        // Every `calfmon bench` and every test run used to leave its rewritten core (100 KB) in a
        // folder of its own under the temporary directory.
        string temp = Path.GetTempPath();
        string core = Path.GetFileName(IlCounter.CoreDllPath);
        var before = new HashSet<string>(Directory.EnumerateFileSystemEntries(temp));
        using (var counter = IlCounter.Load(IlCounter.CoreDllPath))
            Assert.NotNull(counter.Assembly.GetType(IlCounter.CounterTypeName));
        var left = Directory.EnumerateFileSystemEntries(temp).Where(e => !before.Contains(e))
            .Where(e => File.Exists(Path.Combine(e, core)) || Path.GetFileName(e) == core).ToList();
        Assert.Empty(left);
    }

    [Fact]
    public void Straight_line_method_counts_every_instruction_once()
    {
        // GetU16: ldarg.0 ldarg.1 ldelem.u1 ldarg.0 ldarg.1 ldc.i4.1 add ldelem.u1 ldc.i4.8 shl or ret
        var m = LittleEndian("GetU16");
        var (il, calls) = Count(() => m.Invoke(null, new object[] { new byte[] { 1, 2 }, 0 }));
        Assert.Equal(12, il);
        Assert.Equal(0, calls);
    }

    [Theory]
    // Saturate: ldarg.0 ldc.i4.0 blt.s A | ldarg.0 ldarg.1 bgt.s B | ldarg.0 ret | B: ldarg.1 ret | A: ldc.i4.0 ret
    [InlineData(-5, 5)]
    [InlineData(5, 8)]
    [InlineData(50, 8)]
    public void Branches_count_only_the_blocks_taken(int value, long expected)
    {
        var m = LittleEndian("Saturate");
        var (il, _) = Count(() => Assert.Equal(Math.Clamp(value, 0, 10), (int)m.Invoke(null, new object[] { value, 10 })!));
        Assert.Equal(expected, il);
    }

    [Fact]
    public void Calls_are_counted_and_the_rewritten_core_behaves_like_the_original()
    {
        var c = Counter.Value;
        var trace = BenchTrace.From("embedded", Inputs.OpenEmbedded());
        var r = CoreBench.CountIl(c, trace);
        Assert.Equal(trace.Count, r.Samples);
        Assert.InRange(r.IlPerSample, 50, 5000);
        Assert.InRange(r.CallsPerSample, 1, 100);
        Assert.True(r.BlockEnds >= trace.Count / 26 && r.BlockEnds <= trace.Count / 24, $"{r.BlockEnds} block ends in {trace.Count} samples at 50 Hz");
        Assert.Contains(r.TopMethods, m => m.Method.EndsWith("SignalConditioner::Condition"));

        // Same activations as the untouched core: the rewrite changes no behaviour.
        var original = new CalfMonitor.Simulator.Replay.ReplayRunner().Run(Inputs.OpenEmbedded());
        var monitorType = c.CoreType("CalfMonitor.Core.CalfPumpMonitor");
        var sensor = Activator.CreateInstance(c.CoreType("CalfMonitor.Core.Sensing.SensorConfig"), 50, 8, 2000,
            Enum.ToObject(c.CoreType("CalfMonitor.Core.Sensing.MountingSite"), (int)trace.Sensor.Mounting))!;
        var monitor = Activator.CreateInstance(monitorType, sensor, Activator.CreateInstance(c.CoreType("CalfMonitor.Core.MonitorSettings")), c.NewNullListener())!;
        var onSample = monitorType.GetMethod("OnSample")!;
        for (int i = 0; i < trace.Count; i++)
        {
            onSample.Invoke(monitor, new object[] { trace.T[i], trace.Ax[i], trace.Ay[i], trace.Az[i], trace.Gx[i], trace.Gy[i], trace.Gz[i] });
        }
        Assert.Equal(original.Activations.Count, (int)monitorType.GetProperty("Activations")!.GetValue(monitor)!);
    }

    [Fact]
    public void The_core_allocates_nothing_per_sample_in_steady_state()
    {
        var trace = BenchTrace.From("embedded", Inputs.OpenEmbedded());
        Assert.Equal(0.0, CoreBench.AllocBytesPerSample(trace));
    }

    [Fact]
    public void State_size_walks_the_monitor_and_leaves_out_the_listener()
    {
        var trace = BenchTrace.From("embedded", Inputs.OpenEmbedded());
        var monitor = new CalfMonitor.Core.CalfPumpMonitor(trace.Sensor, new CalfMonitor.Core.MonitorSettings(), new RecordingListener());
        var s = StateSize.Measure(monitor);
        Assert.InRange(s.PackedBytes, 1000, BenchCommand.MaxStateBytes);
        Assert.True(s.NanoBytes >= s.PackedBytes);
        Assert.DoesNotContain(s.ByType, t => t.Type.Contains("Listener"));
    }

    /// <summary>The first sample after a sensor outage closes every second of it. Second by
    /// second that cost about 800 nano units a second (68.9 M for a day, 71.1 M now: seconds on the
    /// ESP32 with the monitor's lock held); the idle seconds are closed a minute at a time, about
    /// 865 units a minute (830 when the skip was made). The bound, 2000 a minute of outage, fails for anything that closes them one by one.</summary>
    [Fact]
    public void A_day_long_outage_costs_minutes_not_seconds()
    {
        long hour = CoreBench.GapNanoCost(Counter.Value, 3600);
        long day = CoreBench.GapNanoCost(Counter.Value, CoreBench.LongestClosedGapS);
        long perMinute = (day - hour) / ((CoreBench.LongestClosedGapS - 3600) / 60);
        Assert.InRange(perMinute, 1, 2000);
        Assert.InRange(day, 1, 2_000_000);
    }

    /// <summary>Every figure a number, and the counted ones within the goals of
    /// docs/performance.md and the team's rule: ≤ 300 IL and ≤ 600 nano units a sample (the
    /// state's ≤ 4096 bytes: <see cref="State_size_walks_the_monitor_and_leaves_out_the_listener"/>).
    /// Counted, not timed, so the same on every machine (this Debug build counts a little more
    /// than Release: 283.7 IL a sample against 281.7 with the datasets, 280.5 on the office hour
    /// alone). The counter's own test takes 50–5000 IL, which no regression of the per-sample
    /// path would leave; replay_over_parse, a time, is not judged here.</summary>
    [Fact]
    public void Bench_json_prints_every_figure_as_a_number_and_the_counts_meet_their_goals()
    {
        var r = CliRunner.Run("bench", "--json", "--runs", "1");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        foreach (var key in new[] { "alloc_bytes_per_sample", "il_per_sample", "calls_per_sample", "nano_cost_per_sample", "longest_gap_nano_cost", "core_state_bytes", "replay_over_parse" })
        {
            Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty(key).ValueKind);
        }
        Assert.Equal(0, doc.RootElement.GetProperty("alloc_bytes_per_sample").GetDouble());
        var il = doc.RootElement.GetProperty("il_per_sample").GetDouble();
        var calls = doc.RootElement.GetProperty("calls_per_sample").GetDouble();
        Assert.InRange(doc.RootElement.GetProperty("nano_cost_per_sample").GetDouble(), il + 15 * calls - 0.02, il + 15 * calls + 0.02);
        Assert.Equal(0, doc.RootElement.GetProperty("busy_threads").GetInt32());
        Assert.True(il <= BenchCommand.MaxIlPerSample, $"il_per_sample {il} over the goal of {BenchCommand.MaxIlPerSample}");
        double nano = doc.RootElement.GetProperty("nano_cost_per_sample").GetDouble();
        Assert.True(nano <= BenchCommand.MaxNanoCostPerSample, $"nano_cost_per_sample {nano} over the goal of {BenchCommand.MaxNanoCostPerSample}");
    }

    [Fact]
    public void Bench_json_reports_the_busy_threads_that_spun_beside_the_replay()
    {
        var r = CliRunner.Run("bench", "--json", "--runs", "1", "--busy-threads", "3");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("busy_threads").GetInt32());
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("replay_over_parse").ValueKind);
    }

    [Fact]
    public void Bench_text_says_how_many_threads_spun_beside_the_replay()
    {
        var r = CliRunner.Run("bench", "--runs", "1", "--busy-threads", "1");
        Assert.Equal(0, r.ExitCode);
        string line = r.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("replay_over_parse", StringComparison.Ordinal));
        Assert.Contains(", 1 busy thread spinning beside it)", line);
    }
}

public class ReplayOverParseTests
{
    [Fact]
    public void A_stretch_of_load_on_most_runs_does_not_move_the_figure()
    {
        // What the fresh, busy machine did: parse runs 29 ms, replay runs 34 ms, and a stretch of
        // other load makes five of nine replay runs (and two parse runs) take 57 and 49 ms. The
        // median of nine took that as the typical run (57/29 = 1.97); the least time does not.
        double[] parse = { 29, 49, 29, 29, 49, 29, 29, 29, 29 };
        double[] replay = { 57, 57, 34, 57, 57, 34, 57, 34, 34 };
        int ip = 0, iq = 0, settles = 0;
        var order = new List<char>();
        var (p, q) = CoreBench.LeastOfInterleaved(() => { order.Add('p'); return parse[ip++]; }, () => { order.Add('r'); return replay[iq++]; }, 9, () => settles++);
        Assert.Equal((29.0, 34.0), (p, q));
        Assert.Equal(18, settles);
        // Interleaved: parse first, then replay first, so a stretch of load falls on both.
        Assert.Equal("prrpprrpprrpprrppr", string.Concat(order));
    }

    // No test here times the replay: replay_over_parse under load is a figure that
    // `calfmon bench --busy-threads 4` reports (docs/performance.md), and the method that keeps it
    // steady on a machine that is not idle is pinned, without a clock, by the test above.

    [Fact]
    public void The_busy_threads_run_during_the_measurement_and_have_ended_when_it_returns()
    {
        using var dir = new TempDir();
        string trace = CoreBench.WriteSyntheticTrace(Path.Combine(dir.Path, "office.trace.csv"), minutes: 1);
        BusyThreads? load = null;
        int runningWhileMeasured = -1;
        var (_, _, _, rows) = CoreBench.ReplayOverParse(trace, runs: 1, busyThreads: 3, loaded: l => { load = l; runningWhileMeasured = l.Running; });
        Assert.Equal(3000, rows);
        Assert.NotNull(load);
        Assert.Equal(3, load.Count);
        Assert.Equal(3, runningWhileMeasured);
        Assert.Equal(0, load.Running);
    }

    [Fact]
    public void The_busy_threads_have_ended_when_the_measurement_fails()
    {
        using var dir = new TempDir();
        BusyThreads? load = null;
        var e = Assert.Throws<CalfMonitor.Simulator.Input.InputException>(() =>
            CoreBench.ReplayOverParse(Path.Combine(dir.Path, "missing.trace.csv"), runs: 1, busyThreads: 2, loaded: l => load = l));
        Assert.Contains("no such file", e.Message);
        Assert.NotNull(load);
        Assert.Equal(2, load.Count);
        Assert.Equal(0, load.Running);
    }

    [Fact]
    public void No_busy_threads_unless_asked_and_no_more_than_the_bound()
    {
        using (var none = new BusyThreads(0)) Assert.Equal(0, none.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BusyThreads(BusyThreads.MaxCount + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BusyThreads(-1));
    }
}

public class ThreadClockTests
{
    [Fact]
    public void Counts_the_threads_work()
    {
        var clock = CalfMonitor.Simulator.Bench.ThreadClock.NowMs;
        // Work until the clock has advanced 30 ms (however busy the machine, it must get there).
        double start = clock();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        long spin = 0;
        while (clock() - start < 30 && sw.ElapsedMilliseconds < 10_000) spin++;
        double worked = clock() - start;
        Assert.True(spin > 0);
        Assert.InRange(worked, 30, 1000);
        // One thread's CPU time never runs ahead of the wall clock.
        Assert.True(sw.Elapsed.TotalMilliseconds >= worked - 1, $"{worked} ms of work in {sw.Elapsed.TotalMilliseconds} ms");
    }

    [SkippableFact]
    public void On_Linux_does_not_count_the_threads_sleep()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the thread's own CPU clock is read on Linux only; elsewhere the bench falls back to the wall clock");
        var clock = CalfMonitor.Simulator.Bench.ThreadClock.NowMs;
        Assert.True(CalfMonitor.Simulator.Bench.ThreadClock.IsThreadCpuTime);
        double start = clock();
        Thread.Sleep(200);
        Assert.InRange(clock() - start, 0, 50);
    }
}
