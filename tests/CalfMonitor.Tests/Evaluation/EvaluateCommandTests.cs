using CalfMonitor.Tests.Cli;
using CalfMonitor.Tests.Datasets;
using Xunit;

namespace CalfMonitor.Tests.Evaluation;

public class EvaluateCommandTests
{
    [Fact]
    public void Missing_path_is_bad_input()
    {
        var r = CliRunner.Run("evaluate", "--dataset", "ipol", "/no/such/folder");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/no/such/folder", r.Stderr);
    }

    /// <summary>Refused by name — "--dataset" alone is also in the message a folder without such
    /// recordings gets ("no mocap recordings found in . … (is --dataset right?)", exit 2 as well).</summary>
    [Fact]
    public void Unknown_dataset_is_bad_input()
    {
        var r = CliRunner.Run("evaluate", "--dataset", "mocap", ".");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--dataset must be hugadb, ipol, gaitmap, marpino or sites, not 'mocap'", r.Stderr);
    }

    /// <summary>Without <c>--dataset</c> the command says that option is missing — not only exit 2,
    /// which an optional <c>--dataset</c> also gives (as "--dataset must be hugadb, …, not ''").</summary>
    [Fact]
    public void Dataset_option_is_required()
    {
        var r = CliRunner.Run("evaluate", ".");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("calfmon: Option '--dataset' is required.", r.Stderr);
    }

    [SkippableFact]
    public void Gaitmap_text_report_names_targets_rotations_and_writes_plots()
    {
        DatasetPaths.RequireDatasets("gaitmap");
        using var dir = new TempDir();
        var r = CliRunner.Run("evaluate", "--dataset", "gaitmap", "--rotate", "2", "--seed", "5", "--plots", dir.Path, DatasetPaths.Gaitmap);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("imu_sample.csv", r.Stdout);
        Assert.Contains("targets", r.Stdout);
        Assert.Contains("event F1", r.Stdout);
        Assert.Contains("worst |ΔF1| under rotation", r.Stdout);
        Assert.Contains("imu_sample_healthy_stair_up.csv: no toe-off truth", r.Stdout);
        Assert.True(File.Exists(Path.Combine(dir.Path, "gaitmap-stretch.png")));
        Assert.True(new FileInfo(Path.Combine(dir.Path, "gaitmap-stretch.png")).Length > 10_000);
    }

    [SkippableFact]
    public void Hugadb_plots_show_the_rate_of_each_site()
    {
        DatasetPaths.RequireDatasets("hugadb");
        using var dir = new TempDir();
        var files = new[] { "HuGaDB_v1_walking_06_00.txt", "HuGaDB_v1_walking_01_00.txt" }.Select(f => Path.Combine(DatasetPaths.Hugadb, f));
        var r = CliRunner.Run(new[] { "evaluate", "--dataset", "hugadb", "--plots", dir.Path }.Concat(files).ToArray());
        Assert.Equal(0, r.ExitCode);
        foreach (var png in new[] { "hugadb-stretch.png", "hugadb-rate-vs-reference.png", "hugadb-foot-rate-vs-reference.png" })
        {
            var f = new FileInfo(Path.Combine(dir.Path, png));
            Assert.True(f.Exists && f.Length > 10_000, $"{png} not written");
        }
    }
}
