using System.CommandLine;
using System.Globalization;
using System.Text;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Cli;

/// <summary><c>calfmon convert</c>: writes a recording in the native trace format, as the device would
/// have recorded it (firmware rate and ranges), with ground-truth columns where the source has them.</summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("IN") { Description = "The recording to convert (HuGaDB .txt, IPOL foot file/trial .json, gaitmap .csv, or a native trace); '-' reads standard input" };
        var output = new Option<string>("--out", "-o")
        {
            Description = "The native trace to write ('-' for standard output)",
            Required = true,
        };
        var events = new Option<string?>("--events")
        {
            Description = "gaitmap only: the stride events CSV (s_id,foot,start,end,ic,tc,…) whose toe-offs (tc) become the 'truth' column",
        };
        var input = new InputOptions();
        var cmd = new Command("convert", "Convert a dataset recording to the native trace format (device rate and ranges; 'label' and 'truth' columns where the source has ground truth)")
        {
            file, output, events,
        };
        input.AddTo(cmd);
        cmd.SetAction(p => CliErrors.Guard(p, (stdout, stderr) =>
        {
            var sel = input.Read(p);
            string path = p.GetValue(file)!;
            string outPath = p.GetValue(output)!;
            string? eventsPath = p.GetValue(events);
            Inputs.RejectUnknownOption(path);
            Inputs.CheckOutputFile("--out", outPath);
            var source = Inputs.Open(path, sel);
            try
            {
                if (eventsPath != null && source.Info.Format != "gaitmap") throw new UsageException("--events applies to gaitmap recordings only");
                var toeOffs = ToeOffs(source, eventsPath);
                var state = new ProgressState($"convert {Path.GetFileName(path)}", Progress.EstimateRows(path));
                var site = sel.Site ?? source.Info.Site;
                var adapter = new DeviceSignalAdapter(new SensorConfig(sel.DeviceRateHz, SensorConfig.DefaultAccelRangeG, SensorConfig.DefaultGyroRangeDps, site));
                long rows = Progress.Run(state, stderr, st => Write(source, adapter, sel, path, outPath, toeOffs, st, stdout));
                foreach (var w in source.Warnings.Concat(adapter.GapWarnings)) stderr.WriteLine($"calfmon: warning: {w}");
                if (adapter.BridgedDropouts > 0) stderr.WriteLine($"calfmon: bridged {adapter.BridgedDropouts} short dropouts ({adapter.BridgedSamples} samples) by interpolation");
                if (outPath != "-") stderr.WriteLine($"calfmon: wrote {outPath} ({rows} samples at {sel.DeviceRateHz} Hz{(toeOffs != null ? $", {toeOffs.Count} toe-offs marked in 'truth'" : "")})");
            }
            finally
            {
                (source as IDisposable)?.Dispose();
            }
            return CliErrors.Ok;
        }));
        return HelpExamples.Register(cmd, HelpExamples.Convert);
    }

    /// <summary>Toe-off times (s, on the reader's clock) of the converted foot, or null when the source has none.</summary>
    private static List<double>? ToeOffs(ISampleSource source, string? eventsPath)
    {
        if (source is IpolReader ipol)
        {
            string json = IpolTrial.TrialPrefix(ipol.FootFile) + ".json";
            if (!File.Exists(json) || ipol.Leg == null) return null;
            var trial = IpolTrial.Load(ipol.FootFile);
            return trial.Events(ipol.Leg.Value).Select(e => e.ToeOff.TimeS).Where(double.IsFinite).OrderBy(t => t).ToList();
        }
        if (source is GaitmapReader gm && eventsPath != null)
        {
            return GaitmapStrides.Read(eventsPath, gm.RateHz).Where(s => s.Foot == gm.Leg).Select(s => s.TcS).OrderBy(t => t).ToList();
        }
        return null;
    }

    private static long Write(ISampleSource source, DeviceSignalAdapter adapter, InputSelection sel, string inPath, string outPath, List<double>? toeOffs, ProgressState st, TextWriter stdout)
    {
        var site = adapter.Device.Mounting;
        bool label = source.Info.LabelName != null;
        var extra = new List<string>();
        if (label) extra.Add("label");
        if (toeOffs != null) extra.Add("truth");
        var inv = CultureInfo.InvariantCulture;
        string origin = $"calfmon convert {Path.GetFileName(inPath)} (input-format {source.Info.Format}, {(sel.LeftLeg ? "left" : "right")} leg, " +
                        $"{(site == MountingSite.Foot ? "foot" : "shank")}, source rate {source.Info.RateHz.ToString("0.###", inv)} Hz; {source.Info.Description})";
        var header = new TraceHeader(sel.DeviceRateHz, SensorConfig.DefaultAccelRangeG, SensorConfig.DefaultGyroRangeDps, site, origin.Replace(',', ';'), extra);

        string tmp = outPath == "-" ? "" : outPath + ".tmp";
        TextWriter text = outPath == "-" ? stdout : new StreamWriter(tmp, false, new UTF8Encoding(false), 1 << 16);
        long rows = 0;
        try
        {
            using (var w = new NativeTraceWriter(text, header))
            {
                double halfPeriodS = 0.5 / sel.DeviceRateHz;
                int next = 0;
                var cells = new string[extra.Count];
                foreach (var s in adapter.Convert(source))
                {
                    double t = s.TimeMs / 1000.0;
                    int c = 0;
                    if (label) cells[c++] = Clean(s.Label);
                    if (toeOffs != null)
                    {
                        bool hit = false;
                        while (next < toeOffs.Count && toeOffs[next] <= t + halfPeriodS)
                        {
                            if (toeOffs[next] > t - halfPeriodS) hit = true;
                            next++;
                        }
                        cells[c++] = hit ? "1" : "0";
                    }
                    w.Write(new TraceRow(s.TimeMs, s.Ax, s.Ay, s.Az, s.Gx, s.Gy, s.Gz, extra.Count > 0 ? cells : null));
                    rows++;
                    if ((s.SourceRow & 1023) == 0) st.Done = s.SourceRow;
                }
            }
            if (outPath != "-")
            {
                text.Dispose();
                File.Move(tmp, outPath, overwrite: true);
            }
        }
        catch
        {
            if (outPath != "-")
            {
                text.Dispose();
                try { File.Delete(tmp); } catch (IOException) { }
            }
            throw;
        }
        return rows;
    }

    private static string Clean(string? label) =>
        string.IsNullOrEmpty(label) ? "unknown" : label.Replace(',', ';').Replace('\n', ' ').Replace('\r', ' ');
}
