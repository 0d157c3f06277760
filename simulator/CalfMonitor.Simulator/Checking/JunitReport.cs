using System.Text;
using System.Xml;

namespace CalfMonitor.Simulator.Checking;

/// <summary>What <c>calfmon check</c> found for one trace.</summary>
/// <param name="Trace">The trace's path as given (or as found in a folder).</param>
/// <param name="Checks">One outcome per expectation of its sidecar.</param>
/// <param name="Error">Why the trace or its sidecar could not be read (FILE:LINE: what), or null.</param>
/// <param name="NoExpectations">The trace has no sidecar: listed, not replayed.</param>
public sealed record TraceOutcome(string Trace, List<CheckOutcome> Checks, string? Error, bool NoExpectations = false);

/// <summary>
/// <c>calfmon check --junit FILE</c>: the same outcomes as the table, as a JUnit XML report, the
/// format CI systems read to show test results (GitLab's <c>artifacts:reports:junit</c>, Jenkins'
/// JUnit plugin, GitHub Actions through a report action). One test case per expectation of each
/// trace (class name = the trace, name = the check); a trace that could not be read is one case
/// with an <c>error</c>; a trace without a sidecar is one case, <c>skipped</c> — or a
/// <c>failure</c> under <c>--require-expectations</c>, as in the table. No time stamps and no
/// durations, so the same traces and build give the same bytes (docs/ci.md).
/// </summary>
public static class JunitReport
{
    /// <summary>The test suite's name.</summary>
    public const string SuiteName = "calfmon check";

    /// <summary>Writes the report to <paramref name="path"/> (UTF-8 without byte-order mark, LF).</summary>
    public static void Write(string path, IReadOnlyList<TraceOutcome> outcomes, bool requireExpectations)
    {
        File.WriteAllText(path, ToXml(outcomes, requireExpectations), new UTF8Encoding(false));
    }

    /// <summary>The report as text.</summary>
    public static string ToXml(IReadOnlyList<TraceOutcome> outcomes, bool requireExpectations)
    {
        int tests = 0, failures = 0, errors = 0, skipped = 0;
        foreach (var t in outcomes)
        {
            if (t.Error != null) { tests++; errors++; }
            else if (t.NoExpectations) { tests++; if (requireExpectations) failures++; else skipped++; }
            else { tests += t.Checks.Count; failures += t.Checks.Count(c => !c.Pass); }
        }

        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        var sb = new StringBuilder();
        using (var sw = new Utf8StringWriter(sb))
        using (var w = XmlWriter.Create(sw, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            Counts(w, tests, failures, errors, skipped);
            w.WriteStartElement("testsuite");
            Counts(w, tests, failures, errors, skipped);
            foreach (var t in outcomes)
            {
                if (t.Error != null)
                {
                    Case(w, t.Trace, "input", "error", "bad input", t.Error, null);
                }
                else if (t.NoExpectations)
                {
                    string why = $"no sidecar {Path.GetFileName(t.Trace)}{Expectations.Suffix} (write one with: calfmon check --update {t.Trace})";
                    if (requireExpectations) Case(w, t.Trace, "expectations", "failure", "no expectations", why, null);
                    else Case(w, t.Trace, "expectations", "skipped", null, why, null);
                }
                else
                {
                    foreach (var c in t.Checks)
                    {
                        string detail = $"expected {c.Expected}; actual {c.Actual}";
                        if (c.Pass) Case(w, t.Trace, c.Check, null, null, null, detail);
                        else Case(w, t.Trace, c.Check, "failure", "expectation", c.Difference, detail);
                    }
                }
            }
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return sb.Append('\n').ToString();

        void Counts(XmlWriter w, int n, int f, int e, int s)
        {
            w.WriteAttributeString("name", SuiteName);
            w.WriteAttributeString("tests", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("failures", f.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("errors", e.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("skipped", s.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <param name="outcome">"failure", "error", "skipped" or null (passed).</param>
    /// <param name="detail">What was expected and what came, as the case's output.</param>
    private static void Case(XmlWriter w, string trace, string name, string? outcome, string? type, string? message, string? detail)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", Safe(trace));
        w.WriteAttributeString("name", Safe(name));
        w.WriteAttributeString("file", Safe(trace));
        if (outcome != null)
        {
            w.WriteStartElement(outcome);
            w.WriteAttributeString("message", Safe(message ?? ""));
            if (type != null) w.WriteAttributeString("type", type);
            // The body as the table's differences list says it; a read error names its file already.
            if (outcome == "failure") w.WriteString(Safe($"{trace}: {name}: {message}"));
            else if (outcome == "error") w.WriteString(Safe(message ?? ""));
            w.WriteEndElement();
        }
        if (detail != null) w.WriteElementString("system-out", Safe(detail));
        w.WriteEndElement();
    }

    /// <summary>Text XML 1.0 can hold: a character it cannot (a control character echoed from
    /// a damaged file, a lone surrogate) becomes U+FFFD rather than an unreadable report.</summary>
    public static string Safe(string s)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            bool ok;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb?.Append(c).Append(s[i + 1]);
                i++;
                continue;
            }
            ok = !char.IsSurrogate(c) && XmlConvert.IsXmlChar(c);
            if (ok) { sb?.Append(c); continue; }
            sb ??= new StringBuilder(s, 0, i, s.Length);
            sb.Append('\uFFFD');
        }
        return sb?.ToString() ?? s;
    }

    /// <summary>A StringWriter that declares UTF-8 (the file's encoding), not UTF-16.</summary>
    private sealed class Utf8StringWriter(StringBuilder sb) : StringWriter(sb, System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
