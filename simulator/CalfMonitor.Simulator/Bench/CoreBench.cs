using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CalfMonitor.Core;
using CalfMonitor.Core.Events;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Cli;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Replay;

namespace CalfMonitor.Simulator.Bench;

/// <summary>A recording converted to the device's samples, held in arrays (the bench feeds the
/// core from memory so only the core's work is measured).</summary>
public sealed class BenchTrace
{
    public required string Name { get; init; }
    public required SensorConfig Sensor { get; init; }
    public required int[] T, Ax, Ay, Az, Gx, Gy, Gz;
    public int Count => T.Length;

    public static BenchTrace From(string name, ISampleSource source, MountingSite? site = null)
    {
        var s = site ?? source.Info.Site;
        var sensor = new SensorConfig(SensorConfig.DefaultSampleRateHz, SensorConfig.DefaultAccelRangeG, SensorConfig.DefaultGyroRangeDps, s);
        var rows = new DeviceSignalAdapter(sensor).Convert(source).ToList();
        (source as IDisposable)?.Dispose();
        int[] Col(Func<DeviceSample, int> f) => rows.Select(f).ToArray();
        return new BenchTrace
        {
            Name = name, Sensor = sensor,
            T = Col(r => unchecked((int)r.TimeMs)), Ax = Col(r => r.Ax), Ay = Col(r => r.Ay), Az = Col(r => r.Az),
            Gx = Col(r => r.Gx), Gy = Col(r => r.Gy), Gz = Col(r => r.Gz),
        };
    }

    /// <summary>The fixed set: the embedded synthetic office hour, and when ../shared/datasets is
    /// found, one HuGaDB walking recording (shank) and one IPOL walking trial (foot).</summary>
    public static List<BenchTrace> Standard(string? datasets = null)
    {
        var list = new List<BenchTrace> { From("synthetic office hour (embedded, shank)", Inputs.OpenEmbedded()) };
        datasets ??= FindDatasets();
        if (datasets != null)
        {
            string hugadb = Path.Combine(datasets, "hugadb", "HuGaDB_v1_walking_01_00.txt");
            if (File.Exists(hugadb)) list.Add(From("HuGaDB walking_01_00 (right shin)", new HugadbReader(hugadb, Leg.Right, MountingSite.Shank)));
            string ipol = Path.Combine(datasets, "ipol-foot", "1-1_rf.txt");
            if (File.Exists(ipol)) list.Add(From("IPOL 1-1 (right foot)", new IpolReader(ipol)));
        }
        return list;
    }

    /// <summary><c>shared/datasets</c> beside the repository: walked up from the working folder
    /// and from the program's folder.</summary>
    public static string? FindDatasets()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                string c = Path.Combine(dir.FullName, "shared", "datasets");
                if (Directory.Exists(c)) return c;
            }
        }
        return null;
    }
}

/// <summary>A listener that does nothing (and allocates nothing).</summary>
public sealed class NullListener : IMonitorListener
{
    public void OnActivation(int timeMs, int sampleNumber) { }
    public void OnSpellEnded(int timeMs, int endedSpellSeconds) { }
    public void OnSecond(int timeMs, int activationsLast60s, int spellSeconds) { }
    public void OnMinute(int minuteIndex, int activations) { }
    public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason) { }
    public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason) { }
}

public sealed record MethodCost(string Method, double IlPerSample, double CallsPerSample);

public sealed record IlResult(
    string Trace, long Samples, double IlPerSample, double CallsPerSample,
    long WorstIl, long WorstCalls, long WorstSample, bool WorstIsBlockEnd, bool WorstIsGap,
    long WorstOrdinaryIl, long WorstOrdinaryCalls, long BlockEnds, List<MethodCost> TopMethods)
{
    public double NanoCostPerSample => IlPerSample + CoreBench.CallWeight * CallsPerSample;
    public long WorstNanoCost => WorstIl + CoreBench.CallWeight * WorstCalls;
    public long WorstOrdinaryNanoCost => WorstOrdinaryIl + CoreBench.CallWeight * WorstOrdinaryCalls;
}

