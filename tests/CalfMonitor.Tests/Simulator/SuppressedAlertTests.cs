using System.Text;
using System.Text.Json;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Simulator;

/// <summary>Suppressed alerts are reported with time and reason in text and JSON (issue 14, item 5).</summary>
public class SuppressedAlertTests
{
    [Fact]
    public void Quiet_hours_suppression_of_the_office_hour_alert_is_reported()
    {
        var plain = JsonDocument.Parse(CliRunner.Run("replay", "--format", "json").Stdout).RootElement;
        double alertAt = plain.GetProperty("alerts")[0].GetProperty("t").GetDouble();
        Assert.Empty(plain.GetProperty("suppressed_alerts").EnumerateArray());

        var text = CliRunner.Run("replay", "--clock", "19:30");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("alerts              0", text.Stdout);
        Assert.Contains($"suppressed alerts   1  at {CalfMonitor.Simulator.Replay.ReplayReport.FormatDuration(alertAt)} (quiet hours)", text.Stdout);
        Assert.Contains("alert suppressed (quiet hours), 30 min sedentary", text.Stdout);

        var j = JsonDocument.Parse(CliRunner.Run("replay", "--clock", "19:30", "--format", "json").Stdout).RootElement;
        var s = Assert.Single(j.GetProperty("suppressed_alerts").EnumerateArray());
        Assert.Equal(alertAt, s.GetProperty("t").GetDouble(), 0);
        Assert.Equal(1800, s.GetProperty("spell_s").GetInt32());
        Assert.Equal("quiet_hours", s.GetProperty("reason").GetString());
        Assert.Equal(1, j.GetProperty("summary").GetProperty("suppressed_alerts").GetInt32());
        Assert.Equal(0, j.GetProperty("summary").GetProperty("alerts").GetInt32());
    }

    [Fact]
    public void Alerts_due_while_lying_are_reported_as_not_worn()
    {
        // Sitting still 60 s, then lying (the shank's gravity turned by 90°) for 9 min; alert after 4 min, repeat every minute.
        var sb = new StringBuilder("# calfmon-trace 1\n# sample_rate_hz: 50\n# accel_range_g: 8\n# gyro_range_dps: 2000\n# mounting: shank\n# source: sit then lie\nt_ms,ax,ay,az,gx,gy,gz\n");
        for (int i = 0; i < 600 * 50; i++)
        {
            var (x, y, z) = i < 60 * 50 ? (4096, 0, 0) : (0, 4096, 0);
            sb.Append($"{i * 20},{x + i % 3},{y + i % 2},{z + i % 5},{i % 3 - 1},{i % 2},{i % 4 - 2}\n");
        }
        using var tmp = new TempDir();
        string trace = tmp.File("lie.trace.csv", sb.ToString());
        string config = tmp.File("c.json", "{ \"alert_after_min\": 4, \"repeat_every_min\": 1 }");
        var j = JsonDocument.Parse(CliRunner.Run("replay", "--config", config, "--format", "json", trace).Stdout).RootElement;
        Assert.Empty(j.GetProperty("alerts").EnumerateArray());
        var suppressed = j.GetProperty("suppressed_alerts").EnumerateArray().ToList();
        Assert.Equal(new[] { 240.0, 300, 360, 420, 480, 540 }, suppressed.Select(s => s.GetProperty("t").GetDouble()));
        Assert.All(suppressed, s => Assert.Equal("not_worn", s.GetProperty("reason").GetString()));
        Assert.Contains("(not worn / lying)", CliRunner.Run("replay", "--config", config, trace).Stdout);
    }
}
