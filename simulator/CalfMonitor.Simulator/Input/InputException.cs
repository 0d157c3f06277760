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
        message = message.TrimEnd().TrimEnd('.');
        string column = e.BytePositionInLine is { } b ? $" (column {b + 1})" : "";
        return new InputException(file, e.LineNumber is { } l ? l + 1 : 0, $"not valid JSON: {message}{column}");
    }
}
