using System.Globalization;
using System.Text;
using System.Text.Json;
using CalfMonitor.Simulator.Cli;
using CalfMonitor.Simulator.Evaluation;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Tests.Cli;
using CalfMonitor.Tests.Datasets;
using Xunit;

namespace CalfMonitor.Tests.Evaluation;

/// <summary><c>calfmon evaluate --dataset marpino … --insole-pressure DIR</c>: the diagnostic
/// that reads the insoles' toe and heel pressure (docs/validation.md, *What the insoles'
/// pressure says*). The upstream pressure files are not in ../shared, so these tests write
/// their own, shaped like the release's.</summary>
public class InsolePressureTests
{
    private static readonly double[] Times = Enumerable.Range(0, 1000).Select(i => i / 100.0).ToArray();

    /// <summary>A load of 1 (standing) everywhere except the given spans, where the foot is off
    /// the ground (0.05).</summary>
    private static double[] Load(params (double From, double To)[] offGround)
        => Times.Select(t => offGround.Any(s => t >= s.From && t <= s.To) ? 0.05 : 1.0).ToArray();

    private static readonly bool[] Standing = Times.Select(_ => true).ToArray();

    [Fact]
    public void A_missed_toe_off_whose_foot_stayed_on_the_ground_is_told_from_a_real_miss()
    {
        var swings = new[] { new TrueSwing(2.0, 2.5), new TrueSwing(5.0, 5.5) };
        // The foot leaves the ground after the first toe-off only: the second is a toe unloading.
        var load = Load((2.0, 2.5));
        var d = InsolePressure.Diagnose("p.csv", load, Times, Standing, swings, new[] { 2.0, 5.0 }, Array.Empty<double>());
        Assert.Equal((2, 1), (d.Misses, d.LoadedMisses));
        Assert.Equal(0, d.Lifts);                                  // the listed swing is no unregistered lift
    }

    [Fact]
    public void A_lift_no_toe_off_registers_takes_the_standing_activations_on_it_and_a_dip_does_not()
    {
        var swings = new[] { new TrueSwing(6.0, 6.5) };
        // A lift of 0.5 s at 3.0 s, a 0.1 s dip at 8.0 s (a weight shift), the listed swing at 6.0 s.
        var load = Load((3.0, 3.5), (8.0, 8.1), (6.0, 6.5));
        var d = InsolePressure.Diagnose("p.csv", load, Times, Standing, swings, Array.Empty<double>(), new[] { 2.6, 3.6, 7.9, 1.0 });
        Assert.Equal(1, d.Lifts);
        Assert.Equal((4, 2), (d.StandingActivations, d.StandingInLift));  // 2.6 (before it) and 3.6 (the landing)
    }

    /// <summary>A walk's first toe-off whose toe never takes more than its standing load before
    /// it is a lifted step; one whose toe is pushed to several times that is a push-off. Only
    /// toe-offs that start a walk are looked at.</summary>
    [Fact]
    public void A_first_step_lifted_is_told_from_one_pushed_off()
    {
        var swings = new[] { new TrueSwing(2.0, 2.4), new TrueSwing(3.1, 3.5), new TrueSwing(7.0, 7.4) };
        var feet = Times.Select(t =>
        {
            if ((t >= 2.0 && t <= 2.4) || (t >= 3.1 && t <= 3.5) || (t >= 7.0 && t <= 7.4)) return (Toe: 2.0, Heel: 1.0);
            double toe = t >= 6.7 && t < 7.0 ? 400.0 : t >= 2.8 && t < 3.1 ? 500.0 : 100.0;   // pushes before 3.1 and 7.0 s
            return (Toe: toe, Heel: 300.0);
        }).ToArray();
        var d = InsolePressure.Diagnose("p.csv", feet, Times, Standing, swings, Array.Empty<double>(), Array.Empty<double>());
        // Walks start at 2.0 s (lifted: the toe stays at 100) and at 7.0 s (pushed: 400); 3.1 s follows 2.0 s.
        Assert.Equal((2, 1), (d.FirstToeOffs, d.FirstToeOffsLifted));
    }

