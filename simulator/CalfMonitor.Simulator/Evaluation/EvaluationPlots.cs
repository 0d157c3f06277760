using ScottPlot;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Simulator.Evaluation;

/// <summary>
/// PNG plots of an evaluation (ScottPlot): for IPOL and gaitmap a ~10 s stretch of the device's
/// sagittal gyro (the device gyro projected on the principal axis of that stretch) with the truth
/// windows and the detections; for HuGaDB a stretch of shin sagittal gyro with detections and the
/// detector-vs-reference rate scatter.
/// </summary>
public static class EvaluationPlots
{
    public const double StretchS = 10;
    private const int Width = 1400, Height = 520;

    private static readonly Color Matched = Colors.SteelBlue.WithAlpha(0.18);
    private static readonly Color Missed = Colors.Orange.WithAlpha(0.45);
    private static readonly Color Tp = Colors.Green;
    private static readonly Color Fp = Colors.Red;

    public static List<string> Write(DatasetEvaluation d, string dir)
    {
        var written = new List<string>();
        if (d.Events is { } e)
        {
            var row = e.Rows.FirstOrDefault(r => r.Run.T.Count > 0 && r.Swings.Count > 0);
            if (row != null) written.Add(EventStretch(d.Dataset, row, Path.Combine(dir, $"{d.Dataset}-stretch.png")));
        }
        else if (d.Hugadb is { } h)
        {
            var seg = h.Segments.FirstOrDefault(s => s.Activity == "walking" && s.ErrorPct != null);
            var row = seg == null ? null : h.Rows.First(r => r.Segments.Contains(seg));
            if (row?.Run != null && row.Run.T.Count > 0) written.Add(HugadbStretch(row, seg!, Path.Combine(dir, "hugadb-stretch.png")));
            written.Add(RateScatter(h, Path.Combine(dir, "hugadb-rate-vs-reference.png")));
            // The same recordings with the device on the foot sensor (the shoe clip).
            if (h.Foot is { } foot) written.Add(RateScatter(foot, Path.Combine(dir, "hugadb-foot-rate-vs-reference.png")));
        }
        return written;
    }

    /// <summary>Start of the stretch: one second before the first evaluated window.</summary>
    private static string EventStretch(string dataset, EventFileResult r, string file)
    {
        double t0 = (r.Match.Windows.Count > 0 ? r.Match.Windows[0].StartS : r.Swings[0].ToeOffS) - 1.0;
        double t1 = t0 + StretchS;
        var (ts, g) = Sagittal(r.Run, t0, t1);
        var plt = new Plot();
        bool firstMatched = true, firstMissed = true;
        for (int i = 0; i < r.Match.Windows.Count; i++)
        {
            var w = r.Match.Windows[i];
            if (w.EndS < t0 || w.StartS > t1) continue;
            bool hit = r.Match.WindowMatch[i] >= 0;
            var span = plt.Add.HorizontalSpan(w.StartS, w.EndS, hit ? Matched : Missed);
            span.LineStyle.Width = 0;
            if (hit && firstMatched) { span.LegendText = "truth window [toe-off − 0.4 s, heel strike], matched"; firstMatched = false; }
            if (!hit && firstMissed) { span.LegendText = "truth window, MISSED (FN)"; firstMissed = false; }
        }
        foreach (var x in r.Excluded)
        {
            if (x.EndS < t0 || x.StartS > t1) continue;
            var span = plt.Add.HorizontalSpan(x.StartS, x.EndS, Colors.Gray.WithAlpha(0.3));
            span.LegendText = "excluded (U-turn ± 0.5 s)";
        }
        var line = plt.Add.ScatterLine(ts, g, Colors.Black);
        line.LineWidth = 1.2f;
        line.LegendText = "device gyro, sagittal (principal axis of this stretch)";
        AddDetections(plt, r.Match.Detections.Select((t, i) => (t, r.Match.DetectionMatch[i] >= 0)).Where(p => p.t >= t0 && p.t <= t1).ToList(), ts, g);
        foreach (var s in r.Swings.Where(s => s.ToeOffS >= t0 && s.ToeOffS <= t1))
        {
            var v = plt.Add.VerticalLine(s.ToeOffS, 1, Colors.Gray);
            v.LinePattern = LinePattern.Dotted;
        }
        var c = r.Counts;
        plt.Title($"{dataset}: {Path.GetFileName(r.File)} ({r.LegName} foot) — TP {c.Tp}, FP {c.Fp}, FN {c.Fn} in the whole file; dotted = toe-off");
        plt.XLabel("time on the recording's clock (s)");
        plt.YLabel("angular rate (°/s)");
        plt.Axes.SetLimitsX(t0, t1);
        plt.ShowLegend(Alignment.UpperRight);
        plt.SavePng(file, Width, Height);
        return file;
    }