/// <summary>The measurements behind <c>calfmon bench</c> (docs/performance.md).</summary>
public static class CoreBench
{
    /// <summary>A call costs about as much as 15 IL instructions in nanoCLR (50–60 ns vs 3.4 ns).</summary>
    public const int CallWeight = 15;

    /// <summary>Feeds <paramref name="trace"/> through the rewritten core; IL and calls per sample.</summary>
    public static IlResult CountIl(IlCounter counter, BenchTrace trace, int topMethods = 10)
    {
        var sensorType = counter.CoreType("CalfMonitor.Core.Sensing.SensorConfig");
        var siteType = counter.CoreType("CalfMonitor.Core.Sensing.MountingSite");
        var sensor = Activator.CreateInstance(sensorType, trace.Sensor.SampleRateHz, trace.Sensor.AccelRangeG, trace.Sensor.GyroRangeDps,
            Enum.ToObject(siteType, (int)trace.Sensor.Mounting))!;
        var settings = Activator.CreateInstance(counter.CoreType("CalfMonitor.Core.MonitorSettings"))!;
        var monitorType = counter.CoreType("CalfMonitor.Core.CalfPumpMonitor");
        var monitor = Activator.CreateInstance(monitorType, sensor, settings, counter.NewNullListener())!;
        var onSample = monitorType.GetMethod("OnSample")!.CreateDelegate<Action<int, int, int, int, int, int, int>>(monitor);
        int endBlock = IndexOf(counter, "CalfMonitor.Core.Conditioning.SignalConditioner::EndBlock");
        int onGap = IndexOf(counter, "CalfMonitor.Core.CalfPumpMonitor::OnGap");
        var methodIl0 = (long[])counter.MethodIl.Clone();
        var methodCalls0 = (long[])counter.MethodCalls.Clone();
        long il0 = counter.Il, calls0 = counter.Calls;
        long worstIl = -1, worstCalls = 0, worstAt = 0, worstOrdIl = 0, worstOrdCalls = 0, blockEnds = 0;
        bool worstBlockEnd = false, worstGap = false;
        for (int i = 0; i < trace.Count; i++)
        {
            long il = counter.Il, calls = counter.Calls, eb = endBlock >= 0 ? counter.MethodIl[endBlock] : 0;
            long gp = onGap >= 0 ? counter.MethodIl[onGap] : 0;
            onSample(trace.T[i], trace.Ax[i], trace.Ay[i], trace.Az[i], trace.Gx[i], trace.Gy[i], trace.Gz[i]);
            long dIl = counter.Il - il, dCalls = counter.Calls - calls;
            bool isBlockEnd = endBlock >= 0 && counter.MethodIl[endBlock] != eb;
            bool isGap = onGap >= 0 && counter.MethodIl[onGap] != gp;
            if (isBlockEnd) blockEnds++;
            if (dIl + CallWeight * dCalls > worstIl + CallWeight * worstCalls)
            {
                worstIl = dIl; worstCalls = dCalls; worstAt = i; worstBlockEnd = isBlockEnd; worstGap = isGap;
            }
            if (!isBlockEnd && !isGap && dIl + CallWeight * dCalls > worstOrdIl + CallWeight * worstOrdCalls)
            {
                worstOrdIl = dIl; worstOrdCalls = dCalls;
            }
        }
        double n = trace.Count;
        var top = counter.Methods.Select((m, k) => new MethodCost(m, (counter.MethodIl[k] - methodIl0[k]) / n, (counter.MethodCalls[k] - methodCalls0[k]) / n))
            .Where(m => m.IlPerSample > 0)
            .OrderByDescending(m => m.IlPerSample + CallWeight * m.CallsPerSample).Take(topMethods).ToList();
        return new IlResult(trace.Name, trace.Count, (counter.Il - il0) / n, (counter.Calls - calls0) / n,
            worstIl, worstCalls, worstAt, worstBlockEnd, worstGap, worstOrdIl, worstOrdCalls, blockEnds, top);
    }

    /// <summary>The longest sensor outage whose seconds are still closed (one second short of
    /// <see cref="CalfPumpMonitor.MaxReplayedGapS"/>; a longer one is a clock jump), s.</summary>
    public const int LongestClosedGapS = CalfPumpMonitor.MaxReplayedGapS - 1;

