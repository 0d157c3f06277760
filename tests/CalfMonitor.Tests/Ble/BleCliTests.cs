using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Ble;

public class BleCliTests
{
    [Fact]
    public void Ble_decode_prints_the_fields()
    {
        var o = CliRunner.Run("ble", "decode", "alert", "01 02 02 01 28 00 01 02 03 00");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("seq=258 reason=repeat spell=40min repeat=1 buzz=2 suppressed=3", o.Stdout);
        o = CliRunner.Run("ble", "decode", "config", "010606", "0a3c001e0a0f03b004e00178003c3c2c01");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("v1 min_ankle_range_deg=6", o.Stdout);
        Assert.Contains("alert_after_min=30", o.Stdout);
        Assert.Contains("mounting=unchanged", o.Stdout);
        o = CliRunner.Run("ble", "decode", "config", PayloadTests.DefaultConfigHex[..^2] + "02");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("v2 min_ankle_range_deg=7", o.Stdout);
        Assert.Contains("mounting=foot", o.Stdout);
        o = CliRunner.Run("ble", "decode", "live", "02 03 05 00 40 00 00 00 10 0e 00 00 03 00 02 01 ff ff 02 00");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("v2 flags=worn|upright last_minute=5 today=64 spell=3600s alerts_today=3 last_alert_seq=258 next_alert=none mounting=foot guessed_site=none", o.Stdout);
        o = CliRunner.Run("ble", "decode", "alert", "01 00 00 00 00 00 00 00 00 00");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("seq=0 reason=none-yet", o.Stdout);
        o = CliRunner.Run("ble", "decode", "cts", "ea:07:01:05:09:1e:0f:01:00:00");
        Assert.Contains("2026-01-05 09:30:15", o.Stdout);
        // Read before a phone set the time: reported as such, not refused as a write would be.
        o = CliRunner.Run("ble", "decode", "cts", "00 00 00 00 00 00 00 00 00 00");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("not set", o.Stdout);
        o = CliRunner.Run("ble", "decode", "cts", "00 00 01 05 09 1e 0f 01 00 00");
        Assert.Equal(1, o.ExitCode);
    }

    [Theory]
    [InlineData("01 06", "v1 history-snapshot")]
    [InlineData("01 07 01", "v1 try-buzz first-reminder")]
    [InlineData("01 07 02", "v1 try-buzz strongest-reminder")]
    [InlineData("01 07 03", "v1 try-buzz break-done")]
    [InlineData("01 07 04", "v1 try-buzz sensor-fault")]
    [InlineData("01 07 05", "v1 try-buzz low-battery")]
    public void Ble_decode_names_every_control_command(string hex, string expected)
    {
        var o = CliRunner.Run("ble", "decode", "control", hex);
        Assert.Equal(0, o.ExitCode);
        Assert.Contains(expected, o.Stdout);
    }

    [Fact]
    public void Ble_decode_reports_refusals_and_bad_input()
    {
        var o = CliRunner.Run("ble", "decode", "control", "01 01");
        Assert.Equal(1, o.ExitCode);
        Assert.Contains("0x0D", o.Stderr);
        o = CliRunner.Run("ble", "decode", "live", "zz");
        Assert.Equal(2, o.ExitCode);
        o = CliRunner.Run("ble", "decode", "bogus", "01");
        Assert.Equal(2, o.ExitCode);
        Assert.Contains("unknown characteristic", o.Stderr);
    }

    private static string StillTrace(int seconds)
    {
        var sb = new System.Text.StringBuilder(Trace.NativeTraceTests.Header.Replace("mounting: shank", "mounting: foot"));
        for (int i = 0; i < seconds * 50; i++) sb.Append(i * 20).Append(",0,0,4096,0,0,0\n");
        return sb.ToString();
    }

    [Fact]
    public void Replay_ble_with_a_config_file_prints_live_and_alert_lines()
    {
        using var tmp = new TempDir();
        string trace = tmp.File("still.csv", StillTrace(200));
        string config = tmp.File("c.json", "{\n  \"alert_after_min\": 2,\n  \"repeat_every_min\": 1\n}\n");
        var o = CliRunner.Run("replay", "--ble", "--config", config, trace);
        Assert.Equal(0, o.ExitCode);
        var lines = o.Stdout.Split('\n');
        // 1 s in: worn|upright, spell 1 s, no alert yet, threshold in 119 s, on the foot (the trace's site).
        Assert.Contains(lines, l => l.StartsWith("t=1.000s  Live   notify    02 03 00 00 00 00 00 00 01 00 00 00 00 00 00 00 77 00 02 00"));
        Assert.DoesNotContain("indicat", o.Stdout);
        var alerts = lines.Where(l => l.Contains("Alert  notify")).ToList();
        Assert.Equal(2, alerts.Count);
        Assert.StartsWith("t=120.000s  Alert  notify    01 01 01 00 02 00 00 01 00 00  {v1 seq=1 reason=threshold spell=2min repeat=0 buzz=1", alerts[0]);
        // After the first alert Live counts it and points at it.
        Assert.Contains(lines, l => l.StartsWith("t=121.000s  Live   notify    02 03 00 00 00 00 00 00 79 00 00 00 01 00 01 00 3b 00 02 00"));
        Assert.StartsWith("t=180.000s", alerts[1]);
        Assert.Contains("alerts              2", o.Stdout);
    }

