using CalfMonitor.Tests.Simulator;
using CalfMonitor.Tests.Trace;
using Xunit;

namespace CalfMonitor.Tests.Cli;

/// <summary>Every class of bad input: one clear line naming the file (and line), exit code 2.</summary>
public class BadInputTests
{
    private const string H = NativeTraceTests.Header;

    public static TheoryData<string, string, string> Cases => new()
    {
        // name, file content, expected message fragment (after "file:line: ")
        { "empty", "", ": empty file" },
        { "header-only", H, ":7: header only: the trace has no samples" },
        { "no-column-line", "# calfmon-trace 1\n# sample_rate_hz: 50\n", "header only: no column line" },
        { "not-a-trace", "hello,world\n1,2\n", ":1: cannot tell the format from 'hello,world'" },
        { "missing-rate", "# calfmon-trace 1\n# accel_range_g: 8\n# gyro_range_dps: 2000\nt_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n", "header lacks '# sample_rate_hz" },
        { "bad-rate", "# calfmon-trace 1\n# sample_rate_hz: fast\n# accel_range_g: 8\n# gyro_range_dps: 2000\nt_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n", ":2: sample_rate_hz must be a whole number" },
        { "bad-accel-range", "# calfmon-trace 1\n# sample_rate_hz: 50\n# accel_range_g: 3\n# gyro_range_dps: 2000\nt_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n", ":3: accel_range_g must be 2, 4, 8 or 16" },
        { "bad-mounting", H.Replace("mounting: shank", "mounting: wrist") + "0,1,2,3,4,5,6\n", ":5: mounting must be 'shank' (or 'shin') or 'foot'" },
        { "duplicate-key", H.Replace("# source: test", "# source: a\n# source: b") + "0,1,2,3,4,5,6\n", ":7: header key 'source' given twice" },
        { "bad-columns", H.Replace("t_ms,ax,ay,az,gx,gy,gz", "time,ax,ay,az,gx,gy,gz") + "0,1,2,3,4,5,6\n", ":7: column line must start with" },
        { "too-few-columns", H + "0,1,2,3,4,5\n", ":8: expected 7 columns, found 6" },
        { "too-many-columns", H + "0,1,2,3,4,5,6,7\n", ":8: expected 7 columns, found 8" },
        { "text-value", H + "0,1,2,3,4,abc,6\n", ":8: gy must be a whole number of counts, got 'abc'" },
        { "nan-value", H + "0,1,2,NaN,4,5,6\n", ":8: az must be a whole number of counts, got 'NaN'" },
        { "decimal-value", H + "0,1.5,2,3,4,5,6\n", ":8: ax must be a whole number of counts" },
        { "out-of-range", H + "0,1,2,3,40000,5,6\n", ":8: gx = 40000 is outside the int16 range" },
        { "empty-field", H + "0,1,,3,4,5,6\n", ":8: ay must be a whole number of counts, got ''" },
        { "time-text", H + "soon,1,2,3,4,5,6\n", ":8: t_ms must be a whole number of milliseconds" },
        { "time-negative", H + "-20,1,2,3,4,5,6\n", ":8: t_ms must not be negative" },
        { "time-backwards", H + "40,1,2,3,4,5,6\n20,1,2,3,4,5,6\n", ":9: time goes backwards (20 ms after 40 ms)" },
        { "time-repeats", H + "20,1,2,3,4,5,6\n20,1,2,3,4,5,6\n", ":9: time 20 ms repeats the previous row" },
        { "blank-line-inside", H + "0,1,2,3,4,5,6\n\n40,1,2,3,4,5,6\n", ":9: blank line inside the data" },
        { "header-after-data", H + "0,1,2,3,4,5,6\n# more\n", ":9: header line after the data started" },
        { "long-line", H + "0," + new string('1', 20000) + "\n", ":8: line longer than 16384 characters" },
        { "binary", H + "0,1,2\0,3\n", ":8: contains a NUL byte" },
        { "truth-two", H.Replace("gz\n", "gz,truth\n") + "0,1,2,3,4,5,6,0\n20,1,2,3,4,5,6,2\n", ":9: truth must be 0 or 1, got '2'" },
        { "truth-yes", H.Replace("gz\n", "gz,label,truth\n") + "0,1,2,3,4,5,6,sitting,yes\n", ":8: truth must be 0 or 1, got 'yes'" },
        { "truth-empty", H.Replace("gz\n", "gz,truth\n") + "0,1,2,3,4,5,6,\n", ":8: truth must be 0 or 1, got ''" },
        { "duplicate-column", H.Replace("gz\n", "gz,label,label\n") + "0,1,2,3,4,5,6,a,b\n", ":7: column 'label' is named twice" },
        { "channel-as-extra", H.Replace("gz\n", "gz,ax\n") + "0,1,2,3,4,5,6,7\n", ":7: column 'ax' is named twice" },
        { "huge-count", H + "0,1,2,3,99999999999999999999999,5,6\n", ":8: gx = 99999999999999999999999 is outside the int16 range" },
        { "huge-time", H + "99999999999999999999999,1,2,3,4,5,6\n", ":8: t_ms = 99999999999999999999999 is out of range (0…9223372036854775807)" },
        { "unknown-key-case", H.Replace("# sample_rate_hz: 50\n", "# sample-rate-hz: 50\n"), ":2: unknown header key 'sample-rate-hz': did you mean 'sample_rate_hz'?" },
        // One letter off a known key (the fuzzer's queue: "# mouUting: foot" was ignored and the trace replayed as shank).
        { "key-letter-dropped", H.Replace("# mounting: shank", "# mountng: foot") + "0,1,2,3,4,5,6\n", ":5: unknown header key 'mountng': did you mean 'mounting'?" },
        { "key-letter-changed", H.Replace("# mounting: shank", "# mouUting: foot") + "0,1,2,3,4,5,6\n", ":5: unknown header key 'mouUting': did you mean 'mounting'?" },
        { "key-letter-added", H.Replace("# mounting: shank", "# mountting: foot") + "0,1,2,3,4,5,6\n", ":5: unknown header key 'mountting': did you mean 'mounting'?" },
        { "key-letters-swapped", H.Replace("# mounting: shank", "# mounitng: foot") + "0,1,2,3,4,5,6\n", ":5: unknown header key 'mounitng': did you mean 'mounting'?" },
        { "key-letter-and-separator", H.Replace("# source: test", "# Sorce-: test") + "0,1,2,3,4,5,6\n", ":6: unknown header key 'Sorce-': did you mean 'source'?" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Replay_reports_bad_input_with_file_line_and_exit_code_2(string name, string content, string expected)
    {
        using var tmp = new TempDir();
        string path = tmp.File(name + ".csv", content);
        var r = CliRunner.Run("replay", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(path, r.Stderr);
        Assert.Contains(expected, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr); // no stack trace
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Keys_two_letters_or_more_from_a_known_one_are_kept_and_ignored()
    {
        using var tmp = new TempDir();
        string path = tmp.File("keys.csv", H.Replace("# source: test", "# source: test\n# sensor: MPU6050\n# mountain: high\n# ble: started\n# mountings_x: 2") + "0,1,2,3,4,5,6\n");
        var r = CliRunner.Run("replay", path);
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    [Fact]
    public void Binary_first_lines_are_escaped_and_capped_in_the_message()
    {
        using var tmp = new TempDir();
        string path = tmp.FileBytes("bin.csv", new byte[] { 0x1b, (byte)'[', (byte)'3', (byte)'1', (byte)'m', (byte)'h', (byte)'i', 0x08, 0x08, 0x07 }
            .Concat(Enumerable.Repeat((byte)'x', 500)).Concat(new byte[] { (byte)'\n', (byte)'1', (byte)'\n' }).ToArray());
        var r = CliRunner.Run("replay", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(@"cannot tell the format from '\x1B[31mhi\x08\x08\x07xxx", r.Stderr);
        Assert.DoesNotContain('\u001b', r.Stderr);
        Assert.DoesNotContain('\b', r.Stderr);
        Assert.DoesNotContain(new string('x', 81), r.Stderr);
        Assert.Contains("…'", r.Stderr);
    }

    [Fact]
    public void Truth_other_than_0_or_1_is_refused_by_convert_too()
    {
        using var tmp = new TempDir();
        string path = tmp.File("t.trace.csv", H.Replace("gz\n", "gz,truth\n") + "0,1,2,3,4,5,6,0\n20,1,2,3,4,5,6,2\n");
        var r = CliRunner.Run("convert", path, "--out", Path.Combine(tmp.Path, "o.trace.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(path + ":9: truth must be 0 or 1, got '2'", r.Stderr);
    }

    [Fact]
    public void A_native_trace_read_as_ipol_is_named_not_an_ipol_foot_file()
    {
        using var tmp = new TempDir();
        string path = tmp.File("s.trace.csv", H + "0,1,2,3,4,5,6\n");
        var r = CliRunner.Run("replay", "--input-format", "ipol", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(path + ": not an IPOL foot file", r.Stderr);
        Assert.DoesNotContain("_rf.txt: no such file", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void A_forced_native_format_names_what_the_first_line_must_be()
    {
        using var tmp = new TempDir();
        string path = tmp.File("x.csv", "hello,world\n1,2\n");
        var r = CliRunner.Run("replay", "--input-format", "native", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(":1: not a native trace", r.Stderr);
    }

    [Fact]
    public void Missing_file_and_directory_are_reported()
    {
        using var tmp = new TempDir();
        var missing = CliRunner.Run("replay", Path.Combine(tmp.Path, "nope.csv"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.csv: no such file", missing.Stderr);
        var dir = CliRunner.Run("replay", tmp.Path);
        Assert.Equal(2, dir.ExitCode);
        Assert.Contains("is a folder, not a trace file", dir.Stderr);
    }

    [Fact]
    public void A_folder_given_to_replay_says_what_to_give_instead()
    {
        // Newcomer audit (session 25): "is a directory, not a trace file" said what was wrong, not
        // what to do; replay takes files, check takes folders. Said before anything is replayed.
        using var tmp = new TempDir();
        string traces = Path.Combine(tmp.Path, "traces");
        Directory.CreateDirectory(traces);
        string trace = SimTestKit.CopyOfficeHour(tmp, "office.trace.csv");
        var r = CliRunner.Run("replay", trace, traces);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal($"calfmon: {traces}: is a folder, not a trace file; replay the traces in it (calfmon replay {traces}/*.trace.csv), " +
                     $"or check them against their .expect.json sidecars (calfmon check {traces})", r.Stderr.Trim());
    }

    [Theory]
    [InlineData("--input-format", "xml", "unknown --input-format 'xml'")]
    [InlineData("--format", "yaml", "--format must be text or json")]
    [InlineData("--leg", "middle", "--leg must be left or right")]
    [InlineData("--sensor", "wrist", "--sensor must be shin (or shank) or foot")]
    public void Bad_options_are_usage_errors(string option, string value, string expected)
    {
        var r = CliRunner.Run("replay", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
    }

    [Theory]
    [InlineData("synth", "walk", "--out", "")]
    [InlineData("synth", "walk", "--out", "  ")]
    [InlineData("convert", "x.csv", "--out", "")]
    [InlineData("record", "--port", "/dev/null", "--out", "")]
    [InlineData("replay", "--config", "")]
    public void An_empty_path_names_its_option_and_is_a_usage_error(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        // Named: the option is the argument before the empty path.
        Assert.Contains($"{args[^2]}: the path is empty", r.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e308")]
    public void Synth_refuses_a_mounting_angle_that_is_no_angle(string value)
    {
        // It wrote a trace of zeros (a "stuck" sensor) with exit 0.
        var r = CliRunner.Run("synth", "walk", "--minutes", "1", "--mounting", value, "--out", "-");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--mounting must be an angle from -360 to 360 degrees", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Leg_given_for_a_native_trace_is_said_to_be_ignored()
    {
        // In the report's warnings (text and JSON), as the file's other warnings are.
        var r = CliRunner.Run("replay", "--leg", "left", SimTestKit.OfficeHour);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--leg left ignored: the file holds one sensor", r.Stdout);
        var json = CliRunner.Run("replay", "--leg", "left", "--format", "json", SimTestKit.OfficeHour);
        Assert.Contains("--leg left ignored: the file holds one sensor", json.Stdout);
        Assert.DoesNotContain("ignored", CliRunner.Run("replay", SimTestKit.OfficeHour).Stdout);   // the default says nothing
        // convert says so on stderr, and its header does not claim a leg.
        using var dir = new TempDir();
        string output = Path.Combine(dir.Path, "c.trace.csv");
        var c = CliRunner.Run("convert", "--leg", "left", SimTestKit.OfficeHour, "--out", output);
        Assert.True(c.ExitCode == 0, c.Stderr);
        Assert.Contains("--leg left ignored: the file holds one sensor", c.Stderr);
        Assert.Contains("its one sensor", File.ReadLines(output).First(l => l.StartsWith("# source:")));
    }

    [Fact]
    public void Option_values_are_accepted_in_any_case()
    {
        var r = CliRunner.Run("replay", "--format", "JSON", "--leg", "LEFT", "--input-format", "Native", SimTestKit.OfficeHour);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("{", r.Stdout.TrimStart());
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        var r = CliRunner.Run("replay", "--frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown option '--frobnicate'", r.Stderr);
    }

    [Fact]
    public void Text_that_is_not_utf8_is_refused_by_replay_convert_and_on_standard_input()
    {
        using var tmp = new TempDir();
        byte[] latin1 = System.Text.Encoding.Latin1.GetBytes(H.Replace("gz\n", "gz,label\n") + "0,1,2,3,4,5,6,walk\n20,1,2,3,4,5,6,st\u00e9nd\n");
        string path = tmp.FileBytes("latin1.csv", latin1);
        foreach (var r in new[] { CliRunner.Run("replay", path), CliRunner.Run("convert", path, "--out", Path.Combine(tmp.Path, "o.trace.csv")) })
        {
            Assert.Equal(2, r.ExitCode);
            Assert.Equal($"calfmon: {path}:9: not UTF-8 text (byte 0xE9); save the file as UTF-8", r.Stderr.Trim());
        }
        Assert.False(File.Exists(Path.Combine(tmp.Path, "o.trace.csv")));
        // A first line that is not UTF-8 is refused as such, not quoted with replacement characters.
        string garbage = tmp.FileBytes("garbage.csv", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', (byte)'\n', (byte)'1', (byte)'\n' });
        Assert.Equal($"calfmon: {garbage}:1: not UTF-8 text (byte 0x89); save the file as UTF-8", CliRunner.Run("replay", garbage).Stderr.Trim());
        try
        {
            CalfMonitor.Simulator.Input.StandardInput.Substitute(new MemoryStream(latin1));
            var o = new StringWriter();
            var e = new StringWriter();
            Assert.Equal(2, CalfMonitor.Simulator.Program.Run(new[] { "replay", "-" }, o, e));
            Assert.Equal("calfmon: <stdin>:9: not UTF-8 text (byte 0xE9); save the file as UTF-8", e.ToString().Trim());
        }
        finally
        {
            CalfMonitor.Simulator.Input.StandardInput.Substitute(null, null);
        }
    }
}
