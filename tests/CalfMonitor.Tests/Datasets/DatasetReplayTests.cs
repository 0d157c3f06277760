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
    [InlineData("left")]
    [InlineData("right")]
    public void Gaitmap_hand_labelled_strides_of_the_ic_stride_walk_hold_one_activation_each(string foot)
    {
        // imu_sample_ic_stride.csv counts rows at 102.4 Hz (gaitmap's own loader); read at the
        // 204.8 Hz of the other example files, the walk ran twice as fast and these strides held
        // two activations or none. stride_borders_sample_ic_stride.csv: gaitmap's hand-labelled
        // strides, heel strike to heel strike, in rows of that file.
        DatasetPaths.RequireDatasets("gaitmap");
        var j = Replay("--leg", foot, Path.Combine(DatasetPaths.Gaitmap, "imu_sample_ic_stride.csv"));
        Assert.Equal(102.4, j.GetProperty("sample_rate_hz").GetDouble());
        var times = j.GetProperty("activations").EnumerateArray().Select(a => a.GetProperty("t").GetDouble()).ToList();
        var strides = File.ReadAllLines(Path.Combine(DatasetPaths.Gaitmap, "stride_borders_sample_ic_stride.csv")).Skip(1)
            .Select(l => l.Split(',')).Where(f => f.Length >= 4 && f[1] == foot)
            .Select(f => (Start: double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture) / 102.4,
                          End: double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture) / 102.4)).ToList();
        Assert.Equal(7, strides.Count);
        Assert.All(strides, s => Assert.Single(times, t => t >= s.Start && t < s.End));
        // At toe-off, 0.37–0.45 s before the stride's closing heel strike, not at the end of the
        // swing: the right foot never rests in stance, and only the time of its strides' halves
        // orients it (algorithm.md, "Foot that never rests"; before, 0.05–0.10 s).
        Assert.All(strides, s => Assert.InRange(s.End - times.Single(t => t >= s.Start && t < s.End), 0.3, 0.55));
    }

    [SkippableTheory]
    [InlineData("imu_sample_ms_left.csv", 75)]
    [InlineData("imu_sample_ms_right.csv", 74)]
    public void Gaitmap_walker_with_multiple_sclerosis_has_every_stride_counted(string file, int swings)
    {
        // One sensor per file, 102.4 Hz, 68 s of uninterrupted walking. The swings were counted
        // from the signal (docs/validation.md, "A walker with multiple sclerosis"): the left
        // foot's last one peaks 0.03 s before the recording ends, too late to be confirmed.
        DatasetPaths.RequireDatasets("gaitmap");
        var j = Replay(Path.Combine(DatasetPaths.Gaitmap, file));
        int activations = j.GetProperty("summary").GetProperty("activations").GetInt32();
        Assert.InRange(activations, swings - 1, swings);
        Assert.Equal(0, j.GetProperty("summary").GetProperty("isolated_cycles").GetInt32());
    }

    [SkippableTheory]
    [InlineData("Disability_Disability1_left")]
    [InlineData("Disability_Disability1_right")]
    [InlineData("Disability_Disability2_left")]
    [InlineData("Disability_Disability2_right")]
    public void Marpino_walker_with_sticks_and_braces_has_every_swing_counted_but_a_walks_first_or_last(string trace)
    {
        // A walker with leg muscle atrophy, two sticks and braces: no insole truth (the insoles
        // saturate), and a third of other walkers' angular speed. The swings come from the foot
        // sensor itself (docs/validation.md, "A walker with leg muscle atrophy, two sticks and braces"): runs of its
        // sagittal rate (gyro z) beyond 40 °/s one way, lasting at least 0.25 s. Each holds one
        // activation, on either site, from 0.6 s before the run (the push-off) to 0.4 s after it
        // (the landing); at most one swing a leg is missed (a walk's first step from standing,
        // or its last), and at most one activation lies outside every swing (a last step too slow
        // for a run: Disability1 right foot, 33.32 s).
        DatasetPaths.RequireDatasets("marpino");
        string dir = Path.Combine(DatasetPaths.Root!, "marpino");
        var swings = SagittalSwings(Path.Combine(dir, trace + "_foot.trace.csv"));
        Assert.InRange(swings.Count, 7, 8);
        foreach (var site in new[] { "foot", "shank" })
        {
            var j = Replay(Path.Combine(dir, $"{trace}_{site}.trace.csv"));
            var times = j.GetProperty("activations").EnumerateArray().Select(a => a.GetProperty("t").GetDouble()).ToList();
            var unmatched = new List<double>(times);
            int counted = 0;
            foreach (var (start, end) in swings)
            {
                int k = unmatched.FindIndex(t => t >= start - 0.6 && t <= end + 0.4);
                if (k < 0) continue;
                unmatched.RemoveAt(k);
                counted++;
            }
            Assert.True(counted >= swings.Count - 1, $"{trace} {site}: {counted} of {swings.Count} swings counted ({string.Join(" ", times)})");
            Assert.True(unmatched.Count <= 1, $"{trace} {site}: activations outside every swing: {string.Join(" ", unmatched)}");
            Assert.Equal(0, j.GetProperty("summary").GetProperty("isolated_cycles").GetInt32());
        }
    }

    /// <summary>The swings of a native foot trace: runs of the gyro's z axis (bias: the median of
    /// the first second, which the marpino walkers stand through) beyond 40 °/s one way, lasting
    /// at least 0.25 s; (start, end) in seconds.</summary>
    private static List<(double Start, double End)> SagittalSwings(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.Contains("# gyro_range_dps: 2000", lines);
        var rows = lines.Where(l => l.Length > 0 && char.IsDigit(l[0])).Select(l => l.Split(',')).ToList();
        var t = rows.Select(r => int.Parse(r[0]) / 1000.0).ToArray();
        var gz = rows.Select(r => int.Parse(r[6]) / 16.4).ToArray();
        double bias = gz.Take(100).OrderBy(v => v).ElementAt(50);
        var swings = new List<(double, double)>();
        int runStart = -1;
        for (int i = 0; i <= gz.Length; i++)
        {
            double v = i < gz.Length ? gz[i] - bias : 0;
            bool inRun = runStart >= 0 && Math.Abs(v) > 40 && (v > 0) == (gz[runStart] - bias > 0);
            if (inRun) continue;
            if (runStart >= 0 && t[i - 1] - t[runStart] >= 0.25) swings.Add((t[runStart], t[i - 1]));
            runStart = Math.Abs(v) > 40 ? i : -1;
        }
        return swings;
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
