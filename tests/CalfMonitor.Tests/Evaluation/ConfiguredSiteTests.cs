using System.Text.Json;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Cli;
using CalfMonitor.Simulator.Evaluation;
using CalfMonitor.Tests.Cli;
using CalfMonitor.Tests.Datasets;
using Xunit;

namespace CalfMonitor.Tests.Evaluation;

/// <summary>
/// <c>calfmon evaluate --configured-site other</c> (docs/validation.md, *Robustness: the mounting set
/// for the other site*): every sensor is replayed with the device set for the other site than the one
/// it was worn at, the report says so, and the figures measured there are pinned — one per dataset,
/// each one the option changes, so that a run that ignores the option fails.
/// </summary>
public class ConfiguredSiteTests
{
    [Theory]
    [InlineData("shoe")]
    [InlineData("foot")]
    [InlineData("")]
    public void A_value_other_than_worn_or_other_is_bad_input(string value)
    {
        var r = CliRunner.Run("evaluate", "--dataset", "gaitmap", "--configured-site", value, ".");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"--configured-site must be worn or other, not '{value}'", r.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Sites_dataset_refuses_it()
    {
        // --dataset sites replays every sensor configured for the other site already.
        var r = CliRunner.Run("evaluate", "--dataset", "sites", "--configured-site", "other", ".");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--configured-site applies to the datasets' truth, not to --dataset sites", r.Stderr);
    }

    [SkippableFact]
    public void Gaitmap_foot_set_as_shank_counts_every_stride_at_heel_strike_and_the_report_says_so()
    {
        DatasetPaths.RequireDatasets("gaitmap");
        string file = Path.Combine(DatasetPaths.Gaitmap, "imu_sample.csv");
        var worn = EvaluateCommand.Run("gaitmap", new[] { file });
        var other = EvaluateCommand.Run("gaitmap", new[] { file }, otherSite: true);
        Assert.All(worn.Events!.Rows, r => Assert.Equal(MountingSite.Foot, r.Run.ConfiguredSite));
        Assert.All(other.Events!.Rows, r => Assert.Equal(MountingSite.Shank, r.Run.ConfiguredSite));
        // Measured: as worn 57 / 0 / 0; set as a shank the count holds (57 for 57 strides) but every
        // stride is counted near its heel strike, outside its swing's window: 23 / 34 / 34, F1 0.40.
        Assert.Equal((57, 0, 0), (worn.Events.Overall.Tp, worn.Events.Overall.Fp, worn.Events.Overall.Fn));
        Assert.Equal((23, 34, 34), (other.Events.Overall.Tp, other.Events.Overall.Fp, other.Events.Overall.Fn));
        Assert.Equal(57, other.Events.Rows.Sum(r => r.Match.Detections.Count));
        Assert.All(other.Events.Rows, r => Assert.True(r.CountedLate, $"{r.LegName}: median {r.MedianAfterToeOffS:0.000} s after toe-off"));

        var text = CliRunner.Run("evaluate", "--dataset", "gaitmap", "--configured-site", "other", file);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("MOUNTING DELIBERATELY SET FOR THE OTHER SITE (--configured-site other)", text.Stdout);
        Assert.Contains("NOT MET  event F1", text.Stdout);
        Assert.DoesNotContain("OTHER SITE", CliRunner.Run("evaluate", "--dataset", "gaitmap", file).Stdout);
        using var json = JsonDocument.Parse(CliRunner.Run("evaluate", "--dataset", "gaitmap", "--configured-site", "OTHER", "--json", file).Stdout);
        Assert.Equal("other", json.RootElement.GetProperty("configured_site").GetString());
        using var plain = JsonDocument.Parse(CliRunner.Run("evaluate", "--dataset", "gaitmap", "--configured-site", "worn", "--json", file).Stdout);
        Assert.False(plain.RootElement.TryGetProperty("configured_site", out _));
    }

    [SkippableFact]
    public void Ipol_feet_set_as_shanks_are_counted_late_and_lose_strides()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        var subset = EvaluationRegressionTests.IpolSubset().ToList();
        var other = EvaluateCommand.Run("ipol", subset, otherSite: true);
        Assert.Equal(32, other.Events!.Rows.Count);
        Assert.All(other.Events.Rows, r => Assert.Equal(MountingSite.Shank, r.Run.ConfiguredSite));
        // Measured on subjects 1–3: as worn 504 / 1 / 9, none counted late; set as shanks
        // 479 / 5 / 34, 2 swings counted twice, all 32 recordings counted late.
        var o = other.Events.Overall;
        Assert.Equal((479, 5, 34), (o.Tp, o.Fp, o.Fn));
        Assert.Equal(2, other.Events.CountedTwice);
        Assert.Equal(32, other.Events.Rows.Count(r => r.CountedLate));
    }

