using System.Text.Json;
using System.Text.RegularExpressions;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Docs;

/// <summary>
/// docs/simulator.md shows the shape of <c>calfmon replay --format json</c> — an example object and
/// a table of its fields — which a CI job reads its results by. Here the example's keys, at every
/// depth, are exactly those replay writes (over the office hour as it is, with quiet hours from
/// 21:00 for a suppressed alert, and a walk that ends inside a minute for <c>partial</c>), and
/// every field the table names is one of them. Seen failing: on doc edits (the example's
/// <c>"spell_s"</c> of an alert → <c>"spell"</c>, a key added to its summary, the table's
/// <c>summary.bridged_dropouts</c> → <c>summary.bridged</c>) and on the product mutant that
/// writes the summary's <c>recounted_cycles</c> as <c>recounted</c> (<c>ReplayReport</c>).
/// </summary>
public class SimulatorDocTests
{
    private static string RawDoc => DocText.Raw("docs/simulator.md");

    /// <summary>Every key path of a JSON value: "a", "a.b", "list[].c" (an array's elements' keys).</summary>
    private static SortedSet<string> Paths(JsonElement e, string prefix = "")
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                paths.Add(prefix + p.Name);
                paths.UnionWith(Paths(p.Value, prefix + p.Name + "."));
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) paths.UnionWith(Paths(item, prefix.TrimEnd('.') + "[]."));
        }
        return paths;
    }

    private static readonly Lazy<SortedSet<string>> Real = new(() =>
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        void Add(params string[] args)
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 0, r.Stderr);
            paths.UnionWith(Paths(JsonDocument.Parse(r.Stdout).RootElement));
        }
        Add("replay", "--format", "json");
        Add("replay", "--format", "json", "--clock", "21:00");
        using var dir = new TempDir();
        string walk = Path.Combine(dir.Path, "walk.trace.csv");
        Assert.Equal(0, CliRunner.Run("synth", "walk", "--minutes", "2", "--out", walk).ExitCode);
        var lines = File.ReadAllLines(walk);
        File.WriteAllLines(walk, lines[..^1000]);   // ends 20 s into its second minute
        Add("replay", walk, "--format", "json");
        return paths;
    });

    [Fact]
    public void The_json_example_has_the_keys_replay_writes()
    {
        var m = Regex.Match(RawDoc, @"#### The JSON result\n.*?```json\n(.*?)\n```", RegexOptions.Singleline);
        Assert.True(m.Success, "docs/simulator.md: no JSON example under '#### The JSON result'");
        var example = Paths(JsonDocument.Parse(m.Groups[1].Value).RootElement);
        var real = Real.Value;
        Assert.True(example.SetEquals(real),
            $"docs/simulator.md's JSON example: keys replay does not write: {string.Join(", ", example.Except(real))}; keys it writes that the example lacks: {string.Join(", ", real.Except(example))}");
    }

    [Fact]
    public void Every_field_the_table_names_is_one_replay_writes()
    {
        var rows = MarkdownTable.FirstAfter(RawDoc, l => l == "#### The JSON result");
        Assert.True(rows.Count > 1 && rows[0].SequenceEqual(new[] { "field", "meaning" }), "docs/simulator.md: no '| field | meaning |' table after the JSON example");
        var real = Real.Value;
        var named = new List<string>();
        foreach (var row in rows.Skip(1))
        {
            // "`summary.bridged_dropouts` / `bridged_samples`": a name after " / " shares the first one's parent.
            var names = Regex.Matches(row[0], "`([^`]+)`").Select(x => x.Groups[1].Value).ToList();
            string parent = names[0].Contains('.') ? names[0][..(names[0].LastIndexOf('.') + 1)] : "";
            foreach (var (name, i) in names.Select((n, i) => (n, i)))
            {
                string path = i > 0 && !name.Contains('.') ? parent + name : name;
                if (path.EndsWith("[]", StringComparison.Ordinal)) path = path[..^2];
                named.Add(path);
                Assert.True(real.Contains(path), $"docs/simulator.md's field table names `{name}`, which replay does not write (as {path})");
            }
        }
        Assert.True(named.Count >= 15, $"only {named.Count} fields found in the table");
    }
}
