using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Plotting;
using CalfMonitor.Simulator.Replay;
using CalfMonitor.Tests.Cli;
using SkiaSharp;
using Xunit;

namespace CalfMonitor.Tests.Simulator;

public class PlotTests
{
    private static (int Width, int Height, double NonWhite, int Colours) Inspect(string png)
    {
        using var bmp = SKBitmap.Decode(png);
        Assert.NotNull(bmp);
        long nonWhite = 0;
        var colours = new HashSet<uint>();
        for (int y = 0; y < bmp.Height; y += 2)
        {
            for (int x = 0; x < bmp.Width; x += 2)
            {
                var c = bmp.GetPixel(x, y);
                if (c.Red < 245 || c.Green < 245 || c.Blue < 245) nonWhite++;
                colours.Add((uint)c);
            }
        }
        return (bmp.Width, bmp.Height, nonWhite / (double)((bmp.Width / 2) * (bmp.Height / 2)), colours.Count);
    }

    [Fact]
    public void ReplayPlotWritesANonBlankPngOfTheExpectedSize()
    {
        using var dir = new TempDir();
        string png = Path.Combine(dir.Path, "hour.png");
        var run = CliRunner.Run("replay", SimTestKit.OfficeHour, "--plot", png);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(png));
        var (w, h, nonWhite, colours) = Inspect(png);
        Assert.Equal(TimelinePlot.DefaultWidth, w);
        Assert.Equal(TimelinePlot.DefaultHeight, h);
        Assert.True(nonWhite > 0.10, $"only {nonWhite:P1} of the pixels are not white");
        Assert.True(colours > 30, $"only {colours} distinct colours");
        // The alert (red) and the activation ticks (green) are drawn.
        using var bmp = SKBitmap.Decode(png);
        bool red = false, green = false;
        for (int y = 0; y < bmp.Height && !(red && green); y++)
        {
            for (int x = 0; x < bmp.Width; x++)
            {
                var c = bmp.GetPixel(x, y);
                if (c.Red > 190 && c.Green < 70 && c.Blue < 70) red = true;
                if (c.Green > 120 && c.Red < 70 && c.Blue < 110 && c.Blue > 60) green = true;
            }
        }
        Assert.True(red, "no alert marker (red) in the plot");
        Assert.True(green, "no activation tick (green) in the plot");
    }

    [Fact]
    public void SeveralInputsGetOnePlotEach()
    {
        using var dir = new TempDir();
        string a = SimTestKit.CopyOfficeHour(dir, "a.trace.csv");
        string b = SimTestKit.CopyOfficeHour(dir, "b.trace.csv");
        string png = Path.Combine(dir.Path, "out.png");
        var run = CliRunner.Run("replay", a, b, "--plot", png);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(Path.Combine(dir.Path, "out-a.trace.csv.png")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "out-b.trace.csv.png")));
    }

    [Fact]
    public void Replay_says_which_plot_it_wrote_on_stderr_and_keeps_json_on_stdout()
    {
        // Newcomer audit (session 25): replay --plot wrote its PNG without a word, while synth,
        // convert and evaluate --plots say "calfmon: wrote …" on stderr. Standard output stays the
        // report alone (JSON here), one line on stderr for each plot.
        using var dir = new TempDir();
        string a = SimTestKit.CopyOfficeHour(dir, "a.trace.csv");
        string b = SimTestKit.CopyOfficeHour(dir, "b.trace.csv");
        string png = Path.Combine(dir.Path, "out.png");
        var run = CliRunner.Run("replay", a, b, "--plot", png, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement.GetArrayLength());
        Assert.Equal(
            $"calfmon: wrote {Path.Combine(dir.Path, "out-a.trace.csv.png")} (timeline of {a})\n" +
            $"calfmon: wrote {Path.Combine(dir.Path, "out-b.trace.csv.png")} (timeline of {b})\n",
            run.Stderr.Replace("\r\n", "\n"));
        var embedded = CliRunner.Run("replay", "--plot", png);
        Assert.True(embedded.ExitCode == 0, embedded.Stderr);
        Assert.EndsWith($"calfmon: wrote {png} (timeline of the embedded office-hour trace)\n", embedded.Stderr.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Inputs_of_the_same_name_in_different_folders_get_a_plot_each()
    {
        // Named by the file name alone, the second plot overwrote the first.
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "a"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "b"));
        string a = Path.Combine(dir.Path, "a", "walk.trace.csv");
        string b = Path.Combine(dir.Path, "b", "walk.trace.csv");
        File.Copy(SimTestKit.OfficeHour, a);
        File.Copy(SimTestKit.OfficeHour, b);
        var run = CliRunner.Run("replay", a, b, "--plot", Path.Combine(dir.Path, "out.png"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(Path.Combine(dir.Path, "out-walk.trace.csv-1.png")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "out-walk.trace.csv-2.png")));
    }

    [Theory]
    [InlineData("out.jpg", "--plot writes a PNG")]
    [InlineData("no-such-folder/out.png", "does not exist")]
    public void BadPlotPathIsAUsageError(string plot, string message)
    {
        using var dir = new TempDir();
        var run = CliRunner.Run("replay", SimTestKit.OfficeHour, "--plot", Path.Combine(dir.Path, plot));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public void The_spell_panel_shows_the_spell_the_device_reports_which_stops_while_lying()
    {
        // 2 min standing, then 40 min lying still: the device suspends the spell once it sees the
        // limb horizontal and still, and reports it standing there (the alerts count it so). The
        // panel drew the time since the last pump break instead: 42 min, past the threshold with
        // no alert. (Both parts synthesised with the same seed: the same board mounting.)
        using var dir = new TempDir();
        string stand = Path.Combine(dir.Path, "stand.trace.csv"), lying = Path.Combine(dir.Path, "lying.trace.csv");
        Assert.Equal(0, CliRunner.Run("synth", "stand", "--minutes", "2", "--out", stand).ExitCode);
        Assert.Equal(0, CliRunner.Run("synth", "lying", "--minutes", "40", "--out", lying).ExitCode);
        var rows = File.ReadAllLines(lying).Where(l => l.Length > 0 && char.IsDigit(l[0]))
            .Select(l => (long.Parse(l[..l.IndexOf(',')]) + 120_000) + l[l.IndexOf(',')..]);
        string trace = Path.Combine(dir.Path, "night.trace.csv");
        File.WriteAllLines(trace, File.ReadAllLines(stand).Concat(rows));
        var timeline = new TimelineCollector();
        using var source = new NativeTraceReader(trace);
        var result = new ReplayRunner { OnSample = timeline.Observe }.Run(source);
        var (_, _, _, spell) = timeline.Columns(400, result.DurationS);
        int reported = result.Minutes.Max(m => m.SpellSAtEnd);
        Assert.True(reported < 5 * 60, $"the device's spell stops while lying: {reported} s");
        Assert.InRange(spell.Max(), reported - 1, reported + 60);
    }

    [Fact]
    public void CollectorKeepsABoundedEnvelopeAndTheSpells()
    {
        using var dir = new TempDir();
        string trace = Path.Combine(dir.Path, "day.trace.csv");
        SyntheticTrace.Write(trace, SyntheticTrace.Day(3.2));
        var timeline = new TimelineCollector();
        using var source = new NativeTraceReader(trace);
        var runner = new ReplayRunner { OnSample = timeline.Observe };
        var result = runner.Run(source);
        Assert.InRange(timeline.Buckets, TimelineCollector.MaxBuckets / 2, TimelineCollector.MaxBuckets);
        var (t, mn, mx, spell) = timeline.Columns(1000, result.DurationS);
        Assert.All(Enumerable.Range(0, 1000), i => Assert.False(double.IsNaN(mn[i])));
        Assert.True(mx.Max() > 200, "walking swings are in the envelope");
        Assert.True(spell.Max() >= 44 * 60, "the longest spell is in the envelope");
        var spells = timeline.Spells();
        Assert.Equal(result.SpellsEnded.Count + 1, spells.Count);
        Assert.Equal(new[] { "sitting", "walking" }, timeline.LabelRuns().Select(r => r.Label).Distinct().OrderBy(x => x));
        // The hours axis kicks in above 3 h; the PNG still renders.
        string png = Path.Combine(dir.Path, "day.png");
        TimelinePlot.SavePng(png, result, timeline);
        Assert.True(new FileInfo(png).Length > 10_000);
    }
}
