using System.CommandLine;
using CalfMonitor.Core;
using CalfMonitor.Simulator.Ble;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Replay;

namespace CalfMonitor.Simulator.Cli;

/// <summary><c>calfmon replay</c>: runs recordings through the device's logic.</summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Trace files to replay (native or dataset formats); '-' reads standard input. None: the embedded office-hour trace",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<string>("--format")
        {
            Description = "Output: text (timeline and summary) or json",
            DefaultValueFactory = _ => "text",
        };
        // evaluate and bench take --json: a CI script that says it to replay as well is understood.
        var json = new Option<bool>("--json")
        {
            Description = "The same as --format json (the flag evaluate and bench take)",
        };
        var plot = new Option<string?>("--plot")
        {
            Description = "Also draw a timeline PNG (rate, activations, activations/min, sedentary spells, alerts, labels); " +
                          "with several inputs the input's name is appended to the file name",
        };
        var ble = new Option<bool>("--ble")
        {
            Description = "Print the BLE notifications the device would have sent (time, characteristic, hex, decoded)",
        };
        var config = new Option<string?>("--config")
        {
            Description = "JSON file of settings in snake_case (e.g. {\"alert_after_min\": 45}); see docs/sedentary-policy.md",
        };
        var clock = new Option<string?>("--clock")
        {
            Description = "Local wall-clock time at the first sample, HH:MM (as if a phone had set it): quiet hours apply",
        };
        var input = new InputOptions();
        var cmd = new Command("replay", "Replay IMU traces through the monitor and report activations, rate and alerts")
        {
            files, format, json, plot, ble, config, clock,
        };
        input.AddTo(cmd);
        cmd.SetAction(p => CliErrors.Guard(p, (stdout, stderr) =>
        {
            string fmt = (p.GetValue(format) ?? "text").Trim().ToLowerInvariant();
            if (fmt is not ("text" or "json")) throw new UsageException($"--format must be text or json, not '{fmt}'");
            if (p.GetValue(json))
            {
                if (fmt == "text" && p.GetResult(format) is { Implicit: false }) throw new UsageException("--json and --format text ask for two outputs: give one");
                fmt = "json";
            }
            var sel = input.Read(p);
            bool bleTrace = p.GetValue(ble);
            if (bleTrace && fmt == "json") throw new UsageException("--ble prints a text trace; it cannot be combined with --format json");
            string? configPath = p.GetValue(config);
            if (configPath != null) Inputs.RejectUnknownOption(configPath);
            if (configPath != null && Directory.Exists(configPath)) throw new UsageException($"--config {configPath}: is a folder, not a settings file (JSON, e.g. {{ \"alert_after_min\": 45 }})");
            var settings = configPath == null ? new MonitorSettings() : ConfigFile.Load(configPath);
            int? clockSeconds = ParseClock(p.GetValue(clock));
            var options = new RunOptions(settings, bleTrace ? stdout : null, clockSeconds);
            string[] paths = p.GetValue(files) ?? Array.Empty<string>();
            string? plotPath = p.GetValue(plot);
            if (plotPath != null) ReplayJob.ValidatePlotPath(plotPath);
            // A folder is no trace: said before any work, with what to give instead (newcomer audit:
            // "is a directory, not a trace file" left the user to guess, while check takes folders).
            foreach (string path in paths)
            {
                if (path != StandardInput.Name && Directory.Exists(path)) throw new InputException(path, 0, FolderGiven(path));
            }
            var results = new List<ReplayResult>();
            if (paths.Length == 0 && StandardInput.IsRedirected)
            {
                // Piped into with no FILE: the documented default stays (the embedded trace, so a
                // script or CI job whose standard input is not a terminal gets the same), and
                // says so, with how to read the pipe instead.
                stderr.WriteLine($"calfmon: no FILE given: replaying {Inputs.EmbeddedName}; standard input is not read (give '-' to replay it: … | calfmon replay -)");
            }
            if (paths.Length == 0)
            {
                using var embedded = Inputs.OpenEmbedded();
                results.Add(ReplayJob.Run(embedded, sel, stderr, plotPath == null ? null : ReplayJob.PlotPathFor(plotPath, new[] { Inputs.EmbeddedName }, 0), options.Settings, r => Configure(r, embedded, options)));
            }
            for (int k = 0; k < paths.Length; k++)
            {
                string path = paths[k];
                var source = Inputs.Open(path, sel);
                try
                {
                    var result = ReplayJob.Run(source, sel, stderr, plotPath == null ? null : ReplayJob.PlotPathFor(plotPath, paths, k), options.Settings, r => Configure(r, source, options));
                    if (Inputs.IgnoredLeg(source, sel) is { } ignored) result.Warnings.Insert(0, ignored);
                    results.Add(result);
                }
                finally
                {
                    (source as IDisposable)?.Dispose();
                }
            }
            // Warnings are in the report (text summary or JSON "warnings"), once; not repeated on stderr.
            if (fmt == "json") ReplayReport.WriteJson(results, stdout);   // streamed: no copy of a day's JSON in memory
            stdout.Write(fmt == "json" ? "\n" : string.Join("\n", results.Select(ReplayReport.Text)));
            return CliErrors.Ok;
        }));
        return HelpExamples.Register(cmd, HelpExamples.Replay);
    }

    /// <summary>Settings, the optional BLE trace writer and the optional wall-clock start (local seconds of the day).</summary>
    internal sealed record RunOptions(MonitorSettings Settings, TextWriter? BleOut, int? ClockSeconds);

    /// <summary>Replays with the given options (used by evaluate and tests as well).</summary>
    internal static ReplayResult Run(ISampleSource source, InputSelection sel, RunOptions? options = null)
    {
        options ??= new RunOptions(new MonitorSettings(), null, null);
        var runner = new ReplayRunner(options.Settings);
        Configure(runner, source, options);
        return runner.Run(source, sel.Site, sel.DeviceRateHz);
    }

    /// <summary>Attaches the BLE trace and the wall clock of <paramref name="options"/> to a runner.</summary>
    private static void Configure(ReplayRunner runner, ISampleSource source, RunOptions options)
    {
        BleTrace? trace = options.BleOut is { } bleOut ? new BleTrace(bleOut) : null;
        runner.Listener = trace;
        bool first = true;
        runner.OnSample = (s, monitor) =>
        {
            if (!first) return;
            first = false;
            int now = unchecked((int)s.TimeMs);
            // 2026-01-05 (a Monday) at the given local time.
            if (options.ClockSeconds is { } secs) monitor.Policy.SetTime(now, CalfMonitor.Core.Sedentary.WallClock.DaysFromCivil(2026, 1, 5) * 86400 + secs);
            trace?.Attach(monitor, now);
            options.BleOut?.WriteLine($"# BLE trace of {source.Path}: what a subscribed phone would have received");
        };
    }

    /// <summary>What replay says of a folder given as FILE: give its traces (the shell expands the
    /// pattern), or check it.</summary>
    internal static string FolderGiven(string folder) =>
        $"is a folder, not a trace file; replay the traces in it (calfmon replay {Path.Combine(folder, "*.trace.csv")}), or check them against their .expect.json sidecars (calfmon check {folder})";

    private static int? ParseClock(string? text)
    {
        if (text == null) return null;
        var parts = text.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[0], out int h) && int.TryParse(parts[1], out int m) && h is >= 0 and < 24 && m is >= 0 and < 60)
        {
            return h * 3600 + m * 60;
        }
        throw new UsageException($"--clock must be a local time HH:MM from 00:00 to 23:59, not '{text}'");
    }
}
