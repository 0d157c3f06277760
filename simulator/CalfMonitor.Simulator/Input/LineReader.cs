using System.Text;

namespace CalfMonitor.Simulator.Input;

/// <summary>
/// Reads text lines with their 1-based numbers: UTF-8 with or without BOM, LF, CRLF or a CR alone
/// (old Mac files), with or without a final newline. A line longer than
/// <see cref="MaxLineChars"/> is an error rather than a memory hazard, and a NUL byte marks a
/// binary file.
/// </summary>
public sealed class LineReader : IDisposable
{
    /// <summary>Longest line accepted. The widest format here (HuGaDB, 39 columns) needs ~300.</summary>
    public const int MaxLineChars = 16384;

    private readonly TextReader _reader;
    private readonly string _file;
    private readonly StringBuilder _line = new();

    public LineReader(string file, TextReader reader)
    {
        _file = file;
        _reader = reader;
    }

    /// <summary>Opens a file, turning the usual failures into <see cref="InputException"/>.</summary>
    public static LineReader Open(string file)
    {
        if (file == StandardInput.Name) return StandardInput.Open();
        if (Directory.Exists(file)) throw new InputException(file, 0, "is a directory, not a trace file");
        if (!System.IO.File.Exists(file)) throw new InputException(file, 0, "no such file");
        try
        {
            var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return new LineReader(file, new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(file, 0, $"cannot be read ({e.Message})");
        }
    }

    /// <summary>Number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    public string File => _file;

    /// <summary>The next line without its line end, or null at the end of the file.</summary>
    public string? ReadLine()
    {
        _line.Clear();
        int c;
        bool any = false;
        while ((c = _reader.Read()) >= 0)
        {
            any = true;
            if (c == '\n') break;
            if (c == '\r')
            {
                // CRLF, or a CR alone (old Mac line ends): either ends the line.
                if (_reader.Peek() == '\n') _reader.Read();
                break;
            }
            if (c == '\0') throw new InputException(_file, LineNumber + 1, "contains a NUL byte: not a text trace");
            if (_line.Length >= MaxLineChars)
            {
                throw new InputException(_file, LineNumber + 1, $"line longer than {MaxLineChars} characters");
            }
            _line.Append((char)c);
        }
        if (!any) return null;
        LineNumber++;
        return _line.ToString();
    }

    /// <summary>Empty, or white space only.</summary>
    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    /// <summary>Reads on to the end: true when only blank lines are left (trailing blank lines
    /// are a benign variation), false at the first line that is not blank.</summary>
    public bool OnlyBlankLinesFollow()
    {
        string? line;
        while ((line = ReadLine()) != null)
        {
            if (!IsBlank(line)) return false;
        }
        return true;
    }

    public void Dispose() => _reader.Dispose();
}
