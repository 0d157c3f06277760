using CalfMonitor.Simulator.Cli;
using Xunit;

namespace CalfMonitor.Tests.Cli;

/// <summary>
/// The JSON calfmon writes — replay, evaluate and bench output, and the check sidecars a team
/// commits — ends its lines in "\n" on every platform, as traces do. System.Text.Json's writers
/// default to Environment.NewLine: on Windows a sidecar from <c>check --update</c> mixed "\r\n"
/// with the final "\n" and differed byte for byte from the one written on Linux. That default
/// cannot be changed here (Linux), so every writer must take <see cref="JsonOutput"/>'s options.
/// </summary>
public class JsonLineEndingTests
{
    [Fact]
    public void Every_json_writer_takes_the_options_that_end_lines_in_LF()
    {
        Assert.Equal("\n", JsonOutput.Writer().NewLine);
        Assert.Equal("\n", JsonOutput.Writer(relaxedEscaping: true).NewLine);
        Assert.Equal("\n", JsonOutput.Serializer().NewLine);
        string source = Path.Combine(RepoPaths.Root(), "simulator", "CalfMonitor.Simulator");
        var own = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && Path.GetFileName(f) != "JsonOutput.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => x.line.Contains("new JsonWriterOptions") || x.line.Contains("new JsonSerializerOptions") || x.line.Contains("Indented = true"))
            .Select(x => $"{Path.GetRelativePath(source, x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();
        Assert.True(own.Count == 0, "JSON options built outside JsonOutput (their lines end in Environment.NewLine, \\r\\n on Windows):\n" + string.Join("\n", own));
    }

    [Fact]
    public void Sidecars_and_replay_json_have_no_carriage_return()
    {
        using var d = new TempDir();
        string trace = Path.Combine(d.Path, "walk.trace.csv");
        Assert.Equal(0, CliRunner.Run("synth", "walk", "--minutes", "1", "--out", trace).ExitCode);
        Assert.Equal(0, CliRunner.Run("check", "--update", trace).ExitCode);
        string sidecar = File.ReadAllText(trace + ".expect.json");
        Assert.DoesNotContain('\r', sidecar);
        Assert.EndsWith("}\n", sidecar);
        var json = CliRunner.Run("replay", trace, "--format", "json");
        Assert.DoesNotContain('\r', json.Stdout);
        Assert.EndsWith("}\n", json.Stdout);
    }
}
