using System.Text.RegularExpressions;

namespace CalfMonitor.Tests.Docs;

/// <summary>Reads the tables the docs hold figures in, for the tests that hold those figures to the
/// code (BleDocTableTests, FirmwareDocTableTests, ValidationGlanceTests).</summary>
internal static class MarkdownTable
{
    /// <summary>The first table after the first line <paramref name="anchor"/> accepts (a heading, or a
    /// line such as "Flags:"), when no heading comes before it: its header row first, then its rows;
    /// the separator row left out, cells trimmed, an escaped <c>\|</c> kept in its cell. Empty when
    /// there is no such line or no such table.</summary>
    public static List<string[]> FirstAfter(string doc, Func<string, bool> anchor)
    {
        var lines = doc.Replace("\r\n", "\n").Split('\n');
        int at = Array.FindIndex(lines, l => anchor(l));
        var rows = new List<string[]>();
        if (at < 0) return rows;
        for (int i = at + 1; i < lines.Length; i++)
        {
            string l = lines[i].Trim();
            if (!l.StartsWith('|'))
            {
                if (rows.Count > 0 || l.StartsWith('#')) break;   // the table has ended, or none came under the anchor
                continue;
            }
            if (Regex.IsMatch(l, @"^\|[\s:|-]*-[\s:|-]*$")) continue;   // |---|:--:|
            // A cell's "\|" is a character of it (validation.md's "worst \|ΔMAPE\| rotated").
            rows.Add(Regex.Split(l.Trim('|'), @"(?<!\\)\|").Select(c => c.Replace("\\|", "|").Trim()).ToArray());
        }
        return rows;
    }
}