    private static void AddDetections(Plot plt, List<(double T, bool Hit)> dets, double[] ts, double[] g)
    {
        foreach (var hit in new[] { true, false })
        {
            var sel = dets.Where(d => d.Hit == hit).ToList();
            if (sel.Count == 0) continue;
            var xs = sel.Select(d => d.T).ToArray();
            var ys = xs.Select(t => Interp(ts, g, t)).ToArray();
            var m = plt.Add.ScatterPoints(xs, ys, hit ? Tp : Fp);
            m.MarkerSize = 11;
            m.MarkerShape = hit ? MarkerShape.FilledCircle : MarkerShape.FilledTriangleUp;
            m.LegendText = hit ? "detection matched (TP)" : "detection unmatched (FP)";
        }
    }

    private static string HugadbStretch(HugadbLegResult row, HugadbSegment seg, string file)
    {
        double t0 = seg.TrimStartS + 5, t1 = Math.Min(t0 + StretchS, seg.TrimEndS);
        var (ts, g) = Sagittal(row.Run!, t0, t1);
        var plt = new Plot();
        var line = plt.Add.ScatterLine(ts, g, Colors.Black);
        line.LineWidth = 1.2f;
        line.LegendText = "device gyro, shin sagittal (principal axis of this stretch)";
        var xs = row.Run!.ActivationsS.Where(t => t >= t0 && t <= t1).ToArray();
        if (xs.Length > 0)
        {
            var m = plt.Add.ScatterPoints(xs, xs.Select(t => Interp(ts, g, t)).ToArray(), Tp);
            m.MarkerSize = 11;
            m.LegendText = "detected activation";
        }
        plt.Title($"hugadb: {Path.GetFileName(row.File)} ({row.LegName} shin), walking — detector {seg.DetectedPerMin:0.0}/min, foot reference {seg.ReferencePerMin:0.0} strides/min");
        plt.XLabel("time from the start of the file (s)");
        plt.YLabel("angular rate (°/s)");
        plt.Axes.SetLimitsX(t0, t1);
        plt.ShowLegend(Alignment.UpperRight);
        plt.SavePng(file, Width, Height);
        return file;
    }

    private static string RateScatter(HugadbEvaluationResult h, string file)
    {
        var plt = new Plot();
        var segs = h.Segments.Where(s => s.IsRate && s.ReferencePerMin != null).ToList();
        double max = segs.Count == 0 ? 120 : Math.Max(segs.Max(s => s.ReferencePerMin!.Value), segs.Max(s => s.DetectedPerMin)) * 1.08;
        var id = plt.Add.Line(0, 0, max, max);
        id.Color = Colors.Gray;
        id.LinePattern = LinePattern.Dashed;
        id.LegendText = "identity (detector = reference)";
        var palette = new Dictionary<string, (Color C, MarkerShape S)>
        {
            ["walking"] = (Colors.Blue, MarkerShape.FilledCircle),
            ["running"] = (Colors.Red, MarkerShape.FilledTriangleUp),
            ["going_up"] = (Colors.Green, MarkerShape.FilledSquare),
            ["going_down"] = (Colors.Purple, MarkerShape.FilledDiamond),
            ["bicycling"] = (Colors.DarkOrange, MarkerShape.OpenCircle),
        };
        foreach (var (act, style) in palette)
        {
            var sel = segs.Where(s => s.Activity == act).ToList();
            if (sel.Count == 0) continue;
            var m = plt.Add.ScatterPoints(sel.Select(s => s.ReferencePerMin!.Value).ToArray(), sel.Select(s => s.DetectedPerMin).ToArray(), style.C);
            m.MarkerSize = 9;
            m.MarkerShape = style.S;
            m.LegendText = $"{act} ({sel.Count} segment×leg, MAPE {h.Mape(act):0.0}%)";
        }
        plt.Title(h.Site == MountingSite.Foot
            ? "hugadb: detector on the foot (shoe clip) vs the foot sensor's stride rate, per segment and leg"
            : "hugadb: shin detector rate vs foot-sensor stride rate, per segment and leg");
        plt.XLabel("reference: same leg's foot, strides per minute (autocorrelation)");
        plt.YLabel("detector: activations per minute");
        plt.Axes.SetLimits(0, max, 0, max);
        plt.ShowLegend(Alignment.UpperLeft);
        plt.SavePng(file, 900, 820);
        return file;
    }

    /// <summary>The recorded device gyro in [t0, t1] projected on that stretch's principal axis.</summary>
    private static (double[] T, double[] G) Sagittal(DeviceRun run, double t0, double t1)
    {
        int a = run.T.FindIndex(t => t >= t0);
        if (a < 0) a = 0;
        int b = run.T.FindIndex(t => t > t1);
        if (b < 0) b = run.T.Count;
        var axis = PrincipalAxis.Of(run.Gx, run.Gy, run.Gz, a, b);
        return (run.T.GetRange(a, b - a).ToArray(), PrincipalAxis.Project(run.Gx, run.Gy, run.Gz, axis, a, b));
    }

    private static double Interp(double[] ts, double[] g, double t)
    {
        if (ts.Length == 0) return 0;
        int i = Array.BinarySearch(ts, t);
        if (i >= 0) return g[i];
        i = ~i;
        if (i == 0) return g[0];
        if (i >= ts.Length) return g[^1];
        double f = (t - ts[i - 1]) / (ts[i] - ts[i - 1]);
        return g[i - 1] + (g[i] - g[i - 1]) * f;
    }
}
