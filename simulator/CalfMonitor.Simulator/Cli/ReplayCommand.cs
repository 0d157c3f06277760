using System.CommandLine;
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
            Description = "Trace files to replay (native or dataset formats). None: the embedded office-hour trace",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<string>("--format")
        {
            Description = "Output: text (timeline and summary) or json",
            DefaultValueFactory = _ => "text",
        };
        var input = new InputOptions();
        var cmd = new Command("replay", "Replay IMU traces through the monitor and report activations, rate and alerts")
        {
            files, format,
        };
        input.AddTo(cmd);
        cmd.SetAction(p => CliErrors.Guard(p, (stdout, stderr) =>
        {
            string fmt = p.GetValue(format) ?? "text";
            if (fmt is not ("text" or "json")) throw new UsageException($"--format must be text or json, not '{fmt}'");
            var sel = input.Read(p);
            string[] paths = p.GetValue(files) ?? Array.Empty<string>();
            var results = new List<ReplayResult>();
            if (paths.Length == 0)
            {
                using var embedded = Inputs.OpenEmbedded();
                results.Add(Run(embedded, sel));
            }
            foreach (var path in paths)
            {
                var source = Inputs.Open(path, sel);
                try
                {
                    results.Add(Run(source, sel));
                }
                finally
                {
                    (source as IDisposable)?.Dispose();
                }
            }
            stdout.Write(fmt == "json" ? ReplayReport.Json(results) + "\n" : string.Join("\n", results.Select(ReplayReport.Text)));
            foreach (var r in results)
            {
                foreach (var w in r.Warnings) stderr.WriteLine($"calfmon: warning: {w}");
            }
            return CliErrors.Ok;
        }));
        return cmd;
    }

    internal static ReplayResult Run(ISampleSource source, InputSelection sel) =>
        new ReplayRunner().Run(source, sel.Site, sel.DeviceRateHz);
}
