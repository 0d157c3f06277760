using System.Text;

namespace CalfMonitor.Simulator.Input;

/// <summary>
/// Standard input as a recording: '-' on the command line. Readers see it under the name
/// <see cref="Name"/> (which messages show as FILE, e.g. <c>&lt;stdin&gt;:12: …</c>). Sniffing the
/// format peeks at the first lines; the reader then gets them again, followed by the rest of the
/// stream, so nothing is read twice and nothing is held in memory beyond those lines.
/// </summary>
public static class StandardInput
{
    /// <summary>What the user types for standard input (and standard output).</summary>
    public const string Dash = "-";

    /// <summary>The name standard input goes by in reports and messages.</summary>
    public const string Name = "<stdin>";

    private sealed class State(TextReader reader, Utf8CheckedStream? bytes)
    {
        public readonly TextReader Reader = reader;
        public readonly Utf8CheckedStream? Bytes = bytes;
        public readonly StringBuilder Peeked = new();
        public bool Opened;
    }

    private static readonly AsyncLocal<TextReader?> Override = new();
    private static readonly AsyncLocal<Stream?> OverrideBytes = new();
    private static readonly AsyncLocal<bool?> RedirectedOverride = new();
    private static readonly AsyncLocal<State?> Current = new();

    /// <summary>For tests: what standard input holds (null: the process's), and whether it counts
    /// as redirected (not a terminal); set both before running a command in this async flow.</summary>
    public static void Substitute(TextReader? reader, bool? redirected)
    {
        Override.Value = reader;
        OverrideBytes.Value = null;
        RedirectedOverride.Value = redirected;
        Current.Value = null;
    }

    /// <summary>For tests: standard input holds <paramref name="bytes"/> (redirected), read as
    /// the process's own would be (decoded and checked as UTF-8).</summary>
    public static void Substitute(Stream bytes)
    {
        Override.Value = null;
        OverrideBytes.Value = bytes;
        RedirectedOverride.Value = true;
        Current.Value = null;
    }

    /// <summary>True when standard input is a pipe or a file, not a terminal.</summary>
    public static bool IsRedirected => RedirectedOverride.Value ?? (Override.Value != null || OverrideBytes.Value != null || Console.IsInputRedirected);

    /// <summary>'-' stands for standard input.</summary>
    public static bool IsDash(string path) => path == Dash;

    private static State Get()
    {
        var s = Current.Value;
        if (s == null)
        {
            Utf8CheckedStream? bytes = Override.Value == null ? new Utf8CheckedStream(Name, OverrideBytes.Value ?? Console.OpenStandardInput()) : null;
            var reader = Override.Value ?? new StreamReader(bytes!, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, 1 << 16);
            s = new State(reader, bytes);
            Current.Value = s;
        }
        return s;
    }

    /// <summary>The first <paramref name="count"/> lines (fewer at the end of the stream), without
    /// consuming them: the reader opened afterwards starts at the first line.</summary>
    public static List<string> Peek(int count)
    {
        var s = Get();
        if (s.Opened) throw new InputException(Name, 0, "standard input can be read only once");
        int c, newlines = CountLines(s.Peeked);
        while (newlines < count && s.Peeked.Length < 2 * LineReader.MaxLineChars && (c = s.Reader.Read()) >= 0)
        {
            s.Peeked.Append((char)c);
            if (c == '\n') newlines++;
        }
        var lines = new List<string>();
        using var lr = new LineReader(Name, new StringReader(s.Peeked.ToString()), s.Bytes);
        string? line;
        while (lines.Count < count && (line = lr.ReadLine()) != null) lines.Add(line);
        return lines;
    }

    private static int CountLines(StringBuilder sb)
    {
        int n = 0;
        for (int i = 0; i < sb.Length; i++) if (sb[i] == '\n') n++;
        return n;
    }

    /// <summary>Opens standard input for reading, once: the peeked lines, then the rest.</summary>
    public static LineReader Open()
    {
        var s = Get();
        if (s.Opened) throw new InputException(Name, 0, "standard input can be read only once");
        s.Opened = true;
        return new LineReader(Name, new PrefixReader(s.Peeked.ToString(), s.Reader), s.Bytes);
    }

    /// <summary>A text reader that yields a prefix, then another reader's text; does not close it.</summary>
    private sealed class PrefixReader(string prefix, TextReader rest) : TextReader
    {
        private int _at;

        public override int Peek() => _at < prefix.Length ? prefix[_at] : rest.Peek();

        public override int Read() => _at < prefix.Length ? prefix[_at++] : rest.Read();
    }
}
