using CalfMonitor.Core;
using CalfMonitor.Simulator.Cli;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Plotting;
using CalfMonitor.Simulator.Replay;
using SkiaSharp;
using Xunit;

namespace CalfMonitor.Tests.Simulator;

/// <summary>What the timeline marks: isolated cycles where they happened, and per-minute bars
/// that cover their own minute (a 30-s trace's bar starts at 0 s, not at 4.5 s).</summary>
public class PlotMarksTests
{
    [Fact]
    public void Isolated_cycles_are_marked_at_their_own_times()
    {
        var timeline = new TimelineCollector();
        using var source = Inputs.OpenEmbedded();
        var result = new ReplayRunner { OnSample = timeline.Observe }.Run(source);
        var isolated = TimelinePlot.IsolatedMarks(result);
        Assert.True(result.IsolatedCycles > 0, "the office hour has single heel raises");
        Assert.Equal(result.IsolatedCycles, isolated.Count);
        // The office hour's lone heel raises: each mark lies in a heel-raise stretch of the ground
        // truth, and none is an activation.
        var raises = timeline.LabelRuns().Where(r => r.Label == "heel-raise").ToList();
        Assert.All(isolated, t => Assert.Contains(raises, r => t >= r.StartS - 1 && t <= r.EndS + 1));
        Assert.All(isolated, t => Assert.DoesNotContain(result.Activations, a => Math.Abs(a.TimeS - t) < 0.5));
        Assert.Equal(isolated.OrderBy(t => t), isolated);
        Assert.Equal(isolated.Count, isolated.Distinct().Count());
    }

    private static ReplayResult HalfMinute(int activations) => new()
    {
        Input = "walk.trace.csv", InputFormat = "native", Mounting = "foot", InputRateHz = 100, DeviceRateHz = 50, DurationS = 30,
        Minutes = { new MinuteCount(0, activations, 0, Partial: true) },
    };

    [Fact]
    public void Minute_bars_cover_their_own_minute_and_the_last_stops_with_the_trace()
    {
        var bars = TimelinePlot.MinuteBars(HalfMinute(17));
        Assert.Equal((0.0, 30.0, 17, true), Assert.Single(bars));

        var r = HalfMinute(0);
        r.DurationS = 150;
        r.Minutes.Clear();
        r.Minutes.Add(new MinuteCount(0, 20, 0, false));
        r.Minutes.Add(new MinuteCount(1, 25, 0, false));
        r.Minutes.Add(new MinuteCount(2, 9, 0, true));
        bars = TimelinePlot.MinuteBars(r);
        Assert.Equal(new[] { 0.0, 60, 120 }, bars.Select(b => b.StartS));
        Assert.All(bars.Take(2), b => Assert.InRange(b.EndS - b.StartS, 50, 59.9));
        Assert.Equal(150, bars[^1].EndS);
    }

    [Fact]
    public void A_half_minute_trace_draws_its_bar_from_the_first_second()
    {
        byte[] png = TimelinePlot.RenderPng(HalfMinute(17), new TimelineCollector(), new MonitorSettings(), 1600, 900);
        using var bmp = SKBitmap.Decode(png);
        // The activations panel (below the 40-px title and the rate panel, 46 % of 810 px):
        // 20 px above its bottom, at 1 s and 20 s, the bar's blue; after the trace's end, none.
        int panelBottom = 40 + (int)(810 * 0.46) + (int)(810 * 0.24) - 8;
        int X(double s) => 90 + (int)((1600 - 90 - 30) * s / 30);
        bool Blue(double s)
        {
            var c = bmp.GetPixel(X(s), panelBottom - 20);
            return c.Blue > c.Red + 40 && c.Blue < 245;
        }
        Assert.True(Blue(1), "no bar at 1 s");
        Assert.True(Blue(20), "no bar at 20 s");
        Assert.True(Blue(29.5), "no bar at 29.5 s");
    }
}
