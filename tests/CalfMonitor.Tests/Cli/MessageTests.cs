using CalfMonitor.Tests.Simulator;
using CalfMonitor.Tests.Trace;
using Xunit;

namespace CalfMonitor.Tests.Cli;

/// <summary>Messages in one voice (issue 14, items 9 and 12): what is wrong, where, what is
/// accepted; exit code 2; no .NET type names, no stack traces.</summary>
public class MessageTests
{
    private static void OneCleanLine(CliRunner.Outcome r)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("calfmon: ", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr);
        Assert.DoesNotContain("System.", r.Stderr);
        Assert.DoesNotContain("Access to the path", r.Stderr);
    }

    [Theory]
    [InlineData(new[] { "replay", "--rate", "abc" }, "--rate: 'abc' is not a number")]
    [InlineData(new[] { "synth", "walk", "--minutes", "abc", "--out", "x.csv" }, "--minutes: 'abc' is not a whole number")]
    [InlineData(new[] { "bench", "--runs", "0" }, "--runs must be a whole number of at least 1, not 0")]
    [InlineData(new[] { "bench", "--runs", "-4" }, "--runs must be a whole number of at least 1, not -4")]
    [InlineData(new[] { "bench", "--busy-threads", "65" }, "--busy-threads must be a whole number from 0 to 64, not 65")]
    [InlineData(new[] { "bench", "--busy-threads", "-1" }, "--busy-threads must be a whole number from 0 to 64, not -1")]
    [InlineData(new[] { "bench", "--busy-threads", "four" }, "--busy-threads: 'four' is not a whole number")]
    [InlineData(new[] { "synth", "walk", "--sensor", "wrist", "--out", "x.csv" }, "--sensor must be shin (or shank) or foot, not 'wrist'")]
    [InlineData(new[] { "replay", "--sensor", "wrist" }, "--sensor must be shin (or shank) or foot, not 'wrist'")]
    [InlineData(new[] { "replay", "--clock", "25:00" }, "--clock must be a local time HH:MM from 00:00 to 23:59, not '25:00'")]
    [InlineData(new[] { "replay", "--device-rate", "7" }, "--device-rate must be between 20 and 200 Hz, not 7")]
    [InlineData(new[] { "replay", "--device-rate", "99999999999999" }, "--device-rate: 99999999999999 is out of range")]
    public void Bad_option_values_name_the_option_and_what_is_accepted(string[] args, string expected)
    {
        var r = CliRunner.Run(args);
        OneCleanLine(r);
        Assert.Contains(expected, r.Stderr);
        Assert.DoesNotContain("Nullable", r.Stderr);
    }

    [Fact]
    public void Synth_accepts_shin_like_replay()
    {
        using var tmp = new TempDir();
        string shin = Path.Combine(tmp.Path, "shin.csv"), shank = Path.Combine(tmp.Path, "shank.csv");
        Assert.Equal(0, CliRunner.Run("synth", "walk", "--minutes", "1", "--sensor", "shin", "--out", shin).ExitCode);
        Assert.Equal(0, CliRunner.Run("synth", "walk", "--minutes", "1", "--sensor", "shank", "--out", shank).ExitCode);
        Assert.Equal(File.ReadAllText(shank), File.ReadAllText(shin));
        Assert.Equal(0, CliRunner.Run("replay", "--sensor", "shin", shin).ExitCode);
    }

    [Fact]
    public void Writing_onto_a_folder_says_so_for_plot_synth_and_convert()
    {
        using var tmp = new TempDir();
        string trace = tmp.File("t.trace.csv", NativeTraceTests.Header + "0,1,2,4090,4,5,6\n20,1,2,4090,4,5,7\n");
        string folderPng = Path.Combine(tmp.Path, "plots.png");
        Directory.CreateDirectory(folderPng);
        foreach (var args in new[]
        {
            new[] { "replay", trace, "--plot", folderPng },
            new[] { "synth", "walk", "--minutes", "1", "--out", tmp.Path },
            new[] { "convert", trace, "--out", tmp.Path },
        })
        {
            var r = CliRunner.Run(args);
            OneCleanLine(r);
            Assert.Contains("is a folder; give a file name inside it", r.Stderr);
        }
    }

    /// <summary>Newcomer audit (session 25): a file this user may not read or write was told in
    /// .NET's words ("calfmon: Access to the path '/ci/plots/x.png' is denied.", also inside "cannot be
    /// read (…)"). The tests run as root, who is denied nothing, so the wording is checked on the
    /// exception itself, and end to end on a file that even root may not read, where there is one.</summary>
    [Fact]
    public void A_denied_file_is_told_as_permission_denied_not_in_the_runtime_s_words()
    {
        var e = new UnauthorizedAccessException("Access to the path '/ci/plots/x.png' is denied.");
        Assert.Equal("/ci/plots/x.png: permission denied", CalfMonitor.Simulator.Input.IoWords.Denied(e));
        Assert.Equal("permission denied", CalfMonitor.Simulator.Input.IoWords.Why(e));
        Assert.Equal("Disk full", CalfMonitor.Simulator.Input.IoWords.Why(new IOException("Disk full")));
        // The runtime's Unix form names the path again: the message already names the file.
        Assert.Equal("Input/output error", CalfMonitor.Simulator.Input.IoWords.Why(new IOException("Input/output error : '/proc/version'")));
        Assert.Equal("No space left on device", CalfMonitor.Simulator.Input.IoWords.Why(new IOException("No space left on device : '/ci/o.trace.csv'")));
    }

    [SkippableFact]
    public void A_convert_output_that_fails_while_written_is_named_with_out()
    {
        // Newcomer audit (session 25): /proc/version opens for writing, even for root, and then
        // refuses every byte; the failure reached the generic handler as the runtime's
        // "calfmon: Input/output error : '/proc/version'", without --out or "cannot be written".
        const string Refusing = "/proc/version";
        bool refuses;
        try
        {
            using var f = new FileStream(Refusing, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            f.Write(new byte[] { (byte)'x' });
            refuses = false;
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            refuses = true;
        }
        catch (UnauthorizedAccessException)
        {
            refuses = false;
        }
        Skip.IfNot(refuses, $"no file here that opens for writing and then fails ({Refusing})");
        using var tmp = new TempDir();
        string trace = SimTestKit.CopyOfficeHour(tmp, "t.trace.csv");
        var r = CliRunner.Run("convert", trace, "--out", Refusing);
        OneCleanLine(r);
        Assert.Equal($"calfmon: --out {Refusing}: cannot be written (Input/output error)", r.Stderr.Trim());
    }

    [SkippableFact]
    public void A_trace_or_config_that_cannot_be_read_is_permission_denied_naming_the_file()
    {
        // A sysctl that is write-only for everyone, root included (Linux).
        const string Unreadable = "/proc/sys/vm/compact_memory";
        bool denied;
        try
        {
            File.ReadAllBytes(Unreadable);
            denied = false;
        }
        catch (UnauthorizedAccessException)
        {
            denied = true;
        }
        catch (IOException)
        {
            denied = false;
        }
        Skip.IfNot(denied, $"no file here that this user may not read ({Unreadable})");
        var replay = CliRunner.Run("replay", Unreadable);
        OneCleanLine(replay);
        Assert.Contains($"calfmon: {Unreadable}: cannot be read (permission denied)", replay.Stderr);
        using var tmp = new TempDir();
        string trace = tmp.File("t.trace.csv", NativeTraceTests.Header + "0,1,2,4090,4,5,6\n20,1,2,4090,4,5,7\n");
        var config = CliRunner.Run("replay", trace, "--config", Unreadable);
        OneCleanLine(config);
        Assert.Equal($"calfmon: --config {Unreadable}: cannot be read (permission denied)", config.Stderr.Trim());
    }

    [SkippableFact]
    public void A_plot_or_junit_report_that_cannot_be_written_names_its_option()
    {
        // Newcomer audit (session 25): "calfmon: /ci/x.png: permission denied" named the file, not
        // the option, unlike --out's "cannot be written". A read-only sysctl may not be written
        // even by root (Linux); a link to it stands in for a report or plot this user may not write.
        const string Unwritable = "/proc/sys/kernel/osrelease";
        bool denied;
        try
        {
            using (new FileStream(Unwritable, FileMode.Open, FileAccess.Write)) { }
            denied = false;
        }
        catch (UnauthorizedAccessException)
        {
            denied = true;
        }
        catch (IOException)
        {
            denied = false;
        }
        Skip.IfNot(denied, $"no file here that this user may not write ({Unwritable})");
        using var tmp = new TempDir();
        string trace = SimTestKit.CopyOfficeHour(tmp, "t.trace.csv");
        tmp.Write("t.trace.csv.expect.json", """{"activations": {"min": 0}}""");
        string png = Path.Combine(tmp.Path, "x.png"), xml = Path.Combine(tmp.Path, "x.xml");
        File.CreateSymbolicLink(png, Unwritable);
        File.CreateSymbolicLink(xml, Unwritable);
        var plot = CliRunner.Run("replay", trace, "--plot", png);
        OneCleanLine(plot);
        Assert.Equal($"calfmon: --plot {png}: cannot be written (permission denied)", plot.Stderr.Trim());
        var junit = CliRunner.Run("check", trace, "--junit", xml);
        OneCleanLine(junit);
        Assert.Equal($"calfmon: --junit {xml}: cannot be written (permission denied)", junit.Stderr.Trim());
    }

    [Fact]
    public void A_folder_as_config_is_named_as_such()
    {
        using var tmp = new TempDir();
        var r = CliRunner.Run("replay", "--config", tmp.Path);
        OneCleanLine(r);
        Assert.Equal($"calfmon: --config {tmp.Path}: is a folder, not a settings file (JSON, e.g. {{ \"alert_after_min\": 45 }})", r.Stderr.Trim());
        Assert.Equal(2, r.ExitCode);
    }

    [Fact]
    public void Convert_of_a_folder_says_what_to_give_instead()
    {
        using var tmp = new TempDir();
        var r = CliRunner.Run("convert", "--input-format", "hugadb", tmp.Path, "--out", Path.Combine(tmp.Path, "out.trace.csv"));
        OneCleanLine(r);
        Assert.Equal($"calfmon: {tmp.Path}: is a folder, not a recording; convert one file in it at a time (calfmon convert {Path.Combine(tmp.Path, "FILE")} --out FILE.trace.csv), or measure the whole folder with calfmon evaluate", r.Stderr.Trim());
        Assert.Equal(2, r.ExitCode);
        Assert.False(File.Exists(Path.Combine(tmp.Path, "out.trace.csv")));
    }

    [Fact]
    public void A_missing_config_names_its_option()
    {
        using var tmp = new TempDir();
        string trace = tmp.File("t.trace.csv", NativeTraceTests.Header + "0,1,2,4090,4,5,6\n");
        string missing = Path.Combine(tmp.Path, "settings.json");
        var r = CliRunner.Run("replay", trace, "--config", missing);
        OneCleanLine(r);
        Assert.Equal($"calfmon: --config {missing}: no such file", r.Stderr.Trim());
        Assert.Equal(2, r.ExitCode);
    }

    [Fact]
    public void Broken_json_config_gives_one_line_number_as_editors_count()
    {
        using var tmp = new TempDir();
        string trace = tmp.File("t.trace.csv", NativeTraceTests.Header + "0,1,2,4090,4,5,6\n");
        string config = tmp.File("cfg.json", "{\n  \"alert_after_min\": 45,\n  \"repeat_every_min\": ,\n}\n");
        var r = CliRunner.Run("replay", "--config", config, trace);
        OneCleanLine(r);
        Assert.Contains(config + ":3: not valid JSON: ',' is an invalid start of a value (column 23)", r.Stderr);
        Assert.DoesNotContain("LineNumber", r.Stderr);
        Assert.DoesNotContain("BytePosition", r.Stderr);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("native")]
    public void Another_trace_version_is_unsupported_not_unknown(string format)
    {
        using var tmp = new TempDir();
        string trace = tmp.File("v2.trace.csv", NativeTraceTests.Header.Replace("calfmon-trace 1", "calfmon-trace 2") + "0,1,2,4090,4,5,6\n");
        var r = CliRunner.Run("replay", "--input-format", format, trace);
        OneCleanLine(r);
        Assert.Contains(trace + ":1: unsupported trace format version '2'", r.Stderr);
    }

    [Theory]
    [InlineData("0,1,2,4090,4,5,6 \n20,1,2,4090,4,5,7\n")]
    [InlineData("0, 1, 2, 4090, 4, 5, 6\n20,1,2,4090,4,5,7\n")]
    [InlineData("0 ,1 ,2 ,4090 ,4 ,5 ,6\n20,1,2,4090,4,5,7\n")]
    public void White_space_around_values_is_accepted_alike(string rows)
    {
        using var tmp = new TempDir();
        string trace = tmp.File("t.trace.csv", NativeTraceTests.Header + rows);
        var r = CliRunner.Run("replay", "--format", "json", trace);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("\"samples\": 2", r.Stdout);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Any_number_of_trailing_blank_lines_is_accepted(int blanks)
    {
        using var tmp = new TempDir();
        string trace = tmp.File("t.trace.csv", NativeTraceTests.Header + "0,1,2,4090,4,5,6\n20,1,2,4090,4,5,7\n" + string.Concat(Enumerable.Repeat("\n", blanks)));
        var r = CliRunner.Run("replay", "--format", "json", trace);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("\"samples\": 2", r.Stdout);
    }

    [Fact]
    public void A_blank_line_followed_by_data_is_still_refused_at_the_blank_line()
    {
        using var tmp = new TempDir();
        string trace = tmp.File("t.trace.csv", NativeTraceTests.Header + "0,1,2,4090,4,5,6\n\n\n20,1,2,4090,4,5,7\n");
        var r = CliRunner.Run("replay", trace);
        OneCleanLine(r);
        Assert.Contains(trace + ":9: blank line inside the data", r.Stderr);
    }
}
