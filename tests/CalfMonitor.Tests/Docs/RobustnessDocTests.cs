using System.Text.Json;
using System.Text.RegularExpressions;
using CalfMonitor.Fuzz;
using CalfMonitor.Tests.Cli;
using CalfMonitor.Tests.Datasets;
using Xunit;

namespace CalfMonitor.Tests.Docs;

/// <summary>
/// docs/robustness.md counts things that change as the project does: the bad-input corpus's cases,
/// the fuzz targets, and which shared recordings replay warns of a sensor fault. Each was counted
/// once and written down. Here the corpus sentence is held to tests/corpus/bad and its
/// expected.tsv, the fuzz table to the harness's targets (<see cref="FuzzTargets.All"/>), and the
/// sensor-fault sentences to <c>calfmon replay --format json</c> of every IPOL foot recording and
/// every HuGaDB file at each shin and foot (skipped without ../shared/datasets). Seen failing: on
/// doc edits of one figure each ("66 cases" → "67 cases", `--config` left out of the options the
/// .args files give — the doc left it out until 2026-12-07 —, a fuzz target's name `record` →
/// `recorder`, `6-2_lf` → `6-3_lf`, "13 of IPOL's 140" → "14 of IPOL's 140", "14 at the left" →
/// "13 at the left", "17 on the left" → "16 on the left") and on the product mutant
/// <c>SensorHealth.MaxGyroJumpDps</c> 1000 → 1100 (IPOL's garbage count 13 → 10, HuGaDB's shins
/// 17 → 13).
/// </summary>
public class RobustnessDocTests
{
    private static string RawDoc => DocText.Raw("docs/robustness.md");
    private static string Doc => DocText.Flat("docs/robustness.md");

    private static void InDoc(string expected, string what) => DocText.AssertReads("docs/robustness.md", expected, what);

    [Fact]
    public void The_bad_corpus_holds_the_cases_the_doc_counts()
    {
        string bad = Path.Combine(RepoPaths.Root(), "tests", "corpus", "bad");
        var cases = File.ReadAllLines(Path.Combine(bad, "expected.tsv")).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToList();
        int files = cases.Count(c => File.Exists(Path.Combine(bad, c)));
        int folders = cases.Count(c => Directory.Exists(Path.Combine(bad, c)));
        int missing = cases.Count - files - folders;
        string Number(int n) => n switch { 1 => "one", _ => n.ToString() };
        InDoc($"`tests/corpus/bad/` holds {cases.Count} cases ({files} files and {Number(folders)} folder{(folders == 1 ? "" : "s")}; " +
              $"{Number(missing)} more {(missing == 1 ? "entry names a file" : "entries name files")} that does not exist)", "the bad corpus");
    }

