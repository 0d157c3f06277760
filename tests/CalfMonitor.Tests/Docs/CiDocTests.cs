using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CalfMonitor.Simulator.Checking;
using CalfMonitor.Tests.Datasets;
using Xunit;

namespace CalfMonitor.Tests.Docs;

/// <summary>
/// docs/ci.md is the recipe CI teams copy: the sidecar keys it names, the failing run it shows
/// (table, differences and verdict, byte for byte), what <c>check --update</c> writes for its
/// example, the HuGaDB trace it offers as one that must count nothing, and the counts it gives
/// of the test suite's own parts. <c>DocCommandTests</c> runs its commands; these hold what they print.
/// </summary>
public class CiDocTests
{
    private const string Doc = "docs/ci.md";

    /// <summary>The text of ci.md's section whose heading starts with <paramref name="heading"/>, up to the next "## ".</summary>
    private static string Section(string heading)
    {
        string raw = DocText.Raw(Doc);
        int start = raw.IndexOf("\n## " + heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{Doc}: no section '## {heading}'");
        int end = raw.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return end < 0 ? raw[start..] : raw[start..end];
    }

    /// <summary>Every key a sidecar may hold (<see cref="Expectations.Keys"/>, what the reader
    /// accepts) is named in ci.md's sidecar section and in simulator.md's sidecar table, and
    /// neither names a key the reader refuses.</summary>
    [Fact]
    public void The_sidecar_section_names_every_key_the_reader_accepts()
    {
        string section = Section("The sidecar");
        var missing = Expectations.Keys.Where(k => !section.Contains($"`{k}`", StringComparison.Ordinal)
                                                   && !section.Contains($"\"{k}\"", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"{Doc}'s sidecar section does not name: {string.Join(", ", missing)}");

        string sim = DocText.Raw("docs/simulator.md");
        int head = sim.IndexOf("\n| key | value | checks |\n", StringComparison.Ordinal);
        Assert.True(head >= 0, "docs/simulator.md: no sidecar table (| key | value | checks |)");
        var rows = sim[(head + 1)..].Split('\n').Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();
        var named = rows.SelectMany(r => Regex.Matches(r.Split('|')[1], "`([a-z_]+)`").Select(m => m.Groups[1].Value)).ToList();
        Assert.Equal(Expectations.Keys.OrderBy(k => k, StringComparer.Ordinal), named.OrderBy(k => k, StringComparer.Ordinal));
    }

    /// <summary>The failing run ci.md shows is what <c>calfmon check</c> prints for the office
    /// hour against the sidecar the doc gives, byte for byte, with exit code 1; and the sidecar
    /// example's description gives the count and alert time that run shows.</summary>
    [Fact]
    public void The_failing_run_is_what_check_prints_for_the_sidecar_it_gives()
    {
        string flat = DocText.Flat(Doc);
        var sidecar = Regex.Match(flat, @"Example of a failing run.*?\(`(\{.*?\})`\)");
        Assert.True(sidecar.Success, $"{Doc}: no failing-run sidecar (`{{…}}`) after 'Example of a failing run'");
        string raw = DocText.Raw(Doc);
        int at = raw.IndexOf("Example of a failing run", StringComparison.Ordinal);
        var block = Regex.Match(raw[at..], "```\n(.*?)\n```", RegexOptions.Singleline);
        Assert.True(block.Success, $"{Doc}: no output block after 'Example of a failing run'");

        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "traces"));
        Assert.Contains("calfmon synth office-hour --out traces/office.trace.csv", DocText.Flat(Doc));
        Assert.Equal(0, CalfMonitor.Tests.Cli.CliRunner.Run("synth", "office-hour", "--out", Path.Combine(dir.Path, "traces", "office.trace.csv")).ExitCode);
        File.WriteAllText(Path.Combine(dir.Path, "traces", "office.trace.csv.expect.json"), sidecar.Groups[1].Value, new UTF8Encoding(false));
        var (code, stdout, stderr) = Calfmon(dir.Path, "check", "traces/office.trace.csv");
        Assert.True(code == 1, $"exit {code}, expected 1\n{stdout}\n{stderr}");
        Assert.Equal(block.Groups[1].Value, stdout.Replace("\r\n", "\n").TrimEnd('\n'));

        // "the replay has 232 activations and its one alert at 50m29s", and the sidecar example's description.
        var actual = Regex.Match(stdout, @"activations\s+≥ \d+\s+(\d+)\s+FAIL");
        var alert = Regex.Match(stdout, @"extra alert\s+none\s+at (\S+)\s+FAIL");
        Assert.True(actual.Success && alert.Success, stdout);
        Assert.Contains($"the replay has {actual.Groups[1].Value} activations and its one alert at {alert.Groups[1].Value}", flat);
        var description = Regex.Match(raw, "\"description\": \"([^\"]*)\"");
        Assert.True(description.Success, $"{Doc}: no sidecar example with a description");
        Assert.Contains($"{actual.Groups[1].Value} activations", description.Groups[1].Value);
        Assert.Contains($"at {alert.Groups[1].Value}", description.Groups[1].Value);
    }

