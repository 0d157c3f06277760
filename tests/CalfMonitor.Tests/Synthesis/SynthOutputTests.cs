using System.Diagnostics;
using CalfMonitor.Simulator.Cli;
using Xunit;
using Xunit.Abstractions;

namespace CalfMonitor.Tests.Synthesis;

/// <summary>synth's runaway and half-written traces (newcomer audit, 2026-12-06): a typo
/// <c>--minutes 100000</c> wrote 3.3 GB before it was killed, and a synth killed or failing
/// mid-way left a trace with a cut last row where a good one was.</summary>
public class SynthOutputTests
{
    private readonly ITestOutputHelper _out;
    public SynthOutputTests(ITestOutputHelper output) => _out = output;

    /// <summary>Refused before anything is opened. The output is /dev/full, so that a synth
    /// without the bound fails at once (no space left) instead of writing gigabytes.</summary>
    [SkippableFact]
    public void Minutes_beyond_a_week_are_a_usage_error_before_anything_is_written()
    {
        Skip.IfNot(File.Exists("/dev/full"), "needs /dev/full (Linux)");
        Assert.Equal(10_080, SynthCommand.MaxMinutes);
        foreach (var minutes in new[] { "100000", "10081" })
        {
            var (exit, stdout, err) = SynthCommandTests.Synth("office-day", "--minutes", minutes, "--out", "/dev/full");
            Assert.Equal(2, exit);
            Assert.Equal("", stdout);
            Assert.Equal($"calfmon: --minutes must be a whole number from 1 to 10080 (a week), not {minutes}\n", err.Replace("\r\n", "\n"));
        }
        var zero = SynthCommandTests.Synth("walk", "--minutes", "0", "--out", "/dev/full");
        Assert.Equal(2, zero.Exit);
        Assert.Contains("--minutes must be a whole number from 1 to 10080", zero.Stderr);
    }

    /// <summary>A write that fails mid-way, made reliably here (root is refused no file, and no
    /// small full file system is at hand): calfmon run under a file size limit (<c>ulimit -f</c>,
    /// 100 KiB) of a trace of about 1.2 MB. With SIGXFSZ ignored the write fails (EFBIG): one
    /// message, exit 2, the previous trace untouched and no temporary file left. With the signal
    /// as it comes, the process is killed mid-way (as by Ctrl+C or a full disk's kill): the
    /// previous trace is still untouched (the hidden temporary file beside it stays).</summary>
    [SkippableFact]
    public void A_write_failing_midway_leaves_the_previous_trace_whole_and_no_partial_file()
    {
        Skip.IfNot(File.Exists("/bin/bash") && !OperatingSystem.IsWindows(), "needs bash's ulimit (Linux)");
        using var dir = new TempDir();
        const string previous = "# the trace that was here\n";
        string old = dir.File("old.trace.csv", previous);
        string fresh = Path.Combine(dir.Path, "new.trace.csv");

        var failed = RunLimited(ignoreSignal: true, "synth", "walk", "--minutes", "10", "--out", old);
        Assert.Equal(2, failed.Exit);
        Assert.Equal($"calfmon: --out {old}: cannot be written (the size limit for files of this process, ulimit -f, is reached)", failed.Stderr.Trim());
        Assert.Equal(previous, File.ReadAllText(old));
        var made = RunLimited(ignoreSignal: true, "synth", "walk", "--minutes", "10", "--out", fresh);
        Assert.Equal(2, made.Exit);
        Assert.False(File.Exists(fresh), "a failed synth left a partial new trace");
        Assert.Equal(new[] { "old.trace.csv" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));

        var killed = RunLimited(ignoreSignal: false, "synth", "walk", "--minutes", "10", "--out", old);
        Assert.NotEqual(0, killed.Exit);
        Assert.Equal(previous, File.ReadAllText(old));
    }

    /// <summary>calfmon in a process of its own under a 100 KiB file size limit.</summary>
    private (int Exit, string Stderr) RunLimited(bool ignoreSignal, params string[] args)
    {
        var psi = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // An ignored signal stays ignored across exec; the limit is in KiB.
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add((ignoreSignal ? "trap '' XFSZ; " : "") + "ulimit -f 100; exec \"$0\" \"$@\"");
        psi.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "calfmon.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The runtime's double-mapped code memory is a file too, which the limit refuses.
        psi.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string err = p.StandardError.ReadToEnd();
        bool exited = p.WaitForExit(TimeSpan.FromMinutes(5));
        if (!exited) p.Kill(entireProcessTree: true);
        Assert.True(exited, "calfmon did not finish within 5 min");
        _out.WriteLine($"exit {p.ExitCode}: {err.Trim()} {stdout.Result}");
        return (p.ExitCode, err);
    }
}
