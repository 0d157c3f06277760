namespace CalfMonitor.Simulator.Input;

/// <summary>
/// Bad input: a message that names the file and, where there is one, the line. The command line
/// prints it as one line and exits with code 2; it never becomes a stack trace.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string file, long line, string problem)
        : base(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file as the user named it.</summary>
    public string File { get; }

    /// <summary>1-based line number, or 0 when the problem concerns the whole file.</summary>
    public long Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>Broken JSON in <paramref name="file"/>: the line and column (1-based, as editors
    /// count) in the location and the message, without the parser's own 0-based "LineNumber: …
    /// | BytePositionInLine: …" and "Path: …" tails.</summary>
    public static InputException FromJson(string file, System.Text.Json.JsonException e)
    {
        string message = e.Message;
        foreach (var marker in new[] { " Path:", " LineNumber:", " | BytePositionInLine:" })
        {
            int cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        message = OneLine(message.TrimEnd().TrimEnd('.'));
        string column = e.BytePositionInLine is { } b ? $" (column {b + 1})" : "";
        return new InputException(file, e.LineNumber is { } l ? l + 1 : 0, $"not valid JSON: {message}{column}");
    }

    /// <summary>Longest quoted word of a misspelt literal, in characters of the input: enough
    /// for any word a hand-written settings file holds, short enough for one line.</summary>
    private const int MaxQuotedLiteralChars = 40;

    /// <summary>Where a misspelt literal's word ends: white space or JSON punctuation.</summary>
    private static readonly char[] LiteralEnd = { ' ', '\t', '\r', '\n', ',', ':', ']', '}' };

    /// <summary>The parser's message as one line. After a misspelt literal it quotes the whole
    /// rest of the file (<c>'falze,\n  "pump_breaks": 0\n}' is an invalid JSON literal</c>),
    /// which ran over many lines and carried the file's control characters (an ESC sequence) to
    /// the terminal: only the misspelt word is kept, its invisible characters shown as
    /// <see cref="Echo.Safe"/> shows input (<c>\x1B</c>). The parser's other messages quote a
    /// single byte, in hex when it is not printable.</summary>
    private static string OneLine(string message)
    {
        const string literal = "' is an invalid JSON literal";
        int end = message.LastIndexOf(literal, StringComparison.Ordinal);
        if (end > 0 && message[0] == '\'')
        {
            string quoted = message[1..end];
            int word = quoted.IndexOfAny(LiteralEnd);
            if (word >= 0) quoted = quoted[..word];
            message = "'" + Echo.Safe(quoted, MaxQuotedLiteralChars) + message[end..];
        }
        return message;
    }

    /// <summary>Broken JSON in <paramref name="file"/>, whose text (after any byte-order mark) is
    /// <paramref name="json"/>: as <see cref="FromJson(string, System.Text.Json.JsonException)"/>,
    /// but a file with nothing but white space and comments, or one that stops in the middle of
    /// the JSON (an unclosed <c>{</c>, <c>[</c> or string, a key without a value), is said to be
    /// so in plain words instead of the parser's ("when isFinalBlock is true", "Expected depth to
    /// be zero"), at the parser's line (where the text ends).</summary>
    public static InputException FromJson(string file, System.Text.Json.JsonException e, ReadOnlySpan<byte> json)
    {
        long where = e.LineNumber is { } l ? l + 1 : 1;
        if (OnlyCommentsAndSpace(json))
        {
            return new InputException(file, where, "not valid JSON: the file holds no JSON (expected an object { … })");
        }
        int end = json.Length;
        while (end > 0 && json[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') end--;
        if (e.LineNumber is { } line && e.BytePositionInLine is { } column)
        {
            long at = 0;
            for (long n = 0; n < line && at < json.Length; at++)
            {
                if (json[(int)at] == (byte)'\n') n++;
            }
            if (at + column >= end)
            {
                return new InputException(file, where, "not valid JSON: the JSON ends before it is complete (an unclosed '{', '[' or string, or a key without a value)");
            }
        }
        return FromJson(file, e);
    }

    /// <summary>A JSON file read as bytes must be UTF-8: the parser checks the bytes inside a
    /// string only when the string is read, and then throws outside its own exception type.
    /// Refuses <paramref name="utf8"/> (the text after any byte-order mark) at the line of the
    /// first byte that is not UTF-8.</summary>
    public static void RequireUtf8(string file, ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8)) return;
        int at = 0;
        while (System.Text.Rune.DecodeFromUtf8(utf8[at..], out _, out int used) == System.Buffers.OperationStatus.Done) at += used;
        long line = 1 + utf8[..at].Count((byte)'\n');
        throw new InputException(file, line, $"not UTF-8 text (byte 0x{utf8[at]:X2}); save the file as UTF-8");
    }

    /// <summary>True when the text holds only white space and // or /* */ comments.</summary>
    private static bool OnlyCommentsAndSpace(ReadOnlySpan<byte> json)
    {
        int i = 0;
        while (i < json.Length)
        {
            byte c = json[i];
            if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
            else if (c == (byte)'/' && i + 1 < json.Length && json[i + 1] == (byte)'/')
            {
                while (i < json.Length && json[i] != (byte)'\n') i++;
            }
            else if (c == (byte)'/' && i + 1 < json.Length && json[i + 1] == (byte)'*')
            {
                int close = json[(i + 2)..].IndexOf("*/"u8);
                if (close < 0) return true;   // an unclosed comment: still no JSON
                i += close + 4;
            }
            else return false;
        }
        return true;
    }
}
