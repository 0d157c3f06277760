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
            // A folder is no recording: said with what to give instead, as replay does (it was the
            // readers' generic "is a directory, not a trace file", though convert reads datasets).
            if (path != StandardInput.Name && Directory.Exists(path))
                throw new InputException(path, 0, $"is a folder, not a recording; convert one file in it at a time (calfmon convert {Path.Combine(path, "FILE")} --out FILE.trace.csv), or measure the whole folder with calfmon evaluate");
            Inputs.CheckOutputFile("--out", outPath);
            var source = Inputs.Open(path, sel);
            if (Inputs.IgnoredLeg(source, sel) is { } ignored) stderr.WriteLine($"calfmon: warning: {ignored}");
            try
            {
                if (eventsPath != null && source.Info.Format != "gaitmap") throw new UsageException("--events applies to gaitmap recordings only");
                var truth = TruthMarks.Of(source, eventsPath);
                var state = new ProgressState($"convert {Path.GetFileName(path)}", Progress.EstimateRows(path));
                var site = sel.Site ?? source.Info.Site;
                var adapter = new DeviceSignalAdapter(new SensorConfig(sel.DeviceRateHz, SensorConfig.DefaultAccelRangeG, SensorConfig.DefaultGyroRangeDps, site));
                long rows = Progress.Run(state, stderr, st => Write(source, adapter, sel, path, outPath, truth, st, stdout));
                // Told once the trace is written: a conversion that fails writes nothing, and its
                // error is then the one line the user reads.
                if (source is NativeTraceReader native) WarnOfColumnsNotCarried(native, stderr);
                foreach (var w in source.Warnings.Concat(adapter.GapWarnings)) stderr.WriteLine($"calfmon: warning: {w}");
                if (adapter.BridgedDropouts > 0) stderr.WriteLine($"calfmon: bridged {adapter.BridgedDropouts} short dropouts ({adapter.BridgedSamples} samples) by interpolation");
                if (truth != null && truth.Placed < truth.Times.Count)
                {
                    // Native marks can fall in gaps or share an output sample; a dataset's toe-offs
                    // can also lie outside the recording (an events file of another take).
                    string where = truth.FromNative ? "fell in gaps or on the same output sample as another"
                        : "lie outside the recording, in gaps, or on the same output sample as another";
                    stderr.WriteLine($"calfmon: warning: {path}: {truth.Times.Count - truth.Placed} of {truth.Times.Count} truth marks {where} and are not in the output");
                }
                if (truth == null && NoToeOffsWhy(source) is { } why) stderr.WriteLine($"calfmon: warning: {source.Path}: no 'truth' column: {why}");
                string marked = truth == null ? "" : truth.FromNative ? $", {truth.Placed} truth marks in 'truth'" : $", {truth.Placed} toe-offs marked in 'truth'";
                if (outPath != "-") stderr.WriteLine($"calfmon: wrote {outPath} ({rows} samples at {sel.DeviceRateHz} Hz{marked})");
            }
            finally
            {
                (source as IDisposable)?.Dispose();
            }
            return CliErrors.Ok;
        }));
        return HelpExamples.Register(cmd, HelpExamples.Convert);
    }

    /// <summary>Extra columns of a native trace other than 'label' and 'truth' (e.g. record mode's
    /// 'seq', which numbers the recorded rows and means nothing after resampling) are not written:
    /// one warning names them.</summary>
    private static void WarnOfColumnsNotCarried(NativeTraceReader native, TextWriter stderr)
    {
        var dropped = native.Header.ExtraColumns.Where(c => c is not (TraceHeader.LabelColumn or TraceHeader.TruthColumn)).ToList();
        if (dropped.Count == 0) return;
        stderr.WriteLine($"calfmon: warning: {native.Path}: column{(dropped.Count == 1 ? "" : "s")} {string.Join(", ", dropped.Select(c => $"'{Echo.Safe(c, 40)}'"))} " +
                         $"{(dropped.Count == 1 ? "is" : "are")} not carried into the converted trace (it has the channels, '{TraceHeader.LabelColumn}' and '{TraceHeader.TruthColumn}' only)");
    }

    /// <summary>Ground-truth moments (s, on the reader's clock) that become the 'truth' column: a
    /// dataset's toe-offs, known before the conversion starts, or the 1s of a native trace's
    /// 'truth' column, collected as its rows are read.</summary>
    private sealed class TruthMarks
    {
        public List<double> Times { get; } = new();

        /// <summary>From a native trace's 'truth' column (else a dataset's toe-offs).</summary>
        public bool FromNative { get; private init; }

        /// <summary>Time of the last row the native reader has read: every mark up to it is known.</summary>
        public double KnownUpToS { get; private set; } = double.NegativeInfinity;

        /// <summary>Output rows marked 1.</summary>
        public long Placed { get; set; }

        public static TruthMarks? Of(ISampleSource source, string? eventsPath)
        {
            if (source is NativeTraceReader native)
            {
                int column = native.Header.ExtraColumns.ToList().IndexOf(TraceHeader.TruthColumn);
                if (column < 0) return null;
                var marks = new TruthMarks { FromNative = true };
                native.RowRead = row =>
                {
                    double t = row.TimeMs / 1000.0;
                    if (row.Extra![column] == "1") marks.Times.Add(t);
                    marks.KnownUpToS = t;
                };
                return marks;
            }
            var toeOffs = ToeOffs(source, eventsPath);
            if (toeOffs == null) return null;
            var known = new TruthMarks { KnownUpToS = double.PositiveInfinity };
            known.Times.AddRange(toeOffs);
            return known;
        }
    }

    /// <summary>Why an IPOL foot file's toe-offs, which its trial's .json holds, are not marked (else
    /// null): the truth is found beside the file by its name, so a renamed or lone foot file would
    /// lose it without a word.</summary>
    private static string? NoToeOffsWhy(ISampleSource source)
    {
        if (source is not IpolReader ipol) return null;
        if (ipol.FootFile == StandardInput.Name) return "read from standard input, so its trial's .json (the toe-offs) is not known";
        if (IpolReader.LegOfFile(ipol.FootFile) == null)
        {
            return ipol.Leg == null
                ? "the file name does not end in _lf.txt or _rf.txt, so neither its foot (give --leg) nor its trial's .json (the toe-offs) is known"
                : "the file name does not end in _lf.txt or _rf.txt, so its trial's .json (the toe-offs) is not known";
        }
        string json = IpolTrial.TrialPrefix(ipol.FootFile) + ".json";
        return File.Exists(json) ? null : $"its toe-offs are in the trial's {Path.GetFileName(json)}, which is not beside it";
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

    private static long Write(ISampleSource source, DeviceSignalAdapter adapter, InputSelection sel, string inPath, string outPath, TruthMarks? truth, ProgressState st, TextWriter stdout)
    {
        var site = adapter.Device.Mounting;
        bool label = source.Info.LabelName != null;
        var extra = new List<string>();
        if (label) extra.Add(TraceHeader.LabelColumn);
        if (truth != null) extra.Add(TraceHeader.TruthColumn);
        var inv = CultureInfo.InvariantCulture;
        // A native trace or a single-sensor gaitmap file holds one sensor, which --leg does not choose.
        bool oneSensor = Inputs.OneSensor(source);
        // The leg read: an IPOL foot file's own when --leg was not given (Inputs.Open), else the
        // option's; a foot file whose name does not say, read without --leg, is of a leg not known.
        bool left = source is IpolReader { Leg: { } own } ? own == Leg.Left : sel.LeftLeg;
        string leg = oneSensor ? "its one sensor" : source is IpolReader { Leg: null } ? "leg not known" : $"{(left ? "left" : "right")} leg";
        string origin = $"calfmon convert {Path.GetFileName(inPath)} (input-format {source.Info.Format}, {leg}, " +
                        $"{(site == MountingSite.Foot ? "foot" : "shank")}, source rate {source.Info.RateHz.ToString("0.###", inv)} Hz; {source.Info.Description})";
        var header = new TraceHeader(sel.DeviceRateHz, SensorConfig.DefaultAccelRangeG, SensorConfig.DefaultGyroRangeDps, site, origin.Replace(',', ';'), extra);

        // --out is written through OutputFile: a failed conversion never leaves half a trace where
        // a good one was, and --out may name the input itself (see OutputFile).
        using var file = outPath == "-" ? null : OutputFile.Create("--out", outPath);
        TextWriter text = file?.Writer ?? stdout;
        long rows = 0;
        using (var w = new NativeTraceWriter(text, header))
        {
            double halfPeriodS = 0.5 / sel.DeviceRateHz;
            int next = 0;
            var cells = new string[extra.Count];
            // A truth mark goes on the output sample nearest to it (within half a device period).
            // A native trace's marks become known as its rows are read, which may be a row
            // behind the output: samples wait here until every mark that could be theirs is known.
            var pending = new Queue<DeviceSample>();
            void Flush(bool all)
            {
                while (pending.Count > 0)
                {
                    var s = pending.Peek();
                    double t = s.TimeMs / 1000.0;
                    if (!all && truth != null && truth.KnownUpToS < t + halfPeriodS) return;
                    pending.Dequeue();
                    int c = 0;
                    if (label) cells[c++] = Clean(s.Label);
                    if (truth != null)
                    {
                        var marks = truth.Times;
                        bool hit = false;
                        while (next < marks.Count && marks[next] <= t + halfPeriodS)
                        {
                            // The margin keeps a mark exactly half-way between two samples
                            // (as a float) from falling between both windows.
                            if (marks[next] > t - halfPeriodS - 1e-9) hit = true;
                            next++;
                        }
                        if (hit) truth.Placed++;
                        cells[c++] = hit ? "1" : "0";
                    }
                    w.Write(new TraceRow(s.TimeMs, s.Ax, s.Ay, s.Az, s.Gx, s.Gy, s.Gz, extra.Count > 0 ? cells : null));
                    rows++;
                    if ((s.SourceRow & 1023) == 0) st.Done = s.SourceRow;
                }
            }
            foreach (var s in adapter.Convert(source))
            {
                pending.Enqueue(s);
                Flush(all: false);
            }
            Flush(all: true);
            // A trace without samples is one replay refuses ("header only"): refused here
            // instead of written, as replay refuses the recording.
            if (rows == 0) throw adapter.NoSamples(source, "convert");
        }
        file?.Commit();
        return rows;
    }

    private static string Clean(string? label) =>
        string.IsNullOrEmpty(label) ? "unknown" : label.Replace(',', ';').Replace('\n', ' ').Replace('\r', ' ');
}