    /// <summary>The cost of the first sample after a sensor outage of <paramref name="gapS"/>
    /// seconds (IL + <see cref="CallWeight"/> × calls): 10 s of a still, upright shank, the gap,
    /// 10 s more. That sample closes every second of the gap — the idle ones a minute at a time
    /// (docs/performance.md).</summary>
    public static long GapNanoCost(IlCounter counter, int gapS)
    {
        var sensor = SensorConfig.Default(MountingSite.Shank);
        int period = 1000 / sensor.SampleRateHz, perSide = 10 * sensor.SampleRateHz;
        var t = new int[2 * perSide];
        for (int i = 0; i < t.Length; i++) t[i] = i * period + (i < perSide ? 0 : gapS * 1000);
        var zero = new int[t.Length];
        var oneG = Enumerable.Repeat(sensor.AccelCountsPerG, t.Length).ToArray();
        var trace = new BenchTrace { Name = "outage", Sensor = sensor, T = t, Ax = zero, Ay = zero, Az = oneG, Gx = zero, Gy = zero, Gz = zero };
        var r = CountIl(counter, trace);
        if (r.WorstSample != perSide || !r.WorstIsGap) throw new InvalidOperationException("the first sample after the outage was not the costliest");
        return r.WorstNanoCost;
    }

    private static int IndexOf(IlCounter c, string name)
    {
        for (int i = 0; i < c.Methods.Count; i++) if (c.Methods[i] == name) return i;
        return -1;
    }