    /// <summary>The diagnosis at its documented bounds (InsolePressure's constants): off the
    /// ground at a load of 0.3 or less, a lift of 0.3 s and more, a standing activation up to 0.6 s
    /// before a lift or 0.2 s after it, a first step lifted when its toe stays at or below 1.5× its
    /// standing level in the 0.5 s before the toe-off. The tests above, far from every bound,
    /// passed each of them moved either way (load 0.2 / 0.4, lift 0.2 / 0.4 s, lead 0.5 / 0.7 s,
    /// tail 0.1 / 0.3 s, toe 1.3 / 1.7×, push window 0.4 s).</summary>
    [Fact]
    public void The_diagnosis_bounds_are_the_documented_ones()
    {
        // Two missed toe-offs, their swings listed: the load falls to 0.35 after the first (still
        // loaded) and to 0.25 after the second (off the ground).
        var listed = new[] { new TrueSwing(1.0, 1.5), new TrueSwing(3.0, 3.5) };
        var load = Times.Select(t => t >= 1.1 && t <= 1.5 ? 0.35 : t >= 3.1 && t <= 3.5 ? 0.25 : 1.0).ToArray();
        var misses = InsolePressure.Diagnose("p.csv", load, Times, Standing, listed, new[] { 1.0, 3.0 }, Array.Empty<double>());
        Assert.Equal((2, 1), (misses.Misses, misses.LoadedMisses));

        // A lift of 0.35 s (2.00–2.35 s) and a dip of 0.25 s (5.00–5.25 s); standing activations
        // 0.57 s before the lift (on it), 0.65 s before (not), 0.15 s after it (on it), 0.25 s after
        // (not), and one in the dip (not).
        var lifts = InsolePressure.Diagnose("p.csv", Load((2.0, 2.35), (5.0, 5.25)), Times, Standing, Array.Empty<TrueSwing>(), Array.Empty<double>(),
            new[] { 1.43, 1.35, 2.5, 2.6, 5.1 });
        Assert.Equal((1, 5, 2), (lifts.Lifts, lifts.StandingActivations, lifts.StandingInLift));

        // Two walks: the toe at 1.4× its standing level 0.45 s before the first toe-off (lifted),
        // at 1.6× 0.45 s before the second (pushed off).
        var swings = new[] { new TrueSwing(2.0, 2.4), new TrueSwing(7.0, 7.4) };
        var feet = Times.Select(t =>
        {
            if ((t >= 2.0 && t <= 2.4) || (t >= 7.0 && t <= 7.4)) return (Toe: 2.0, Heel: 1.0);
            double toe = t >= 1.54 && t <= 1.56 ? 140.0 : t >= 6.54 && t <= 6.56 ? 160.0 : 100.0;
            return (Toe: toe, Heel: 300.0);
        }).ToArray();
        var first = InsolePressure.Diagnose("p.csv", feet, Times, Standing, swings, Array.Empty<double>(), Array.Empty<double>());
        Assert.Equal((2, 1), (first.FirstToeOffs, first.FirstToeOffsLifted));
    }

    /// <summary>A missed toe-off's swing is looked for from 0.1 s before it to 0.7 s after it
    /// (docs/validation.md, *Foot loaded*), and a pressure file may differ from its trace by up to
    /// 5 rows. The tests above put the foot off the ground over the whole listed swing and the
    /// pressure file 990 rows short, so the window's ends and the slack could move unseen.</summary>
    [Fact]
    public void The_missed_toe_off_window_and_the_row_slack_are_the_documented_ones()
    {
        // Four missed toe-offs, each with the foot off the ground for one sample only: 0.09 s
        // before the first (in the window), 0.12 s before the second (out), 0.65 s after the
        // third (in), 0.75 s after the fourth (out). Only the second and fourth stayed loaded.
        double[] offAt = { 0.91, 2.88, 5.65, 7.75 };
        var load = Times.Select(t => offAt.Any(o => Math.Abs(t - o) < 0.001) ? 0.05 : 1.0).ToArray();
        var d = InsolePressure.Diagnose("p.csv", load, Times, Standing, Array.Empty<TrueSwing>(), new[] { 1.0, 3.0, 5.0, 7.0 }, Array.Empty<double>());
        Assert.Equal((4, 2), (d.Misses, d.LoadedMisses));
        Assert.Equal(0, d.Lifts);                                  // one-sample dips are no lifts

        // 5 rows more or fewer than the trace's 1000 are the same recording; 6 are not.
        foreach (int rows in new[] { 995, 1005 })
        {
            var same = InsolePressure.Diagnose("p.csv", Enumerable.Repeat(1.0, rows).ToArray(), Times, Standing, Array.Empty<TrueSwing>(), Array.Empty<double>(), Array.Empty<double>());
            Assert.Equal(0, same.Lifts);
        }
        foreach (int rows in new[] { 994, 1006 })
        {
            var e = Assert.Throws<InputException>(() => InsolePressure.Diagnose("p.csv", Enumerable.Repeat(1.0, rows).ToArray(), Times, Standing, Array.Empty<TrueSwing>(), Array.Empty<double>(), Array.Empty<double>()));
            Assert.Contains($"{rows} pressure rows against 1000 samples", e.Message);
        }
    }

