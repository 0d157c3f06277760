using Xunit;

namespace CalfMonitor.Tests.Cli;

/// <summary>Newcomer audit (session 25): evaluate and bench take <c>--json</c>, replay took only
/// <c>--format json</c>, and a CI script's <c>calfmon replay t.csv --json | jq …</c> got
/// "unknown option '--json'". Replay takes both, with the same output.</summary>
public class JsonFlagTests
{
    [Fact]
    public void Replay_takes_json_as_evaluate_and_bench_do()
    {
        using var tmp = new TempDir();
        string file = tmp.File("walk.trace.csv", CliRunner.Run("synth", "walk", "--minutes", "1", "--out", "-").Stdout);
        var format = CliRunner.Run("replay", file, "--format", "json");
        var json = CliRunner.Run("replay", file, "--json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.Equal(format.Stdout, json.Stdout);
        System.Text.Json.JsonDocument.Parse(json.Stdout).Dispose();
        Assert.Equal(json.Stdout, CliRunner.Run("replay", file, "--json", "--format", "json").Stdout);

        var both = CliRunner.Run("replay", file, "--json", "--format", "text");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("calfmon: --json and --format text ask for two outputs: give one", both.Stderr);
        var ble = CliRunner.Run("replay", file, "--json", "--ble");
        Assert.Equal(2, ble.ExitCode);
        Assert.Contains("--ble prints a text trace", ble.Stderr);
    }
}
