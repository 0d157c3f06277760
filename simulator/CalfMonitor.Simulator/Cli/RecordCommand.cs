using System.CommandLine;
using System.Runtime.InteropServices;
using CalfMonitor.Simulator.Recording;

namespace CalfMonitor.Simulator.Cli;

/// <summary><c>calfmon record</c>: captures the device's record-mode trace from its USB serial port.</summary>
public static class RecordCommand
{
    public static Command Create()
    {
        var port = new Option<string>("--port")
        {
            Description = "Serial port of the device: /dev/ttyUSB0, /dev/ttyACM0 (Linux), /dev/cu.usbserial-… (macOS), COM5 (Windows)",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Native trace file to write (a device restart continues in FILE-2…, see docs/simulator.md)",
            Required = true,
        };
        var baud = new Option<int>("--baud")
        {
            Description = "Baud rate of the port (the firmware writes at 921600)",
            DefaultValueFactory = _ => SerialPortOpener.DefaultBaud,
        };
        var duration = new Option<double?>("--duration")
        {
            Description = "Stop this many seconds after the trace header arrived (default: until Ctrl+C or the port closes)",
        };
        var samples = new Option<long?>("--samples")
        {
            Description = "Stop after this many rows",
        };
        var wait = new Option<double>("--wait")
        {
            Description = "Seconds to wait for the trace header ('# calfmon-trace 1') before giving up with exit code 2",
            DefaultValueFactory = _ => TraceCapture.DefaultHeaderWaitSeconds,
        };
        var force = new Option<bool>("--force")
        {
            Description = "Overwrite existing output files",
        };
        var cmd = new Command("record", "Record the device's raw IMU samples from its USB serial port into a native trace")
        {
            port, output, baud, duration, samples, wait, force,
        };
        cmd.SetAction(p => CliErrors.Guard(p, (_, stderr) =>
        {
            string portName = p.GetValue(port)!;
            string outPath = p.GetValue(output)!;
            int baudRate = p.GetValue(baud);
            if (baudRate <= 0) throw new UsageException($"--baud must be a positive number, not {baudRate}");
            double? seconds = p.GetValue(duration);
            if (seconds is { } s && (double.IsNaN(s) || s <= 0)) throw new UsageException($"--duration must be a positive number of seconds, not {s}");
            long? maxRows = p.GetValue(samples);
            if (maxRows is { } m && m <= 0) throw new UsageException($"--samples must be a positive number, not {m}");
            double waitSeconds = p.GetValue(wait);
            if (double.IsNaN(waitSeconds) || waitSeconds <= 0) throw new UsageException($"--wait must be a positive number of seconds, not {waitSeconds}");
            bool overwrite = p.GetValue(force);
            if (outPath == "-") throw new UsageException("--out -: record writes files (a device restart continues in FILE-2, FILE-3…), not standard output; give a file name");
            CheckOutput(outPath, overwrite);

            var options = new CaptureOptions
            {
                PortName = portName,
                MaxSamples = maxRows,
                Duration = seconds is { } d ? TimeSpan.FromSeconds(d) : null,
                HeaderWait = TimeSpan.FromSeconds(waitSeconds),
            };
            using var input = SerialPortOpener.Open(portName, baudRate);
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; stop.Cancel(); };
            Console.CancelKeyPress += onCtrlC;
            using var onTerm = RegisterTerm(stop);
            CaptureSummary summary;
            try
            {
                stderr.WriteLine($"calfmon: recording from {portName} at {baudRate} baud into {outPath}; Ctrl+C stops");
                var capture = new TraceCapture(options, n => OpenSegment(outPath, n, overwrite), stderr);
                summary = capture.Run(input, stop.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCtrlC;
            }
            stderr.Write(summary.Text());
            if (!summary.HeaderSeen)
            {
                string last = summary.LastHeaderError is { } h ? $"; last rejected header: {h}" : "";
                string when = summary.Stop == CaptureStop.NoHeader ? $"within {waitSeconds:0.#} s" : "before the capture stopped";
                throw new UsageException($"no trace header ('# calfmon-trace 1') arrived on {portName} {when} ({summary.PreambleLines} other lines skipped{last}): is record mode on (hold the button 3 s) and no debugger attached?");
            }
            if (summary.Stop == CaptureStop.OutputError) throw new UsageException($"writing the trace failed: {summary.StopDetail}");
            if (summary.Files.Count == 0) stderr.WriteLine($"calfmon: warning: the header arrived but no rows did; {outPath} was not written");
            return CliErrors.Ok;
        }));
        return HelpExamples.Register(cmd, HelpExamples.Record);
    }

    /// <summary>Refuses to start when the output exists (without --force) or its folder does not.</summary>
    private static void CheckOutput(string path, bool overwrite)
    {
        Inputs.CheckOutputFile("--out", path);
        if (File.Exists(path) && !overwrite) throw new UsageException($"--out {path}: already exists; use --force to overwrite it");
    }

    private static (string, Stream) OpenSegment(string outPath, int segment, bool overwrite)
    {
        string path = TraceCapture.SegmentPath(outPath, segment);
        if (!overwrite && File.Exists(path)) throw new IOException($"{path} already exists; use --force to overwrite it");
        return (path, new FileStream(path, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.Read));
    }

    /// <summary>SIGTERM (e.g. `kill`, a service manager) stops like Ctrl+C: the file is closed cleanly.</summary>
    private static IDisposable? RegisterTerm(CancellationTokenSource stop)
    {
        if (OperatingSystem.IsWindows()) return null;
        return PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
    }
}
