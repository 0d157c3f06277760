using System.Text;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Replay;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Simulator;

/// <summary>
/// One definition of a gap (issue 14, item 2): a step in the clock over the core's threshold
/// (CalfPumpMonitor.GapThresholdMs, three device periods) is a gap — counted by the core, one
/// warning each, naming file and line; a shorter loss is bridged and counted, not warned.
/// A rate that differs from the header's is refused (item 4).
/// </summary>
public class GapTests
{
    /// <summary>A still native trace at <paramref name="rateHz"/>: regular rows, with the given
    /// steps (ms) inserted after every 100 regular rows. Returns the text and the line of the row
    /// after each inserted step.</summary>
    private static (string Text, List<int> Lines) Trace(int rateHz, params int[] steps)
    {
        var sb = new StringBuilder($"# calfmon-trace 1\n# sample_rate_hz: {rateHz}\n# accel_range_g: 8\n# gyro_range_dps: 2000\n# mounting: shank\n# source: test\nt_ms,ax,ay,az,gx,gy,gz\n");
        int period = 1000 / rateHz, line = 7, k = 0;
        long t = 0;
        var lines = new List<int>();
        void Row() { sb.Append($"{t},{k % 3},0,4096,{k % 5 - 2},{k % 4 - 1},{k % 3 - 1}\n"); line++; k++; }
        for (int g = 0; g <= steps.Length; g++)
        {
            for (int i = 0; i < 100; i++) { Row(); t += period; }
            if (g == steps.Length) break;
            t += steps[g] - period;
            lines.Add(line + 1);
        }
        return (sb.ToString(), lines);
    }

    [Fact]
    public void At_the_device_rate_steps_over_60_ms_are_gaps_and_shorter_ones_bridged()
    {
        using var tmp = new TempDir();
        var (text, lines) = Trace(50, 40, 60, 80, 100, 61, 500);
        string path = tmp.File("edge.trace.csv", text);
        using var reader = new NativeTraceReader(path);
        var r = new ReplayRunner().Run(reader);
        Assert.Equal(4, r.Gaps);                       // 80, 100, 61, 500 ms: the core's count
        Assert.Equal(2, r.BridgedDropouts);            // 40 and 60 ms
        Assert.Equal(1 + 2, r.BridgedSamples);
        Assert.Equal(new[] { lines[2], lines[3], lines[4], lines[5] }.Select(l => $"{path}:{l}: gap of"),
            r.Warnings.Select(w => w[..w.IndexOf(" gap of", StringComparison.Ordinal)] + " gap of"));
    }

    [Fact]
    public void A_resampled_trace_counts_the_same_gaps_in_the_adapter_and_the_core()
    {
        using var tmp = new TempDir();
        // 100 Hz source → 50 Hz device: the source steps 20, 30, 60 ms are bridged; 70 and 200 ms are gaps.
        var (text, lines) = Trace(100, 20, 30, 60, 70, 200);
        string path = tmp.File("edge100.trace.csv", text);
        using var reader = new NativeTraceReader(path);
        var r = new ReplayRunner().Run(reader);
        Assert.Equal(2, r.Gaps);
        Assert.Equal(3, r.BridgedDropouts);
        Assert.Equal(1 + 2 + 5, r.BridgedSamples);
        Assert.Equal(2, r.Warnings.Count);
        Assert.StartsWith($"{path}:{lines[3]}: gap of 70 ms", r.Warnings[0]);
        Assert.StartsWith($"{path}:{lines[4]}: gap of 200 ms", r.Warnings[1]);
    }

