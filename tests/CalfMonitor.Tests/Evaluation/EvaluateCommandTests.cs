using System.Text.Json;
using CalfMonitor.Simulator.Evaluation;
using SkiaSharp;
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

    /// <summary>Each row of the event datasets lists the cycles the filters set aside
    /// (<c>not_counted</c>) as <c>calfmon replay</c> of the same file does — the same reasons in the
    /// same order — on the recording's clock: moved from the replay's by the same amount as the
    /// row's detections. IPOL's trial 11-3 has a recounted stride on its right foot, marpino's
    /// Marzia_1 left shank a small cycle in no rhythm.
    /// Seen failing: without the JSON array (no property), with the times on the device's clock
    /// (IPOL's 11-3_rf off by its first packet's 0.01 s), with the reason of each as "isolated".</summary>
    [SkippableFact]
    public void Event_rows_list_the_cycles_not_counted_as_replay_does_on_the_recordings_clock()
    {
        DatasetPaths.RequireDatasets();
        using var dir = new TempDir();
        string ipol = Directory.CreateDirectory(Path.Combine(dir.Path, "ipol")).FullName, marpino = Directory.CreateDirectory(Path.Combine(dir.Path, "marpino")).FullName;
        foreach (var f in Directory.GetFiles(DatasetPaths.Ipol, "11-3*")) File.Copy(f, Path.Combine(ipol, Path.GetFileName(f)));
        foreach (var f in Directory.GetFiles(Path.Combine(DatasetPaths.Root!, "marpino"), "Marzia_1_*")) File.Copy(f, Path.Combine(marpino, Path.GetFileName(f)));
        var reasons = new List<string>();
        var shifts = new List<double>();
        foreach (var (dataset, path) in new[] { ("ipol", ipol), ("marpino", marpino) })
        {
            var r = CliRunner.Run("evaluate", "--dataset", dataset, path, "--json");
            Assert.True(r.ExitCode == 0, r.Stderr);
            foreach (var row in JsonDocument.Parse(r.Stdout).RootElement.GetProperty("files").EnumerateArray())
            {
                string file = row.GetProperty("file").GetString()!;
                var replay = JsonDocument.Parse(CliRunner.Run("replay", file, "--json").Stdout).RootElement;
                var replayed = replay.GetProperty("activations").EnumerateArray().Select(a => a.GetProperty("t").GetDouble()).ToList();
                var detected = row.GetProperty("detection_times_s").EnumerateArray().Select(t => t.GetDouble()).ToList();
                // The row's detections are those in its scored span, each a replayed one moved by
                // the same amount: the recording's clock against the replay's.
                Assert.NotEmpty(detected);
                double shift = detected[0] - replayed.MinBy(t => Math.Abs(t - detected[0]));
                Assert.All(detected, d => Assert.Contains(replayed, t => Math.Abs(t + shift - d) < 0.0015));
                var expected = replay.GetProperty("not_counted").EnumerateArray().Select(c => (c.GetProperty("t").GetDouble() + shift, c.GetProperty("reason").GetString())).ToList();
                var listed = row.GetProperty("not_counted").EnumerateArray().Select(c => (c.GetProperty("t").GetDouble(), c.GetProperty("reason").GetString())).ToList();
                Assert.Equal(expected.Select(e => e.Item2), listed.Select(l => l.Item2));
                for (int i = 0; i < listed.Count; i++)
                    Assert.True(Math.Abs(listed[i].Item1 - expected[i].Item1) < 0.0015, $"{file}: not counted at {listed[i].Item1} s, replay's on the recording's clock {expected[i].Item1} s");
                reasons.AddRange(listed.Select(l => l.Item2!));
                // The recording's clock: IPOL's PacketCounter ÷ 100 Hz (its first packet 0 or 1),
                // a native trace's t_ms.
                var firstRow = File.ReadLines(file).First(l => l.Length > 0 && char.IsDigit(l[0])).Split('\t', ',')[0];
                double first = double.Parse(firstRow, System.Globalization.CultureInfo.InvariantCulture) / (dataset == "ipol" ? 100 : 1000);
                Assert.True(Math.Abs(shift - first) < 0.0015, $"{file}: the recording's clock starts at {first} s, the replay's at 0; shift {shift}");
                shifts.Add(shift);
            }
        }
        Assert.Contains("recounted", reasons);
        Assert.Contains("unrhythmic", reasons);
        Assert.Contains(shifts, x => x > 0.005);
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
        // What the plots show, read from their pixels by the colours EvaluationPlots draws with
        // (no golden image: text and fonts are not looked at). The stretch is 10 s of the first
        // walking segment (the first file's right shin), each detected activation a green marker,
        // plus one in the legend: as many as the segment's rate gives in 10 s, ± 1 for the phase.
        var json = CliRunner.Run(new[] { "evaluate", "--dataset", "hugadb", "--json" }.Concat(files).ToArray());
        Assert.Equal(0, json.ExitCode);
        var segments = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.All(segments, s => Assert.Equal("walking", s.GetProperty("activity").GetString()));
        double perMin = segments[0].GetProperty("per_min").GetDouble();
        using (var stretch = SKBitmap.Decode(Path.Combine(dir.Path, "hugadb-stretch.png")))
        {
            var markers = Blobs(stretch, new SKColor(0, 128, 0));               // Colors.Green, detections
            Assert.InRange(markers.Count - 1, perMin * EvaluationPlots.StretchS / 60 - 1, perMin * EvaluationPlots.StretchS / 60 + 1);
            Assert.All(markers, m => Assert.InRange(m.Count, 40, 160));        // one 11-px marker each, none merged
        }
        // The rate scatters: walking only (blue circles; the four segment × leg points overlap in
        // two places, 66.5 and 76–77 /min), at least one point besides the legend's, and no other
        // activity's colour.
        foreach (var png in new[] { "hugadb-rate-vs-reference.png", "hugadb-foot-rate-vs-reference.png" })
        {
            using var bmp = SKBitmap.Decode(Path.Combine(dir.Path, png));
            Assert.True(Blobs(bmp, new SKColor(0, 0, 255)).Count >= 2, $"{png}: no walking point");
            foreach (var other in new[] { new SKColor(255, 0, 0), new SKColor(0, 128, 0), new SKColor(128, 0, 128), new SKColor(255, 140, 0) })
            {
                Assert.Empty(Blobs(bmp, other));
            }
        }
    }

    /// <summary>The 4-connected groups of pixels within 8 of each channel of <paramref name="c"/>.</summary>
    private static List<List<(int X, int Y)>> Blobs(SKBitmap bmp, SKColor c)
    {
        bool Is(int x, int y)
        {
            var p = bmp.GetPixel(x, y);
            return Math.Abs(p.Red - c.Red) <= 8 && Math.Abs(p.Green - c.Green) <= 8 && Math.Abs(p.Blue - c.Blue) <= 8;
        }
        var seen = new bool[bmp.Width, bmp.Height];
        var blobs = new List<List<(int, int)>>();
        for (int y0 = 0; y0 < bmp.Height; y0++)
        for (int x0 = 0; x0 < bmp.Width; x0++)
        {
            if (seen[x0, y0] || !Is(x0, y0)) continue;
            var blob = new List<(int, int)>();
            var stack = new Stack<(int X, int Y)>();
            stack.Push((x0, y0));
            seen[x0, y0] = true;
            while (stack.Count > 0)
            {
                var (x, y) = stack.Pop();
                blob.Add((x, y));
                foreach (var (nx, ny) in new[] { (x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1) })
                {
                    if (nx < 0 || ny < 0 || nx >= bmp.Width || ny >= bmp.Height || seen[nx, ny] || !Is(nx, ny)) continue;
                    seen[nx, ny] = true;
                    stack.Push((nx, ny));
                }
            }
            blobs.Add(blob);
        }
        return blobs;
    }
}