    /// <summary>"`FILE.args` adds options (…)": the options the corpus's .args files give.</summary>
    [Fact]
    public void The_args_files_give_the_options_the_doc_names()
    {
        var m = Regex.Match(Doc, @"`FILE\.args` adds options \(([^)]*)\)");
        Assert.True(m.Success, "docs/robustness.md: the sentence on FILE.args is not found");
        var named = Regex.Matches(m.Groups[1].Value, "`(--[a-z-]+)`").Select(x => x.Groups[1].Value).Order(StringComparer.Ordinal);
        var given = Directory.GetFiles(Path.Combine(RepoPaths.Root(), "tests", "corpus", "bad"), "*.args")
            .SelectMany(f => File.ReadAllText(f).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Where(a => a.StartsWith("--", StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(given, named);
    }

    [Fact]
    public void The_fuzz_table_lists_every_target_of_the_harness()
    {
        var rows = MarkdownTable.FirstAfter(RawDoc, l => l.StartsWith("`fuzz/CalfMonitor.Fuzz` holds one target per input surface", StringComparison.Ordinal));
        Assert.True(rows.Count > 1, "docs/robustness.md: no fuzz target table");
        var named = rows.Skip(1).SelectMany(r => Regex.Matches(r[0], "`([^`]+)`").Select(m => m.Groups[1].Value)).ToList();
        Assert.Equal(FuzzTargets.All.Keys.Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
    }

    /// <summary>Each file's exit code and the sensor-fault kinds replay warned of (none when refused).</summary>
    private static List<(string Name, int Code, string[] Kinds)> Replay(IEnumerable<string> files, params string[] options) =>
        files.Select(f =>
        {
            var r = CliRunner.Run(new[] { "replay", f, "--format", "json" }.Concat(options).ToArray());
            string[] kinds = r.ExitCode == 0
                ? JsonDocument.Parse(r.Stdout).RootElement.GetProperty("summary").GetProperty("sensor_faults").GetProperty("kinds").EnumerateArray().Select(k => k.GetString()!).ToArray()
                : [];
            return (Path.GetFileNameWithoutExtension(f), r.ExitCode, kinds);
        }).ToList();

    [SkippableFact]
    public void The_IPOL_recordings_warn_of_the_faults_the_doc_names()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        var files = Directory.GetFiles(DatasetPaths.Ipol, "*.txt").Where(f => Regex.IsMatch(Path.GetFileName(f), @"^\d+-\d+_[lr]f\.txt$")).Order(StringComparer.Ordinal).ToList();
        var replayed = Replay(files);
        Assert.All(replayed, r => Assert.Equal(0, r.Code));
        var stuck = replayed.Where(r => r.Kinds.Contains("stuck")).Select(r => r.Name).ToList();
        var garbage = replayed.Where(r => r.Kinds.Contains("garbage")).ToList();
        Assert.DoesNotContain(replayed, r => r.Kinds.Contains("saturation"));
        // "`stuck` warns in 3 of IPOL's 140 foot recordings (`3-3_rf`, `6-2_lf`, `12-4_lf`: …"
        var m = Regex.Match(Doc, @"`stuck` warns in (\d+) of IPOL's (\d+) foot recordings \(((?:`[\w-]+`(?:, )?)+):");
        Assert.True(m.Success, "docs/robustness.md: the sentence on IPOL's stuck warnings is not found");
        Assert.Equal((stuck.Count.ToString(), files.Count.ToString()), (m.Groups[1].Value, m.Groups[2].Value));
        Assert.Equal(stuck.Order(StringComparer.Ordinal), Regex.Matches(m.Groups[3].Value, "`([\\w-]+)`").Select(x => x.Groups[1].Value).Order(StringComparer.Ordinal));
        InDoc($"and in {garbage.Count} of IPOL's {files.Count} foot recordings (a mount ringing at heel strike", "IPOL's garbage warnings");
    }

    [SkippableFact]
    public void The_HuGaDB_files_warn_of_the_faults_the_doc_counts()
    {
        DatasetPaths.RequireDatasets("hugadb");
        var files = Directory.GetFiles(DatasetPaths.Hugadb, "HuGaDB_v1_*.txt").Order(StringComparer.Ordinal).ToList();
        List<(string Name, int Code, string[] Kinds)> At(string leg, string sensor) => Replay(files, "--input-format", "hugadb", "--leg", leg, "--sensor", sensor);
        var rightShin = At("right", "shin");
        var leftShin = At("left", "shin");
        var rightFoot = At("right", "foot");
        var leftFoot = At("left", "foot");
        List<string> Garbage(List<(string Name, int Code, string[] Kinds)> replayed) => replayed.Where(r => r.Kinds.Contains("garbage")).Select(r => r.Name["HuGaDB_v1_".Length..]).ToList();
        int Read(List<(string Name, int Code, string[] Kinds)> replayed) => replayed.Count(r => r.Code == 0);
        foreach (var set in new[] { rightShin, leftShin, rightFoot, leftFoot })
        {
            Assert.All(set, r => Assert.True(r.Code is 0 or 2, $"{r.Name}: exit {r.Code}"));
            Assert.DoesNotContain(set, r => r.Kinds.Any(k => k != "garbage"));   // "none of HuGaDB's" warns of stuck (nor of saturation)
        }
        var shins = Garbage(rightShin).Union(Garbage(leftShin)).ToList();
        int Bicycling(IEnumerable<string> names) => names.Count(n => n.StartsWith("bicycling_01_", StringComparison.Ordinal));
        int Of(IEnumerable<string> names, string activity) => names.Count(n => n.StartsWith(activity + "_", StringComparison.Ordinal));
        Assert.Equal(shins.Count, Bicycling(shins) + Of(shins, "running") + Of(shins, "various"));
        var refusedLeft = leftShin.Where(r => r.Code != 0).Select(r => r.Name["HuGaDB_v1_".Length..]).ToList();
        Assert.Equal(files.Count, Read(rightShin));
        string leftRead = refusedLeft.Count == 0 ? "" : $", of the {Read(leftShin)} it reads there ({string.Join(", ", refusedLeft.Select(n => $"`{n}`"))} is refused at the left shin";
        InDoc($"`garbage` warns in {shins.Count} of the {files.Count} HuGaDB files at one shin or the other ({Bicycling(shins)} of them subject 01's bicycling, " +
              $"whose gyro readings the dataset notes call too high; {Of(shins, "running")} running, {Of(shins, "various")} `various`: " +
              $"{Garbage(rightShin).Count} files at the right shin, `calfmon replay`'s default, {Garbage(leftShin).Count} at the left{leftRead}", "HuGaDB's shins");
        Assert.Equal(files.Count, Read(rightFoot));
        Assert.Equal(files.Count, Read(leftFoot));
        string Feet(List<string> names) => Bicycling(names) == names.Count ? $"{names.Count} files on the right, all bicycling" : $"{names.Count} files on the right, {Bicycling(names)} of them bicycling";
        InDoc($"the feet warn in {Feet(Garbage(rightFoot))}, and {Garbage(leftFoot).Count} on the left, {Bicycling(Garbage(leftFoot))} of them bicycling)", "HuGaDB's feet");
    }
}