    /// <summary>Managed bytes the real core allocates per sample once warmed up (first fifth of
    /// the trace), measured on this thread: the fewest of <paramref name="passes"/> identical
    /// passes, each on a fresh monitor.</summary>
    /// <remarks>The core is deterministic, so an allocation in it happens again in every pass.
    /// The runtime now and then allocates on the calling thread by itself (JIT tiering and other
    /// bookkeeping; seen once on a loaded one-core CI machine as 0.03 B/sample), and such one-offs
    /// do not repeat: the minimum is the core's own figure.</remarks>
    public static double AllocBytesPerSample(BenchTrace trace, int passes = 3)
    {
        long min = long.MaxValue;
        int warm = trace.Count / 5;
        for (int pass = 0; pass < passes; pass++)
        {
            var monitor = new CalfPumpMonitor(trace.Sensor, new MonitorSettings(), new NullListener());
            for (int i = 0; i < warm; i++) monitor.OnSample(trace.T[i], trace.Ax[i], trace.Ay[i], trace.Az[i], trace.Gx[i], trace.Gy[i], trace.Gz[i]);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = warm; i < trace.Count; i++) monitor.OnSample(trace.T[i], trace.Ax[i], trace.Ay[i], trace.Az[i], trace.Gx[i], trace.Gy[i], trace.Gz[i]);
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            if (bytes < min) min = bytes;
        }
        return min / (double)Math.Max(1, trace.Count - warm);
    }

    /// <summary>Replay time over parse time of the same native trace: the least time of each over
    /// <paramref name="runs"/> interleaved runs, once the JIT has settled.</summary>
    /// <remarks>
    /// On a machine that is not idle, a run can only take longer than the work it does, never less:
    /// on a shared virtual machine even a thread's own CPU time grows while other processes load the
    /// host (cache, hyperthread sibling, hypervisor steal charged to the guest thread), here by up to
    /// 70 % for a stretch of several runs. The least time of many runs is the one the other load
    /// spared, and the two paths are timed alternately (parse first, then replay first) so that a
    /// stretch of load falls on both. The median, used before, took such a stretch as the typical
    /// run when it covered half of them (1.39–1.46 on a fresh, busy machine).
    /// Warm-up goes on until a pair of runs compiles no new method (tiered compilation has moved
    /// the hot methods to their optimised code, which a loaded machine's background compiler can
    /// delay by seconds), at least three pairs and at most twenty.
    /// <paramref name="busyThreads"/> threads (<see cref="BusyThreads"/>) spin from before the
    /// warm-up until the timed runs are over, and have ended when this returns or throws
    /// (<c>calfmon bench --busy-threads</c>: the figure on a machine that is not idle).
    /// <paramref name="loaded"/>, when given, sees them once they are started.
    /// </remarks>
    public static (double Ratio, double ParseMs, double ReplayMs, long Rows) ReplayOverParse(string nativeTrace, int runs = 9,
        int busyThreads = 0, Action<BusyThreads>? loaded = null)
    {
        long rows = 0;
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        double Parse()
        {
            double start = ThreadClock.NowMs();
            using var r = new NativeTraceReader(nativeTrace);
            long n = 0;
            foreach (var _ in r.ReadRows()) n++;
            rows = n;
            return ThreadClock.NowMs() - start;
        }
        double Replay()
        {
            double start = ThreadClock.NowMs();
            using var r = new NativeTraceReader(nativeTrace);
            new ReplayRunner().Run(r);
            return ThreadClock.NowMs() - start;
        }
        // Each timed run starts from the same, collected heap: a collection left over from the
        // previous run is not charged to the next one.
        static void Settle()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        using var load = new BusyThreads(busyThreads);
        loaded?.Invoke(load);
        // Warm-up: every method the two paths use reaches its optimised code first.
        long compiled = -1;
        for (int i = 0; i < MaxWarmUpPairs; i++)
        {
            Parse();
            Replay();
            long now = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
            if (i >= MinWarmUpPairs - 1 && now == compiled) break;
            compiled = now;
            // Tiered compilation promotes hot methods on a background thread after a short quiet
            // spell (100 ms): give it that time.
            Thread.Sleep(150);
        }
        var (p, q) = LeastOfInterleaved(Parse, Replay, runs, Settle);
        return (q / p, p, q, rows);
    }

    /// <summary>The least time of each of two timed paths over <paramref name="runs"/> runs,
    /// taken in turn (<paramref name="a"/> first in even runs, <paramref name="b"/> first in odd
    /// ones), <paramref name="settle"/> before each.</summary>
    internal static (double A, double B) LeastOfInterleaved(Func<double> a, Func<double> b, int runs, Action settle)
    {
        double least = double.MaxValue, leastB = double.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            settle();
            if (i % 2 == 0)
            {
                least = Math.Min(least, a());
                settle();
                leastB = Math.Min(leastB, b());
            }
            else
            {
                leastB = Math.Min(leastB, b());
                settle();
                least = Math.Min(least, a());
            }
        }
        return (least, leastB);
    }

    /// <summary>Warm-up pairs of parse and replay before the timed runs: at least, at most.</summary>
    private const int MinWarmUpPairs = 3, MaxWarmUpPairs = 20;

    /// <summary>Writes the first <paramref name="minutes"/> of the embedded synthetic trace as a
    /// native trace file.</summary>
    public static string WriteSyntheticTrace(string path, int minutes = 30)
    {
        using var src = Inputs.OpenEmbedded();
        using var w = new StreamWriter(path);
        var header = src.Header with { Source = $"first {minutes} min of the embedded office hour" };
        using var writer = new NativeTraceWriter(w, header);
        long first = -1;
        foreach (var row in src.ReadRows())
        {
            if (first < 0) first = row.TimeMs;
            if (row.TimeMs - first >= minutes * 60_000L) break;
            writer.Write(row);
        }
        return path;
    }
}

/// <summary>
/// The clock of replay_over_parse: CPU time of the calling thread where the OS gives it (Linux:
/// <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), wall time elsewhere. Both paths run on one
/// thread, and the ratio is about the work they do: on a shared or virtual machine, wall time also
/// holds whatever else ran meanwhile (here it moved single runs by up to 40 %).
/// </summary>
public static class ThreadClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clockId, out Timespec time);

    /// <summary>True when <see cref="NowMs"/> is thread CPU time, false when it is wall time.</summary>
    public static readonly bool IsThreadCpuTime = Probe();

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Milliseconds on this clock (only differences mean anything).</summary>
    public static double NowMs()
    {
        if (IsThreadCpuTime && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0)
            return t.Seconds * 1000.0 + t.Nanoseconds / 1e6;
        return Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
    }
}
