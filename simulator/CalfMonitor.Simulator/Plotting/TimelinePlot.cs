using CalfMonitor.Core;
using CalfMonitor.Simulator.Replay;
using ScottPlot;
using SkiaSharp;

namespace CalfMonitor.Simulator.Plotting;

/// <summary>
/// Draws a replay as one PNG: three panels sharing the time axis —
/// (1) the sagittal angular rate (min/max envelope per pixel column) with detected activations
/// as ticks above it and ground-truth labels as coloured bands;
/// (2) activations per minute;
/// (3) the length of the current sedentary spell as the device reports it (lying / not worn
/// excluded), with the alert threshold, alerts and pump breaks.
/// Spells of <see cref="ShadeSpellMin"/> minutes or more, from a pump break to the next by the clock
/// (lying included), are shaded in panels 2 and 3, and in panel 1 when the input has no labels.
/// </summary>
public static class TimelinePlot
{
    public const int DefaultWidth = 1600;
    public const int DefaultHeight = 900;

    /// <summary>Sedentary spells at least this long (minutes) are shaded.</summary>
    public const int ShadeSpellMin = 10;

    /// <summary>Traces longer than this are drawn with an hour axis, shorter ones in minutes.</summary>
    public const double HoursAxisAboveS = 3 * 3600;

    /// <summary>Traces shorter than this are drawn with a seconds axis.</summary>
    public const double SecondsAxisBelowS = 180;

    private const int PadLeft = 90, PadRight = 30;

    private static readonly Color RateColor = Color.FromHex("#1f4e79");
    private static readonly Color ActivationColor = Color.FromHex("#2e8b57");
    private static readonly Color BarColor = Color.FromHex("#3c8dbc");
    private static readonly Color SpellColor = Color.FromHex("#7f5539");
    private static readonly Color AlertColor = Color.FromHex("#d62728");
    private static readonly Color BreakColor = Color.FromHex("#2e8b57");
    private static readonly Color IsolatedColor = Color.FromHex("#b8860b");
    private static readonly Color ShadeColor = Color.FromHex("#ff9f1c").WithAlpha(0.13);

    private static readonly string[] LabelPalette =
    {
        "#8dd3c7", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5", "#bc80bd", "#ccebc5", "#ffed6f", "#d9d9d9", "#a6cee3",
    };

    /// <summary>Renders the timeline of <paramref name="result"/> to a PNG file.</summary>
    public static void SavePng(string path, ReplayResult result, TimelineCollector data, MonitorSettings? settings = null,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        byte[] png = RenderPng(result, data, settings ?? new MonitorSettings(), width, height);
        File.WriteAllBytes(path, png);
    }

    /// <summary>Times (s) the plot marks as isolated cycles: the plantarflexion cycles the replay
    /// lists as set aside for standing alone (no bout of
    /// <see cref="CalfMonitor.Core.Bouts.PumpBoutFilter.MinBoutCycles"/>), posture changes, not activations.</summary>
    public static IReadOnlyList<double> IsolatedMarks(ReplayResult result) =>
        result.NotCounted.Where(c => c.Reason == CalfMonitor.Core.Events.NotCountedReason.Isolated).Select(c => c.TimeS).Order().ToList();

