using System.Text.Json;
using Xunit;

namespace CalfMonitor.Tests.Cli;

/// <summary>'-' for standard input and output (issue 14, item 6).</summary>
public class PipeTests
{
    private static string Synth(string scenario = "walk") => CliRunner.Run("synth", scenario, "--minutes", "1", "--out", "-").Stdout;

    [Fact]
    public void Synth_to_stdout_replays_from_stdin_like_the_file()
    {
        string trace = Synth();
        using var tmp = new TempDir();
        string file = tmp.File("walk.trace.csv", trace);
        var fromFile = JsonDocument.Parse(CliRunner.Run("replay", "--format", "json", file).Stdout).RootElement;
        var piped = CliRunner.RunWithInput(trace, "replay", "--format", "json", "-");
        Assert.True(piped.ExitCode == 0, piped.Stderr);
        var fromPipe = JsonDocument.Parse(piped.Stdout).RootElement;
        Assert.Equal("<stdin>", fromPipe.GetProperty("input").GetString());
        Assert.Equal(fromFile.GetProperty("summary").GetRawText(), fromPipe.GetProperty("summary").GetRawText());
        Assert.True(fromPipe.GetProperty("summary").GetProperty("activations").GetInt32() > 20);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("native")]
    public void Stdin_is_read_with_a_sniffed_or_a_named_format(string format)
    {
        var r = CliRunner.RunWithInput(Synth(), "replay", "--input-format", format, "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("<stdin>  (native", r.Stdout);
    }

    [Fact]
    public void Bad_input_on_stdin_is_named_stdin_with_its_line()
    {
        var r = CliRunner.RunWithInput(Synth().Replace("\n20,", "\n20,x"), "replay", "-");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("calfmon: <stdin>:9: ax must be a whole number of counts", r.Stderr);
        var empty = CliRunner.RunWithInput("", "replay", "-");
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("<stdin>: empty", empty.Stderr);
        var twice = CliRunner.RunWithInput(Synth(), "replay", "-", "-");
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("standard input can be read only once", twice.Stderr);
    }

    [Fact]
    public void Convert_reads_stdin_and_writes_stdout()
    {
        using var tmp = new TempDir();
        string trace = Synth();
        var r = CliRunner.RunWithInput(trace, "convert", "-", "--out", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("# calfmon-trace 1\n", r.Stdout);
        Assert.Equal(trace.Split('\n').Length, r.Stdout.Split('\n').Length);
    }

    [Fact]
    public void A_pipe_with_no_file_says_the_embedded_trace_is_replayed()
    {
        var piped = CliRunner.RunWithInput(Synth(), "replay");
        Assert.Equal(0, piped.ExitCode);
        Assert.StartsWith("(embedded office-hour trace)", piped.Stdout);
        Assert.Contains("no FILE given: replaying (embedded office-hour trace); standard input is not read (give '-'", piped.Stderr);
        var terminal = CliRunner.Run("replay");
        Assert.DoesNotContain("standard input", terminal.Stderr);
    }

    [Fact]
    public void Check_refuses_stdin_with_a_reason()
    {
        var r = CliRunner.RunWithInput(Synth(), "check", "-");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("standard input ('-') cannot be checked", r.Stderr);
    }
}
