using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CalfMonitor.Core;
using CalfMonitor.Simulator.Bench;

namespace CalfMonitor.Simulator.Cli;

/// <summary><c>calfmon bench [--json] [--runs N] [--busy-threads N]</c>: the core's cost on the
/// device's terms (docs/performance.md).</summary>
public static class BenchCommand
{
    /// <summary>Goals of issue 7.</summary>
    public const double MaxIlPerSample = 300, MaxNanoCostPerSample = 600, MaxStateBytes = 4096, MaxReplayOverParse = 1.25;

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object" };
        var runs = new Option<int>("--runs") { Description = "Timed runs of replay and parse, interleaved (the least time of each)", DefaultValueFactory = _ => 9 };
        var busy = new Option<int>("--busy-threads")
        {
            Description = $"Threads kept spinning beside the replay vs parse runs, to measure it on a machine that is not idle (0 to {BusyThreads.MaxCount})",
            DefaultValueFactory = _ => 0,
        };
        var cmd = new Command("bench", "Measure the core's cost per sample: allocations, IL instructions and calls (as nanoCLR executes them), state bytes, replay vs parse time")
        {
            json, runs, busy,
        };
        cmd.SetAction(p => CliErrors.Guard(p, (stdout, stderr) =>
        {
            if (p.GetValue(runs) < 1) throw new UsageException($"--runs must be a whole number of at least 1, not {p.GetValue(runs)}");
            int busyThreads = p.GetValue(busy);
            if (busyThreads is < 0 or > BusyThreads.MaxCount)
            {
                throw new UsageException($"--busy-threads must be a whole number from 0 to {BusyThreads.MaxCount}, not {busyThreads}");
            }
            var r = Run(p.GetValue(runs), p.GetValue(json) ? null : stderr, busyThreads);
            stdout.Write((p.GetValue(json) ? r.ToJson() : r.ToText()) + "\n");
            return CliErrors.Ok;
        }));
        return HelpExamples.Register(cmd, Examples);
    }

    public const string Examples = """
        Examples:
          calfmon bench                    the figures with their goals, and the methods that cost most
          calfmon bench --json             the same as one JSON object (alloc_bytes_per_sample, il_per_sample, …)
          calfmon bench --busy-threads 4   replay_over_parse with 4 threads spinning beside it (a machine that is not idle)
          dotnet run -c Release --project tests/CalfMonitor.Benchmarks   ns per sample of each stage (BenchmarkDotNet)
        """;

    public sealed record Report(
        double AllocBytesPerSample, double IlPerSample, double CallsPerSample, double NanoCostPerSample,
        long WorstSampleIl, long WorstSampleCalls, long WorstSampleNanoCost, bool WorstSampleIsBlockEnd, bool WorstSampleIsGap, string WorstSampleTrace, long WorstSampleIndex,
        long WorstOrdinarySampleNanoCost, long LongestGapNanoCost, long CoreStateBytes, long CoreStateNanoClrBytes, double ReplayOverParse,
        double ParseMs, double ReplayMs, long ParseRows, List<IlResult> Traces, List<(string Type, long Bytes)> StateByType,
        int BusyThreads)
    {
        public bool MeetsGoals => AllocBytesPerSample == 0 && IlPerSample <= MaxIlPerSample && NanoCostPerSample <= MaxNanoCostPerSample
            && CoreStateBytes <= MaxStateBytes && ReplayOverParse <= MaxReplayOverParse;

        public string ToJson()
        {
            static double R(double v) => Math.Round(v, 3);
            var o = new Dictionary<string, object>
            {
                ["alloc_bytes_per_sample"] = R(AllocBytesPerSample),
                ["il_per_sample"] = R(IlPerSample),
                ["calls_per_sample"] = R(CallsPerSample),
                ["nano_cost_per_sample"] = R(NanoCostPerSample),
                ["worst_sample_il"] = WorstSampleIl,
                ["worst_sample_calls"] = WorstSampleCalls,
                ["worst_sample_nano_cost"] = WorstSampleNanoCost,
                ["worst_sample_is_block_end"] = WorstSampleIsBlockEnd,
                ["worst_sample_is_gap"] = WorstSampleIsGap,
                ["worst_sample_trace"] = WorstSampleTrace,
                ["worst_sample_index"] = WorstSampleIndex,
                ["worst_ordinary_sample_nano_cost"] = WorstOrdinarySampleNanoCost,
                ["longest_gap_s"] = CoreBench.LongestClosedGapS,
                ["longest_gap_nano_cost"] = LongestGapNanoCost,
                ["core_state_bytes"] = CoreStateBytes,
                ["core_state_nanoclr_bytes"] = CoreStateNanoClrBytes,
                ["replay_over_parse"] = R(ReplayOverParse),
                ["parse_ms"] = R(ParseMs),
                ["replay_over_parse_clock"] = CalfMonitor.Simulator.Bench.ThreadClock.IsThreadCpuTime ? "thread_cpu" : "wall",
                ["replay_ms"] = R(ReplayMs),
                ["busy_threads"] = BusyThreads,
                ["meets_goals"] = MeetsGoals,
                ["traces"] = Traces.Select(t => new Dictionary<string, object>
                {
                    ["name"] = t.Trace, ["samples"] = t.Samples, ["il_per_sample"] = R(t.IlPerSample),
                    ["calls_per_sample"] = R(t.CallsPerSample), ["nano_cost_per_sample"] = R(t.NanoCostPerSample),
                    ["worst_sample_nano_cost"] = t.WorstNanoCost, ["worst_is_block_end"] = t.WorstIsBlockEnd, ["worst_is_gap"] = t.WorstIsGap,
                    ["worst_ordinary_sample_nano_cost"] = t.WorstOrdinaryNanoCost, ["block_ends"] = t.BlockEnds,
                    ["top_methods"] = t.TopMethods.Select(m => new Dictionary<string, object>
                    {
                        ["method"] = m.Method, ["il_per_sample"] = R(m.IlPerSample), ["calls_per_sample"] = R(m.CallsPerSample),
                    }).ToList(),
                }).ToList(),
            };
            return JsonSerializer.Serialize(o, JsonOutput.Serializer());
        }

        public string ToText()
        {
            var inv = CultureInfo.InvariantCulture;
            var sb = new System.Text.StringBuilder();
            string Goal(bool ok) => ok ? "ok" : "OVER GOAL";
            sb.AppendLine("calfmon bench — the core's cost per sample (docs/performance.md)");
            sb.AppendLine(string.Create(inv, $"  alloc_bytes_per_sample  {AllocBytesPerSample,10:0.###}   goal 0      {Goal(AllocBytesPerSample == 0)}"));
            sb.AppendLine(string.Create(inv, $"  il_per_sample           {IlPerSample,10:0.0}   goal ≤ 300  {Goal(IlPerSample <= MaxIlPerSample)}"));
            sb.AppendLine(string.Create(inv, $"  calls_per_sample        {CallsPerSample,10:0.00}"));
            sb.AppendLine(string.Create(inv, $"  nano_cost_per_sample    {NanoCostPerSample,10:0.0}   goal ≤ 600  {Goal(NanoCostPerSample <= MaxNanoCostPerSample)}  (IL + 15 × calls)"));
            sb.AppendLine(string.Create(inv, $"  worst single sample     {WorstSampleNanoCost,10}   ({WorstSampleIl} IL, {WorstSampleCalls} calls{(WorstSampleIsBlockEnd ? ", a 0.5 s block end" : "")}{(WorstSampleIsGap ? ", the first sample after a gap: the look-ahead is drained" : "")}; sample {WorstSampleIndex} of {WorstSampleTrace})"));
            sb.AppendLine(string.Create(inv, $"  worst ordinary sample   {WorstOrdinarySampleNanoCost,10}   (neither a block end nor after a gap)"));
            sb.AppendLine(string.Create(inv, $"  after a 24 h outage     {LongestGapNanoCost,10}   (the first sample after {CoreBench.LongestClosedGapS} s without samples: its idle seconds are closed a minute at a time)"));
            sb.AppendLine(string.Create(inv, $"  core_state_bytes        {CoreStateBytes,10}   goal ≤ 4096 {Goal(CoreStateBytes <= MaxStateBytes)}  (fields + arrays + 12 B/object; nanoCLR 12 B/field model: {CoreStateNanoClrBytes})"));
            sb.AppendLine(string.Create(inv, $"  replay_over_parse       {ReplayOverParse,10:0.000}   goal ≤ 1.25 {Goal(ReplayOverParse <= MaxReplayOverParse)}  (replay {ReplayMs:0} ms, parse {ParseMs:0} ms, {ParseRows} rows, {(CalfMonitor.Simulator.Bench.ThreadClock.IsThreadCpuTime ? "thread CPU time" : "wall time")}, {BusyThreads} busy thread{(BusyThreads == 1 ? "" : "s")} spinning beside it)"));
            foreach (var t in Traces)
            {
                sb.AppendLine(string.Create(inv, $"  trace: {t.Trace}: {t.Samples} samples, {t.IlPerSample:0.0} IL + {t.CallsPerSample:0.00} calls = {t.NanoCostPerSample:0.0}/sample; worst {t.WorstNanoCost}{(t.WorstIsBlockEnd ? " (block end)" : "")}{(t.WorstIsGap ? " (after a gap)" : "")}, worst ordinary {t.WorstOrdinaryNanoCost}"));
                foreach (var m in t.TopMethods.Take(6))
                {
                    sb.AppendLine(string.Create(inv, $"      {m.IlPerSample,7:0.0} IL {m.CallsPerSample,6:0.00} calls  {m.Method}"));
                }
            }
            return sb.ToString().TrimEnd();
        }
    }

    /// <summary>Runs every measurement. Progress notes go to <paramref name="log"/> when given;
    /// <paramref name="busyThreads"/> threads spin beside the replay vs parse runs only.</summary>
    public static Report Run(int runs = 9, TextWriter? log = null, int busyThreads = 0)
    {
        // Replay vs parse first, in a fresh process: the later measurements load three traces
        // and an instrumented copy of the core, whose heap and JIT state would otherwise weigh on
        // the wall times of a ratio meant to show what `calfmon replay` costs over reading.
        log?.WriteLine(busyThreads == 0 ? "bench: replay vs parse of a 30 min synthetic trace"
            : $"bench: replay vs parse of a 30 min synthetic trace, {busyThreads} busy thread{(busyThreads == 1 ? "" : "s")} spinning beside it");
        double ratio, parseMs, replayMs;
        long rows;
        int spinning = 0;
        string dir = Path.Combine(Path.GetTempPath(), $"calfmon-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            string path = CoreBench.WriteSyntheticTrace(Path.Combine(dir, "office-30min.trace.csv"));
            // The figure reports the threads that were started, not merely those asked for.
            (ratio, parseMs, replayMs, rows) = CoreBench.ReplayOverParse(path, runs, busyThreads, load => spinning = load.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        log?.WriteLine("bench: loading traces");
        var traces = BenchTrace.Standard();
        log?.WriteLine("bench: counting IL in a rewritten copy of the core");
        var results = new List<IlResult>();
        long gapCost;
        using (var counter = IlCounter.Load(IlCounter.CoreDllPath))
        {
            foreach (var t in traces) results.Add(CoreBench.CountIl(counter, t));
            gapCost = CoreBench.GapNanoCost(counter, CoreBench.LongestClosedGapS);
        }
        long samples = results.Sum(r => r.Samples);
        double il = results.Sum(r => r.IlPerSample * r.Samples) / samples;
        double calls = results.Sum(r => r.CallsPerSample * r.Samples) / samples;
        var worst = results.OrderByDescending(r => r.WorstNanoCost).First();

        log?.WriteLine("bench: allocations");
        double alloc = traces.Max(t => CoreBench.AllocBytesPerSample(t));

        var monitor = new CalfPumpMonitor(traces[0].Sensor, new MonitorSettings(), new NullListener());
        var t0 = traces[0];
        for (int i = 0; i < Math.Min(t0.Count, 5000); i++) monitor.OnSample(t0.T[i], t0.Ax[i], t0.Ay[i], t0.Az[i], t0.Gx[i], t0.Gy[i], t0.Gz[i]);
        var state = StateSize.Measure(monitor);

        return new Report(alloc, il, calls, il + CoreBench.CallWeight * calls,
            worst.WorstIl, worst.WorstCalls, worst.WorstNanoCost, worst.WorstIsBlockEnd, worst.WorstIsGap, worst.Trace, worst.WorstSample,
            results.Max(r => r.WorstOrdinaryNanoCost), gapCost, state.PackedBytes, state.NanoBytes, ratio, parseMs, replayMs, rows, results, state.ByType,
            spinning);
    }
}