    [Fact]
    public void Pressure_files_are_checked_and_refused_at_their_line()
    {
        using var dir = new TempDir();
        string good = dir.Write("ok.csv", "PressRT,PressRH,PressLT,PressLH\n1,2,3,4\n5.5,6,7,8e1\n");
        Assert.Equal(new[] { 3.0, 11.5 }, InsolePressure.ReadLoad(good, Leg.Right));
        Assert.Equal(new[] { 7.0, 87.0 }, InsolePressure.ReadLoad(good, Leg.Left));
        var bad = new (string Text, int Line, string Message)[]
        {
            ("toe,heel\n1,2\n", 1, "expected the header PressRT,PressRH,PressLT,PressLH"),
            ("PressRT,PressRH,PressLT,PressLH\n1,2,3\n", 2, "expected 4 pressures, found 3 fields"),
            ("PressRT,PressRH,PressLT,PressLH\n1,2,3,4\n1,x,3,4\n", 3, "'x' is not a number"),
            ("PressRT,PressRH,PressLT,PressLH\n1,NaN,3,4\n", 2, "'NaN' is not a number"),
        };
        foreach (var (text, line, message) in bad)
        {
            string f = dir.Write("bad.csv", text);
            var e = Assert.Throws<InputException>(() => InsolePressure.ReadLoad(f, Leg.Right));
            Assert.Equal(line, e.Line);
            Assert.Contains(message, e.Message);
        }
        var rows = Assert.Throws<InputException>(() => InsolePressure.Diagnose("p.csv", new double[10], Times, Standing, Array.Empty<TrueSwing>(), Array.Empty<double>(), Array.Empty<double>()));
        Assert.Contains("10 pressure rows against 1000 samples", rows.Message);
    }

    [Fact]
    public void Press_files_are_found_where_the_release_keeps_them()
    {
        Assert.Equal(Path.Combine("E", "Young", "20180518_1", "Press.csv"), InsolePressure.PathFor("E", "Young", "Young_20180518_1"));
        Assert.Equal(Path.Combine("E", "Elderly", "20180403_10", "Press.csv"), InsolePressure.PathFor("E", "Elderly", "Elderly_20180403_10"));
        Assert.Equal(Path.Combine("E", "Additional", "Marzia", "13", "Press.csv"), InsolePressure.PathFor("E", "Marzia", "Marzia_13"));
    }

