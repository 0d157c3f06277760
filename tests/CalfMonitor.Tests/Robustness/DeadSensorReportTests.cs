using System.Text;
using System.Text.Json;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Robustness;

/// <summary>A dead sensor does not pass silently (issue 14, item 3): the core's SensorHealth
/// faults are warnings in the text and JSON summary, and <c>check</c> can expect them.</summary>
public class DeadSensorReportTests
{
    /// <summary>Two minutes at 50 Hz with every channel at <paramref name="value"/>.</summary>
    private static string Dead(int value)
    {
        var sb = new StringBuilder("# calfmon-trace 1\n# sample_rate_hz: 50\n# accel_range_g: 8\n# gyro_range_dps: 2000\n# mounting: shank\n# source: dead\nt_ms,ax,ay,az,gx,gy,gz\n");
        for (int i = 0; i < 6000; i++) sb.Append($"{i * 20},{value},{value},{value},{value},{value},{value}\n");
        return sb.ToString();
    }

    [Theory]
    [InlineData(32767, new[] { "saturation", "stuck", "accel_saturation" })]
    [InlineData(-32767, new[] { "saturation", "stuck", "accel_saturation" })]
    [InlineData(0, new[] { "stuck" })]
    public void A_dead_sensor_is_warned_in_text_and_json(int value, string[] kinds)
    {
        using var tmp = new TempDir();
        string path = tmp.File("dead.trace.csv", Dead(value));
        var text = CliRunner.Run("replay", path);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains($"sensor faults       {string.Join(", ", kinds)}", text.Stdout);
        Assert.Contains($"warning: {path}: sensor fault: readings repeated exactly for longer than 0.1 s (119.9 s beyond that in all;", text.Stdout);
        var json = CliRunner.Run("replay", "--format", "json", path);
        var j = JsonDocument.Parse(json.Stdout).RootElement;
        var f = j.GetProperty("summary").GetProperty("sensor_faults");
        Assert.Equal(kinds, f.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.True(f.GetProperty("stuck_samples").GetInt32() > 5900);
        Assert.Equal(kinds.Length, j.GetProperty("warnings").EnumerateArray().Count(w => w.GetString()!.Contains("sensor fault")));
    }

    [Fact]
    public void A_live_sensor_has_no_sensor_faults()
    {
        var r = CliRunner.Run("replay", "--format", "json");
        var f = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("summary").GetProperty("sensor_faults");
        Assert.Empty(f.GetProperty("kinds").EnumerateArray());
        Assert.Contains("sensor faults       none", CliRunner.Run("replay").Stdout);
    }

    [Fact]
    public void Check_can_expect_sensor_faults_and_update_writes_them()
    {
        using var tmp = new TempDir();
        string path = tmp.File("dead.trace.csv", Dead(0));
        tmp.File("dead.trace.csv.expect.json", "{ \"sensor_faults\": [\"stuck\"] }");
        var pass = CliRunner.Run("check", path);
        Assert.True(pass.ExitCode == 0, pass.Stdout + pass.Stderr);
        Assert.Contains("sensor_faults", pass.Stdout);

        tmp.File("dead.trace.csv.expect.json", "{ \"sensor_faults\": [] }");
        var fail = CliRunner.Run("check", path);
        Assert.Equal(1, fail.ExitCode);
        Assert.Contains("warned of stuck, not expected", fail.Stdout);

        tmp.File("dead.trace.csv.expect.json", "{ \"sensor_faults\": [\"smoke\"] }");
        var bad = CliRunner.Run("check", path);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'sensor_faults' holds \"smoke\": the kinds are saturation, garbage, stuck, accel_saturation", bad.Stderr);

        File.Delete(Path.Combine(tmp.Path, "dead.trace.csv.expect.json"));
        Assert.Equal(0, CliRunner.Run("check", "--update", path).ExitCode);
        var sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.Path, "dead.trace.csv.expect.json"))).RootElement;
        Assert.Equal(new[] { "stuck" }, sidecar.GetProperty("sensor_faults").EnumerateArray().Select(k => k.GetString()));
    }
}
