using System.Text;
using System.Text.Json;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Evaluation;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Synthesis;
using CalfMonitor.Tests.Cli;
using CalfMonitor.Tests.Datasets;
using Xunit;
using Xunit.Abstractions;

namespace CalfMonitor.Tests.Evaluation;

/// <summary><c>calfmon evaluate --dataset marpino</c>: the truth rules, the scoring on a
/// synthetic walk whose truth is known, and (with ../shared/datasets) a pin of the result on the
/// shared part of the set.</summary>
public class MarpinoEvaluationTests
{
    private readonly ITestOutputHelper _out;

    public MarpinoEvaluationTests(ITestOutputHelper output) => _out = output;

    private static string MarpinoDir => Path.Combine(DatasetPaths.Root ?? "", "marpino");

    [Fact]
    public void Trace_names_give_group_recording_leg_and_site()
    {
        var i = MarpinoEvaluation.Parse("/x/Elderly_20180403_10_left_shank.trace.csv")!;
        Assert.Equal(("Elderly", "Elderly_20180403_10", Leg.Left, MountingSite.Shank), (i.Group, i.Recording, i.Leg, i.Site));
        var j = MarpinoEvaluation.Parse("LongDistance_7_right_foot.trace.csv")!;
        Assert.Equal(("LongDistance", "LongDistance_7", Leg.Right, MountingSite.Foot), (j.Group, j.Recording, j.Leg, j.Site));
        Assert.Null(MarpinoEvaluation.Parse("Young_1_right_knee.trace.csv"));
        Assert.Null(MarpinoEvaluation.Parse("Young_1_events.csv"));
    }

    private static readonly double[] Clock = Enumerable.Range(0, 3000).Select(i => i / 100.0).ToArray();

    [Fact]
    public void Insole_toe_offs_that_start_no_stride_are_set_apart_with_the_reason()
    {
        using var d = new TempDir();
        string f = d.Write("R_events.csv", "leg,toe_off_sample,heel_strike_sample\n" +
            "right,100,\n" +          // lone: no other right toe-off within 2.5 s
            "right,500,700\n" +       // shares its heel strike with the next: no heel strike of its own
            "right,620,700\n" +
            "right,740,790\n" +
            "right,860,865\n" +       // 0.05 s "swing": a toe unloading, not a step
            "right,960,1000\n" +
            "right,1000,1050\n" +     // 0.4 s after the previous: the same stride
            "left,560,610\n" +
            "left,680,730\n");
        var notStrides = new List<(TrueSwing Swing, string Why, bool Excluded)>();
        var swings = MarpinoEvaluation.ReadSwings(f, Leg.Right, Clock, notStrides);
        Assert.Equal(new[] { 5.0, 6.2, 7.4, 9.6 }, swings.Select(s => s.ToeOffS));
        Assert.Equal(10.5, swings[3].HeelStrikeS, 9);
        // The median of the real swings (0.8, 0.5, 0.4, 0.5 s): the upper middle, 0.5 s.
        Assert.Equal(5.0 + 0.5, swings[0].HeelStrikeS, 9);
        Assert.Equal(7.0, swings[1].HeelStrikeS, 9);
        Assert.Equal(3, notStrides.Count);
        Assert.Contains("lone step", notStrides[0].Why);
        Assert.Equal(1.0, notStrides[0].Swing.ToeOffS, 9);
        Assert.Contains("no swing", notStrides[1].Why);
        Assert.True(notStrides[0].Excluded && notStrides[1].Excluded);
        Assert.Contains("the same stride", notStrides[2].Why);
        Assert.False(notStrides[2].Excluded);
        Assert.Equal(2, MarpinoEvaluation.ReadSwings(f, Leg.Left, Clock).Count);
    }