    /// <summary>The whole path on a shared recording: pressure written from its events file (the
    /// foot off the ground in every listed swing), then one missed toe-off kept loaded and one
    /// lift added where a standing activation was counted — the report finds exactly those.</summary>
    [SkippableFact]
    public void The_command_reports_what_the_pressure_says_on_a_shared_recording()
    {
        DatasetPaths.RequireDatasets("marpino");
        string marpino = Path.Combine(DatasetPaths.Root!, "marpino");
        const string recording = "Young_20180518_4";
        var traces = Directory.GetFiles(marpino, recording + "_*.trace.csv").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.Equal(4, traces.Length);

        static JsonElement[] Files(string json) => JsonDocument.Parse(json).RootElement.GetProperty("files").EnumerateArray().ToArray();
        var plain = CliRunner.Run(new[] { "evaluate", "--dataset", "marpino", "--json" }.Concat(traces).ToArray());
        Assert.Equal(0, plain.ExitCode);
        var before = Files(plain.Stdout);
        // (If the detector one day finds every stride here and counts nothing while standing, pick
        // another recording: this one has a miss and a standing activation now.)
        var withMiss = Assert.Single(before.Where(f => f.GetProperty("fn_toe_off_s").GetArrayLength() > 0).Take(1));
        var withStanding = Assert.Single(before.Where(f => f.GetProperty("standing_times_s").GetArrayLength() > 0).Take(1));
        string Leg(JsonElement f) => f.GetProperty("leg").GetString()!;
        double missAt = withMiss.GetProperty("fn_toe_off_s")[0].GetDouble();
        double standingAt = withStanding.GetProperty("standing_times_s")[0].GetDouble();

        // Rows of the recording (its trace's length), the listed swings of each leg off the ground.
        int rows = File.ReadLines(traces[0]).Count(l => l.Length > 0 && char.IsDigit(l[0]));
        var offGround = new Dictionary<string, List<(double, double)>> { ["right"] = new(), ["left"] = new() };
        foreach (var line in File.ReadLines(Path.Combine(marpino, recording + "_events.csv")).Skip(1))
        {
            var f = line.Split(',');
            double to = int.Parse(f[1], CultureInfo.InvariantCulture) / 100.0;
            double hs = f[2].Length > 0 ? int.Parse(f[2], CultureInfo.InvariantCulture) / 100.0 : to + 0.45;
            if (f[0] == Leg(withMiss) && Math.Abs(to - missAt) < 0.02) continue;      // this toe stays loaded
            offGround[f[0]].Add((to, hs));
        }
        offGround[Leg(withStanding)].Add((standingAt + 0.1, standingAt + 0.6));       // a lift no toe-off registers
        var csv = new StringBuilder("PressRT,PressRH,PressLT,PressLH\n");
        for (int i = 0; i < rows; i++)
        {
            double t = i / 100.0;
            string P(string leg) => offGround[leg].Any(s => t >= s.Item1 && t <= s.Item2) ? "10,5" : "300,400";
            csv.Append(P("right")).Append(',').Append(P("left")).Append('\n');
        }
        using var dir = new TempDir();
        string press = Path.GetDirectoryName(InsolePressure.PathFor(Path.Combine(dir.Path, "EstimatedData"), "Young", recording))!;
        Directory.CreateDirectory(press);
        File.WriteAllText(Path.Combine(press, "Press.csv"), csv.ToString());

        var r = CliRunner.Run(new[] { "evaluate", "--dataset", "marpino", "--json", "--insole-pressure", Path.Combine(dir.Path, "EstimatedData") }.Concat(traces).ToArray());
        Assert.Equal(0, r.ExitCode);
        foreach (var f in Files(r.Stdout))
        {
            bool isMissFile = f.GetProperty("file").GetString() == withMiss.GetProperty("file").GetString();
            bool isStandingFile = f.GetProperty("file").GetString() == withStanding.GetProperty("file").GetString();
            // Another trace of the same leg may share the loaded toe-off or the lift: only the
            // traces chosen are pinned, the others must not report more than they could.
            if (isMissFile) Assert.True(f.GetProperty("insole_misses_foot_loaded").GetInt32() >= 1);
            if (isStandingFile) Assert.True(f.GetProperty("insole_standing_in_lift").GetInt32() >= 1);
            Assert.True(f.GetProperty("insole_lifts").GetInt32() <= (Leg(f) == Leg(withStanding) ? 1 : 0));
            Assert.True(f.GetProperty("insole_misses_foot_loaded").GetInt32() <= (Leg(f) == Leg(withMiss) ? 1 : 0));
        }
        string text = CliRunner.Run(new[] { "evaluate", "--dataset", "marpino", "--insole-pressure", Path.Combine(dir.Path, "EstimatedData") }.Concat(traces).ToArray()).Stdout;
        Assert.Contains("insole pressure (--insole-pressure", text);

        // A broken pressure file is refused at its line (exit 2), not turned into an excluded trace.
        File.AppendAllText(Path.Combine(press, "Press.csv"), "1,2,three,4\n");
        var broken = CliRunner.Run(new[] { "evaluate", "--dataset", "marpino", "--insole-pressure", Path.Combine(dir.Path, "EstimatedData") }.Concat(traces).ToArray());
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains($"Press.csv:{rows + 2}: 'three' is not a number", broken.Stderr);
        Assert.Equal("", broken.Stdout);

        var wrong = CliRunner.Run("evaluate", "--dataset", "ipol", "--insole-pressure", dir.Path, traces[0]);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("--insole-pressure goes with --dataset marpino", wrong.Stderr);
        var missing = CliRunner.Run("evaluate", "--dataset", "marpino", "--insole-pressure", Path.Combine(dir.Path, "nowhere"), traces[0]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such folder", missing.Stderr);
    }
}