    [Fact]
    public void Replay_ble_prints_no_live_while_a_replayed_sensor_outage_lasts()
    {
        // 60 s of rows, a 60 s hole, 60 s more: on the device the hole is a sensor out for 60 s,
        // and from 5 s after its last sample until the sensor is back the glue notifies no Live
        // (DeviceListener: its silence is how the companion tells a stopped sensor). An alert that
        // falls due meanwhile is still indicated.
        using var tmp = new TempDir();
        var sb = new System.Text.StringBuilder(Trace.NativeTraceTests.Header.Replace("mounting: shank", "mounting: foot"));
        for (int i = 0; i < 180 * 50; i++)
        {
            if (i >= 60 * 50 && i < 120 * 50) continue;
            sb.Append(i * 20).Append(",0,0,4096,0,0,0\n");
        }
        string trace = tmp.File("holed.csv", sb.ToString());
        string config = tmp.File("c.json", "{ \"alert_after_min\": 1, \"repeat_every_min\": 1 }");
        var o = CliRunner.Run("replay", "--ble", "--config", config, trace);
        Assert.Equal(0, o.ExitCode);
        var lines = o.Stdout.Split('\n');
        double T(string l) => double.Parse(l[2..l.IndexOf('s')], System.Globalization.CultureInfo.InvariantCulture);
        var live = lines.Where(l => l.Contains("Live   notify")).Select(T).ToList();
        Assert.Contains(59.0, live);
        Assert.DoesNotContain(live, t => t >= 60 && t < 120);
        Assert.Contains(121.0, live);
        Assert.Equal(179 - 60, live.Count);
        // The alert at 60 s and the repeat at 120 s, the first one inside the outage.
        var alerts = lines.Where(l => l.Contains("Alert  notify")).Select(T).ToList();
        Assert.Equal(new[] { 60.0, 120.0 }, alerts.Take(2));
    }

    [Fact]
    public void Replay_config_mounting_overrides_the_trace_site_and_live_shows_it()
    {
        using var tmp = new TempDir();
        string trace = tmp.File("still.csv", StillTrace(3));   // a foot trace
        string config = tmp.File("c.json", "{ \"mounting\": \"shank\" }");
        var o = CliRunner.Run("replay", "--ble", "--config", config, trace);
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("(native, shank,", o.Stdout);
        Assert.Contains("mounting=shank guessed_site=none", o.Stdout);
        o = CliRunner.Run("replay", "--format", "json", trace);
        Assert.Contains("\"mounting\": \"foot\"", o.Stdout);
    }

    [Fact]
    public void Replay_clock_option_applies_quiet_hours()
    {
        using var tmp = new TempDir();
        string trace = tmp.File("still.csv", StillTrace(200));
        string config = tmp.File("c.json", "{ \"alert_after_min\": 2 }");
        var o = CliRunner.Run("replay", "--config", config, "--clock", "23:00", trace);
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("alerts              0", o.Stdout);
    }

    [Theory]
    [InlineData("Foot", "foot")]
    [InlineData(" shin ", "shank")]
    [InlineData("SHANK", "shank")]
    public void Config_mounting_takes_the_site_names_every_command_takes(string name, string site)
    {
        using var tmp = new TempDir();
        string trace = tmp.File("still.csv", StillTrace(5));
        string config = tmp.File("c.json", $"{{ \"mounting\": \"{name}\" }}");
        var o = CliRunner.Run("replay", "--config", config, "--format", "json", trace);
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains($"\"mounting\": \"{site}\"", o.Stdout);
    }

