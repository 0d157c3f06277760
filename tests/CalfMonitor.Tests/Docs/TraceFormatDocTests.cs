using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CalfMonitor.Tests.Cli;
using CalfMonitor.Tests.Datasets;
using Xunit;

namespace CalfMonitor.Tests.Docs;

/// <summary>
/// docs/trace-format.md is what a CI team writes its traces by: its example, the messages it
/// quotes for a refusal, the way a quoted text is cut and escaped, and its figure for an IPOL
/// file's lost packets. The reader's rules are tested in NativeTraceTests and the corpus; here the
/// doc's own words are: each message the doc quotes is what calfmon prints for such an input (at
/// the line the doc gives), the example is what <c>calfmon synth office-hour --seed 1</c> writes,
/// and the IPOL figure is what replay counts. Seen failing: on doc edits (a number of the example's
/// first row, "(about 100 Hz)" → "(about 99 Hz)", "byte 0xE9" → "byte 0xe9", "80 runs" → "81 runs",
/// "one to five" → "one to four" — the figure the doc gave until 2026-12-07: 1-1_rf's longest run
/// is five packets) and on the product mutant that cuts quoted text after 41 characters
/// (<c>NativeTraceReader.Shorten</c>).
/// </summary>
public class TraceFormatDocTests
{
    private static string RawDoc => DocText.Raw("docs/trace-format.md");
    private static string Doc => DocText.Flat("docs/trace-format.md");

    /// <summary>A trace as synth writes one (six header lines, the column line at line 7, the first row at line 8).</summary>
    private static string Trace(int rateHz, IEnumerable<string> rows, string firstLine = "# calfmon-trace 1") =>
        $"{firstLine}\n# sample_rate_hz: {rateHz}\n# accel_range_g: 8\n# gyro_range_dps: 2000\n# mounting: shank\n# source: a test\n" +
        "t_ms,ax,ay,az,gx,gy,gz,label,truth\n" + string.Join("", rows.Select(r => r + "\n"));

    private static IEnumerable<string> Rows(int count, int stepMs, string label = "sit") =>
        Enumerable.Range(0, count).Select(i => $"{i * stepMs},0,0,4096,{i % 3},0,0,{label},0");

    /// <summary>calfmon replay of <paramref name="content"/>: its exit code and the one line it printed.</summary>
    private static (int Code, string Line) Replay(byte[] content)
    {
        using var dir = new TempDir();
        string file = dir.FileBytes("t.trace.csv", content);
        var r = CliRunner.Run("replay", file);
        string err = r.Stderr.TrimEnd('\n');
        Assert.False(err.Contains('\n'), $"more than one line: {err}");
        return (r.ExitCode, err.Replace(file, "FILE"));
    }

    private static void Quoted(string quote, byte[] content)
    {
        Assert.True(Doc.Contains(quote, StringComparison.Ordinal), $"docs/trace-format.md no longer quotes `{quote}`");
        var (code, line) = Replay(content);
        Assert.Equal(2, code);
        Assert.True(line.StartsWith("calfmon: FILE:", StringComparison.Ordinal) && line.Contains(quote, StringComparison.Ordinal),
            $"docs/trace-format.md quotes `{quote}`; calfmon prints `{line}`");
    }

    [Fact]
    public void The_example_is_what_synth_writes()
    {
        var m = Regex.Match(RawDoc, "```\n(# calfmon-trace 1\n.*?)```\n\n\\(The first lines of `calfmon synth office-hour --seed 1 --out -`\\.\\)", RegexOptions.Singleline);
        Assert.True(m.Success, "docs/trace-format.md: no example followed by '(The first lines of `calfmon synth office-hour --seed 1 --out -`.)'");
        var r = CliRunner.Run("synth", "office-hour", "--seed", "1", "--out", "-");
        Assert.Equal(0, r.ExitCode);
        string example = m.Groups[1].Value;
        Assert.Equal(example, r.Stdout[..example.Length]);
    }

    [Fact]
    public void The_rate_message_is_the_doc_s() =>
        Quoted(":9: the rows from here on step 10 ms (about 100 Hz), but the header says sample_rate_hz: 50 (20 ms)",
            Encoding.UTF8.GetBytes(Trace(50, Rows(120, 10))));

