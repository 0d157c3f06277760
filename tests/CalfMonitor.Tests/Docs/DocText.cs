using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace CalfMonitor.Tests.Docs;

/// <summary>A file of the repository (a doc) as the doc tests read it, read once per test run.</summary>
internal static class DocText
{
    private static readonly ConcurrentDictionary<string, string> RawCache = new();
    private static readonly ConcurrentDictionary<string, string> FlatCache = new();

    /// <summary>The text of <paramref name="path"/> (relative to the repository root, e.g.
    /// <c>docs/robustness.md</c>) with CRLF line ends made LF, as a checkout on Windows may have them.</summary>
    public static string Raw(string path) =>
        RawCache.GetOrAdd(path, p => File.ReadAllText(Path.Combine(RepoPaths.Root(), p)).Replace("\r\n", "\n"));

    /// <summary>The same text as one line, every run of white space one blank: a sentence reads the
    /// same wherever the doc wraps it.</summary>
    public static string Flat(string path) => FlatCache.GetOrAdd(path, p => Regex.Replace(Raw(p), @"\s+", " "));

    /// <summary>Fails unless <paramref name="path"/> (read flat, as <see cref="Flat"/>) holds
    /// <paramref name="expected"/>, naming the doc and <paramref name="what"/> the figure is.</summary>
    public static void AssertReads(string path, string expected, string what) =>
        Xunit.Assert.True(Flat(path).Contains(expected, StringComparison.Ordinal),
            $"{path}, {what}: expected to read \"{expected}\" (what the product gives now)");
}
