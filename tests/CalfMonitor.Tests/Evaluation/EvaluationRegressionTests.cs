using System.Text.Json;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Cli;
using CalfMonitor.Simulator.Evaluation;
using CalfMonitor.Tests.Cli;
using CalfMonitor.Tests.Datasets;
using Xunit;

namespace CalfMonitor.Tests.Evaluation;

/// <summary>
/// The CI guard (docs/validation.md, "CI guard"): a fixed small subset of the shared recordings,
/// evaluated exactly as <c>calfmon evaluate</c> does, must stay within the targets minus a margin.
/// Margins (the subset is small, so one stray event moves it more than the full set):
/// IPOL F1 ≥ 0.99 − 0.02, gaitmap F1 ≥ 1.0 − 0.02; walking cadence MAPE ≤ 1 + 1 points at the
/// foot, at the shin ≤ its figure now (0.39 %) + 1 point; false activations ≤ 0.03 + 0.05 per minute.
/// </summary>
public class EvaluationRegressionTests
{
    public const double F1Margin = 0.02;
    public const double MapeMarginPoints = 1.0;
    public const double FalseRateMargin = 0.05;

    /// <summary>The subset's walking cadence MAPE at the shin now, percent (2026-12-06: 0.39); its
    /// bound is this plus <see cref="MapeMarginPoints"/>, as the marpino pins are today's figure
    /// plus about a point. At the target plus the margin (2 %) a walk that lost two of its 19
    /// strides — various_02_00's left shin, 17.5–42 s, −10.2 %, the subset at 1.61 % — passed
    /// (hand mutation sweep, review23a).</summary>
    public const double HugadbSubsetShinMapeNowPct = 0.39;

    public static IEnumerable<string> IpolSubset() =>
        Directory.EnumerateFiles(DatasetPaths.Ipol, "*.json").Where(f => Path.GetFileName(f).Split('-')[0] is "1" or "2" or "3");

    public static readonly string[] HugadbSubset =
    {
        "HuGaDB_v1_walking_06_00.txt", "HuGaDB_v1_walking_01_00.txt", "HuGaDB_v1_sitting_06_00.txt",
        "HuGaDB_v1_standing_06_00.txt", "HuGaDB_v1_various_02_00.txt",
    };