    [Fact]
    public void Replay_prints_each_gap_once_and_the_bridged_count_in_the_summary()
    {
        using var tmp = new TempDir();
        string path = tmp.File("edge.trace.csv", Trace(50, 40, 500).Text);
        var r = CliRunner.Run("replay", path);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        Assert.Single(r.Stdout.Split('\n'), l => l.Contains("gap of 500 ms"));
        Assert.Contains("gaps                1", r.Stdout);
        Assert.Contains("bridged             1 short dropouts (1 samples)", r.Stdout);
        var j = System.Text.Json.JsonDocument.Parse(CliRunner.Run("replay", "--format", "json", path).Stdout).RootElement;
        Assert.Equal(1, j.GetProperty("summary").GetProperty("gaps").GetInt32());
        Assert.Equal(1, j.GetProperty("summary").GetProperty("bridged_dropouts").GetInt32());
        Assert.Single(j.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public void Rows_stepping_at_another_rate_than_the_header_are_refused_with_file_and_line()
    {
        using var tmp = new TempDir();
        var sb = new StringBuilder(Trace(50).Text);
        for (int i = 0; i < 200; i++) sb.Append($"{2000 + i * 10},0,0,4096,{i % 5},{i % 3},1\n");
        string path = tmp.File("fast.trace.csv", sb.ToString());
        var r = CliRunner.Run("replay", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{path}:", r.Stderr);
        Assert.Contains(": the rows from here on step 10 ms (about 100 Hz), but the header says sample_rate_hz: 50 (20 ms)", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void A_sensor_out_for_an_hour_alerts_in_the_replay_when_the_device_would()
    {
        // A still shank, 10 min of rows, a 60 min hole, 5 more minutes: on the device the main loop
        // closes the seconds of an outage as it polls, and its alerts come on time, as on a still
        // leg whose sensor never stopped (the second trace). The replay must give the same.
        using var tmp = new TempDir();
        static string Still(long holeMs)
        {
            var sb = new StringBuilder("# calfmon-trace 1\n# sample_rate_hz: 50\n# accel_range_g: 8\n# gyro_range_dps: 2000\n# mounting: shank\n# source: test\nt_ms,ax,ay,az,gx,gy,gz\n");
            for (long t = 0, k = 0; t < 75 * 60_000L; t += 20, k++)
            {
                if (t >= 10 * 60_000L && t < 10 * 60_000L + holeMs) continue;
                sb.Append($"{t},{k % 3},0,4096,{k % 5 - 2},{k % 4 - 1},{k % 3 - 1}\n");
            }
            return sb.ToString();
        }
        using var holed = new NativeTraceReader(tmp.File("hole.trace.csv", Still(60 * 60_000L)));
        using var whole = new NativeTraceReader(tmp.File("whole.trace.csv", Still(0)));
        var r = new ReplayRunner().Run(holed);
        var oracle = new ReplayRunner().Run(whole);
        Assert.Equal(1, r.Gaps);
        Assert.Equal(new[] { 30, 40, 50, 60, 70 }, oracle.Alerts.Select(a => (int)Math.Round(a.TimeS / 60)).ToArray());
        Assert.Equal(oracle.Alerts.Count, r.Alerts.Count);
        for (int i = 0; i < r.Alerts.Count; i++)
        {
            Assert.InRange(r.Alerts[i].TimeS - oracle.Alerts[i].TimeS, -1.0, 1.0);
            Assert.Equal(oracle.Alerts[i].Repeat, r.Alerts[i].Repeat);
        }
    }

    [Fact]
    public void A_lossy_trace_at_its_stated_rate_is_accepted()
    {
        using var tmp = new TempDir();
        var sb = new StringBuilder(Trace(50).Text.Split("t_ms,ax,ay,az,gx,gy,gz\n")[0] + "t_ms,ax,ay,az,gx,gy,gz\n");
        long t = 0;
        for (int i = 0; i < 600; i++)
        {
            sb.Append($"{t},0,0,4096,{i % 5},{i % 3},1\n");
            t += i % 3 == 0 ? 40 : 20;                  // every third step loses a sample
        }
        string path = tmp.File("lossy.trace.csv", sb.ToString());
        using var reader = new NativeTraceReader(path);
        var r = new ReplayRunner().Run(reader);
        Assert.Equal(0, r.Gaps);
        Assert.Equal(200, r.BridgedDropouts);
    }
}
