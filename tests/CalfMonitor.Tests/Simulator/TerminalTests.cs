using System.Diagnostics;
using System.Text.RegularExpressions;
using CalfMonitor.Tests.Cli;
using CalfMonitor.Tests.Datasets;
using Xunit;

namespace CalfMonitor.Tests.Simulator;

public class TerminalTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("replay", "--help")]
    [InlineData("check", "--help")]
    [InlineData("convert", "--help")]
    [InlineData("check", "-h")]
    public void HelpExitsZeroAndShowsExamples(params string[] args)
    {
        var run = CliRunner.Run(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Stdout);
        Assert.Contains("Examples:", run.Stdout);
        Assert.Contains("calfmon ", run.Stdout[run.Stdout.IndexOf("Examples:", StringComparison.Ordinal)..]);
        Assert.False(SimTestKit.HasEscape(run.Stdout));
    }

    [Fact]
    public void EveryCommandHasExamples()
    {
        var root = CliRunner.Run("--help").Stdout;
        string commands = root[root.IndexOf("Commands:", StringComparison.Ordinal)..];
        var names = commands.Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("Examples", StringComparison.Ordinal))
            .TakeWhile(l => !l.StartsWith("Examples:", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToList();
        Assert.Contains("replay", names);
        Assert.Contains("check", names);
        Assert.Contains("convert", names);
        foreach (var name in names)
        {
            var run = CliRunner.Run(name, "--help");
            Assert.Equal(0, run.ExitCode);
            Assert.True(run.Stdout.Contains("Examples:"), $"'calfmon {name} --help' shows no examples");
        }
    }

    [Fact]
    public void VersionPrintsTheInformationalVersion()
    {
        var run = CliRunner.Run("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Stdout.Trim());
    }

    private static (int Code, string Stdout, string Stderr) RunProcess(IDictionary<string, string?> env, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "calfmon.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    [Theory]
    [InlineData("NO_COLOR", "1")]
    [InlineData("CI", "true")]
    public void RedirectedOutputIsPlain(string variable, string value)
    {
        using var dir = new TempDir();
        SimTestKit.CopyOfficeHour(dir);
        dir.Write("office.trace.csv.expect.json", """{"activations": {"min": 1000}}""");
        var env = new Dictionary<string, string?> { [variable] = value, ["TERM"] = "xterm-256color" };
        var (code, stdout, stderr) = RunProcess(env, "check", dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("FAIL", stdout);
        Assert.False(SimTestKit.HasEscape(stdout), "ANSI escape in stdout");
        Assert.False(SimTestKit.HasEscape(stderr), "ANSI escape in stderr");
        var replay = RunProcess(env, "replay", SimTestKit.OfficeHour);
        Assert.Equal(0, replay.Code);
        Assert.False(SimTestKit.HasEscape(replay.Stdout + replay.Stderr));
    }

    /// <summary>Runs calfmon (or a pipeline of calfmon commands, <c>{calfmon}</c> standing for it) on
    /// a pseudo-terminal, as a person at a terminal does, with util-linux <c>script</c>; returns what
    /// the terminal received (stdout and stderr), escape sequences removed.</summary>
    private static string RunOnTerminal(string commandLine)
    {
        string script = new[] { "/usr/bin/script", "/bin/script" }.FirstOrDefault(File.Exists) ?? "";
        Skip.If(script == "", "util-linux 'script' (to run calfmon on a pseudo-terminal) not found: terminal test skipped");
        // A machine (a container) may give no pseudo-terminal at all: that is not calfmon's failure.
        using var probe = Process.Start(new ProcessStartInfo(script, new[] { "-qec", "true", "/dev/null" })
            { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false })!;
        probe.StandardInput.Close();
        string probeError = probe.StandardError.ReadToEnd() + probe.StandardOutput.ReadToEnd();
        probe.WaitForExit();
        Skip.If(probe.ExitCode != 0, $"'script' could not open a pseudo-terminal here ({probeError.Trim()}): terminal test skipped");
        string dll = Path.Combine(AppContext.BaseDirectory, "calfmon.dll");
        var psi = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-qec");
        psi.ArgumentList.Add(commandLine.Replace("{calfmon}", $"dotnet '{dll}'"));
        psi.ArgumentList.Add("/dev/null");
        psi.Environment.Remove("CI");          // the bar is for people, not for CI: see RedirectedOutputIsPlain
        psi.Environment.Remove("NO_COLOR");
        psi.Environment["TERM"] = "xterm-256color";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr.Result}{output[Math.Max(0, output.Length - 2000)..]}");
        return Regex.Replace(output, @"\x1b\[[0-9;?]*[A-Za-z]", "");
    }

    [SkippableFact]
    public void A_long_evaluation_on_a_terminal_shows_a_progress_bar_over_its_passes()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        // Nine passes over IPOL's 140 recordings (as recorded, two rotations, six start phases), a
        // second or two each here: the bar (shown from the first second on) steps by ninths.
        string terminal = RunOnTerminal($"{{calfmon}} evaluate --dataset ipol '{DatasetPaths.Ipol}' --rotate 2 --shift 6");
        var shown = Regex.Matches(terminal, @"evaluate ipol, 2 rotations, 6 start phases\S*\s+\S+\s+(\d+)%")
            .Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
        Assert.True(shown.Count >= 2, $"bar values seen: {string.Join(", ", shown)}");
        Assert.All(shown, v => Assert.Contains(v, new[] { 0, 11, 22, 33, 44, 55, 66, 77, 88, 100 }));
        Assert.Contains(88, shown);                 // eight of nine passes done: every rotation and start phase counted
        Assert.Contains("event F1", terminal);      // and the report after it
    }

    [SkippableFact]
    public void A_long_replay_on_a_terminal_shows_a_progress_bar()
    {
        // A 16-hour office day streamed from synth: seconds of replay, however fast the machine. (Its
        // stdin is a pipe, so Spectre.Console draws the plain form of the bar: "replay <stdin>: 0%".)
        string terminal = RunOnTerminal("{calfmon} synth office-day --minutes 960 --out - | {calfmon} replay -");
        Assert.Matches(@"replay <stdin>[^\r\n]*?\d+%", terminal);
        Assert.Contains("activations", terminal);
    }
}
