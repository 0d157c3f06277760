using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CalfMonitor.Tests.Datasets;
using Xunit;
using Xunit.Abstractions;

namespace CalfMonitor.Tests.Docs;

/// <summary>
/// Every command in the docs runs as written from a fresh clone: each <c>calfmon …</c> and
/// <c>dotnet run --project simulator/CalfMonitor.Simulator … -- …</c> line of a code block in
/// README.md and docs/*.md (also as <c>$R …</c> after the block set <c>R="dotnet run …"</c>, and
/// under <c>/usr/bin/time</c> where GNU time is installed) is run, in the order of its document, in a temporary folder of its own
/// with the shared datasets beside it (as <c>../shared</c> is beside a clone), by a shell, against
/// this build of calfmon. It must exit 0, or with the code its comment gives (<c># exit 2</c>).
/// Commands that need what is not here (a board, nanoff, installing a tool, the test suite
/// itself) are listed with their reason by <see cref="Commands_not_run_here"/>, one skipped case
/// each; commands on dataset files, and on files made from them, are skipped the same way when
/// ../shared/datasets is absent.
/// </summary>
public class DocCommandTests(ITestOutputHelper output)
{
    /// <summary>One command of a doc: where it is, what it says, and what is done with it.</summary>
    public sealed record DocCommand(string Doc, int Line, string Text, string? Run, string? NotRunReason, int ExpectedExit)
    {
        public string Where => $"{Doc}:{Line}";
    }

    /// <summary>Commands not run here, by how they start, with the reason shown.</summary>
    private static readonly (Regex Start, string Reason)[] NotRunnable =
    {
        (new(@"^nanoff\b"), "nanoff (the nanoFramework flasher) and a board are not available here"),
        (new(@"^calfmon record\b"), "needs the device streaming its record mode on a serial port"),
        (new(@"^(calfmon\s+companion|dotnet run\b.*\s--\s+companion)\b"), "serves the companion page until Ctrl+C (CompanionServerTests starts that server and fetches the page)"),
        (new(@"^dotnet tool (install|update|uninstall)\b"), "installs a .NET tool for the user: not done by tests (ToolPackageTests installs the package into a folder of its own; the calfmon commands after it run against this build)"),
        (new(@"^dotnet tool restore\b"), "installs the repository's local .NET tools (.config/dotnet-tools.json: Stryker.NET, for mutation testing by hand)"),
        (new(@"^(cd tests/CalfMonitor\.Tests\s*&&\s*)?(CalfMonitorMutation=true\s+)?dotnet stryker\b"), "mutation testing (Stryker.NET): minutes to an hour a folder, run by hand, not in CI"),
        (new(@"^dotnet pack\b"), "packs the tool (a Release build): ToolPackageTests packs and installs it; the calfmon commands after it run against this build"),
        (new(@"^dotnet (test|build)\b"), "the build and test suite itself (.ci/run runs it)"),
        (new(@"^dotnet run\b.*tests/CalfMonitor\.Benchmarks"), "BenchmarkDotNet: minutes of measurement, not a test"),
        (new(@"^(sudo|apt|apt-get|git|usermod|pip|brew|winget)\b"), "changes the machine or the repository"),
        (new(@"^fuzz/run(-all)?\.sh\b"), "installs afl++ and fuzzes for minutes (FuzzRegressionTests runs every target on its seeds and saved inputs)"),
        (new(@"^/usr/bin/time\b"), GnuTime ? null! : "GNU time (/usr/bin/time) is not installed here"),
    };

    /// <summary>GNU time, which docs/performance.md runs calfmon under to read its peak memory:
    /// where it is installed those commands run as written.</summary>
    private static bool GnuTime => File.Exists("/usr/bin/time");

    /// <summary>A calfmon command run under GNU time (<c>/usr/bin/time -f "%M KB" calfmon …</c>).</summary>
    private static readonly Regex TimedCalfmon = new(@"^/usr/bin/time\s+-f\s+""[^""]*""\s+calfmon\b");