    [SkippableFact]
    public void Ipol_subset_meets_the_F1_target()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        var r = EvaluateCommand.Run("ipol", IpolSubset().ToList());
        Assert.True(r.Events!.Rows.Count >= 30, $"only {r.Events.Rows.Count} foot recordings evaluated");
        Assert.True(r.Headline.F1 >= Targets.IpolF1 - F1Margin, $"IPOL subset F1 {r.Headline.F1:0.000} < {Targets.IpolF1 - F1Margin}");
    }

    [SkippableFact]
    public void Gaitmap_sample_meets_the_F1_target()
    {
        DatasetPaths.RequireDatasets("gaitmap");
        var r = EvaluateCommand.Run("gaitmap", new[] { Path.Combine(DatasetPaths.Gaitmap, "imu_sample.csv") });
        Assert.Equal(2, r.Events!.Rows.Count);
        Assert.True(r.Headline.F1 >= Targets.GaitmapF1 - F1Margin, $"gaitmap F1 {r.Headline.F1:0.000} < {Targets.GaitmapF1 - F1Margin}");
    }

    [SkippableFact]
    public void Hugadb_subset_meets_the_rate_and_false_activation_targets()
    {
        DatasetPaths.RequireDatasets("hugadb");
        var r = EvaluateCommand.Run("hugadb", HugadbSubset.Select(f => Path.Combine(DatasetPaths.Hugadb, f)).ToList());
        var h = r.Hugadb!;
        Assert.True(h.Segments.Count(s => s.Activity == "walking" && s.ErrorPct != null) >= 6);
        Assert.True(h.FalseSitStand.Minutes > 0.5);
        Assert.True(h.CadenceMape <= HugadbSubsetShinMapeNowPct + MapeMarginPoints, $"walking MAPE {h.CadenceMape:0.00} % > {HugadbSubsetShinMapeNowPct + MapeMarginPoints:0.00} %");
        Assert.True(h.FalseSitStand.PerMin <= Targets.FalsePerMinStill + FalseRateMargin, $"false {h.FalseSitStand.PerMin:0.000}/min > {Targets.FalsePerMinStill + FalseRateMargin}");
        // The shoe clip is judged as the strap is: the device run on the foot sensors of the same files.
        var f = h.Foot!;
        Assert.Equal(MountingSite.Foot, f.Site);
        Assert.Equal(h.Segments.Count(s => s.Activity == "walking" && s.ErrorPct != null), f.Segments.Count(s => s.Activity == "walking" && s.ErrorPct != null));
        Assert.True(f.FalseSitStand.Minutes > 0.5);
        Assert.True(f.CadenceMape <= Targets.CadenceMapePct + MapeMarginPoints, $"foot walking MAPE {f.CadenceMape:0.00} % > {Targets.CadenceMapePct + MapeMarginPoints}");
        Assert.True(f.FalseSitStand.PerMin <= Targets.FalsePerMinStill + FalseRateMargin, $"foot false {f.FalseSitStand.PerMin:0.000}/min > {Targets.FalsePerMinStill + FalseRateMargin}");
    }

    /// <summary>The still stretches where single posture changes happen — settling into a chair
    /// (sitting_08_00), weight shifts and a half step between lift rides (various_02_03, 06_17,
    /// 06_18): 7 false activations in them before the bout rule (PumpBoutFilter), none now.</summary>
    public static readonly string[] PostureChangeFiles =
    {
        "HuGaDB_v1_sitting_08_00.txt", "HuGaDB_v1_various_02_03.txt", "HuGaDB_v1_various_06_17.txt",
        "HuGaDB_v1_various_06_18.txt",
    };

    [SkippableFact]
    public void Single_posture_changes_while_sitting_or_standing_are_not_activations()
    {
        DatasetPaths.RequireDatasets("hugadb");
        var r = EvaluateCommand.Run("hugadb", PostureChangeFiles.Select(f => Path.Combine(DatasetPaths.Hugadb, f)).ToList());
        var h = r.Hugadb!;
        Assert.True(h.FalseSitStand.Minutes > 2.0, $"only {h.FalseSitStand.Minutes:0.00} still minutes");
        Assert.True(h.FalseSitStand.PerMin <= Targets.FalsePerMinStill + FalseRateMargin, $"false {h.FalseSitStand.PerMin:0.000}/min > {Targets.FalsePerMinStill + FalseRateMargin}");
        var f = h.Foot!;
        Assert.True(f.FalseSitStand.Minutes > 2.0, $"foot: only {f.FalseSitStand.Minutes:0.00} still minutes");
        Assert.True(f.FalseSitStand.PerMin <= Targets.FalsePerMinStill + FalseRateMargin, $"foot false {f.FalseSitStand.PerMin:0.000}/min > {Targets.FalsePerMinStill + FalseRateMargin}");
    }

    /// <summary>Every HuGaDB still stretch (sitting, standing, car), as recorded and under the
    /// evaluation's three test rotations (seed 1): evaluated once for the two tests below.</summary>
    private static readonly Lazy<DatasetEvaluation> StillStretches = new(() =>
    {
        var files = Directory.EnumerateFiles(DatasetPaths.Hugadb, "HuGaDB_v1_*.txt")
            .Where(f => Path.GetFileName(f).Split('_')[2] is "sitting" or "standing" or "various").ToList();
        return EvaluateCommand.Run("hugadb", files, rotations: 3, seed: 1);
    });

    /// <summary>The shank follows cycles down to 2° and counts the small ones only in a steady
    /// rhythm (RhythmicSetFilter). Sway, weight shifts and car vibration make hundreds of such
    /// cycles in the still stretches of HuGaDB (20.5 min sitting and standing, 100 min in a car):
    /// none may become an activation, as recorded and under the evaluation's three test rotations
    /// (one of which, with a rhythm of four instead of five, let standing sway through).</summary>
    [SkippableFact]
    public void Small_shank_cycles_of_still_legs_never_form_a_rhythm()
    {
        DatasetPaths.RequireDatasets("hugadb");
        var r = StillStretches.Value;
        var h = r.Hugadb!;
        Assert.True(h.FalseSitStand.Minutes > 15 && h.FalseCar.Minutes > 90, $"{h.FalseSitStand.Minutes:0.0} + {h.FalseCar.Minutes:0.0} still minutes");
        Assert.Equal(0.0, h.FalseSitStand.PerMin);
        Assert.Equal(0.0, h.FalseCar.PerMin);
        Assert.Equal(3, r.Rotations.Count);
        foreach (var rot in r.Rotations)
        {
            Assert.True(rot.Headline.FalsePerMinSitStand == 0, $"rotation {rot.Index}: {rot.Headline.FalsePerMinSitStand:0.000}/min");
            // The car too (docs/algorithm.md, stage 2a: all those stretches, under the three rotations).
            Assert.True(rot.Headline.FalsePerMinCar == 0, $"rotation {rot.Index}: {rot.Headline.FalsePerMinCar:0.000}/min in the car");
        }
    }

    /// <summary>The same still stretches with the device on a shoe clip (the foot sensors), pinned
    /// (docs/validation.md, HuGaDB foot): nothing sitting or standing, as recorded and under the
    /// three rotations; in the car's 100.4 minutes exactly three, all in <c>sitting_in_car_01_05</c>'s
    /// left foot within 4.3 s — a 6–7° re-placing of that foot (204.42 s) and the two jolts of what
    /// looks like a speed bump, which shake both feet (207.82, 208.70 s), a bout of three — 0.0299/min, just
    /// within the 0.03 target; rotations 1 and 2 the same three, rotation 3 none.</summary>
    [SkippableFact]
    public void Foot_still_stretches_give_only_the_speed_bump_bout_in_a_car()
    {
        DatasetPaths.RequireDatasets("hugadb");
        var r = StillStretches.Value;
        var f = r.Hugadb!.Foot!;
        Assert.Equal(MountingSite.Foot, f.Site);
        Assert.Equal(r.Hugadb.FalseSitStand.Minutes, f.FalseSitStand.Minutes);
        Assert.Equal(r.Hugadb.FalseCar.Minutes, f.FalseCar.Minutes);
        Assert.Equal(0, f.FalseSitStand.Activations);
        Assert.Equal(3, f.FalseCar.Activations);
        var car = f.Segments.Where(s => HugadbEvaluation.StillActivities.Contains(s.Activity) && s.Activations > 0).ToList();
        Assert.Single(car);
        Assert.Equal(("HuGaDB_v1_sitting_in_car_01_05.txt", "left", "sitting_in_car"), (Path.GetFileName(car[0].File), car[0].Leg, car[0].Activity));
        Assert.Equal(new[] { 204.42, 207.82, 208.70 }, car[0].ActivationTimesS.Select(t => Math.Round(t, 2)));
        Assert.True(f.FalseCar.PerMin <= Targets.FalsePerMinStill, $"foot in a car {f.FalseCar.PerMin:0.0000}/min");
        Assert.Equal(new double?[] { 0, 0, 0 }, r.Rotations.Select(rot => rot.Headline.Foot!.FalsePerMinSitStand));
        Assert.Equal(new[] { 3, 3, 0 }, r.Rotations.Select(rot => (int)Math.Round(rot.Headline.Foot!.FalsePerMinCar!.Value * f.FalseCar.Minutes)));
    }

    /// <summary>The instrument itself works on a subset and reports what it should — and what it
    /// reports is a detector that counts (1-1 and 11-1: 54 of 56 swings found, F1 0.947, the
    /// impact ringing of 11-1's left foot included).</summary>
    [SkippableFact]
    public void Subset_evaluates_and_reports_every_number()
    {
        DatasetPaths.RequireDatasets();
        var ipol = CliRunner.Run("evaluate", "--dataset", "ipol", "--json", Path.Combine(DatasetPaths.Ipol, "1-1.json"), Path.Combine(DatasetPaths.Ipol, "11-1.json"));
        Assert.Equal(0, ipol.ExitCode);
        using var j = JsonDocument.Parse(ipol.Stdout);
        var o = j.RootElement.GetProperty("overall");
        foreach (var k in new[] { "f1", "precision", "recall", "tp", "fp", "fn", "counted_twice" }) Assert.True(o.TryGetProperty(k, out _), k);
        Assert.InRange(o.GetProperty("counted_twice").GetInt32(), 0, o.GetProperty("fp").GetInt32());
        Assert.True(o.GetProperty("f1").GetDouble() >= 0.94, $"F1 {o.GetProperty("f1").GetDouble()}");
        Assert.True(o.GetProperty("tp").GetInt32() >= 53, $"TP {o.GetProperty("tp").GetInt32()}");
        var files = j.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(4, files.Count);   // 1-1 and 11-1 (its duplicated packet dropped), right and left
        Assert.Equal(files.Sum(f => f.GetProperty("truth").GetInt32()), o.GetProperty("tp").GetInt32() + o.GetProperty("fn").GetInt32());
        Assert.Equal(files.Sum(f => f.GetProperty("detections").GetInt32()), o.GetProperty("tp").GetInt32() + o.GetProperty("fp").GetInt32());
        Assert.Empty(j.RootElement.GetProperty("excluded").EnumerateArray());

        var hug = CliRunner.Run("evaluate", "--dataset", "hugadb", "--json", Path.Combine(DatasetPaths.Hugadb, "HuGaDB_v1_walking_06_00.txt"), Path.Combine(DatasetPaths.Hugadb, "HuGaDB_v1_standing_06_00.txt"));
        Assert.Equal(0, hug.ExitCode);
        using var h = JsonDocument.Parse(hug.Stdout);
        var ho = h.RootElement.GetProperty("overall");
        foreach (var k in new[] { "cadence_mape_pct", "false_per_min_sit_stand", "false_per_min_car", "segments" }) Assert.True(ho.TryGetProperty(k, out _), k);
        Assert.True(ho.GetProperty("cadence_mape_pct").ValueKind == JsonValueKind.Number);
        // The foot (shoe clip) beside it: the same keys in overall.foot, its rows in foot_files, its targets "foot: …".
        var foot = ho.GetProperty("foot");
        foreach (var k in new[] { "cadence_mape_pct", "false_per_min_sit_stand", "false_per_min_car", "segments", "activations_sit_stand", "activations_car" }) Assert.True(foot.TryGetProperty(k, out _), "foot." + k);
        Assert.True(foot.GetProperty("cadence_mape_pct").ValueKind == JsonValueKind.Number);
        Assert.Equal(h.RootElement.GetProperty("files").GetArrayLength(), h.RootElement.GetProperty("foot_files").GetArrayLength());
        var targets = ho.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("walking cadence MAPE %", targets);
        Assert.Contains("foot: walking cadence MAPE %", targets);
        Assert.Contains("foot: false activations/min sitting+standing", targets);
    }
}