    [Theory]
    [InlineData("leg,toe_off,heel\nright,1,2\n", 1, "header")]
    [InlineData("leg,toe_off_sample,heel_strike_sample\nright,1\n", 2, "3 fields")]
    [InlineData("leg,toe_off_sample,heel_strike_sample\nmiddle,1,2\n", 2, "left or right")]
    [InlineData("leg,toe_off_sample,heel_strike_sample\nright,x,2\n", 2, "whole number")]
    [InlineData("leg,toe_off_sample,heel_strike_sample\nright,50,40\n", 2, "does not follow")]
    [InlineData("leg,toe_off_sample,heel_strike_sample\nright,5000,5010\n", 2, "beyond the trace")]
    [InlineData("leg,toe_off_sample,heel_strike_sample\nright,2990,3000\n", 2, "beyond the trace")]   // one past the last sample (3000 samples)
    public void A_bad_events_file_is_one_message_with_file_and_line(string text, int line, string says)
    {
        using var d = new TempDir();
        string f = d.Write("R_events.csv", text);
        var e = Assert.Throws<InputException>(() => MarpinoEvaluation.ReadSwings(f, Leg.Right, Clock));
        Assert.Equal(line, e.Line);
        Assert.Contains(says, e.Message);
        Assert.Contains("R_events.csv", e.Message);
    }

    /// <summary>Writes a synthetic one-minute foot walk as a marpino trace and its events file,
    /// the toe-offs <paramref name="toeOffEarlyS"/> before the synthesizer's push-offs.</summary>
    internal static void WriteSyntheticWalk(TempDir d, double toeOffEarlyS = 0)
    {
        var trace = SyntheticTrace.Create("walk", new SynthOptions { Site = MountingSite.Foot, Minutes = 1, Seed = 3 });
        var text = new StringWriter();
        trace.Write(text);
        // marpino's labels: walking and standing.
        d.Write("Young_synth_right_foot.trace.csv", text.ToString().Replace(",walk,", ",walking,").Replace(",stand,", ",standing,"));
        var events = new StringBuilder("leg,toe_off_sample,heel_strike_sample\n");
        long row = 0;
        int swingSamples = (int)(0.45 * trace.Options.RateHz), early = (int)(toeOffEarlyS * trace.Options.RateHz);
        foreach (var s in trace.Samples())
        {
            if (s.Truth && row >= early && row + swingSamples < trace.SampleCount) events.Append($"right,{row - early},{row - early + swingSamples}\n");
            row++;
        }
        d.Write("Young_synth_events.csv", events.ToString());
    }

    /// <summary>Writes the synthetic walk into <paramref name="d"/> and reads its foot trace twice:
    /// as recorded (<paramref name="plain"/>) and through a probe (<paramref name="probed"/>).
    /// Returns the trace's path.</summary>
    private static string ReadPlainAndProbed<TProbe>(TempDir d, Func<NativeTraceReader, TProbe> probe,
        out (List<SourceSample> Samples, SourceInfo Info) plain, out (List<SourceSample> Samples, SourceInfo Info) probed)
        where TProbe : ISampleSource, IDisposable
    {
        WriteSyntheticWalk(d);
        string trace = Path.Combine(d.Path, "Young_synth_right_foot.trace.csv");
        using (var p = new NativeTraceReader(trace))
        using (var q = probe(new NativeTraceReader(trace)))
        {
            plain = (p.ReadSamples().ToList(), p.Info);
            probed = (q.ReadSamples().ToList(), q.Info);
        }
        return trace;
    }

    /// <summary>A synthetic walk between two spells of standing, written as a marpino trace with
    /// its truth as insole events (toe-off at the synthesizer's push-off truth, heel strike 0.45 s
    /// later): every stride counted, in its window, none while standing.</summary>
    [Fact]
    public void A_synthetic_walk_is_counted_stride_for_stride_and_reported_per_group_and_site()
    {
        using var d = new TempDir();
        WriteSyntheticWalk(d);

        var r = CliRunner.Run("evaluate", "--dataset", "marpino", "--json", d.Path);
        Assert.Equal(0, r.ExitCode);
        using var j = JsonDocument.Parse(r.Stdout);
        var g = Assert.Single(j.RootElement.GetProperty("overall").GetProperty("groups").EnumerateArray());
        Assert.Equal(("Young", "foot"), (g.GetProperty("group").GetString(), g.GetProperty("site").GetString()));
        int truth = g.GetProperty("truth").GetInt32();
        Assert.True(truth > 40, $"{truth} strides");
        Assert.Equal(truth, g.GetProperty("tp").GetInt32());
        Assert.Equal(0, g.GetProperty("fp").GetInt32());
        Assert.Equal(0.0, g.GetProperty("count_error_pct").GetDouble());
        Assert.Equal(0, g.GetProperty("standing_activations").GetInt32());
        Assert.Contains(j.RootElement.GetProperty("overall").GetProperty("targets").EnumerateArray(), t => t.GetProperty("name").GetString() == "Young foot: event F1" && t.GetProperty("met").GetBoolean());

        // Detections at the push-off valley, which the synthesizer's truth follows by 0.16 s:
        // not late.
        var file = Assert.Single(j.RootElement.GetProperty("files").EnumerateArray());
        Assert.InRange(file.GetProperty("after_toe_off_median_s").GetDouble(), -0.2, 0.15);
        Assert.Equal(file.GetProperty("detections").GetInt32(), file.GetProperty("detection_times_s").GetArrayLength());

        var txt = CliRunner.Run("evaluate", "--dataset", "marpino", d.Path);
        Assert.Contains("per group and site", txt.Stdout);
        Assert.Matches(@"Young\s+foot\s+1\s+" + truth, txt.Stdout);
        Assert.Contains("counted late (diagnostic): 0 recordings", txt.Stdout);
    }