    /// <summary>Blocks that hold only commands: every line of one is run or listed as not run.</summary>
    private static readonly string[] ShellBlocks = { "sh", "bash", "shell" };

    /// <summary>A shell variable a doc sets for the lines after it (docs/validation.md:
    /// <c>R="dotnet run --project simulator/CalfMonitor.Simulator --"</c>, then <c>$R evaluate …</c>).</summary>
    private static readonly Regex Assignment = new(@"^([A-Za-z_]\w*)=(?:""([^""$`]*)""|'([^']*)'|([^\s""'$`]*))$");

    /// <summary>Plain shell commands that set the scene for the next ones and are run as written.</summary>
    private static readonly Regex ShellHelper = new(@"^(mkdir|cp|mv|ls|cat|echo|cd|rm|export)\b");

    private static readonly Regex SimulatorRun = new(@"^dotnet run\s+(?:-c\s+\w+\s+)?--project\s+simulator/CalfMonitor\.Simulator(?:\s+-c\s+\w+)?\s+--(?=\s|$)");

    /// <summary>Longest synthetic trace made here, minutes: a documented <c>--minutes 1440</c>
    /// runs as 30 (the same code path, a fraction of the time on a 2-core CI machine).</summary>
    private const int MaxMinutes = 30;

    /// <summary>CPU seconds each process of a documented command may use (RLIMIT_CPU, bash's
    /// <c>ulimit -t</c>; the kernel kills it at the limit). CPU time, not wall time: other work on
    /// the machine (parallel tests, a second test run, a browser) slows a command but does not
    /// make it use more CPU. The costliest, docs/validation.md's <c>calfmon evaluate --dataset
    /// sites ../shared/datasets --rotate 3</c>, measured 35.6 s of CPU on the 2-core CI machine
    /// (the old 180 s wall-clock limit failed it whenever it got less than a fifth of a core), and
    /// 75.0 s on 2026-12-07 on an idle 2-core machine (user time of the test build's calfmon; the
    /// next, <c>$R evaluate --dataset hugadb … --rotate 3</c>, 55.7 s): under a fifth of the
    /// limit, room for a CPU three times slower and for the suite growing.</summary>
    private const int CpuBudgetS = 360;

    /// <summary>Least share of its CPU limit that bash's <c>times</c> reports for a process the
    /// kernel stopped at that limit. The kernel counts CPU for RLIMIT_CPU by scheduler ticks (here
    /// CONFIG_TICK_CPU_ACCOUNTING, 4 ms ticks), each charged whole to the task running when it fires;
    /// <c>times</c> reports the exact run time. On a busy machine they part: a loop stopped at a 1 s
    /// limit was reported at 0.830–0.979 s beside other test runs (the check below, then ≥ 0.9,
    /// failed in 7 of 10 runs).</summary>
    private const double LimitReportedFraction = 0.5;

    /// <summary>Wall-clock limit, only for a command that waits for something that never comes
    /// (it uses no CPU, so <see cref="CpuBudgetS"/> cannot stop it). The costliest command
    /// finishes within it on a 2% share of one core.</summary>
    private const int HangLimitMinutes = 30;

    private static readonly string[] NonShellBlocks = { "json", "yaml", "yml", "csv", "xml", "cs", "csharp", "c", "cpp", "python", "ini", "toml", "diff" };

    public static string RepoRoot() => RepoPaths.Root();

    private static IEnumerable<string> DocFiles()
    {
        string root = RepoRoot();
        yield return "README.md";
        foreach (var f in Directory.GetFiles(Path.Combine(root, "docs"), "*.md").OrderBy(f => f, StringComparer.Ordinal))
        {
            yield return "docs/" + Path.GetFileName(f);
        }
    }