    [Theory]
    [InlineData("{\n  \"alert_after_min\": 45,\n  \"bogus\": 1\n}", ":3: unknown setting 'bogus'")]
    [InlineData("{\n  \"alert_after_min\": 0\n}", ":2: 'alert_after_min' must be between 1 and 240, not 0")]
    [InlineData("{\n  \"alert_after_min\": \"45\"\n}", ":2: 'alert_after_min' must be a whole number")]
    [InlineData("{\n  \"alert_after_min\": 45,\n  \"alert_after_min\": 40\n}", ":3: 'alert_after_min' given twice")]
    [InlineData("{\n  \"alert_after_min\": 45\n", ":3: not valid JSON")]
    [InlineData("[1]", ":1: expected a JSON object")]
    [InlineData("{\n  \"mounting\": \"knee\"\n}", ":2: 'mounting' must be \"shin\" (or \"shank\") or \"foot\", not \"knee\"")]
    [InlineData("{\n  \"mounting\": 2\n}", ":2: 'mounting' must be \"shin\" (or \"shank\") or \"foot\", not a number")]
    // Empty or unclosed files are told plainly, not in the JSON parser's words.
    [InlineData("", ":1: not valid JSON: the file holds no JSON")]
    [InlineData("   \n", ":2: not valid JSON: the file holds no JSON")]
    [InlineData("{", ":1: not valid JSON: the JSON ends before it is complete")]
    [InlineData("{\n  \"alert_after_min\": 45", ":2: not valid JSON: the JSON ends before it is complete")]
    [InlineData("{\n  \"alert_after_min\": 45,\n", ":3: not valid JSON: the JSON ends before it is complete")]
    [InlineData("{ \"mounting\": \"sha", ":1: not valid JSON: the JSON ends before it is complete")]
    // Numbers far outside a setting's range say so (not "must be a whole number").
    [InlineData("{\n  \"alert_after_min\": 99999999999\n}\n", ":2: 'alert_after_min' is out of range (1…240), got 99999999999")]
    [InlineData("{\n  \"alert_after_min\": 1e400\n}\n", ":2: 'alert_after_min' is out of range (1…240), got 1e400")]
    [InlineData("{\n  \"alert_after_min\": -99999999999\n}\n", ":2: 'alert_after_min' is out of range (1…240), got -99999999999")]
    [InlineData("{\n  \"alert_after_min\": 45.5\n}\n", ":2: 'alert_after_min' must be a whole number, got 45.5")]
    public void Bad_config_files_name_file_and_line_and_exit_2(string text, string expected)
    {
        using var tmp = new TempDir();
        string trace = tmp.File("still.csv", StillTrace(5));
        string config = tmp.File("bad.json", text);
        var o = CliRunner.Run("replay", "--config", config, trace);
        Assert.Equal(2, o.ExitCode);
        Assert.Contains("bad.json" + expected, o.Stderr);
        Assert.DoesNotContain("isFinalBlock", o.Stderr);
        Assert.DoesNotContain("depth", o.Stderr);
        Assert.DoesNotContain("end of data", o.Stderr);
    }

    /// <summary>Found by the config-json fuzz target (tests/corpus/fuzz/config-json/): bytes that
    /// are not UTF-8 inside a key or a string gave a stack trace and exit code 1.</summary>
    [Fact]
    public void A_config_file_that_is_not_utf8_names_file_and_line_and_exits_2()
    {
        using var tmp = new TempDir();
        string trace = tmp.File("still.csv", StillTrace(5));
        // Written by a Latin-1 editor: 0xE9 ('é') is not UTF-8.
        string config = tmp.FileBytes("latin1.json", System.Text.Encoding.Latin1.GetBytes("{\n  \"alert_after_min\": 45,\n  \"mounting\": \"pi\u00e9d\"\n}\n"));
        var o = CliRunner.Run("replay", "--config", config, trace);
        Assert.Equal(2, o.ExitCode);
        Assert.Contains("latin1.json:3: not UTF-8 text (byte 0xE9)", o.Stderr);
        Assert.DoesNotContain("   at ", o.Stderr);
    }

    [Fact]
    public void A_config_file_with_a_bom_is_read()
    {
        using var tmp = new TempDir();
        string trace = tmp.File("still.csv", StillTrace(200));
        string config = tmp.Write("bom.json", "{ \"alert_after_min\": 2 }\n", bom: true);
        var o = CliRunner.Run("replay", "--config", config, trace);
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("alerts              1", o.Stdout);
    }

    [Fact]
    public void Ble_decode_accepts_tabs_between_bytes()
    {
        var o = CliRunner.Run("ble", "decode", "alert", "01\t02 02\t01 28 00 01 02 03 00");
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("seq=258 reason=repeat", o.Stdout);
    }

    [Fact]
    public void Ble_decode_without_hex_names_the_missing_argument_once()
    {
        var o = CliRunner.Run("ble", "decode", "alert");
        Assert.Equal(2, o.ExitCode);
        var lines = o.Stderr.Trim().Split('\n');
        Assert.Single(lines, l => l.Contains("HEX"));
        Assert.DoesNotContain("Required argument missing for command", o.Stderr);
        o = CliRunner.Run("ble", "decode");
        Assert.Equal(2, o.ExitCode);
        Assert.Contains("CHARACTERISTIC", o.Stderr);
        Assert.Single(o.Stderr.Trim().Split('\n'), l => l.Contains("missing"));
    }

    [Fact]
    public void Ble_decode_refuses_an_unknown_option_by_name()
    {
        var o = CliRunner.Run("ble", "decode", "alert", "01", "--bogus");
        Assert.Equal(2, o.ExitCode);
        Assert.Contains("unknown option '--bogus'", o.Stderr);
        Assert.DoesNotContain("is not hex", o.Stderr);
    }

    [Fact]
    public void Ble_decode_caps_what_it_echoes()
    {
        var o = CliRunner.Run("ble", "decode", "alert", new string('z', 60_000));
        Assert.Equal(2, o.ExitCode);
        Assert.True(o.Stderr.Length < 200, o.Stderr.Length.ToString());
        Assert.Contains("…", o.Stderr);
    }

    [Fact]
    public void Missing_config_file_exits_2()
    {
        var o = CliRunner.Run("replay", "--config", "/nonexistent/c.json", "x.csv");
        Assert.Equal(2, o.ExitCode);
        Assert.Contains("c.json", o.Stderr);
    }
}