    public static byte[] RenderPng(ReplayResult result, TimelineCollector data, MonitorSettings settings, int width, int height)
    {
        double spanS = Math.Max(result.DurationS, 1);
        bool hours = spanS > HoursAxisAboveS;
        bool seconds = spanS < SecondsAxisBelowS;
        double unit = hours ? 3600 : seconds ? 1 : 60;
        string unitName = hours ? "hours" : seconds ? "seconds" : "minutes";
        double xMax = spanS / unit;

        int dataWidth = Math.Max(1, width - PadLeft - PadRight);
        int columns = Math.Max(1, Math.Min(dataWidth, data.Buckets));
        var (t, mn, mx, spell) = data.Columns(columns, spanS);

        var spells = data.Spells();
        var labels = data.LabelRuns();

        var top = RatePlot(result, t, mn, mx, labels, spells, IsolatedMarks(result), unit, xMax);
        var mid = MinutePlot(result, spells, unit, xMax);
        var bottom = SpellPlot(result, t, spell, spells, settings, unit, xMax, unitName);

        string title = $"{Path.GetFileName(result.Input)}  —  {ReplayReport.FormatDuration(result.DurationS)}, " +
                       $"{result.Activations.Count} activations ({ReplayReport.PerMinute(result):0.0}/min), " +
                       $"{Count(result.SpellsEnded.Count, "pump break")}, {Count(result.Alerts.Count, "alert")}  ({result.InputFormat}, {result.Mounting})";
        top.Title(title, 15);

        // Panel heights: title + rate panel get the most room; the bottom one carries the axis.
        int titleH = 40;
        int bottomAxisH = 50;
        int usable = height - titleH - bottomAxisH;
        int h1 = (int)(usable * 0.46), h2 = (int)(usable * 0.24);
        int h3 = usable - h1 - h2;
        var rects = new[]
        {
            new PixelRect(0, width, titleH + h1, 0),
            new PixelRect(0, width, titleH + h1 + h2, titleH + h1),
            new PixelRect(0, width, height, titleH + h1 + h2),
        };
        top.Layout.Fixed(new PixelPadding(PadLeft, PadRight, 8, titleH));
        mid.Layout.Fixed(new PixelPadding(PadLeft, PadRight, 8, 8));
        bottom.Layout.Fixed(new PixelPadding(PadLeft, PadRight, bottomAxisH, 8));

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.White);
        var plots = new[] { top, mid, bottom };
        for (int i = 0; i < plots.Length; i++)
        {
            // Each panel renders on its own surface (a plot clears the canvas it is given), then is
            // placed in its band of the figure.
            var rect = rects[i];
            int w = (int)rect.Width, h = (int)rect.Height;
            using var panel = SKSurface.Create(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
            plots[i].Render(panel.Canvas, w, h);
            using var snap = panel.Snapshot();
            surface.Canvas.DrawImage(snap, rect.Left, rect.Top);
            plots[i].Dispose();
        }
        surface.Canvas.Flush();
        using var image = surface.Snapshot();
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    /// <summary>A sans-serif font that is installed, or null for ScottPlot's default.</summary>
    private static readonly string? FontName = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI" }
        .FirstOrDefault(f => SKFontManager.Default.GetFontFamilies().Contains(f));

    private static Plot NewPlot(double xMax)
    {
        var p = new Plot();
        if (FontName != null) p.Font.Set(FontName);
        p.Axes.SetLimitsX(0, xMax);
        p.Axes.Margins(0, 0.05);
        p.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        p.Axes.Left.Label.FontSize = 13;
        p.Axes.Left.TickLabelStyle.FontSize = 12;
        p.Axes.Bottom.TickLabelStyle.FontSize = 12;
        return p;
    }

    private static void HideBottomTicks(Plot p)
    {
        p.Axes.Bottom.TickLabelStyle.IsVisible = false;
        p.Axes.Bottom.MajorTickStyle.Length = 0;
        p.Axes.Bottom.MinorTickStyle.Length = 0;
    }

    private static void Shade(Plot p, List<(double StartS, double EndS)> spells, double unit)
    {
        foreach (var (s, e) in spells)
        {
            if (e - s < ShadeSpellMin * 60) continue;
            var span = p.Add.HorizontalSpan(s / unit, e / unit, ShadeColor);
            span.LineStyle.Width = 0;
        }
    }

    private static Plot RatePlot(ReplayResult r, double[] t, double[] mn, double[] mx, IReadOnlyList<LabelRun> labels,
        List<(double, double)> spells, IReadOnlyList<double> isolated, double unit, double xMax)
    {
        var p = NewPlot(xMax);
        HideBottomTicks(p);
        p.YLabel("sagittal rate (°/s)");

        // Ground truth: one colour per label, legend in order of first appearance.
        var colours = new Dictionary<string, Color>(StringComparer.Ordinal);
        foreach (var run in labels)
        {
            if (!colours.TryGetValue(run.Label, out var c))
            {
                c = Color.FromHex(LabelPalette[colours.Count % LabelPalette.Length]).WithAlpha(0.28);
                colours[run.Label] = c;
            }
            var span = p.Add.HorizontalSpan(run.StartS / unit, run.EndS / unit, c);
            span.LineStyle.Width = 0;
        }
        if (labels.Count == 0) Shade(p, spells, unit);

        // Envelope: min to max of each pixel column; columns without samples stay empty.
        var xs = new List<double>();
        var lo = new List<double>();
        var hi = new List<double>();
        double yMin = 0, yMax = 0;
        for (int i = 0; i < t.Length; i++)
        {
            if (double.IsNaN(mn[i])) continue;
            xs.Add(t[i] / unit);
            lo.Add(mn[i]);
            hi.Add(mx[i]);
            yMin = Math.Min(yMin, mn[i]);
            yMax = Math.Max(yMax, mx[i]);
        }
        if (xs.Count > 0)
        {
            var fill = p.Add.FillY(xs.ToArray(), lo.ToArray(), hi.ToArray());
            fill.FillStyle.Color = RateColor.WithAlpha(0.85);
            fill.LineStyle.Color = RateColor;
            fill.LineStyle.Width = 1;
            fill.LegendText = "rate (min/max per pixel)";
        }
        double range = Math.Max(yMax - yMin, 20);
        double tickY = yMax + range * 0.06;
        if (r.Activations.Count > 0)
        {
            var ax = r.Activations.Select(a => a.TimeS / unit).ToArray();
            var ay = Enumerable.Repeat(tickY, ax.Length).ToArray();
            var m = p.Add.Markers(ax, ay, MarkerShape.VerticalBar, 14, ActivationColor);
            m.MarkerStyle.LineWidth = 1.5f;
            m.LegendText = $"activation ({r.Activations.Count})";
        }
        if (isolated.Count > 0)
        {
            // Single movements outside a bout: on the activations' row, lower and in another colour.
            var ix = isolated.Select(s => s / unit).ToArray();
            var iy = Enumerable.Repeat(tickY - range * 0.035, ix.Length).ToArray();
            var m = p.Add.Markers(ix, iy, MarkerShape.OpenCircle, 8, IsolatedColor);
            m.MarkerStyle.LineWidth = 1.5f;
            m.LegendText = $"isolated cycle, not counted ({isolated.Count})";
        }
        foreach (var a in r.Alerts)
        {
            var v = p.Add.VerticalLine(a.TimeS / unit, 1f, AlertColor.WithAlpha(0.55), LinePattern.Dashed);
            v.LegendText = "";
        }
        // Room below the signal for the legend.
        p.Axes.SetLimitsY(yMin - range * (colours.Count > 0 || r.Activations.Count > 0 || isolated.Count > 0 ? 0.22 : 0.04), tickY + range * 0.07);
        p.Axes.SetLimitsX(0, xMax);

        foreach (var (label, c) in colours)
        {
            p.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = c.WithAlpha(0.7), LineWidth = 0 });
        }
        p.Legend.Orientation = Orientation.Horizontal;
        p.Legend.Alignment = Alignment.LowerLeft;
        p.Legend.FontSize = 11;
        p.Legend.BackgroundColor = Colors.White.WithAlpha(0.8);
        p.ShowLegend(Alignment.LowerLeft, Orientation.Horizontal);
        return p;
    }

    private static Plot MinutePlot(ReplayResult r, List<(double, double)> spells, double unit, double xMax)
    {
        var p = NewPlot(xMax);
        HideBottomTicks(p);
        p.YLabel("activations / min");
        Shade(p, spells, unit);
        if (r.Minutes.Count > 0)
        {
            var bars = MinuteBars(r).Select(b => new Bar
            {
                Position = (b.StartS + b.EndS) / 2 / unit,
                Value = b.Activations,
                Size = (b.EndS - b.StartS) / unit,
                FillColor = b.Partial ? BarColor.WithAlpha(0.45) : BarColor,
                LineWidth = 0,
            }).ToList();
            p.Add.Bars(bars);
            if (r.Minutes.Any(m => m.Partial && m.Activations > 0))
            {
                if (r.Minutes.Any(m => !m.Partial)) p.Legend.ManualItems.Add(new LegendItem { LabelText = "activations in the minute", FillColor = BarColor, LineWidth = 0 });
                p.Legend.ManualItems.Add(new LegendItem { LabelText = "last minute, cut short by the end of the trace (count so far)", FillColor = BarColor.WithAlpha(0.45), LineWidth = 0 });
                p.Legend.FontSize = 11;
                p.Legend.BackgroundColor = Colors.White.WithAlpha(0.8);
                p.ShowLegend(Alignment.UpperLeft, Orientation.Horizontal);
            }
        }
        int maxCount = r.Minutes.Count > 0 ? r.Minutes.Max(m => m.Activations) : 0;
        p.Axes.SetLimitsY(0, Math.Max(10, maxCount * (r.Minutes.Any(m => m.Partial && m.Activations > 0) ? 1.35 : 1.12)));
        p.Axes.SetLimitsX(0, xMax);
        return p;
    }

    /// <summary>The bars of the activations-per-minute panel, seconds from the first sample: each
    /// covers its own minute from its first second, the last one only as far as the trace goes
    /// (a partial minute: its count so far); a small gap on the right keeps neighbours apart.</summary>
    internal static List<(double StartS, double EndS, int Activations, bool Partial)> MinuteBars(ReplayResult r)
    {
        var list = new List<(double, double, int, bool)>();
        if (r.Minutes.Count == 0) return list;
        double gap = r.Minutes.Count > 300 ? 0 : 0.08;
        int lastMinute = r.Minutes[^1].Minute;
        foreach (var m in r.Minutes)
        {
            double start = m.Minute * 60.0, end = Math.Min((m.Minute + 1) * 60.0, Math.Max(r.DurationS, start + 1));
            double width = (end - start) * (m.Minute == lastMinute ? 1 : 1 - gap);
            list.Add((start, start + width, m.Activations, m.Partial));
        }
        return list;
    }

    private static Plot SpellPlot(ReplayResult r, double[] t, double[] spell, List<(double, double)> spells, MonitorSettings settings,
        double unit, double xMax, string unitName)
    {
        var p = NewPlot(xMax);
        p.YLabel("sedentary spell (min)");
        p.XLabel($"time ({unitName})");
        Shade(p, spells, unit);

        var xs = new List<double>();
        var ys = new List<double>();
        double top = settings.AlertAfterMin;
        for (int i = 0; i < t.Length; i++)
        {
            if (spell[i] < 0) continue;
            xs.Add(t[i] / unit);
            ys.Add(spell[i] / 60.0);
            top = Math.Max(top, spell[i] / 60.0);
        }
        if (xs.Count > 0)
        {
            var line = p.Add.ScatterLine(xs.ToArray(), ys.ToArray(), SpellColor);
            line.LineWidth = 1.5f;
            line.LegendText = "current spell";
        }
        var threshold = p.Add.HorizontalLine(settings.AlertAfterMin, 1.2f, AlertColor.WithAlpha(0.7), LinePattern.Dotted);
        threshold.LegendText = $"alert after {settings.AlertAfterMin} min";
        if (r.SpellsEnded.Count > 0)
        {
            var bx = r.SpellsEnded.Select(b => b.TimeS / unit).ToArray();
            var by = r.SpellsEnded.Select(b => b.SpellS / 60.0).ToArray();
            var m = p.Add.Markers(bx, by, MarkerShape.FilledCircle, 5, BreakColor);
            m.LegendText = $"pump break ({r.SpellsEnded.Count})";
        }
        if (r.Alerts.Count > 0)
        {
            var ax = r.Alerts.Select(a => a.TimeS / unit).ToArray();
            var ay = r.Alerts.Select(a => a.SpellS / 60.0).ToArray();
            var m = p.Add.Markers(ax, ay, MarkerShape.FilledTriangleDown, 11, AlertColor);
            m.LegendText = $"alert ({r.Alerts.Count})";
        }
        var shade = new LegendItem { LabelText = $"spell ≥ {ShadeSpellMin} min", FillColor = ShadeColor.WithAlpha(0.5), LineWidth = 0 };
        p.Legend.ManualItems.Add(shade);
        p.ShowLegend(Alignment.UpperLeft, Orientation.Horizontal);
        p.Legend.FontSize = 11;
        p.Legend.BackgroundColor = Colors.White.WithAlpha(0.8);
        p.Axes.SetLimitsY(0, top * 1.15 + 1);
        p.Axes.SetLimitsX(0, xMax);
        return p;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
