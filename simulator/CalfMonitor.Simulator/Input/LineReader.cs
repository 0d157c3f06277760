using System.Text;

namespace CalfMonitor.Simulator.Input;

/// <summary>
/// Reads text lines with their 1-based numbers: UTF-8 with or without BOM, LF, CRLF or a CR alone
/// (old Mac files), with or without a final newline. A line longer than
/// <see cref="MaxLineChars"/> is an error rather than a memory hazard, a NUL byte marks a
/// binary file, and bytes that are not UTF-8 are refused at their line (not read as U+FFFD,
/// which would change the data without a word; see <see cref="Utf8CheckedStream"/>).
/// </summary>
public sealed class LineReader : IDisposable
{
    /// <summary>Longest line accepted. The widest format here (HuGaDB, 39 columns) needs ~300.</summary>
    public const int MaxLineChars = 16384;

    private readonly TextReader _reader;
    private readonly string _file;
    private readonly StringBuilder _line = new();
    private readonly Utf8CheckedStream? _bytes;

    /// <param name="file">The name messages give.</param>
    /// <param name="reader">The text.</param>
    /// <param name="bytes">The checked bytes <paramref name="reader"/> decodes, if any: where they
    /// stop at a byte that is not UTF-8, the line that holds it is refused instead of read.</param>
    public LineReader(string file, TextReader reader, Utf8CheckedStream? bytes = null)
    {
        _file = file;
        _reader = reader;
        _bytes = bytes;
    }

    /// <summary>Opens a file, turning the usual failures into <see cref="InputException"/>.</summary>
    public static LineReader Open(string file)
    {
        if (file == StandardInput.Name) return StandardInput.Open();
        if (Directory.Exists(file)) throw new InputException(file, 0, "is a directory, not a trace file");
        if (!System.IO.File.Exists(file)) throw new InputException(file, 0, "no such file");
        try
        {
            var stream = new Utf8CheckedStream(file, new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));
            return new LineReader(file, new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true), stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(file, 0, $"cannot be read ({IoWords.Why(e)})");
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
        // The bytes stopped at one that is not UTF-8: this line is not read, whatever it holds.
        if (c < 0 && _bytes?.Error is { } notUtf8) throw notUtf8;
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

/// <summary>
/// The bytes of a text file or stream, handed on to a <see cref="StreamReader"/> only as far as
/// they are UTF-8: at the first byte that is not (a Latin-1 'é', 0xE9; a character cut off at
/// the end), the stream ends and <see cref="Error"/> names the file, the line of that byte (line
/// ends counted as <see cref="LineReader"/> counts them: LF, CRLF, a CR alone) and the byte. The
/// <see cref="LineReader"/> reading the text refuses the line when it gets there, so the lines
/// before it are read (and their errors told) first. A stream that starts with a UTF-16
/// byte-order mark (Windows PowerShell 5's redirection writes one) is handed on unchecked, for
/// the reader to decode as UTF-16.
/// </summary>
public sealed class Utf8CheckedStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly string _file;
    private readonly byte[] _buf = new byte[1 << 16];
    private int _readyStart, _readyEnd;   // checked bytes not handed on yet
    private int _tail;                    // after _readyEnd: the first bytes of a character the next read completes
    private bool _started, _passThrough, _done, _afterCr;
    private long _line = 1;

    public Utf8CheckedStream(string file, Stream inner)
    {
        _file = file;
        _inner = inner;
    }

    /// <summary>Set when the bytes stopped at one that is not UTF-8.</summary>
    public InputException? Error { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0) return 0;
        while (_readyStart == _readyEnd)
        {
            if (_passThrough) return _inner.Read(buffer);
            if (_done) return 0;
            Fill();
        }
        int n = Math.Min(buffer.Length, _readyEnd - _readyStart);
        _buf.AsSpan(_readyStart, n).CopyTo(buffer);
        _readyStart += n;
        return n;
    }

    private void Fill()
    {
        _buf.AsSpan(_readyEnd, _tail).CopyTo(_buf);
        int have = _tail;
        _readyStart = _readyEnd = _tail = 0;
        int got;
        do
        {
            got = _inner.Read(_buf, have, _buf.Length - have);
            have += got;
        }
        while (got > 0 && !_started && have < 2);   // enough to see a UTF-16 byte-order mark
        var span = _buf.AsSpan(0, have);
        if (!_started)
        {
            _started = true;
            if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            {
                _passThrough = true;
                _readyEnd = have;
                return;
            }
        }
        bool end = got == 0;
        int i = 0;
        while (i < have)
        {
            int other = span[i..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (other < 0)
            {
                i = have;
                break;
            }
            i += other;
            var status = System.Text.Rune.DecodeFromUtf8(span[i..], out _, out int used);
            if (status == System.Buffers.OperationStatus.Done) i += used;
            else if (status == System.Buffers.OperationStatus.NeedMoreData && !end) break;
            else    // not UTF-8, or a character cut off by the end of the file
            {
                Fail(span, i);
                return;
            }
        }
        CountLines(span[..i]);
        _readyEnd = i;
        _tail = have - i;
        _done = end;
    }

    private void Fail(ReadOnlySpan<byte> span, int at)
    {
        CountLines(span[..at]);
        Error = new InputException(_file, _line, $"not UTF-8 text (byte 0x{span[at]:X2}); save the file as UTF-8");
        _readyEnd = at;
        _tail = 0;
        _done = true;
    }

    private void CountLines(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty) return;
        if (text.IndexOf((byte)'\r') < 0)
        {
            _line += text.Count((byte)'\n') - (_afterCr && text[0] == (byte)'\n' ? 1 : 0);
            _afterCr = false;
            return;
        }
        foreach (byte b in text)
        {
            if (b == (byte)'\n' && !_afterCr) _line++;
            else if (b == (byte)'\r') _line++;
            _afterCr = b == (byte)'\r';
        }
    }


    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
