using System.Text.Json;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Datasets;

/// <summary>
/// `calfmon replay` on real recordings made by others, with asserted bounds: the foundation's
/// acceptance checks (one leg walks at 45–75 plantarflexion cycles a minute; a sitting shin gives
/// at most one a minute).
/// </summary>
public class DatasetReplayTests
{
    private static JsonElement Replay(params string[] args)
    {
        var r = CliRunner.Run(args.Concat(new[] { "--format", "json" }).Prepend("replay").ToArray());
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    [SkippableTheory]
    [InlineData("HuGaDB_v1_walking_06_00.txt", "right")]
    [InlineData("HuGaDB_v1_walking_06_00.txt", "left")]
    [InlineData("HuGaDB_v1_walking_08_02.txt", "right")]
    public void Hugadb_walking_shin_gives_45_to_75_activations_per_minute(string file, string leg)
    {
        DatasetPaths.RequireDatasets("hugadb");
        var j = Replay("--input-format", "hugadb", "--leg", leg, "--sensor", "shin", Path.Combine(DatasetPaths.Hugadb, file));
        double perMin = j.GetProperty("summary").GetProperty("activations_per_min").GetDouble();
        Assert.InRange(perMin, 45, 75);
        // Sample indices are data rows of the file as given (58.8 Hz), though it was resampled.
        long rows = j.GetProperty("samples").GetInt64();
        var samples = j.GetProperty("activations").EnumerateArray().Select(a => a.GetProperty("sample").GetInt64()).ToList();
        Assert.All(samples, s => Assert.InRange(s, 0, rows - 1));
        Assert.Equal(samples.OrderBy(s => s), samples);
    }

    [SkippableTheory]
    [InlineData("HuGaDB_v1_sitting_06_00.txt")]
    [InlineData("HuGaDB_v1_sitting_06_01.txt")]
    [InlineData("HuGaDB_v1_standing_06_00.txt")]
    public void Hugadb_still_shin_gives_at_most_one_activation_per_minute(string file)
    {
        DatasetPaths.RequireDatasets("hugadb");
        foreach (var leg in new[] { "right", "left" })
        {
            var j = Replay("--input-format", "hugadb", "--leg", leg, Path.Combine(DatasetPaths.Hugadb, file));
            var s = j.GetProperty("summary");
            double minutes = j.GetProperty("duration_s").GetDouble() / 60;
            Assert.True(s.GetProperty("activations").GetInt32() <= Math.Max(1, minutes), $"{file} {leg}: {s}");
        }
    }

    [SkippableFact]
    public void Ipol_trial_with_dropouts_bridges_them_and_counts_its_strides()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        var r = CliRunner.Run("replay", "--input-format", "ipol", "--format", "json", Path.Combine(DatasetPaths.Ipol, "1-1_rf.txt"));
        Assert.Equal(0, r.ExitCode);
        var j = JsonDocument.Parse(r.Stdout).RootElement;
        // 80 runs of 1–4 lost packets (at most 40 ms): bridged, counted once, no warning on either stream.
        Assert.Equal("", r.Stderr);
        Assert.Empty(j.GetProperty("warnings").EnumerateArray());
        Assert.Equal(0, j.GetProperty("summary").GetProperty("gaps").GetInt32());
        Assert.Equal(80, j.GetProperty("summary").GetProperty("bridged_dropouts").GetInt32());
        Assert.Equal(132, j.GetProperty("summary").GetProperty("bridged_samples").GetInt64());
        // 1-1 right foot: 16 annotated swings over the whole trial (U-turn included).
        Assert.InRange(j.GetProperty("summary").GetProperty("activations").GetInt32(), 15, 18);
    }
}