    /// <summary>The commands of one doc, in order.</summary>
    /// <param name="passedOver">When given, collects the lines of <c>sh</c>/<c>bash</c>/<c>shell</c> blocks
    /// that are neither run nor listed as not run.</param>
    public static List<DocCommand> Extract(string doc, string text, List<DocCommand>? passedOver = null)
    {
        var list = new List<DocCommand>();
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        var notMade = new Dictionary<string, DocCommand>(StringComparer.Ordinal);   // files only a command not run here makes
        var lines = text.Replace("\r\n", "\n").Split('\n');
        bool inBlock = false, shell = false;
        string info = "";
        for (int i = 0; i < lines.Length; i++)
        {
            string raw = lines[i].Trim();
            if (raw.StartsWith("```"))
            {
                inBlock = !inBlock;
                info = inBlock ? raw[3..].Trim().ToLowerInvariant().Split(' ')[0] : "";
                shell = inBlock && !NonShellBlocks.Contains(info);
                continue;
            }
            if (!inBlock || !shell) continue;
            int first = i;
            string line = raw.StartsWith("$ ") ? raw[2..].TrimStart() : raw;
            while (line.EndsWith('\\') && i + 1 < lines.Length) line = line[..^1] + " " + lines[++i].Trim();
            string command = StripComment(line, out string? comment);
            if (command.Length == 0) continue;
            if (Assignment.Match(command) is { Success: true } set)
            {
                vars[set.Groups[1].Value] = set.Groups[2].Success ? set.Groups[2].Value : set.Groups[3].Success ? set.Groups[3].Value : set.Groups[4].Value;
                continue;
            }
            command = Regex.Replace(command, @"\$(?:\{(\w+)\}|(\w+))", v => vars.TryGetValue(v.Groups[1].Success ? v.Groups[1].Value : v.Groups[2].Value, out var value) ? value : v.Value);
            bool calfmon = command.StartsWith("calfmon ") || command == "calfmon" || (GnuTime && TimedCalfmon.IsMatch(command));
            bool dotnet = command.StartsWith("dotnet ");
            var notRun = NotRunnable.FirstOrDefault(n => n.Start.IsMatch(command) && n.Reason != null);
            if (!calfmon && !dotnet && notRun.Reason == null && !ShellHelper.IsMatch(command))
            {
                if (ShellBlocks.Contains(info)) passedOver?.Add(new DocCommand(doc, first + 1, line.Trim(), null, null, 0));
                continue;
            }
            int expected = comment != null && Regex.Match(comment, @"\bexit(?: code)? (\d)\b") is { Success: true } m ? int.Parse(m.Groups[1].Value) : 0;
            if (notRun.Reason != null)
            {
                var skipped = new DocCommand(doc, first + 1, command, null, notRun.Reason, expected);
                list.Add(skipped);
                foreach (Match o in Regex.Matches(command, @"--out\s+(\S+)")) notMade[o.Groups[1].Value] = skipped;
                continue;
            }
            var needs = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => notMade.GetValueOrDefault(t)).FirstOrDefault(n => n != null);
            if (needs != null)
            {
                list.Add(new DocCommand(doc, first + 1, command, null, $"reads a file made by line {needs.Line}, which is not run here ({needs.NotRunReason})", expected));
                continue;
            }
            if (dotnet)
            {
                var sim = SimulatorRun.Match(command);
                if (!sim.Success)
                {
                    list.Add(new DocCommand(doc, first + 1, command, null, "a dotnet command this test does not know how to run here", expected));
                    continue;
                }
                command = "calfmon" + command[sim.Length..];
            }
            if (IsSynopsis(command))
            {
                list.Add(new DocCommand(doc, first + 1, command, null, "a usage synopsis with placeholders, not a command", expected));
                continue;
            }
            list.Add(new DocCommand(doc, first + 1, line.Trim(), Shorten(command), null, expected));
        }
        return list;
    }

    /// <summary>Removes a trailing <c># comment</c> (a '#' after white space, outside quotes).</summary>
    private static string StripComment(string line, out string? comment)
    {
        comment = null;
        char quote = '\0';
        for (int k = 0; k < line.Length; k++)
        {
            char c = line[k];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '\'' or '"') quote = c;
            else if (c == '#' && (k == 0 || char.IsWhiteSpace(line[k - 1])))
            {
                comment = line[(k + 1)..].Trim();
                return line[..k].Trim();
            }
        }
        return line.Trim();
    }

    /// <summary><c>calfmon synth SCENARIO [--minutes N] --out FILE</c>: brackets, angle brackets
    /// or an upper-case placeholder word.</summary>
    private static bool IsSynopsis(string command) =>
        command.Contains('[') || Regex.IsMatch(command, @"<[a-z-]+>") || Regex.IsMatch(command, @"(^|\s)(?!COM\d)[A-Z][A-Z_]{2,}(?![=\w])");

    private static string Shorten(string command) =>
        Regex.Replace(command, @"--minutes (\d+)", m => int.Parse(m.Groups[1].Value) > MaxMinutes ? $"--minutes {MaxMinutes}" : m.Value);

    private static readonly Lazy<List<DocCommand>> All = new(() =>
        DocFiles().SelectMany(d => Extract(d, File.ReadAllText(Path.Combine(RepoRoot(), d)))).ToList());

    /// <summary>Words of a command that name dataset files (found under ../shared/datasets by
    /// the end of their path), or null when the datasets are absent.</summary>
    private static List<(string Token, string Source)> DatasetFiles(string command, string workDir)
    {
        var found = new List<(string, string)>();
        string? root = DatasetPaths.Root;
        foreach (var token in command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => !t.StartsWith('-') && (t.Contains('.') || t.Contains('/'))))
        {
            if (root == null || File.Exists(Path.Combine(workDir, token)) || Directory.Exists(Path.Combine(workDir, token))) continue;
            string relative = token.StartsWith("../shared/datasets/") ? token["../shared/datasets/".Length..] : token;
            var match = Directory.EnumerateFiles(root, Path.GetFileName(relative), SearchOption.AllDirectories)
                .FirstOrDefault(f => f.Replace('\\', '/').EndsWith("/" + relative, StringComparison.Ordinal));
            if (match != null) found.Add((token, match));
        }
        return found;
    }

    /// <summary>Dataset names a command uses, told from the file names the datasets have
    /// (HuGaDB_v1_…, IPOL n-n_xx.txt, gaitmap *_sample.csv, ../shared/datasets/…).</summary>
    private static bool NeedsDatasets(string command) =>
        Regex.IsMatch(command, @"HuGaDB_v1_|ipol-foot/|\b\d+-\d+_[lr][fb]\.txt|_sample(_\w+)?\.csv|\.\./shared/datasets|--dataset\s");

    /// <summary>The commands that need the datasets: those naming dataset files, and those reading a
    /// file (<c>--out FILE</c>) that an earlier command of their doc made from them — docs/ci.md
    /// converts a HuGaDB recording to <c>traces/various.trace.csv</c>, then replays and checks
    /// that trace, which without ../shared/datasets does not exist.</summary>
    private static readonly Lazy<HashSet<DocCommand>> NeedingDatasets = new(() =>
    {
        var needing = new HashSet<DocCommand>();
        foreach (var doc in All.Value.Where(c => c.Run != null).GroupBy(c => c.Doc))
        {
            var made = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in doc)
            {
                if (!NeedsDatasets(c.Run!) && !c.Run!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(made.Contains)) continue;
                needing.Add(c);
                foreach (Match o in Regex.Matches(c.Run!, @"--out\s+(\S+)")) made.Add(o.Groups[1].Value);
            }
        }
        return needing;
    });

    private static bool NeedsDatasets(DocCommand c) => NeedingDatasets.Value.Contains(c);

    public static IEnumerable<object[]> Docs() =>
        All.Value.Where(c => c.Run != null).Select(c => c.Doc).Distinct().Select(d => new object[] { d });

    public static IEnumerable<object[]> NotRun()
    {
        bool datasets = DatasetPaths.Root != null;
        foreach (var c in All.Value)
        {
            if (c.NotRunReason != null) yield return new object[] { c.Where, c.Text, c.NotRunReason };
            else if (!datasets && NeedsDatasets(c)) yield return new object[] { c.Where, c.Text, DatasetPaths.MissingMessage };
        }
    }

    [SkippableTheory]
    [MemberData(nameof(NotRun))]
    public void Commands_not_run_here(string where, string command, string reason)
    {
        Assert.False(string.IsNullOrWhiteSpace(command));
        Assert.Matches(@"^(README\.md|docs/[\w.-]+\.md):\d+$", where);
        // The case's name carries where and what; the reason alone, so that skips group by it.
        Skip.If(true, reason);
    }

    [SkippableTheory]
    [MemberData(nameof(Docs))]
    public void Commands_in_the_doc_run_as_written(string doc)
    {
        Skip.If(OperatingSystem.IsWindows(), "the doc commands run in a POSIX shell (bash), as the docs write them");
        bool datasets = DatasetPaths.Root != null;
        var commands = All.Value.Where(c => c.Doc == doc && c.Run != null && (datasets || !NeedsDatasets(c))).ToList();
        using var dir = new TempDir();
        // A folder per doc, with ../shared beside it as beside a clone, and `calfmon` on PATH.
        string work = Directory.CreateDirectory(Path.Combine(dir.Path, "clone")).FullName;
        if (DatasetPaths.Root != null)
        {
            Directory.CreateDirectory(Path.Combine(dir.Path, "shared"));
            Directory.CreateSymbolicLink(Path.Combine(dir.Path, "shared", "datasets"), DatasetPaths.Root);
        }
        string bin = Directory.CreateDirectory(Path.Combine(dir.Path, "bin")).FullName;
        string dotnetHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        string calfmonDll = Path.Combine(AppContext.BaseDirectory, "calfmon.dll");
        string wrapper = Path.Combine(bin, "calfmon");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec '{dotnetHost}' '{calfmonDll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var failures = new List<string>();
        foreach (var c in commands)
        {
            foreach (var (token, source) in DatasetFiles(c.Run!, work))
            {
                // The dataset file and its neighbours (an IPOL trial's .json), where the command looks.
                string target = Path.GetDirectoryName(Path.Combine(work, token))!;
                Directory.CreateDirectory(target);
                foreach (var f in Directory.GetFiles(Path.GetDirectoryName(source)!))
                {
                    string link = Path.Combine(target, Path.GetFileName(f));
                    if (!File.Exists(link)) File.CreateSymbolicLink(link, f);
                }
            }
            var wall = Stopwatch.StartNew();
            var (code, stdout, stderr, timedOut, cpuS) = Shell(c.Run!, work, bin, Path.Combine(dir.Path, "cpu.times"));
            // Reported, not judged (but for the budget): how costly each documented command is.
            output.WriteLine($"{c.Where}: {cpuS:0.0} s CPU, {wall.Elapsed.TotalSeconds:0.0} s wall: {c.Run}");
            bool overBudget = code == 128 + 9 && cpuS >= LimitReportedFraction * CpuBudgetS;   // SIGKILL at RLIMIT_CPU
            if (timedOut || code != c.ExpectedExit)
            {
                failures.Add($"{c.Where}: `{c.Text}`{(c.Run != c.Text ? $" (run as `{c.Run}`)" : "")} " +
                    (timedOut ? $"still running after {HangLimitMinutes} min, having used {cpuS:0.0} s of CPU (waiting for something?)"
                     : overBudget ? $"used its {CpuBudgetS} s CPU budget and was stopped"
                     : $"exited {code}, expected {c.ExpectedExit}") +
                    $"\n    stderr: {Tail(stderr)}\n    stdout: {Tail(stdout)}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {commands.Count} commands in {doc} do not run as written:\n" + string.Join("\n", failures));
    }

    private static string Tail(string s)
    {
        s = s.Trim().Replace("\n", "\n            ");
        return s.Length <= 600 ? s : "…" + s[^600..];
    }

    /// <summary>Runs <paramref name="command"/> in bash with each process limited to
    /// <see cref="CpuBudgetS"/> s of CPU; <c>CpuS</c> is the CPU time the command's processes
    /// used (bash's <c>times</c> for its children, written to <paramref name="timesFile"/>).</summary>
    public static (int Code, string Stdout, string Stderr, bool TimedOut, double CpuS) Shell(string command, string workDir, string bin, string timesFile, int cpuBudgetS = CpuBudgetS)
    {
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"trap 'times > \"$CALFMON_DOC_TIMES\"' EXIT; ulimit -t {cpuBudgetS}; set -o pipefail; " + command);
        psi.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        psi.Environment["CI"] = "1";
        psi.Environment["CALFMON_DOC_TIMES"] = timesFile;
        File.Delete(timesFile);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(HangLimitMinutes)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (-1, "", "", true, ChildCpuSeconds(timesFile));
        }
        return (p.ExitCode, stdout.Result, stderr.Result, false, ChildCpuSeconds(timesFile));
    }

    /// <summary>User + system seconds of the children, from bash's <c>times</c> (second line:
    /// <c>0m35.470s 0m1.110s</c>); NaN when it is missing.</summary>
    private static double ChildCpuSeconds(string timesFile)
    {
        var lines = File.Exists(timesFile) ? File.ReadAllLines(timesFile) : [];
        if (lines.Length < 2) return double.NaN;
        double total = 0;
        foreach (Match m in Regex.Matches(lines[1], @"(\d+)m(\d+)[.,](\d+)s"))   // bash writes the locale's decimal mark
        {
            total += int.Parse(m.Groups[1].Value) * 60 + int.Parse(m.Groups[2].Value) + int.Parse(m.Groups[3].Value) / Math.Pow(10, m.Groups[3].Length);
        }
        return total;
    }

    [SkippableFact]
    public void A_command_is_limited_by_the_CPU_it_uses_not_by_the_time_it_takes()
    {
        Skip.If(OperatingSystem.IsWindows(), "the doc commands run in a POSIX shell (bash), as the docs write them");
        using var dir = new TempDir();
        string times = Path.Combine(dir.Path, "cpu.times");
        // Waiting costs no CPU: 3 s asleep passes a 1 s CPU budget.
        var asleep = Shell("sleep 3", dir.Path, dir.Path, times, cpuBudgetS: 1);
        Assert.Equal((0, false), (asleep.Code, asleep.TimedOut));
        Assert.InRange(asleep.CpuS, 0, 0.5);
        // A loop is stopped when it has used its budget, however long that takes on a busy machine
        // (as the kernel counts it: bash's exact count may be lower, LimitReportedFraction).
        var loop = Shell("sh -c 'while :; do :; done'", dir.Path, dir.Path, times, cpuBudgetS: 1);
        Assert.Equal((128 + 9, false), (loop.Code, loop.TimedOut));
        Assert.InRange(loop.CpuS, LimitReportedFraction, 1.5);
    }

    // ---- the extraction itself ----

    [Fact]
    public void Extraction_finds_commands_comments_codes_and_what_is_not_run()
    {
        const string doc = """
            text `calfmon replay inline.csv` is prose, not a block
            ```sh
            dotnet run --project simulator/CalfMonitor.Simulator -- replay   # the built-in trace
            calfmon synth office-day --minutes 1440 --out day.csv
            calfmon check traces/      # exit 2: no traces yet
            $ calfmon ble decode alert 01 02
            calfmon: warning: this is output
            nanoff --update --target ESP32_BLE_REV0 --serialport <port>
            calfmon synth SCENARIO [--minutes N] --out FILE
            calfmon replay a.csv \
              --plot a.png
            calfmon record --port /dev/ttyUSB0 --out my.trace.csv
            calfmon replay my.trace.csv --sensor shank
            ```
            ```json
            { "calfmon": 1 }
            ```
            """;
        var c = Extract("x.md", doc);
        Assert.Equal(new[] { 3, 4, 5, 6, 8, 9, 10, 12, 13 }, c.Select(x => x.Line));
        Assert.Equal("calfmon replay", c[0].Run);
        Assert.Equal("calfmon synth office-day --minutes 30 --out day.csv", c[1].Run);
        Assert.Equal(2, c[2].ExpectedExit);
        Assert.Equal("calfmon ble decode alert 01 02", c[3].Run);
        Assert.Null(c[4].Run);
        Assert.Contains("nanoff", c[4].NotRunReason);
        Assert.Contains("synopsis", c[5].NotRunReason);
        Assert.Equal("calfmon replay a.csv  --plot a.png", c[6].Run);
        Assert.Contains("serial port", c[7].NotRunReason);
        Assert.Contains("made by line 12", c[8].NotRunReason);
    }

    /// <summary>docs/validation.md sets <c>R="dotnet run --project simulator/CalfMonitor.Simulator --"</c>
    /// and writes its evaluations as <c>$R evaluate …</c>: those lines are the doc's commands too
    /// (they were passed over, unrun, so a broken <c>--shift 7</c> or <c>--gyro-scale 0.7</c> passed).</summary>
    [Fact]
    public void Extraction_expands_a_variable_the_doc_sets_and_passes_over_no_command()
    {
        const string doc = """
            ```sh
            R="dotnet run -c Release --project simulator/CalfMonitor.Simulator --"
            $R evaluate --dataset ipol ../shared/datasets/ipol-foot --shift 7   # every phase
            ${R} synth walk --minutes 1440 --out w.csv
            fuzz/run.sh native 600
            ./somewhere/else.sh
            ```
            ```
            output: $R is not a command here
            ```
            """;
        var passedOver = new List<DocCommand>();
        var c = Extract("x.md", doc, passedOver);
        Assert.Equal(new[] { 3, 4, 5 }, c.Select(x => x.Line));
        Assert.Equal("calfmon evaluate --dataset ipol ../shared/datasets/ipol-foot --shift 7", c[0].Run);
        Assert.StartsWith("$R evaluate", c[0].Text);
        Assert.Equal("calfmon synth walk --minutes 30 --out w.csv", c[1].Run);
        Assert.Null(c[2].Run);
        Assert.Contains("afl++", c[2].NotRunReason);
        Assert.Equal("6", Assert.Single(passedOver).Where.Split(':')[1]);
    }

    /// <summary>A line of an <c>sh</c> block that is no command this test knows (neither run nor
    /// listed with its reason) would be passed over silently: there is none.</summary>
    [Fact]
    public void No_line_of_a_shell_block_is_passed_over()
    {
        var passedOver = new List<DocCommand>();
        foreach (var d in DocFiles()) Extract(d, File.ReadAllText(Path.Combine(RepoRoot(), d)), passedOver);
        Assert.True(passedOver.Count == 0, "neither run nor listed as not run:\n" + string.Join("\n", passedOver.Select(p => $"{p.Where}: {p.Text}")));
    }

    [Fact]
    public void Every_doc_with_commands_is_covered()
    {
        var docs = Docs().Select(d => (string)d[0]).ToList();
        Assert.Contains("README.md", docs);
        Assert.Contains("docs/simulator.md", docs);
        Assert.True(All.Value.Count(c => c.Run != null) >= 20, $"only {All.Value.Count(c => c.Run != null)} runnable commands found");
    }

    [Fact]
    public void The_ci_sidecar_example_holds_for_the_trace_it_describes()
    {
        // docs/ci.md: the sidecar of traces/office.trace.csv, made with `calfmon synth office-hour`.
        string text = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "ci.md"));
        var block = Regex.Match(text, "```json\\n(\\{[^`]*\"alerts\"[^`]*\\})\\n```");
        Assert.True(block.Success, "docs/ci.md: no JSON sidecar example");
        Assert.Contains("calfmon synth office-hour --out traces/office.trace.csv", text);
        using var dir = new TempDir();
        string traces = Directory.CreateDirectory(Path.Combine(dir.Path, "traces")).FullName;
        string trace = Path.Combine(traces, "office.trace.csv");
        Assert.Equal(0, CalfMonitor.Tests.Cli.CliRunner.Run("synth", "office-hour", "--out", trace).ExitCode);
        File.WriteAllText(trace + ".expect.json", block.Groups[1].Value, new UTF8Encoding(false));
        var r = CalfMonitor.Tests.Cli.CliRunner.Run("check", trace);
        Assert.True(r.ExitCode == 0, $"docs/ci.md's sidecar example fails on the office hour:\n{r.Stdout}\n{r.Stderr}");
    }
}
