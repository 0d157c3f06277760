using System.Xml.Linq;
using CalfMonitor.Simulator.Checking;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Simulator;

/// <summary><c>calfmon check --junit FILE</c>: the table's outcomes as a JUnit XML report (docs/ci.md).</summary>
public class CheckJunitTests
{
    /// <summary>A folder with every kind of outcome: the office hour passing its two checks, the
    /// same trace under another name failing its activation count, a file that is no trace, and a
    /// trace without a sidecar.</summary>
    private static void Mixed(TempDir dir)
    {
        SimTestKit.CopyOfficeHour(dir, "a-office.trace.csv");
        dir.Write("a-office.trace.csv.expect.json", """{"activations": {"min": 300, "max": 350}, "alerts": [{"t": 1800, "tolerance_s": 60}]}""");
        SimTestKit.CopyOfficeHour(dir, "b-short.trace.csv");
        dir.Write("b-short.trace.csv.expect.json", """{"activations": {"min": 500}}""");
        dir.Write("c-broken.trace.csv", "garbage\n");
        dir.Write("c-broken.trace.csv.expect.json", """{"activations": 1}""");
        SimTestKit.CopyOfficeHour(dir, "d-new.trace.csv");
    }

    private static XElement Suite(XDocument doc) => doc.Root!.Element("testsuite")!;

    private static (string Name, string Class, string? Outcome, string? Message) Case(XElement c)
    {
        var o = c.Elements().FirstOrDefault(e => e.Name != "system-out");
        return (c.Attribute("name")!.Value, Path.GetFileName(c.Attribute("classname")!.Value), o?.Name.LocalName, o?.Attribute("message")?.Value);
    }

    [Fact]
    public void Has_a_case_per_check_and_marks_failures_errors_and_traces_without_expectations()
    {
        using var dir = new TempDir();
        Mixed(dir);
        string report = Path.Combine(dir.Path, "out", "check.xml");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        var run = CliRunner.Run("check", dir.Path, "--junit", report);
        Assert.Equal(2, run.ExitCode);   // the unreadable trace; the report is written all the same
        var doc = XDocument.Load(report);
        foreach (var e in new[] { doc.Root!, Suite(doc) })
        {
            Assert.Equal(("5", "1", "1", "1"), (e.Attribute("tests")!.Value, e.Attribute("failures")!.Value, e.Attribute("errors")!.Value, e.Attribute("skipped")!.Value));
        }
        var cases = Suite(doc).Elements("testcase").Select(Case).ToList();
        Assert.Equal(new[]
        {
            ("activations", "a-office.trace.csv", (string?)null),
            ("alert 1", "a-office.trace.csv", null),
            ("activations", "b-short.trace.csv", "failure"),
            ("input", "c-broken.trace.csv", "error"),
            ("expectations", "d-new.trace.csv", "skipped"),
        }, cases.Select(c => (c.Name, c.Class, c.Outcome)));
        // The failure says what the table's differences list says; the error what stderr says.
        string difference = run.Stdout.Split('\n').Single(l => l.Contains("b-short.trace.csv: activations:"));
        Assert.EndsWith(": " + cases[2].Message, difference.TrimEnd());
        Assert.Matches(@"^\d+ is \d+ below the minimum 500$", cases[2].Message);
        Assert.Contains(cases[3].Message!, run.Stderr);
        Assert.StartsWith(Path.Combine(dir.Path, "c-broken.trace.csv") + ":1:", cases[3].Message);
        Assert.Contains("calfmon check --update", cases[4].Message);
        // Every case says what was expected and what came.
        var outs = Suite(doc).Elements("testcase").Select(c => c.Element("system-out")?.Value).ToList();
        Assert.Matches(@"^expected 300…350; actual \d+$", outs[0]);
        Assert.Matches(@"^expected ≥ 500; actual \d+$", outs[2]);
    }