    /// <summary>The robustness probe <c>--gyro-scale</c>: every gyro reading scaled before the
    /// device sees it, the accelerometer untouched; the report says so (text and JSON), and a
    /// factor outside 0.3–2, or the probe with <c>--dataset sites</c>, is bad input.</summary>
    [Fact]
    public void The_gyro_scale_probe_scales_what_the_device_sees_and_says_so()
    {
        using var d = new TempDir();
        ReadPlainAndProbed(d, r => new GyroScaledSource(r, 0.7), out var plain, out var scaled);
        var (a, b) = (plain.Samples, scaled.Samples);
        Assert.Equal(a.Count, b.Count);
        Assert.Contains(a, s => Math.Abs(s.GzDps) > 100);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal((a[i].TimeS, a[i].AxG, a[i].AyG, a[i].AzG), (b[i].TimeS, b[i].AxG, b[i].AyG, b[i].AzG));
            Assert.Equal(0.7 * a[i].GxDps, b[i].GxDps, 9);
            Assert.Equal(0.7 * a[i].GzDps, b[i].GzDps, 9);
        }

        var r = CliRunner.Run("evaluate", "--dataset", "marpino", "--json", "--gyro-scale", "0.7", d.Path);
        Assert.Equal(0, r.ExitCode);
        using var j = JsonDocument.Parse(r.Stdout);
        Assert.Equal(0.7, j.RootElement.GetProperty("overall").GetProperty("gyro_scale").GetDouble());
        Assert.Contains("scaled ×0.7", CliRunner.Run("evaluate", "--dataset", "marpino", "--gyro-scale", "0.7", d.Path).Stdout);
        Assert.DoesNotContain("scaled", CliRunner.Run("evaluate", "--dataset", "marpino", d.Path).Stdout);
        using var plainJson = JsonDocument.Parse(CliRunner.Run("evaluate", "--dataset", "marpino", "--json", d.Path).Stdout);
        Assert.False(plainJson.RootElement.GetProperty("overall").TryGetProperty("gyro_scale", out _));

