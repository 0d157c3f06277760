using System.Text.Json;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Simulator;

/// <summary>The timeline's last minute is marked cut short only when the trace ends inside it.</summary>
public class MinuteTimelineTests
{
    private static List<(int Minute, bool Partial)> Minutes(string stdout)
    {
        using var j = JsonDocument.Parse(stdout);
        return j.RootElement.GetProperty("minutes").EnumerateArray()
            .Select(m => (m.GetProperty("minute").GetInt32(), m.TryGetProperty("partial", out var p) && p.GetBoolean())).ToList();
    }

    [Fact]
    public void Whole_minutes_of_samples_end_on_a_whole_minute()
    {
        // Two minutes at 50 Hz: 6000 samples, the last 20 ms before the end of minute 1. Its
        // period completes the minute.
        using var d = new TempDir();
        string path = Path.Combine(d.Path, "w.trace.csv");
        Assert.Equal(0, CliRunner.Run("synth", "walk", "--minutes", "2", "--out", path).ExitCode);
        var r = CliRunner.Run("replay", path, "--format", "json");
        Assert.Equal(0, r.ExitCode);
        var minutes = Minutes(r.Stdout);
        Assert.Equal(new[] { 0, 1 }, minutes.Select(m => m.Minute));
        Assert.DoesNotContain(minutes, m => m.Partial);
        Assert.DoesNotContain("cut short", CliRunner.Run("replay", path).Stdout);

        // The same walk without its last second: minute 1 is cut short.
        var lines = File.ReadAllLines(path);
        File.WriteAllLines(path, lines[..^50]);
        var cut = Minutes(CliRunner.Run("replay", path, "--format", "json").Stdout);
        Assert.Equal((1, true), cut[^1]);
        Assert.Contains("cut short", CliRunner.Run("replay", path).Stdout);
    }

    [Fact]
    public void The_sedentary_column_is_explained_under_the_timeline()
    {
        // Newcomer audit (session 25): minute 0 of a sitting hour already reads 1 in sedentary_min
        // (the spell at the minute's end), and nothing said what the column was.
        var r = CliRunner.Run("replay", SimTestKit.OfficeHour);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        int header = Array.IndexOf(lines, "minute  activations  sedentary_min  events");
        Assert.True(header >= 0, r.Stdout);
        Assert.Matches(@"^\s+0\s+0\s+1\s*$", lines[header + 1]);
        // The first line after the minute rows.
        int legend = header + 1;
        while (System.Text.RegularExpressions.Regex.IsMatch(lines[legend], @"^\s+\d+\*?\s+\d+\s+\d+(\s|$)")) legend++;
        Assert.Equal(61, legend - header);   // 60 minute rows
        Assert.Equal("  (sedentary_min: the sedentary spell at the minute's end, in whole minutes, as the device counts it; a pump break ends it)", lines[legend]);
        Assert.Single(lines, l => l.Contains("sedentary_min:"));
    }
}
