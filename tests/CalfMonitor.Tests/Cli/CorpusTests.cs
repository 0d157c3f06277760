using Xunit;

namespace CalfMonitor.Tests.Cli;

/// <summary>
/// The bad-input corpus (tests/corpus/bad, manifest expected.tsv): every error class of every
/// input format gives its exit code and one line naming the file (and line), never a stack
/// trace. The good corpus (tests/corpus/good): BOM, CRLF, no final newline, a trailing blank line
/// are accepted (exit 0).
/// </summary>
public class CorpusTests
{
    public static string CorpusFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string c = Path.Combine(dir.FullName, "tests", "corpus");
            if (Directory.Exists(c)) return c;
        }
        throw new DirectoryNotFoundException("tests/corpus not found above the test binaries");
    }

    public static TheoryData<string, int, string> BadCases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(CorpusFolder(), "bad", "expected.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            data.Add(f[0], int.Parse(f[1]), f[2]);
        }
        return data;
    }

    public static TheoryData<string> GoodCases()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(CorpusFolder(), "good")).Order()) data.Add(Path.GetFileName(f));
        return data;
    }

    private static string[] Args(string folder, string file)
    {
        string path = Path.Combine(folder, file);
        string argsFile = path + ".args";
        var extra = File.Exists(argsFile) ? File.ReadAllText(argsFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
        return new[] { "replay" }.Concat(extra).Append(path).ToArray();
    }

    [Fact]
    public void The_bad_corpus_has_at_least_40_cases_and_every_file_is_in_the_manifest()
    {
        string bad = Path.Combine(CorpusFolder(), "bad");
        var listed = BadCases().Select(c => (string)c[0]).ToHashSet();
        Assert.True(listed.Count >= 40, $"{listed.Count} cases");
        var onDisk = Directory.EnumerateFileSystemEntries(bad).Select(p => Path.GetFileName(p)!)
            .Where(n => n != "expected.tsv" && !n.EndsWith(".args")).ToList();
        Assert.All(onDisk, n => Assert.Contains(n, listed));
        Assert.All(listed, n => Assert.True(onDisk.Contains(n) || n.Contains("missing"), $"{n} listed but absent"));
    }

    [Theory]
    [MemberData(nameof(BadCases))]
    public void Bad_input_gives_its_exit_code_and_one_line(string file, int exitCode, string fragment)
    {
        string folder = Path.Combine(CorpusFolder(), "bad");
        var r = CliRunner.Run(Args(folder, file));
        Assert.Equal(exitCode, r.ExitCode);
        Assert.Contains(fragment, r.Stderr);
        if (fragment.StartsWith(':')) Assert.Contains(Path.Combine(folder, file) + fragment, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith("calfmon: ", r.Stderr);
    }

    [Theory]
    [MemberData(nameof(GoodCases))]
    public void Benign_variations_are_accepted(string file)
    {
        var r = CliRunner.Run("replay", "--format", "json", Path.Combine(CorpusFolder(), "good", file));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("\"activations\"", r.Stdout);
        Assert.DoesNotContain("   at ", r.Stderr);
    }
}
