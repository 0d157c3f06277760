using System.Diagnostics;
using CalfMonitor.Tests.Cli;
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
}
