using System.CommandLine;
using System.Text;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Checking;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Replay;

namespace CalfMonitor.Simulator.Cli;

/// <summary><c>calfmon check</c>: replays traces and compares them with their sidecar expectations (CI).</summary>
public static class CheckCommand
{
    /// <summary>Files a folder contributes under <c>--update</c> even without a sidecar yet.</summary>
    public const string TraceSuffix = ".trace.csv";

    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Trace files or folders (searched recursively for traces with a TRACE.expect.json sidecar, and *.trace.csv files, listed when they have none)",
            Arity = ArgumentArity.OneOrMore,
        };
        var update = new Option<bool>("--update")
        {
            Description = "Write the sidecars from the current results instead of checking (activations ±3 %, alerts ±60 s); " +
                          "in folders: traces with a sidecar and *.trace.csv files without one",
        };
        var require = new Option<bool>("--require-expectations")
        {
            Description = "A trace without a sidecar fails the check (exit 1) instead of being listed as having no expectations",
        };
        var junit = new Option<string>("--junit")
        {
            Description = "Also write the results as a JUnit XML report to this file (one test case per check of each trace), " +
                          "for CI systems that show test reports; written when checks fail or a trace cannot be read, too",
        };
        var input = new InputOptions();
        var cmd = new Command("check", "Replay traces and check them against their expectations (TRACE.expect.json): for CI")
        {
            paths, update, require, junit,
        };
        input.AddTo(cmd);
        cmd.SetAction(p => CliErrors.Guard(p, (stdout, stderr) =>
        {
            var baseSel = input.Read(p);
            bool updating = p.GetValue(update);
            string? report = p.GetValue(junit);
            if (report != null)
            {
                if (updating) throw new UsageException("--junit reports a check, and --update checks nothing: use one or the other");
                Inputs.CheckOutputFile("--junit", report);
            }
            var given = p.GetValue(paths) ?? Array.Empty<string>();
            foreach (var g in given) Inputs.RejectUnknownOption(g);
            if (given.Contains(StandardInput.Dash)) throw new UsageException("check reads trace files with their sidecars beside them: standard input ('-') cannot be checked; save it to a file first");
            var traces = Inputs.Expand(given, IsCheckable);
            foreach (var g in given)
            {
                if (!File.Exists(g) && !Directory.Exists(g) && !g.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !IpolPrefix(g))
                {
                    throw new InputException(g, 0, "no such file or folder");
                }
            }
            if (traces.Count == 0 || (!updating && !traces.Any(HasSidecar)))
            {
                throw new UsageException($"no traces with a {Expectations.Suffix} sidecar found in {string.Join(", ", given)}" +
                                         (updating ? "" : " (write one with: calfmon check --update TRACE)"));
            }
            return updating ? Update(traces, baseSel, stdout, stderr) : Check(traces, baseSel, p.GetValue(require), report, stdout, stderr);
        }));
        return HelpExamples.Register(cmd, HelpExamples.Check);
    }

    private static bool IpolPrefix(string g) => File.Exists(g + "_rf.txt") || File.Exists(g + "_lf.txt");

    /// <summary>In a folder: traces with a sidecar, and *.trace.csv files (listed as having no
    /// expectations, or written by --update).</summary>
    private static bool IsCheckable(string file)
    {
        if (file.EndsWith(Expectations.Suffix, StringComparison.OrdinalIgnoreCase)) return false;
        if (HasSidecar(file)) return true;
        return file.EndsWith(TraceSuffix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="trace"/> has a sidecar; two of them count too (the check
    /// then reports the trace as an error, in the table and the JUnit report).</summary>
    private static bool HasSidecar(string trace)
    {
        try
        {
            return Expectations.FindSidecar(trace) != null;
        }
        catch (InputException)
        {
            return true;
        }
    }

    private static int Check(List<string> traces, InputSelection baseSel, bool requireExpectations, string? junitPath, TextWriter stdout, TextWriter stderr)
    {
        var outcomes = new List<TraceOutcome>();
        foreach (var trace in traces)
        {
            try
            {
                string? sidecar = Expectations.FindSidecar(trace);
                if (sidecar == null)
                {
                    outcomes.Add(new TraceOutcome(trace, new(), null, NoExpectations: true));
                    continue;
                }
                var exp = Expectations.Load(sidecar);
                if (!exp.HasChecks) throw new InputException(sidecar, 0, "states no expectations (activations, activations_per_min, alerts, alerts_count, pump_breaks or sensor_faults)");
                ReplayResult result;
                try
                {
                    result = Replay(trace, Merge(baseSel, exp, sidecar), stderr);
                }
                catch (InputException e) when (FromSidecarOption(e, exp) is { } key)
                {
                    throw Blame(e, exp, key, sidecar);
                }
                outcomes.Add(new TraceOutcome(trace, exp.Evaluate(result), null));
            }
            catch (Exception e) when (e is InputException or UsageException or IOException or UnauthorizedAccessException)
            {
                outcomes.Add(new TraceOutcome(trace, new(), e.Message));
            }
        }
        Report(outcomes, requireExpectations, stdout, Progress.ColourOn(stdout));
        if (junitPath != null) Inputs.WriteOptionFile("--junit", junitPath, () => JunitReport.Write(junitPath, outcomes, requireExpectations));
        foreach (var o in outcomes.Where(o => o.Error != null)) stderr.WriteLine($"calfmon: {o.Error}");
        if (outcomes.Any(o => o.Error != null)) return CliErrors.BadInput;
        if (requireExpectations && outcomes.Any(o => o.NoExpectations)) return CliErrors.Failed;
        return outcomes.Any(o => o.Checks.Any(c => !c.Pass)) ? CliErrors.Failed : CliErrors.Ok;
    }

    private static int Update(List<string> traces, InputSelection baseSel, TextWriter stdout, TextWriter stderr)
    {
        foreach (var trace in traces)
        {
            string target = Expectations.SidecarPathFor(trace);
            Expectations? previous = File.Exists(target) ? Expectations.Load(target) : null;
            var result = Replay(trace, previous == null ? baseSel : Merge(baseSel, previous, target), stderr);
            File.WriteAllText(target, Expectations.UpdatedJson(result, previous), new UTF8Encoding(false));
            stdout.WriteLine($"{(previous == null ? "wrote  " : "updated")} {target}  ({Plural(result.Activations.Count, "activation")}, {Plural(result.Alerts.Count, "alert")})");
        }
        return CliErrors.Ok;
    }

    private static string Plural(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    private static ReplayResult Replay(string trace, InputSelection sel, TextWriter stderr)
    {
        var source = Inputs.Open(trace, sel);
        try
        {
            var r = ReplayJob.Run(source, sel, stderr);
            foreach (var w in r.Warnings) stderr.WriteLine($"calfmon: warning: {w}");
            return r;
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }
    }

    /// <summary>The sidecar key whose input option the trace refuses ("--rate 50 cannot be
    /// applied: a native trace states its sample rate in its header"), or null when the option
    /// is not the sidecar's.</summary>
    private static string? FromSidecarOption(InputException e, Expectations exp)
    {
        if (e.Line != 0) return null;
        if (exp.Rate != null && e.Problem.StartsWith("--rate ", StringComparison.Ordinal)) return "rate";
        if (exp.Sensor != null && e.Problem.Contains("--sensor ", StringComparison.Ordinal)) return "sensor";
        if (exp.Leg != null && e.Problem.Contains("--leg ", StringComparison.Ordinal)) return "leg";
        return null;
    }

    /// <summary>The refusal told at the sidecar's key (the fuzzer's queue: a sidecar's "rate" on a
    /// native trace was told as "TRACE: --rate 50 cannot be applied", an option never typed).</summary>
    private static InputException Blame(InputException e, Expectations exp, string key, string sidecar) =>
        new(sidecar, exp.KeyLines.TryGetValue(key, out long line) ? line : 0,
            $"{e.Problem.Replace("--" + key, $"'{key}'")} ({Path.GetFileName(e.File)})");

    /// <summary>The sidecar's input options override the command line's.</summary>
    public static InputSelection Merge(InputSelection sel, Expectations e, string sidecar)
    {
        MountingSite? site = e.Sensor switch
        {
            null => sel.Site,
            "foot" => MountingSite.Foot,
            _ => MountingSite.Shank,
        };
        return new InputSelection(e.InputFormat ?? sel.Format, e.Leg == null ? sel.LeftLeg : e.Leg == "left", site,
            e.Rate ?? sel.RateHz, e.DeviceRate ?? sel.DeviceRateHz, sel.LegGiven || e.Leg != null);
    }

    private static void Report(List<TraceOutcome> outcomes, bool requireExpectations, TextWriter o, bool colour)
    {
        var rows = new List<string[]>();
        var status = new List<int>(); // 0 pass, 1 fail, 2 error, 3 no expectations (neutral)
        foreach (var t in outcomes)
        {
            string name = t.Trace;
            if (t.NoExpectations)
            {
                rows.Add(new[] { name, "(none)", "no expectations", "not replayed", requireExpectations ? "FAIL" : "none" });
                status.Add(requireExpectations ? 1 : 3);
                continue;
            }
            if (t.Error != null)
            {
                rows.Add(new[] { name, "(input)", "", "not replayed (see stderr)", "ERROR" });
                status.Add(2);
                continue;
            }
            bool first = true;
            foreach (var c in t.Checks)
            {
                rows.Add(new[] { first ? name : "", c.Check, c.Expected, c.Actual, c.Pass ? "pass" : "FAIL" });
                status.Add(c.Pass ? 0 : 1);
                first = false;
            }
        }
        string[] head = { "trace", "check", "expected", "actual", "result" };
        var width = new int[head.Length];
        for (int i = 0; i < head.Length; i++) width[i] = Math.Max(head[i].Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length));
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(width[i]))).TrimEnd();
        o.WriteLine(Line(head));
        o.WriteLine(string.Join("  ", width.Select(w => new string('-', w))));
        for (int i = 0; i < rows.Count; i++)
        {
            string line = Line(rows[i]);
            if (colour && status[i] == 3) { }
            else if (colour && status[i] != 0) line = "\u001b[31m" + line + "\u001b[0m";
            else if (colour) line = line[..^4] + "\u001b[32mpass\u001b[0m";
            o.WriteLine(line);
        }
        o.WriteLine();
        var failures = outcomes.SelectMany(t => t.Checks.Where(c => !c.Pass).Select(c => (t.Trace, c))).ToList();
        var without = outcomes.Where(t => t.NoExpectations).Select(t => t.Trace).ToList();
        if (failures.Count > 0 || without.Count > 0)
        {
            o.WriteLine(failures.Count > 0 || requireExpectations ? "differences:" : "not checked:");
            foreach (var (trace, c) in failures) o.WriteLine($"  {trace}: {c.Check}: {c.Difference}");
            foreach (var trace in without)
            {
                o.WriteLine($"  {trace}: no expectations: no sidecar {Path.GetFileName(trace)}{Expectations.Suffix} (write one with: calfmon check --update {trace})" +
                            (requireExpectations ? "" : "; --require-expectations makes this a failure"));
            }
            o.WriteLine();
        }
        int checks = outcomes.Sum(t => t.Checks.Count);
        int failedTraces = outcomes.Count(t => t.Error == null && (t.Checks.Any(c => !c.Pass) || (requireExpectations && t.NoExpectations)));
        int errors = outcomes.Count(t => t.Error != null);
        string verdict = errors > 0 ? "ERROR" : failedTraces > 0 ? "FAIL" : "PASS";
        string summary = $"{verdict}: {outcomes.Count} trace{(outcomes.Count == 1 ? "" : "s")}, {checks} check{(checks == 1 ? "" : "s")}, " +
                         $"{failures.Count} failed in {failedTraces} trace{(failedTraces == 1 ? "" : "s")}" + (errors > 0 ? $", {errors} could not be read" : "") +
                         (without.Count > 0 ? $", {without.Count} without expectations{(requireExpectations ? " (required)" : " (not checked)")}" : "");
        if (colour) summary = (verdict == "PASS" ? "\u001b[32m" : "\u001b[31m") + summary + "\u001b[0m";
        o.WriteLine(summary);
    }
}