    [SkippableFact]
    public void Hugadb_runs_the_shin_as_a_foot_and_the_foot_as_a_shank()
    {
        DatasetPaths.RequireDatasets("hugadb");
        var files = new[] { "HuGaDB_v1_sitting_in_car_01_13.txt", "HuGaDB_v1_sitting_in_car_01_05.txt" }.Select(f => Path.Combine(DatasetPaths.Hugadb, f)).ToList();
        var worn = EvaluateCommand.Run("hugadb", files);
        var other = EvaluateCommand.Run("hugadb", files, otherSite: true);
        Assert.NotEmpty(other.Hugadb!.Rows);
        Assert.NotEmpty(other.Hugadb.Foot!.Rows);
        Assert.All(other.Hugadb.Rows, r => Assert.Equal(MountingSite.Foot, r.Run!.ConfiguredSite));
        Assert.All(other.Hugadb.Foot.Rows, r => Assert.Equal(MountingSite.Shank, r.Run!.ConfiguredSite));
        Assert.All(worn.Hugadb!.Foot!.Rows, r => Assert.Equal(MountingSite.Foot, r.Run!.ConfiguredSite));
        // Measured: the left foot in sitting_in_car_01_13 counts nothing as worn, 3 set as a shank
        // (149.36, 155.02, 158.40 s); 01_05's left foot 3 either way, at other times.
        int Car(DatasetEvaluation d, string file) => d.Hugadb!.Foot!.Segments
            .Where(s => s.Activity == "sitting_in_car" && s.Leg == "left" && Path.GetFileName(s.File) == file).Sum(s => s.Activations);
        Assert.Equal(0, Car(worn, "HuGaDB_v1_sitting_in_car_01_13.txt"));
        Assert.Equal(3, Car(other, "HuGaDB_v1_sitting_in_car_01_13.txt"));
        Assert.Equal(6, other.Hugadb.Foot.FalseCar.Activations);
        Assert.Contains("SET TO SHANK STRAP", EvaluationReport.Text(other));
    }

    [SkippableFact]
    public void Marpino_feet_set_as_shanks_undercount_the_elderly_walks()
    {
        DatasetPaths.RequireDatasets("marpino");
        var other = EvaluateCommand.Run("marpino", new[] { Path.Combine(DatasetPaths.Root!, "marpino") }, otherSite: true);
        Assert.All(other.Events!.Rows, r => Assert.Equal(SiteGuessEvaluation.Other(r.Site!.Value), r.Run.ConfiguredSite));
        Assert.Contains(other.Events.Rows, r => r.Site == MountingSite.Shank);
        // Measured: Elderly foot 101 counted for 108 strides as worn (−6.5 %), 89 set as a shank
        // (−17.6 %); Young foot 107 → 99 for 109.
        var groups = MarpinoGroupResult.Of(other.Events);
        var elderly = groups.Single(g => g.Group == "Elderly" && g.Site == MountingSite.Foot);
        Assert.Equal((108, 89), (elderly.Truth, elderly.Counted));
        Assert.Equal(99, groups.Single(g => g.Group == "Young" && g.Site == MountingSite.Foot).Counted);
    }
}
