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