    [Fact]
    public void The_not_utf8_message_is_the_doc_s()
    {
        // A Latin-1 é in the label of the row at line 9.
        var bytes = Encoding.UTF8.GetBytes(Trace(50, Rows(60, 20).Select((r, i) => i == 1 ? r.Replace("sit", "s\u00e9") : r))).ToList();
        int at = Encoding.UTF8.GetBytes(Trace(50, Rows(2, 20))).Length - Encoding.UTF8.GetBytes("t,0\n").Length - 1;
        Assert.Equal(0xC3, bytes[at]);
        bytes[at] = 0xE9;
        bytes.RemoveAt(at + 1);
        Quoted(":9: not UTF-8 text (byte 0xE9); save the file as UTF-8", bytes.ToArray());
    }

    [Fact]
    public void The_version_message_is_the_doc_s() =>
        Quoted(":1: unsupported trace format version '2': this calfmon reads version 1",
            Encoding.UTF8.GetBytes(Trace(50, Rows(60, 20), "# calfmon-trace 2")));

    [Fact]
    public void The_misspelt_key_message_is_the_doc_s()
    {
        Assert.Contains("one letter (changed, added, dropped, or two neighbours swapped: `# mountng: foot`), is refused at its line as a misspelling (`did you mean 'mounting'?`)", Doc);
        Quoted("did you mean 'mounting'?", Encoding.UTF8.GetBytes(Trace(50, Rows(60, 20)).Replace("# mounting: shank", "# mountng: foot")));
        Assert.StartsWith("calfmon: FILE:5: unknown header key 'mountng'", Replay(Encoding.UTF8.GetBytes(Trace(50, Rows(60, 20)).Replace("# mounting: shank", "# mountng: foot"))).Line);
    }

    /// <summary>"Text a message quotes from the file has control characters escaped (<c>\x1B</c>,
    /// <c>\x08</c>) and is cut with … after 40 characters (80 for the first line of a file whose
    /// format cannot be told)."</summary>
    [Fact]
    public void Quoted_text_is_escaped_and_cut_as_the_doc_says()
    {
        var m = Regex.Match(Doc, @"control characters escaped \(`\\x1B`, `\\x08`\) and is cut with `…` after (\d+) characters \((\d+) for the first line of a file whose format cannot be told\)");
        Assert.True(m.Success, "docs/trace-format.md: the sentence on quoted text is not found");
        int cut = int.Parse(m.Groups[1].Value), firstLineCut = int.Parse(m.Groups[2].Value);

        var (code, line) = Replay(Encoding.UTF8.GetBytes(Trace(50, Rows(60, 20).Select((r, i) => i == 5 ? r.Replace(",0,0,4096,", "," + new string('A', 100) + ",0,4096,") : r))));
        Assert.Equal(2, code);
        Assert.Contains($"'{new string('A', cut)}…'", line);

        (code, line) = Replay(Encoding.UTF8.GetBytes(new string('Z', 120) + "\n1,2\n"));
        Assert.Equal(2, code);
        Assert.Contains($"'{new string('Z', firstLineCut)}…'", line);

        (code, line) = Replay(Encoding.UTF8.GetBytes(Trace(50, Rows(60, 20).Select((r, i) => i == 5 ? "\u001b[31m\b" + r : r))));
        Assert.Equal(2, code);
        Assert.Contains(@"'\x1B[31m\x08", line);
        Assert.DoesNotContain('\u001b', line);
    }

    /// <summary>"IPOL files, whose PacketCounter shows the lost packets, follow the same rule:
    /// <c>1-1_rf.txt</c> loses N packets in R runs of one to K, all bridged."</summary>
    [SkippableFact]
    public void The_IPOL_file_s_lost_packets_are_as_the_doc_counts_them()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        var m = Regex.Match(Doc, @"`1-1_rf\.txt` loses (\d+) packets in (\d+) runs of one to (\w+), all bridged");
        Assert.True(m.Success, "docs/trace-format.md: the sentence on 1-1_rf.txt's lost packets is not found");
        string file = Path.Combine(DatasetPaths.Ipol, "1-1_rf.txt");
        // The runs, from the PacketCounter column itself.
        var counters = File.ReadLines(file).Where(l => l.Length > 0 && char.IsDigit(l[0]))
            .Select(l => (long)double.Parse(l.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var runs = counters.Zip(counters.Skip(1), (a, b) => b - a - 1).Where(lost => lost > 0).ToList();
        string[] words = { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine" };
        Assert.Equal((runs.Sum().ToString(), runs.Count.ToString(), words[runs.Max()]), (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value));
        // What replay makes of them: every run bridged, none a gap.
        var r = CliRunner.Run("replay", file, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var summary = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("summary");
        Assert.Equal((runs.Count, runs.Sum(), 0), (summary.GetProperty("bridged_dropouts").GetInt32(), summary.GetProperty("bridged_samples").GetInt64(), summary.GetProperty("gaps").GetInt32()));
    }
}
