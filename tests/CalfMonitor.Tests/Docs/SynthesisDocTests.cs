using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Synthesis;
using CalfMonitor.Tests.Cli;
using CalfMonitor.Tests.Synthesis;
using Xunit;

namespace CalfMonitor.Tests.Docs;

/// <summary>
/// docs/synthesis.md gives what the synthetic scenarios replay as — the office hour's early raises,
/// pump break, walk and alert, the seed-1 office day's counts on both sites, and the exact counts
/// of its "What the tests check" table — measured once and written down; the tests of
/// tests/CalfMonitor.Tests/Synthesis hold the detector only to ±5 % or to a bound, so a detector
/// change that moved a count passed while the doc went on showing the old one. Here each figure is
/// written out from a replay now (the office hour and day with <c>calfmon synth</c> and
/// <c>calfmon replay --format json</c>, as the doc says; the table's rows as its tests run them,
/// <see cref="SynthKit"/>) and must stand in the doc as written (white space and line breaks
/// aside). Seen failing: on doc edits of one figure each (232 → 233 in the office hour's sentence,
/// "50:29" → "50:30" in the table, "1919" → "1918" for the day's shank, "4266.3 s" → "4266.4 s",
/// "once" → "twice" for the stuck warning, "286/285" → "285/285", "148/148" → "147/148") and on
/// the product mutant <c>MonitorSettings.DefaultAlertAfterMin</c> 30 → 31 (the office hour's alert
/// and the day's first alert move). The scenarios' lengths: on doc edits ("5 min" → "6 min" for
/// stairs, "~34" → "~33" for seated-movements, "180 000" → "180 001") and on the product mutant of
/// the stairs scenario's default length 5 → 6 min. The model's signal figures: on doc edits (316 →
/// 315 °/s, 0.24 → 0.25 °/s, 166 → 165 °/s, "0.3–4.5 g" → "0.3–4.4 g") and on the product mutant
/// of the walking shank's late-swing knot 28° → 29° (<c>MotionModel.WalkShank</c>: 322 °/s). The
/// seated movements: on doc edits (the foot's precision "0.996" → "0.997", the shank's "0.977" →
/// "0.976") and on the product mutant <c>MonitorSettings.DefaultMinAnkleRangeDeg</c> 7 → 12 (the
/// 10° cells lose their truth). The embedded trace's size: on "1 565 776" → "1 565 777" and on a
/// byte appended to the gzip file.
/// </summary>
public class SynthesisDocTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Time after a movement ends that its own detections may still arrive, ms (as OfficeHourTests).</summary>
    private const long SettleMs = 3000;

    private static void InDoc(string expected, string what) => DocText.AssertReads("docs/synthesis.md", expected, what);

    /// <summary>m:ss, or m:ss.s with <paramref name="tenths"/>, of a time in seconds.</summary>
    private static string MinSec(double s, bool tenths = false)
    {
        if (tenths)
        {
            double r = Math.Round(s, 1, MidpointRounding.AwayFromZero);
            int m = (int)(r / 60);
            return $"{m}:{(r - 60 * m).ToString("00.0", Inv)}";
        }
        int whole = (int)Math.Round(s, MidpointRounding.AwayFromZero);
        return $"{whole / 60}:{whole % 60:00}";
    }

    /// <summary>The segments (label, start s, end s) and truth instants (s) of a synthetic trace.</summary>
    private static (List<(Activity Activity, double StartS, double EndS)> Segments, List<double> Truth) Layout(string scenario, SynthOptions options)
    {
        var segments = new List<(Activity, double, double)>();
        var truth = new List<double>();
        var trace = SyntheticTrace.Create(scenario, options);
        int seg = -1;
        Activity activity = default;
        double start = 0, last = 0;
        foreach (var s in trace.Samples())
        {
            double t = s.TimeMs / 1000.0;
            if (s.SegmentIndex != seg)
            {
                if (seg >= 0) segments.Add((activity, start, t));
                seg = s.SegmentIndex;
                activity = s.Segment.Activity;
                start = t;
            }
            if (s.Truth) truth.Add(t);
            last = t;
        }
        segments.Add((activity, start, last + 1.0 / options.RateHz));
        return (segments, truth);
    }

    /// <summary><c>calfmon synth SCENARIO ARGS --out F</c>, then <c>calfmon replay F --format json</c>.</summary>
    private static JsonElement SynthAndReplay(string scenario, params string[] args)
    {
        using var dir = new TempDir();
        string file = Path.Combine(dir.Path, scenario + ".trace.csv");
        var synth = CliRunner.Run(new[] { "synth", scenario }.Concat(args).Concat(new[] { "--out", file }).ToArray());
        Assert.True(synth.ExitCode == 0, synth.Stderr);
        var replay = CliRunner.Run("replay", file, "--format", "json");
        Assert.True(replay.ExitCode == 0, replay.Stderr);
        return JsonDocument.Parse(replay.Stdout).RootElement.Clone();
    }

    private static List<double> Times(JsonElement r, string list, string? reason = null) => r.GetProperty(list).EnumerateArray()
        .Where(e => reason == null || e.GetProperty("reason").GetString() == reason)
        .Select(e => e.GetProperty("t").GetDouble()).ToList();

    private static int Within(List<double> times, double fromS, double toS) => times.Count(t => t >= fromS && t < toS);

    private static readonly Lazy<(JsonElement Replay, List<(Activity Activity, double StartS, double EndS)> Segments, List<double> Truth)> OfficeHour = new(() =>
    {
        var (segments, truth) = Layout("office-hour", new SynthOptions());
        return (SynthAndReplay("office-hour"), segments, truth);
    });

    [Fact]
    public void The_office_hour_replays_as_its_sentence_and_table_say()
    {
        var (r, segments, truth) = OfficeHour.Value;
        var acts = Times(r, "activations");
        var isolated = Times(r, "not_counted", "isolated");
        var breaks = Times(r, "pump_breaks");
        var raises = segments.Where(s => s.Activity == Activity.HeelRaise).ToList();
        var walk = segments.Single(s => s.Activity == Activity.Walk);
        Assert.Equal(2, raises.Count);

        // The four early raises: counted, set aside as isolated, and their pump breaks.
        var early = raises[0];
        int earlyTruth = Within(truth, early.StartS, early.EndS);
        int earlyCounted = Within(acts, early.StartS, early.EndS + SettleMs / 1000.0);
        int earlyIsolated = Within(isolated, early.StartS, early.EndS + SettleMs / 1000.0);
        int earlyBreaks = Within(breaks, early.StartS, early.EndS + SettleMs / 1000.0);
        // The break of back-to-back raises: counted, and the pump break that ends the spell.
        var set = raises[1];
        int setTruth = Within(truth, set.StartS, set.EndS);
        int setCounted = Within(acts, set.StartS, set.EndS + SettleMs / 1000.0);
        var setBreaks = breaks.Where(t => t >= set.StartS && t < set.EndS + SettleMs / 1000.0).ToList();
        // The walk.
        int strides = Within(truth, walk.StartS, walk.EndS);
        var walkActs = acts.Where(t => t >= walk.StartS && t < walk.EndS + SettleMs / 1000.0).ToList();
        // The alert.
        var alerts = r.GetProperty("alerts").EnumerateArray().ToList();
        Assert.True(alerts.Count > 0, "no alert in the office hour");
        double alertS = alerts[0].GetProperty("t").GetDouble();
        int alertSpellS = alerts[0].GetProperty("spell_s").GetInt32();

        string earlyText = earlyCounted == 0 ? "none" : earlyCounted.ToString(Inv);
        string earlyDetected = earlyIsolated == earlyTruth ? $"all {earlyIsolated}" : earlyIsolated.ToString(Inv);
        string alertText = alerts.Count == 1 ? "one alert" : $"{alerts.Count} alerts";
        InDoc($"Replayed with the current detector (shank, seed 1; `calfmon replay`): {earlyText} of the {earlyTruth} early raises " +
              $"counted ({earlyDetected} detected and reported as isolated cycles), {setCounted} of {setTruth} in the break " +
              $"(spell ended at {MinSec(setBreaks.FirstOrDefault(), tenths: true)}), {walkActs.Count} for the {strides} strides" +
              $"{(walkActs.Count == strides + 1 ? " (one more as the walk ends)" : "")}, {alertText} at {MinSec(alertS)}, " +
              $"{acts.Count} activations in all.", "the office hour's replay");

        // The same figures in "What the tests check".
        InDoc($"| office-hour: the four early 30° heel raises (15 s apart) | {earlyCounted} of {earlyTruth} counted (single raises, no bout), " +
              $"{(earlyBreaks == 0 ? "no pump break" : $"{earlyBreaks} pump breaks")} |", "the table's early raises");
        InDoc($"| office-hour: the pump break of 15 heel raises | {setCounted} of {setTruth}, " +
              $"{(setBreaks.Count == 1 ? "one pump break" : $"{setBreaks.Count} pump breaks")} |", "the table's pump break");
        InDoc($"| office-hour: walk | {walkActs.Count} counted for {strides} strides", "the table's walk");
        InDoc($"| office-hour: alert | {(alerts.Count == 1 ? "exactly one" : $"{alerts.Count}")}, at {MinSec(alertS)}, " +
              $"when the spell since the walk's last activation reaches {MinSec(alertSpellS)} |", "the table's alert");
        // That spell is the one the walk's last activation began: the alert comes within a second of
        // its length after that activation's sample (the core hears of a cycle a little after it).
        Assert.InRange(alertS - walkActs.Max(), alertSpellS, alertSpellS + 1.0);
        // The scenario table: the pump break about 11 s into the walk, and the alert's minute.
        double walkBreak = breaks.First(t => t >= walk.StartS) - walk.StartS;
        InDoc($"a pump break ~{Math.Round(walkBreak):0} s into the walk", "the scenario table's walk");
        InDoc($"**one alert at ~{MinSec(Math.Round(alertS / 30) * 30)}**", "the scenario table's alert");
    }

    /// <summary>The seed-1 office day of 480 minutes on both sites: its true activations, what each
    /// site counts, pump breaks and alerts, the shank's one extra count (and when), the first alert,
    /// no cycle set aside, and the shank's one stuck sample.</summary>
    [Fact]
    public void The_office_day_replays_as_its_paragraph_says()
    {
        var (_, truth) = Layout("office-day", new SynthOptions { Site = MountingSite.Shank });
        var (_, footTruth) = Layout("office-day", new SynthOptions { Site = MountingSite.Foot });
        Assert.Equal(truth, footTruth);
        var shank = SynthAndReplay("office-day", "--sensor", "shank");
        var foot = SynthAndReplay("office-day", "--sensor", "foot");
        int Summary(JsonElement r, string key) => r.GetProperty("summary").GetProperty(key).GetInt32();
        int shankActs = Summary(shank, "activations"), footActs = Summary(foot, "activations");
        string both(string key) => Summary(shank, key) == Summary(foot, key) ? $"{Summary(shank, key)}" : $"{Summary(foot, key)} (foot) / {Summary(shank, key)} (shank)";
        InDoc($"Replayed (seed 1, 480 min): {truth.Count} true activations; the foot sensor counts " +
              $"{(footActs == truth.Count ? "exactly " : "")}{footActs}, the shank {shankActs} " +
              $"({both("pump_breaks")} pump breaks and {both("alerts")} alerts on both)", "the office day's counts");

        // The shank's counts beyond the truth: each detection no true activation takes (nearest
        // within 1 s, one to one).
        var acts = Times(shank, "activations");
        var used = new bool[acts.Count];
        foreach (double t in truth)
        {
            int best = -1;
            for (int i = 0; i < acts.Count; i++)
            {
                if (!used[i] && Math.Abs(acts[i] - t) <= 1.0 && (best < 0 || Math.Abs(acts[i] - t) < Math.Abs(acts[best] - t))) best = i;
            }
            if (best >= 0) used[best] = true;
        }
        var extra = acts.Where((_, i) => !used[i]).Select(t => t.ToString("0.0", Inv)).ToList();
        InDoc($"every true activation is counted on the shank, and {(extra.Count == 1 ? "one more" : $"{extra.Count} more")} " +
              $"as a walk ends ({string.Join(", ", extra.Select(e => e + " s"))})", "the shank's extra count");
        Assert.Equal(truth.Count, acts.Count - extra.Count);

        InDoc($"First alert at {MinSec(Math.Min(Times(shank, "alerts")[0], Times(foot, "alerts")[0]))}", "the first alert");
        Assert.Equal(Times(shank, "alerts")[0], Times(foot, "alerts")[0]);
        foreach (var r in new[] { shank, foot })
        {
            Assert.Equal(0, Summary(r, "isolated_cycles") + Summary(r, "unrhythmic_small_cycles"));
        }
        InDoc("no isolated or unrhythmic cycles on either site", "cycles set aside");
        // The stuck warning: once on the shank in the 480 minutes, none on the foot.
        var faults = shank.GetProperty("summary").GetProperty("sensor_faults");
        int stuck = faults.GetProperty("stuck_samples").GetInt32();
        InDoc($"({(stuck == 1 ? "once" : $"{stuck} times")} in the 480 minutes of seed 1", "the shank's stuck warning");
        Assert.Equal(["stuck"], faults.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()!).ToArray());
        Assert.Equal(0, foot.GetProperty("summary").GetProperty("sensor_faults").GetProperty("kinds").GetArrayLength());
    }

    /// <summary>The model's signal figures beside the literature's: the peak gyro magnitude of a
    /// walking shank and foot, the standard deviation of the sagittal rate (board Y at mounting 0)
    /// walking, standing and in the car, and the range of the walking accelerometer magnitude, each over
    /// 3 minutes of the scenario at the nominal mounting (<c>--mounting 0</c>, seed 1; the walk's
    /// own samples, not the standing before and after). Nothing saturates.</summary>
    [Fact]
    public void The_model_s_signal_figures_are_the_doc_s()
    {
        const double CountsPerDps = 16.4, CountsPerG = 4096;   // ±2000 °/s and ±8 g, as synth writes
        (double PeakDps, double SagittalSdDps, double MinG, double MaxG, bool Saturated) Measure(string scenario, MountingSite site)
        {
            var trace = SyntheticTrace.Create(scenario, new SynthOptions { Site = site, Minutes = 3, AboutLimbDeg = 0 });
            var samples = trace.Samples().ToList();
            var own = samples.Where(x => x.Segment.Activity == Activity.Walk).ToList();
            if (own.Count == 0) own = samples;
            double Mag(double a, double b, double c) => Math.Sqrt(a * a + b * b + c * c);
            var gy = own.Select(x => x.Gy / CountsPerDps).ToList();
            double mean = gy.Average();
            var acc = own.Select(x => Mag(x.Ax, x.Ay, x.Az) / CountsPerG).ToList();
            bool rail = samples.Any(x => new[] { x.Ax, x.Ay, x.Az, x.Gx, x.Gy, x.Gz }.Any(v => v is short.MaxValue or short.MinValue));
            return (own.Max(x => Mag(x.Gx, x.Gy, x.Gz)) / CountsPerDps, Math.Sqrt(gy.Average(v => (v - mean) * (v - mean))), acc.Min(), acc.Max(), rail);
        }
        var shank = Measure("walk", MountingSite.Shank);
        var foot = Measure("walk", MountingSite.Foot);
        var stand = Measure("stand", MountingSite.Shank);
        var car = Measure("car", MountingSite.Shank);
        InDoc($"shank angular velocity ~300 °/s in mid-swing (model: {shank.PeakDps:0} °/s peak)", "the shank's peak rate");
        InDoc($"foot several hundred °/s around push-off (model: {foot.PeakDps:0} °/s peak)", "the foot's peak rate");
        InDoc($"(model standing: {stand.SagittalSdDps.ToString("0.00", Inv)} °/s, car {car.SagittalSdDps.ToString("0.0", Inv)} °/s)", "still sitting");
        InDoc($"~150 °/s while walking (model: {shank.SagittalSdDps:0} °/s shank, {foot.SagittalSdDps:0} °/s foot)", "walking rates");
        // A range that holds every sample: its ends rounded outward to 0.1 g (the foot's 4.449 g is "4.5").
        string Range((double PeakDps, double SagittalSdDps, double MinG, double MaxG, bool Saturated) m) =>
            $"{(Math.Floor(m.MinG * 10) / 10).ToString("0.0", Inv)}–{(Math.Ceiling(m.MaxG * 10) / 10).ToString("0.0", Inv)} g";
        InDoc($"walking shank |a| {Range(shank)}, foot {Range(foot)}", "the walking accelerations");
        Assert.False(shank.Saturated || foot.Saturated, "a walk reached the ±8 g / ±2000 °/s rail: the doc says nothing saturates");
    }

    /// <summary>"What the tests check": the seated heel raises and ankle pumps of 10° and more at
    /// 0.2–1.5 Hz, on the foot and (heel raises) on the shank, at the three mountings, scored as
    /// SeatedMovementTests scores them.</summary>
    [Fact]
    public void The_seated_movements_score_as_the_table_says()
    {
        double[] mountings = { 0, 135, 250 };
        string Three(IEnumerable<double> v) => string.Join(" / ", v.Select(x => x.ToString("0.000", Inv)));
        string Precision(List<double> p) => p.Distinct().Count() == 1 ? $"{p[0].ToString("0.000", Inv)} at all three" : Three(p);
        var foot = mountings.Select(SeatedMovementTests.FootScore).ToList();
        var shank = mountings.Select(SeatedMovementTests.ShankScore).ToList();
        InDoc($"| foot: seated heel raises and ankle pumps ≥ 10°, 0.2–1.5 Hz ({foot[0].Truths} true cycles), mountings 0°, 135°, 250° | " +
              $"recall {Three(foot.Select(f => f.Recall))}, precision {Precision(foot.Select(f => f.Precision).ToList())} ", "the foot's seated movements");
        InDoc($"| shank: heel raises ≥ 10°, 0.2–1.5 Hz ({shank[0].Truths} true cycles), mountings 0°, 135°, 250° | " +
              $"recall {Three(shank.Select(f => f.Recall))}, precision {Precision(shank.Select(f => f.Precision).ToList())} ", "the shank's seated heel raises");
        // One count of true cycles for the three mountings, as the table gives one.
        Assert.Single(foot.Select(f => f.Truths).Distinct());
        Assert.Single(shank.Select(f => f.Truths).Distinct());
    }

    /// <summary>The embedded office hour's size: the gzip file's bytes and its text's megabytes
    /// (<c>Embedded_office_hour_trace_is_what_synth_writes_today</c> holds its content).</summary>
    [Fact]
    public void The_embedded_trace_is_as_large_as_the_doc_says()
    {
        long gz = new FileInfo(Path.Combine(RepoPaths.Root(), "simulator", "CalfMonitor.Simulator", "Traces", "office-hour.trace.csv.gz")).Length;
        var text = new StringWriter();
        SyntheticTrace.Create("office-hour", new SynthOptions()).Write(text);
        InDoc($"{gz.ToString("#,0", Inv).Replace(',', ' ')} bytes for {(text.ToString().Length / 1e6).ToString("0.0", Inv)} MB of text", "the embedded trace's size");
    }

    /// <summary>The validation scenarios' default lengths (a length that is not whole minutes
    /// rounded, with "~"), the office hour's and the office day's.</summary>
    [Fact]
    public void The_scenarios_last_as_the_doc_says()
    {
        var rows = MarkdownTable.FirstAfter(DocText.Raw("docs/synthesis.md"), l => l == "### Validation scenarios");
        Assert.True(rows.Count > 1, "docs/synthesis.md: no table under '### Validation scenarios'");
        Assert.Equal(new[] { "scenario", "default length", "content" }, rows[0]);
        foreach (var row in rows.Skip(1))
        {
            double minutes = SyntheticTrace.Create(row[0].Trim('`'), new SynthOptions()).Minutes;
            string expected = minutes == Math.Floor(minutes) ? $"{minutes:0} min" : $"~{Math.Round(minutes):0} min";
            Assert.True(expected == row[1], $"docs/synthesis.md, {row[0]}: the doc says {row[1]}, the scenario lasts {minutes.ToString(Inv)} min");
        }
        var hour = SyntheticTrace.Create("office-hour", new SynthOptions());
        InDoc($"### office-hour (exactly {hour.Minutes:0} min, {hour.SampleCount.ToString("#,0", Inv).Replace(',', ' ')} samples at 50 Hz)", "the office hour's length");
        InDoc($"### office-day ({SyntheticTrace.Create("office-day", new SynthOptions()).Minutes:0} min by default;", "the office day's length");
    }

    /// <summary>"What the tests check": the rhythmic activities (5 min, seed 5, both sites) and the
    /// walks at 25 and 100 Hz (3 min, seed 9), counted/true, as FalseActivationTests and
    /// SampleRateTests run them.</summary>
    [Fact]
    public void The_rhythmic_activities_count_as_the_table_says()
    {
        string Counted(string scenario, MountingSite site, int minutes, int seed, int rateHz = 50)
        {
            var r = SynthKit.Run(scenario, new SynthOptions { Site = site, Minutes = minutes, Seed = seed, RateHz = rateHz });
            return $"{r.Events.Activations.Count}/{r.Truth.Count}";
        }
        string Row(MountingSite site) => string.Join(", ", new[] { "walk", "stairs", "cycle" }.Select(s => Counted(s, site, 5, 5)));
        InDoc($"| walk / stairs / cycle, 5 min, both sites | shank {Row(MountingSite.Shank)}; foot {Row(MountingSite.Foot)} |", "the rhythmic activities");
        InDoc($"| walk at 25 Hz (shank) and 100 Hz (foot), 3 min | {Counted("walk", MountingSite.Shank, 3, 9, 25)}, {Counted("walk", MountingSite.Foot, 3, 9, 100)} |", "the walks at 25 and 100 Hz");
    }
}