    [Fact]
    public void Require_expectations_makes_a_trace_without_a_sidecar_a_failure_as_in_the_table()
    {
        using var dir = new TempDir();
        SimTestKit.CopyOfficeHour(dir, "a-office.trace.csv");
        dir.Write("a-office.trace.csv.expect.json", """{"activations": {"min": 300, "max": 350}}""");
        SimTestKit.CopyOfficeHour(dir, "d-new.trace.csv");
        string report = Path.Combine(dir.Path, "check.xml");
        var run = CliRunner.Run("check", dir.Path, "--require-expectations", "--junit", report);
        Assert.Equal(1, run.ExitCode);
        var doc = XDocument.Load(report);
        Assert.Equal(("2", "1", "0", "0"), (doc.Root!.Attribute("tests")!.Value, doc.Root.Attribute("failures")!.Value, doc.Root.Attribute("errors")!.Value, doc.Root.Attribute("skipped")!.Value));
        Assert.Equal(("expectations", "d-new.trace.csv", "failure"), Case(Suite(doc).Elements("testcase").Last()) is var c ? (c.Name, c.Class, c.Outcome) : default);
    }

    [Fact]
    public void A_passing_check_writes_the_report_the_same_bytes_every_time()
    {
        using var dir = new TempDir();
        SimTestKit.CopyOfficeHour(dir);
        dir.Write("office.trace.csv.expect.json", """{"activations": {"min": 300, "max": 350}, "alerts_count": 1}""");
        string first = Path.Combine(dir.Path, "1.xml"), second = Path.Combine(dir.Path, "2.xml");
        Assert.Equal(0, CliRunner.Run("check", Path.Combine(dir.Path, "office.trace.csv"), "--junit", first).ExitCode);
        Assert.Equal(0, CliRunner.Run("check", Path.Combine(dir.Path, "office.trace.csv"), "--junit", second).ExitCode);
        byte[] bytes = File.ReadAllBytes(first);
        Assert.Equal(bytes, File.ReadAllBytes(second));
        Assert.NotEqual(0xEF, bytes[0]);                     // no byte-order mark
        Assert.DoesNotContain((byte)'\r', bytes);            // LF on every system
        Assert.Equal((byte)'\n', bytes[^1]);
        string text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("time", text);                 // no durations, no time stamps
        Assert.Equal(2, XDocument.Parse(text).Descendants("testcase").Count());
    }

    [Fact]
    public void With_update_or_an_unwritable_place_it_is_a_usage_error_before_any_replay()
    {
        using var dir = new TempDir();
        SimTestKit.CopyOfficeHour(dir);
        dir.Write("office.trace.csv.expect.json", """{"activations": {"min": 200}}""");
        var update = CliRunner.Run("check", "--update", dir.Path, "--junit", Path.Combine(dir.Path, "x.xml"));
        Assert.Equal(2, update.ExitCode);
        Assert.Contains("--junit reports a check, and --update checks nothing", update.Stderr);
        Assert.False(File.Exists(Path.Combine(dir.Path, "x.xml")));
        var missing = CliRunner.Run("check", dir.Path, "--junit", Path.Combine(dir.Path, "no", "such", "x.xml"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--junit", missing.Stderr);
        Assert.Contains("does not exist", missing.Stderr);
        Assert.Equal("", missing.Stdout);                     // nothing was replayed
        var folder = CliRunner.Run("check", dir.Path, "--junit", dir.Path);
        Assert.Equal(2, folder.ExitCode);
        Assert.Contains("is a folder", folder.Stderr);
    }

    /// <summary>(A fact, not a theory: a lone surrogate or NUL in theory data would have to survive
    /// the test runner's own serialisation.)</summary>
    [Fact]
    public void Text_xml_cannot_hold_becomes_a_replacement_character()
    {
        foreach (var (given, expected) in new[]
        {
            ("plain", "plain"),
            ("bell\u0007and nul\u0000", "bell\uFFFDand nul\uFFFD"),
            ("lone \uD800 surrogate", "lone \uFFFD surrogate"),
            ("pair \uD83D\uDE00 kept, tab\tkept", "pair \uD83D\uDE00 kept, tab\tkept"),
        })
        {
            Check(given, expected);
        }
    }

    private static void Check(string given, string expected)
    {
        Assert.Equal(expected, JunitReport.Safe(given));
        // And a report carrying it is well-formed XML.
        var xml = JunitReport.ToXml(new[] { new TraceOutcome("t.trace.csv", new(), given) }, false);
        Assert.Equal(expected, XDocument.Parse(xml).Descendants("error").Single().Attribute("message")!.Value);
    }
}
