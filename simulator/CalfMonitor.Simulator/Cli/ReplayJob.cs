using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Plotting;
using CalfMonitor.Simulator.Replay;

namespace CalfMonitor.Simulator.Cli;

/// <summary>One replay as the commands run it: with a progress bar on a terminal and, when
/// asked, a timeline plot collected while the samples stream past.</summary>
public static class ReplayJob
{
    /// <summary>Replays <paramref name="source"/>; draws the timeline to <paramref name="plotPath"/> when given.</summary>
    public static ReplayResult Run(ISampleSource source, InputSelection sel, TextWriter stderr, string? plotPath = null,
        CalfMonitor.Core.MonitorSettings? settings = null, Action<ReplayRunner>? configure = null)
    {
        var timeline = plotPath != null ? new TimelineCollector() : null;
        var state = new ProgressState($"replay {Path.GetFileName(source.Path)}", Progress.EstimateRows(source.Path));
        var result = Progress.Run(state, stderr, st =>
        {
            var runner = new ReplayRunner(settings);
            configure?.Invoke(runner);
            var next = runner.OnSample;
            runner.OnSample = (s, m) =>
            {
                timeline?.Observe(s, m);
                if ((s.SourceRow & 1023) == 0) st.Done = s.SourceRow;
                next?.Invoke(s, m);
            };
            return runner.Run(source, sel.Site, sel.DeviceRateHz);
        });
        if (timeline != null)
        {
            Inputs.WriteOptionFile("--plot", plotPath!, () => TimelinePlot.SavePng(plotPath!, result, timeline));
            // Said on stderr as synth, convert and evaluate --plots say what they wrote (stdout may be JSON).
            string of = source.Path == Inputs.EmbeddedName ? "the embedded office-hour trace" : source.Path;
            stderr.WriteLine($"calfmon: wrote {plotPath} (timeline of {of})");
        }
        return result;
    }

    /// <summary>The plot file for input <paramref name="index"/> of <paramref name="inputs"/>: the
    /// path as given for one input, else with the input's name appended (out-walk.png) — and, when
    /// another input has the same file name (a/walk.csv, b/walk.csv), its position too
    /// (out-walk.csv-2.png), so that no plot overwrites another.</summary>
    public static string PlotPathFor(string plot, IReadOnlyList<string> inputs, int index)
    {
        if (inputs.Count <= 1) return plot;
        string dir = Path.GetDirectoryName(plot) ?? "";
        string stem = Path.GetFileNameWithoutExtension(plot);
        string name = NameOf(inputs[index]);
        string suffix = inputs.Count(i => NameOf(i) == name) > 1 ? $"-{index + 1}" : "";
        return Path.Combine(dir, $"{stem}-{name}{suffix}.png");
    }

    private static string NameOf(string input)
    {
        string name = input == Inputs.EmbeddedName ? "embedded" : Path.GetFileName(input);
        foreach (char c in Path.GetInvalidFileNameChars()) name = name.Replace(c, '_');
        return name;
    }

    /// <summary>Checks a --plot path before any work is done.</summary>
    public static void ValidatePlotPath(string plot)
    {
        if (!plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--plot writes a PNG: give a file name ending in .png, not '{plot}'");
        Inputs.CheckOutputFile("--plot", plot);
    }
}