        var bad = CliRunner.Run("evaluate", "--dataset", "marpino", "--gyro-scale", "0.1", d.Path);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--gyro-scale must be between 0.3 and 2, not 0.1", bad.Stderr);
        // As the other probes: --dataset sites refuses it (this recording would evaluate, exit 0).
        Assert.Equal(2, CliRunner.Run("evaluate", "--dataset", "sites", "--gyro-scale", "0.7", d.Path).ExitCode);
    }

    /// <summary>The robustness probe <c>--gyro-offset D</c>: D °/s added to every gyro axis, the
    /// accelerometer untouched, each axis's sign fixed per recording and seed (the same on every
    /// run) and not the same for every recording; the report says so (text and JSON), the synthetic
    /// walk is still counted stride for stride at the MPU6050's worst offset, and an offset outside
    /// 0–30 °/s is bad input.</summary>
    [Fact]
    public void The_gyro_offset_probe_offsets_what_the_device_sees_and_says_so()
    {
        using var d = new TempDir();
        string trace = ReadPlainAndProbed(d, r => GyroOffsetSource.For(r, 20, seed: 1), out var plain, out var offset);
        var (a, b) = (plain.Samples, offset.Samples);
        Assert.Equal(a.Count, b.Count);
        using (var r = new NativeTraceReader(trace))
        {
            var (x, y, z) = GyroOffsetSource.Signs(r, 1);
            Assert.Equal((x, y, z), GyroOffsetSource.Signs(r, 1));
            for (int i = 0; i < a.Count; i++)
            {
                Assert.Equal((a[i].TimeS, a[i].AxG, a[i].AyG, a[i].AzG), (b[i].TimeS, b[i].AxG, b[i].AyG, b[i].AzG));
                Assert.Equal(a[i].GxDps + 20 * x, b[i].GxDps, 9);
                Assert.Equal(a[i].GyDps + 20 * y, b[i].GyDps, 9);
                Assert.Equal(a[i].GzDps + 20 * z, b[i].GzDps, 9);
            }
            // Each chip its own offset: over seeds, every axis takes both signs.
            var signs = Enumerable.Range(1, 16).Select(s => GyroOffsetSource.Signs(r, s)).ToList();
            Assert.Contains(signs, s => s.X > 0);
            Assert.Contains(signs, s => s.X < 0);
            Assert.Contains(signs, s => s.Z > 0);
            Assert.Contains(signs, s => s.Z < 0);
        }

        var run = CliRunner.Run("evaluate", "--dataset", "marpino", "--json", "--gyro-offset", "20", d.Path);
        Assert.Equal(0, run.ExitCode);
        using var j = JsonDocument.Parse(run.Stdout);
        var overall = j.RootElement.GetProperty("overall");
        Assert.Equal(20, overall.GetProperty("gyro_offset_dps").GetDouble());
        Assert.Equal(1, overall.GetProperty("gyro_offset_seed").GetInt32());
        Assert.Equal((0, 0), (overall.GetProperty("fp").GetInt32(), overall.GetProperty("fn").GetInt32()));
        Assert.Contains("offset by ±20 °/s", CliRunner.Run("evaluate", "--dataset", "marpino", "--gyro-offset", "20", d.Path).Stdout);
        Assert.DoesNotContain("offset by", CliRunner.Run("evaluate", "--dataset", "marpino", d.Path).Stdout);

        var bad = CliRunner.Run("evaluate", "--dataset", "marpino", "--gyro-offset", "45", d.Path);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--gyro-offset must be between 0 and 30 °/s, not 45", bad.Stderr);
        Assert.Equal(2, CliRunner.Run("evaluate", "--dataset", "sites", "--gyro-offset", "5", d.Path).ExitCode);
    }

    /// <summary>The start-phase probe <c>--shift N</c>: the same recordings started 1…N of their
    /// own samples late, every other sample unchanged and on the recording's clock, so the truth
    /// still lines up (a synthetic walk is counted stride for stride at every phase); the report
    /// lists each phase and the pooled counts, and N outside 0–20 is bad input.</summary>
    [Fact]
    public void The_start_phase_probe_starts_each_recording_later_and_keeps_it_on_its_clock()
    {
        using var d = new TempDir();
        string trace = ReadPlainAndProbed(d, r => new LateStartSource(r, 3), out var plain, out var late);
        Assert.Equal(plain.Samples.Count - 3, late.Samples.Count);
        Assert.Equal(plain.Samples.Skip(3), late.Samples);
        Assert.Contains("started 3 samples late", late.Info.Description);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LateStartSource(new NativeTraceReader(trace), LateStartSource.MaxSamples + 1));

        var r = CliRunner.Run("evaluate", "--dataset", "marpino", "--json", "--shift", "2", d.Path);
        Assert.Equal(0, r.ExitCode);
        using var j = JsonDocument.Parse(r.Stdout);
        int truth = j.RootElement.GetProperty("overall").GetProperty("tp").GetInt32() + j.RootElement.GetProperty("overall").GetProperty("fn").GetInt32();
        var phases = j.RootElement.GetProperty("late_starts").EnumerateArray().ToList();
        Assert.Equal(new[] { 1, 2 }, phases.Select(p => p.GetProperty("samples").GetInt32()));
        foreach (var p in phases)
        {
            Assert.Equal((truth, 0, 0), (p.GetProperty("tp").GetInt32(), p.GetProperty("fp").GetInt32(), p.GetProperty("fn").GetInt32()));
            Assert.Equal(1.0, p.GetProperty("f1").GetDouble());
            Assert.Equal(0, p.GetProperty("counted_twice").GetInt32());
        }

        var pooled = j.RootElement.GetProperty("late_starts_pooled");
        Assert.Equal((3 * truth, 0, 0), (pooled.GetProperty("tp").GetInt32(), pooled.GetProperty("fp").GetInt32(), pooled.GetProperty("fn").GetInt32()));
        Assert.Equal((1.0, 1.0), (pooled.GetProperty("f1_min").GetDouble(), pooled.GetProperty("f1_max").GetDouble()));
        Assert.Contains("started 1 sample late", CliRunner.Run("evaluate", "--dataset", "marpino", "--shift", "1", d.Path).Stdout);

        var txt = CliRunner.Run("evaluate", "--dataset", "marpino", "--shift", "2", d.Path).Stdout;
        Assert.Contains("start phase: 2 re-runs with every recording started 1…2 of its own samples late", txt);
        Assert.Contains($"all phases pooled: TP {3 * truth}  FP 0  FN 0  F1 1.0000", txt);
        Assert.DoesNotContain("start phase", CliRunner.Run("evaluate", "--dataset", "marpino", d.Path).Stdout);

        var bad = CliRunner.Run("evaluate", "--dataset", "marpino", "--shift", "21", d.Path);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--shift must be between 0 and 20, not 21", bad.Stderr);
        Assert.Equal(2, CliRunner.Run("evaluate", "--dataset", "sites", "--shift", "1", d.Path).ExitCode);
    }

    /// <summary>The cadence probe <c>--time-scale K</c>: every recording replayed K times as slow —
    /// each sample's time ×K, each gyro reading ÷K, the accelerometer as it is — and the
    /// activations put back on the recording's clock, so the truth still lines up (a synthetic walk
    /// is counted stride for stride at 1.5× as slow). A short loss the device bridges as recorded
    /// is bridged at the recording's own period, a gap stays a gap; K outside 1–2 is bad input.</summary>
    [Fact]
    public void The_time_scale_probe_replays_each_recording_slower_and_keeps_it_on_its_clock()
    {
        using var d = new TempDir();
        string trace = ReadPlainAndProbed(d, r => new TimeScaledSource(r, 1.5, 60), out var plain, out var slow);
        var (a, b) = (plain.Samples, slow.Samples);
        Assert.Equal(a.Count, b.Count);
        Assert.Equal(plain.Info.RateHz / 1.5, slow.Info.RateHz, 9);
        Assert.Contains(a, s => Math.Abs(s.GzDps) > 100);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(1.5 * a[i].TimeS, b[i].TimeS, 9);
            Assert.Equal((a[i].AxG, a[i].AyG, a[i].AzG, a[i].Row), (b[i].AxG, b[i].AyG, b[i].AzG, b[i].Row));
            Assert.Equal(a[i].GxDps / 1.5, b[i].GxDps, 9);
            Assert.Equal(a[i].GzDps / 1.5, b[i].GzDps, 9);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeScaledSource(new NativeTraceReader(trace), 0.9, 60));

        // 100 Hz with two samples lost (a 30 ms step: bridged by the device as recorded) and then
        // ten (a 110 ms step: a gap). Slowed 2×, the first would be a 60 ms step; it is filled
        // at the recording's period instead, linearly. The gap stays, twice as long.
        var lossy = new ListSource(new[] { 0.00, 0.01, 0.04, 0.05, 0.16, 0.17 }.Select((t, i) =>
            new SourceSample(i, t, 0, 0, 1, 0, 0, 100 * t, null)).ToList(), 100);
        var slowed = new TimeScaledSource(lossy, 2, 60).ReadSamples().ToList();
        Assert.Equal(new[] { 0.00, 0.02, 0.04, 0.06, 0.08, 0.10, 0.32, 0.34 }, slowed.Select(s => Math.Round(s.TimeS, 9)));
        Assert.Equal(new[] { 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 8.0, 8.5 }, slowed.Select(s => Math.Round(s.GzDps, 9)));

        var r = CliRunner.Run("evaluate", "--dataset", "marpino", "--json", "--time-scale", "1.5", d.Path);
        Assert.Equal(0, r.ExitCode);
        using var j = JsonDocument.Parse(r.Stdout);
        var overall = j.RootElement.GetProperty("overall");
        Assert.Equal(1.5, overall.GetProperty("time_scale").GetDouble());
        Assert.True(overall.GetProperty("tp").GetInt32() > 40, "the walk's strides are matched in their swings");
        Assert.Equal((0, 0), (overall.GetProperty("fp").GetInt32(), overall.GetProperty("fn").GetInt32()));
        Assert.Contains("replayed 1.5× as slow", CliRunner.Run("evaluate", "--dataset", "marpino", "--time-scale", "1.5", d.Path).Stdout);
        using var plainJson = JsonDocument.Parse(CliRunner.Run("evaluate", "--dataset", "marpino", "--json", d.Path).Stdout);
        Assert.False(plainJson.RootElement.GetProperty("overall").TryGetProperty("time_scale", out _));

        var bad = CliRunner.Run("evaluate", "--dataset", "marpino", "--time-scale", "0.8", d.Path);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--time-scale must be between 1 and 2, not 0.8", bad.Stderr);
        Assert.Equal(2, CliRunner.Run("evaluate", "--dataset", "sites", "--time-scale", "1.5", d.Path).ExitCode);
    }

    private sealed class ListSource(List<SourceSample> samples, double rateHz) : ISampleSource
    {
        public string Path => "lossy.csv";
        public SourceInfo Info { get; } = new("native", rateHz, MountingSite.Foot, "test", null);
        public IReadOnlyList<string> Warnings { get; } = new List<string>();
        public IEnumerable<SourceSample> ReadSamples() => samples;
    }

    /// <summary>A recording whose detections all come near heel strike — here the same walk with
    /// every toe-off written 0.5 s earlier, so each detection still lies in its swing — is listed
    /// as counted late (the symptom of an orientation learnt the wrong way round).</summary>
    [Fact]
    public void A_recording_counted_near_heel_strike_is_listed_as_counted_late()
    {
        using var d = new TempDir();
        WriteSyntheticWalk(d, toeOffEarlyS: 0.5);
        var r = CliRunner.Run("evaluate", "--dataset", "marpino", "--json", d.Path);
        Assert.Equal(0, r.ExitCode);
        using var j = JsonDocument.Parse(r.Stdout);
        var file = Assert.Single(j.RootElement.GetProperty("files").EnumerateArray());
        Assert.InRange(file.GetProperty("after_toe_off_median_s").GetDouble(), 0.3, 0.4);
        Assert.True(file.GetProperty("tp").GetInt32() > 40, "the strides are still matched in their swings");
        var txt = CliRunner.Run("evaluate", "--dataset", "marpino", d.Path);
        Assert.Matches(@"counted late \(diagnostic\): 1 recordings[^\n]*\n\s+Young_synth_right_foot\.trace\.csv \(right\) \+0\.[34]\d s", txt.Stdout);
    }

    [Fact]
    public void A_trace_without_its_events_file_is_excluded_with_the_reason()
    {
        using var d = new TempDir();
        var trace = SyntheticTrace.Create("walk", new SynthOptions { Site = MountingSite.Shank, Minutes = 1 });
        var text = new StringWriter();
        trace.Write(text);
        d.Write("Elderly_x_left_shank.trace.csv", text.ToString());
        // Nothing left to score is bad input (exit 2), and the message says why the trace was left out.
        var r = CliRunner.Run("evaluate", "--dataset", "marpino", "--json", d.Path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no marpino recordings found", r.Stderr);
        Assert.Contains("1 excluded", r.Stderr);
        Assert.Contains("Elderly_x_events.csv", r.Stderr);
    }

    /// <summary>Regression pin on the shared part of marpino (issue #13). Bounds are what the
    /// detector achieves now with about one point (count, either way) or 0.01 (F1) of slack —
    /// for LongDistance's 15 strides, no stride — not the targets: the
    /// targets (±3 %, foot F1 ≥ 0.95) are printed as MET / NOT MET by the command, and the groups
    /// that miss them are explained in docs/validation.md.</summary>
    [SkippableFact]
    public void Shared_marpino_counts_stay_where_they_are()
    {
        DatasetPaths.RequireDatasets("marpino");
        var r = CalfMonitor.Simulator.Cli.EvaluateCommand.Run("marpino", new[] { MarpinoDir });
        var groups = MarpinoGroupResult.Of(r.Events!).ToDictionary(g => (g.Group, g.SiteName));
        foreach (var g in groups.Values)
        {
            _out.WriteLine($"{g.Group} {g.SiteName}: truth {g.Truth} count {g.Counted} ({g.CountErrorPct:+0.0;-0.0}%) F1 {g.Events.F1:0.000} standing {g.Standing.Activations} in {g.Standing.Minutes:0.00} min");
        }
        // What is scored: every trace of a group and every insole stride of it (a reader that
        // lost recordings or strides could keep the percentages below inside their pins).
        var scored = new Dictionary<string, (int Traces, int Truth)>
        {
            ["Young"] = (24, 109), ["Elderly"] = (18, 108), ["Marzia"] = (56, 486), ["LongDistance"] = (2, 15),
        };
        Assert.Equal(scored.Count * 2, groups.Count);
        foreach (var ((group, _), g) in groups) Assert.Equal(scored[group], (g.Traces, g.Truth));
        // (group, site) → (lowest, highest count error %, lowest F1)
        var pins = new Dictionary<(string, string), (double Lo, double Hi, double F1)>
        {
            [("Young", "foot")] = (-1.9, 1.9, 0.967),
            [("Young", "shank")] = (-1.9, 1.9, 0.94),
            [("Elderly", "foot")] = (-6.6, 3, 0.933),
            // One push-off per stride (issue #13, second pass) removed 3 second valleys within a
            // swing that had offset 3 misses (−4.6 → −7.4 %, no stride lost, F1 0.910 → 0.923);
            // detecting in a trace's last half second found 2 more strides (−5.6 %, F1 0.933).
            // The shank's time vote (fourth pass) found one more stride: −4.6 %, F1 0.938.
            [("Elderly", "shank")] = (-5.6, 3, 0.93),
            [("Marzia", "foot")] = (-1, 1, 0.971),
            // The time vote turned five wrongly oriented right shanks round: 4 last strides
            // found (+0.4 → +1.2 %, F1 0.973 → 0.978).
            [("Marzia", "shank")] = (-3, 2.3, 0.97),
            // 15 strides: one is 6.7 %. Two misses on both sites are insole toe-offs with no
            // movement of either sensor (validation.md); the third error differs by site, and
            // since the axis is learnt from 100 ms means (fifth pass) it is the foot's extra
            // detection at the walk's start instead of the shank's (foot −13.3 → −6.7 %, F1
            // 0.929 → 0.897; shank −6.7 → −13.3 %, 0.897 → 0.929). One more error fails.
            [("LongDistance", "foot")] = (-13.4, 0, 0.89),
            [("LongDistance", "shank")] = (-13.4, 0, 0.89),
        };
        foreach (var ((group, site), (lo, hi, f1)) in pins)
        {
            var g = groups[(group, site)];
            Assert.InRange(g.CountErrorPct, lo, hi);
            Assert.True(g.Events.F1 >= f1, $"{group} {site}: F1 {g.Events.F1:0.000} < {f1}");
        }
        // False foot detections: unmatched ones in the walks plus those while standing. Dating a
        // first step's landing at its heel-off (issue #13, third pass) moved two pre-walk
        // movements of a trailing foot (validation-history.md) from the first to the second kind, no
        // more: 17 + 6 = 23 before, 14 + 8 = 22 after. Learning the axis from 100 ms means
        // (fifth pass) changed which first movements of a walk form a cycle: 14 + 8 → 15 + 9
        // (Marzia, Young and LongDistance one more each, Elderly one fewer).
        var foot = groups.Values.Where(g => g.Site == MountingSite.Foot).ToList();
        int standing = foot.Sum(g => g.Standing.Activations);
        int unmatched = foot.Sum(g => g.Events.Fp);
        Assert.True(standing + unmatched <= 24, $"{unmatched} unmatched foot detections in walks + {standing} while standing");
        Assert.True(standing <= 9, $"{standing} foot activations while standing");
        Assert.Equal(8, r.Events!.Excluded.Count(e => Path.GetFileName(e.File).StartsWith("Disability_", StringComparison.Ordinal)));
        // Recordings counted near heel strike (orientation the wrong way round): 8 before the
        // shank's time vote, 3 after, 1 since the axis is learnt from 100 ms means (Marzia_27's
        // right shank is oriented right; Young_20180713_4's left shank no longer at +0.26 s).
        var late = r.Events.Rows.Where(x => x.CountedLate).Select(x => Path.GetFileName(x.File)).ToList();
        Assert.True(late.Count <= 1, "counted late: " + string.Join(", ", late));
    }
}