    /// <summary>"check --update traces/office.trace.csv writes the same ranges, without the
    /// description": the activations range and the alerts of the doc's JSON example.</summary>
    [Fact]
    public void Update_writes_the_ranges_of_the_sidecar_example()
    {
        string raw = DocText.Raw(Doc);
        var example = Regex.Match(raw, "```json\n(\\{[^`]*\"alerts\"[^`]*\\})\n```");
        Assert.True(example.Success, $"{Doc}: no JSON sidecar example");
        Assert.Contains("`calfmon check --update traces/office.trace.csv` writes the same ranges, without the description", DocText.Flat(Doc));
        using var dir = new TempDir();
        string trace = Path.Combine(dir.Path, "office.trace.csv");
        Assert.Equal(0, CalfMonitor.Tests.Cli.CliRunner.Run("synth", "office-hour", "--out", trace).ExitCode);
        Assert.Equal(0, CalfMonitor.Tests.Cli.CliRunner.Run("check", "--update", trace).ExitCode);
        using var written = JsonDocument.Parse(File.ReadAllText(trace + Expectations.Suffix));
        using var doc = JsonDocument.Parse(example.Groups[1].Value);
        Assert.False(written.RootElement.TryGetProperty("description", out _));
        foreach (string key in new[] { "activations", "alerts" })
        {
            Assert.Equal(doc.RootElement.GetProperty(key).GetRawText().Replace(" ", ""),
                         written.RootElement.GetProperty(key).GetRawText().Replace(" ", "").Replace("\n", ""));
        }
    }

    /// <summary>The HuGaDB recording ci.md offers as a trace that must count nothing: its length,
    /// 0 activations, its isolated cycles, and the sidecar <c>--update</c> writes for it.</summary>
    [SkippableFact]
    public void The_hugadb_trace_that_must_count_nothing_counts_nothing()
    {
        DatasetPaths.RequireDatasets("hugadb");
        string flat = DocText.Flat(Doc);
        var claim = Regex.Match(flat, @"four times over \((\d+) s\), and its replay gives (\d+) activations, listing its (\d+) single movements as isolated cycles — so its sidecar reads `([^`]*)`");
        Assert.True(claim.Success, $"{Doc}: the HuGaDB trace's sentence (… its replay gives N activations, listing its N single movements as isolated cycles …) not found");
        using var dir = new TempDir();
        string trace = Path.Combine(dir.Path, "various.trace.csv");
        string recording = Path.Combine(DatasetPaths.Hugadb, "HuGaDB_v1_various_01_00.txt");
        Assert.Contains("--input-format hugadb ../shared/datasets/hugadb/HuGaDB_v1_various_01_00.txt --out traces/various.trace.csv", flat);
        Assert.Equal(0, CalfMonitor.Tests.Cli.CliRunner.Run("convert", "--input-format", "hugadb", recording, "--out", trace).ExitCode);
        var replay = CalfMonitor.Tests.Cli.CliRunner.Run("replay", trace, "--json");
        Assert.Equal(0, replay.ExitCode);
        using var json = JsonDocument.Parse(replay.Stdout);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(int.Parse(claim.Groups[2].Value), summary.GetProperty("activations").GetInt32());
        Assert.Equal(int.Parse(claim.Groups[1].Value), (int)Math.Round(json.RootElement.GetProperty("duration_s").GetDouble()));
        Assert.Equal(int.Parse(claim.Groups[3].Value), summary.GetProperty("isolated_cycles").GetInt32());
        Assert.Equal(0, CalfMonitor.Tests.Cli.CliRunner.Run("check", "--update", trace).ExitCode);
        using var written = JsonDocument.Parse(File.ReadAllText(trace + Expectations.Suffix));
        using var stated = JsonDocument.Parse("{" + claim.Groups[4].Value + "}");
        Assert.Equal(stated.RootElement.GetProperty("activations").GetRawText().Replace(" ", ""),
                     written.RootElement.GetProperty("activations").GetRawText().Replace(" ", "").Replace("\n", ""));
    }

    /// <summary>"`ScoringRuleTests` now holds N tests, M of them on hand-made truths": the test
    /// methods of that class, and those that need no shared recording (a plain [Fact]).</summary>
    [Fact]
    public void The_scoring_rule_test_count_is_the_class_s()
    {
        var m = Regex.Match(DocText.Flat(Doc), @"`ScoringRuleTests` now holds (\d+) tests, (\d+) of them on hand-made truths");
        Assert.True(m.Success, $"{Doc}: no '`ScoringRuleTests` now holds N tests, M of them on hand-made truths'");
        var tests = typeof(CalfMonitor.Tests.Evaluation.ScoringRuleTests).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(x => x.GetCustomAttributes<FactAttribute>().FirstOrDefault()).Where(a => a != null).ToList();
        Assert.Equal(tests.Count, int.Parse(m.Groups[1].Value));
        Assert.Equal(tests.Count(a => a!.GetType() == typeof(FactAttribute)), int.Parse(m.Groups[2].Value));
    }

    /// <summary>"the bad-input corpus (`tests/corpus/bad`, N cases …)": the cases expected.tsv lists.</summary>
    [Fact]
    public void The_bad_corpus_count_is_the_corpus_s()
    {
        var m = Regex.Match(DocText.Flat(Doc), @"`tests/corpus/bad`, (\d+) cases");
        Assert.True(m.Success, $"{Doc}: no '`tests/corpus/bad`, N cases'");
        int cases = File.ReadAllLines(Path.Combine(RepoPaths.Root(), "tests", "corpus", "bad", "expected.tsv"))
            .Count(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.Equal(cases, int.Parse(m.Groups[1].Value));
    }

    /// <summary>The built calfmon as its own process in <paramref name="workDir"/>, so that the
    /// trace is named as the doc names it (the table's widths follow the name).</summary>
    private static (int Code, string Stdout, string Stderr) Calfmon(string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "calfmon.dll"));
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
