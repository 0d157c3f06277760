using System.Text;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Recording;

/// <summary>What makes a capture stop.</summary>
public enum CaptureStop
{
    /// <summary>The input ended (read returned 0 bytes).</summary>
    EndOfStream,
    /// <summary>Ctrl+C, SIGTERM, or the caller's token.</summary>
    Cancelled,
    /// <summary>--duration elapsed (counted from the first trace header).</summary>
    Duration,
    /// <summary>--samples rows were written.</summary>
    Samples,
    /// <summary>Reading failed (the port went away, e.g. the cable was pulled).</summary>
    InputError,
    /// <summary>No trace header arrived within --wait.</summary>
    NoHeader,
    /// <summary>An output file could not be created or written.</summary>
    OutputError,
}

/// <summary>Limits and names for one capture.</summary>
public sealed record CaptureOptions
{
    /// <summary>The port as the user named it: used in messages and in the source header line.</summary>
    public required string PortName { get; init; }

    /// <summary>Stop after this many rows written (all segments together); null: no limit.</summary>
    public long? MaxSamples { get; init; }

    /// <summary>Stop this long after the first trace header arrived; null: no limit.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Give up when no trace header has arrived this long after the start.</summary>
    public TimeSpan HeaderWait { get; init; } = TimeSpan.FromSeconds(TraceCapture.DefaultHeaderWaitSeconds);

    /// <summary>Clock for deadlines, flushing and the "recorded at" stamp (tests may fake it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Captures a native trace from a device's record-mode output (any <see cref="Stream"/>: a serial
/// port, a pseudo-terminal, a memory stream in tests) and writes it as native trace files.
/// <list type="bullet">
/// <item>Everything before the first <c># calfmon-trace 1</c> line (boot messages, nanoFramework
/// debug text, the tail of a line the device was writing when the port opened) is skipped and
/// counted as preamble. Text glued in front of the magic on the same line counts as one preamble
/// line too.</item>
/// <item>The header is checked with the reader's rules (<see cref="TraceHeaderParser"/>); an invalid
/// header is reported and the capture waits for the next magic line.</item>
/// <item>Every row is checked with the reader's rules (<see cref="NativeTraceReader.ParseRow"/>), and
/// t_ms must increase. A row that fails (a line garbled or cut by the USB link, stray text) is
/// dropped, counted as malformed and reported: the file stays valid. Stray lines just before a
/// new magic line count as the restart's preamble instead.</item>
/// <item>A jump in <c>seq</c> means lines were lost on the link: a warning with the count; the rows
/// on both sides are kept. A step in t_ms over the gap threshold (three periods, beyond what lost
/// lines explain) is a sensor gap: a warning, like the reader gives. A row whose seq or t_ms jumps
/// is written only once the next row follows it; otherwise it was two rows joined by a loss on the
/// link, and is dropped as malformed.</item>
/// <item>A second magic line means the device started a new recording (restart, or record mode
/// toggled): the current file is closed and the capture continues in a new segment file
/// (segment 2 of <c>my.trace.csv</c> is <c>my-2.trace.csv</c>; see <see cref="SegmentPath"/>),
/// because t_ms and seq start again from 0 and one file cannot hold both.</item>
/// <item>Rows are buffered and written to the output in whole lines every
/// <see cref="FlushIntervalMs"/>, so a killed recorder leaves a file that ends on a row boundary.</item>
/// </list>
/// A file is created only when its first row arrives.
/// </summary>
public sealed class TraceCapture
{
    /// <summary>Default --wait: seconds to wait for the trace header. The firmware writes its header
    /// as soon as record mode starts, so 10 s leaves time to press the button after starting.</summary>
    public const int DefaultHeaderWaitSeconds = 10;

    /// <summary>How often buffered rows reach the file, ms: a kill loses at most this much.</summary>
    public const int FlushIntervalMs = 1000;

    /// <summary>Buffered text that forces an early write, chars: 64 K is ~30 s at 50 Hz but
    /// keeps memory bounded at any rate.</summary>
    public const int FlushThresholdChars = 64 * 1024;

    /// <summary>How long one wait for input lasts before deadlines and flushing are checked, ms.</summary>
    public const int TickMs = 100;

    /// <summary>Bytes asked for per read: a few hundred rows.</summary>
    public const int ReadBufferBytes = 4096;

    /// <summary>Warnings of one kind printed as they happen; later ones are only counted (the
    /// summary has the totals).</summary>
    public const int MaxWarningsShownPerKind = 20;

    /// <summary>The firmware's extra column holding the row sequence number.</summary>
    public const string SeqColumn = "seq";

    private enum State { Preamble, Header, Data }

    private enum WarningKind { Seq, Gap, Malformed, Header, Restart, Rate, Other }

    private readonly CaptureOptions _options;
    private readonly Func<int, (string Name, Stream Stream)> _openSegment;
    private readonly TextWriter? _log;
    private readonly CaptureSummary _summary = new();
    private readonly Dictionary<WarningKind, int> _shown = new();
    private readonly StringBuilder _line = new();
    private readonly List<(long Line, string Reason)> _pendingJunk = new();

    private State _state = State.Preamble;
    private bool _overlong;
    private bool _nul;
    private bool _afterCr;
    private long _lineNumber;
    private TraceHeaderParser? _parser;
    private TraceHeader? _header;
    private int _seqIndex = -1;
    private int _truthIndex = -1;
    private int _columns;
    private long _gapMs;
    private long _periodMs;
    private long _lastTime;
    private readonly long[] _rateSteps = new long[NativeTraceReader.RateWindowSteps];   // the reader's rate rule, per file
    private int _rateCount;
    private long _rateLine;
    private bool _rateWarned;     // once per file: replay stops at the first window that fails
    private long _firstTime;
    private long? _expectedSeq;
    private (TraceRow Row, long Seq, long Line)? _tentative;
    private bool _bootSeen;
    private Segment? _segment;
    private long _headerTimestamp = -1;
    private CaptureStop? _stop;

    /// <param name="options">Port name, stop conditions and clock.</param>
    /// <param name="openSegment">Creates output segment n (1, 2, … one per device recording) and
    /// returns its name for messages and the stream to write to; the capture disposes the stream.</param>
    /// <param name="log">Where warnings go as they happen (stderr); null: only collected.</param>
    public TraceCapture(CaptureOptions options, Func<int, (string Name, Stream Stream)> openSegment, TextWriter? log)
    {
        _options = options;
        _openSegment = openSegment;
        _log = log;
    }

    /// <summary>Segment <paramref name="segment"/> of the output <paramref name="path"/>: segment 1
    /// is the path itself, segment n inserts "-n" before the first dot of the file name
    /// (<c>my.trace.csv</c> → <c>my-2.trace.csv</c>, <c>log</c> → <c>log-2</c>).</summary>
    public static string SegmentPath(string path, int segment)
    {
        if (segment == 1) return path;
        string dir = Path.GetDirectoryName(path) ?? "";
        string name = Path.GetFileName(path);
        int dot = name.IndexOf('.', 1);
        string numbered = dot < 0 ? $"{name}-{segment}" : $"{name[..dot]}-{segment}{name[dot..]}";
        return dir.Length == 0 ? numbered : Path.Combine(dir, numbered);
    }

    /// <summary>Reads <paramref name="input"/> until a stop condition, closes the output cleanly
    /// and returns what happened. Never throws for bad input or a failing port or file: those end
    /// the capture and are described in the summary.</summary>
    public CaptureSummary Run(Stream input, CancellationToken cancel)
    {
        var time = _options.Time;
        long start = time.GetTimestamp();
        long lastFlush = start;
        var buffer = new byte[ReadBufferBytes];
        Task<int>? pending = null;
        try
        {
            while (_stop == null)
            {
                if (cancel.IsCancellationRequested) { _stop = CaptureStop.Cancelled; break; }
                pending ??= input.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None);
                bool done;
                try
                {
                    done = pending.Wait(TickMs, cancel);
                }
                catch (OperationCanceledException)
                {
                    _stop = CaptureStop.Cancelled;
                    break;
                }
                catch (AggregateException e)
                {
                    _stop = CaptureStop.InputError;
                    _summary.StopDetail = e.InnerException?.Message ?? e.Message;
                    break;
                }
                if (done)
                {
                    int n = pending.Result;
                    pending = null;
                    if (n == 0) { _stop = CaptureStop.EndOfStream; break; }
                    Consume(buffer, n);
                }

                long now = time.GetTimestamp();
                if (_segment != null && (time.GetElapsedTime(lastFlush, now).TotalMilliseconds >= FlushIntervalMs || _segment.BufferedChars >= FlushThresholdChars))
                {
                    _segment.Flush();
                    lastFlush = now;
                }
                if (_stop != null) break;
                if (_headerTimestamp < 0 && time.GetElapsedTime(start, now) >= _options.HeaderWait) _stop = CaptureStop.NoHeader;
                else if (_headerTimestamp >= 0 && _options.Duration is { } d && time.GetElapsedTime(_headerTimestamp, now) >= d) _stop = CaptureStop.Duration;
            }
            Finish();
        }
        catch (IOException e)
        {
            // Creating or writing an output file failed: keep what was written, say why.
            _stop = CaptureStop.OutputError;
            _summary.StopDetail = e.Message;
            try { _segment?.Close(); } catch (IOException) { }
            _segment = null;
        }
        catch (UnauthorizedAccessException e)
        {
            _stop = CaptureStop.OutputError;
            _summary.StopDetail = IoWords.Denied(e);
            _segment = null;
        }
        _summary.Stop = _stop ?? CaptureStop.EndOfStream;
        _summary.HeaderSeen = _headerTimestamp >= 0;
        _summary.WallClock = _headerTimestamp >= 0 ? time.GetElapsedTime(_headerTimestamp) : TimeSpan.Zero;
        return _summary;
    }

    /// <summary>Splits bytes into lines (one char per byte: the trace is ASCII; noise stays one
    /// char per byte instead of tripping a decoder) and handles each complete line. LF, CRLF and
    /// a CR alone end a line and a NUL makes its line junk, as for the file reader
    /// (<see cref="LineReader"/>): a row written here must read back as the same row.</summary>
    private void Consume(byte[] buffer, int count)
    {
        for (int i = 0; i < count && _stop == null; i++)
        {
            byte b = buffer[i];
            if (b == (byte)'\n' && _afterCr)
            {
                _afterCr = false;   // the LF of a CRLF: the CR ended the line
                continue;
            }
            _afterCr = b == (byte)'\r';
            if (b is (byte)'\n' or (byte)'\r')
            {
                _lineNumber++;
                string line = _line.ToString();
                _line.Clear();
                string? junk = _overlong ? $"line longer than {LineReader.MaxLineChars} characters" : _nul ? "contains a NUL byte" : null;
                _overlong = false;
                _nul = false;
                OnLine(line, junk);
            }
            else if (b == 0)
            {
                _nul = true;
            }
            else if (_line.Length < LineReader.MaxLineChars)
            {
                _line.Append((char)b);
            }
            else
            {
                _overlong = true;   // keep counting bytes to the line end; the line is junk
            }
        }
    }

    private static bool EndsWithMagic(string line, out bool noiseBefore)
    {
        string t = line.TrimEnd();
        noiseBefore = false;
        if (!t.EndsWith("# " + TraceHeader.Magic, StringComparison.Ordinal)) return false;
        noiseBefore = t.Length - TraceHeader.Magic.Length - 2 > 0 && t[..^(TraceHeader.Magic.Length + 2)].Trim().Length > 0;
        return true;
    }

    /// <param name="junk">Why the line is junk whatever it holds (too long, a NUL byte), or null.</param>
    private void OnLine(string line, string? junk)
    {
        if (junk == null && EndsWithMagic(line, out bool noise))
        {
            if (_state == State.Data) Restart();
            else if (_state == State.Header) Warn(WarningKind.Header, $"line {_lineNumber}: a new '# {TraceHeader.Magic}' before the header was complete; starting over");
            if (noise) _summary.PreambleLines++;
            _parser = new TraceHeaderParser(_options.PortName);
            _state = State.Header;
            return;
        }
        switch (_state)
        {
            case State.Preamble:
                _summary.PreambleLines++;
                break;
            case State.Header:
                OnHeaderLine(line, junk);
                break;
            case State.Data:
                OnDataLine(line, junk);
                break;
        }
    }

    private void OnHeaderLine(string line, string? junk)
    {
        TraceHeader? header;
        try
        {
            if (junk != null) throw new InputException(_options.PortName, _lineNumber, junk);
            header = _parser!.Feed(line, _lineNumber);
        }
        catch (InputException e)
        {
            _summary.HeaderErrors++;
            _summary.LastHeaderError = e.Message;
            Warn(WarningKind.Header, $"invalid trace header: {e.Message}; waiting for the next '# {TraceHeader.Magic}'");
            _state = State.Preamble;
            return;
        }
        if (header == null) return;

        _header = header with { Source = $"{header.Source}; recorded by calfmon record from {_options.PortName} at {_options.Time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}" };   // Gregorian, ':' whatever the culture
        _columns = TraceHeader.Channels.Length + header.ExtraColumns.Count;
        _seqIndex = header.ExtraColumns.ToList().IndexOf(SeqColumn);
        _truthIndex = header.ExtraColumns.ToList().IndexOf(TraceHeader.TruthColumn);
        if (_seqIndex < 0) Warn(WarningKind.Other, $"line {_lineNumber}: the column line has no '{SeqColumn}' column: lines lost on the link cannot be detected");
        _gapMs = NativeTraceReader.GapThresholdMs(header.SampleRateHz);
        _periodMs = 1000 / header.SampleRateHz;
        _lastTime = long.MinValue;
        _rateCount = 0;
        _rateWarned = false;
        _expectedSeq = null;
        _summary.SampleRateHz = header.SampleRateHz;
        if (_headerTimestamp < 0) _headerTimestamp = _options.Time.GetTimestamp();
        _bootSeen = false;
        _state = State.Data;
    }

    private void OnDataLine(string line, string? junk)
    {
        string? reason = null;
        TraceRow row = default;
        long seq = 0;
        if (junk != null) reason = junk;
        else if (line.Length == 0) reason = "blank line";
        else if (line[0] == '#') reason = $"'#' line inside the data: '{NativeTraceReader.Shorten(line)}'";
        else
        {
            try
            {
                row = NativeTraceReader.ParseRow(_options.PortName, _lineNumber, line, _columns);
                NativeTraceReader.CheckTruth(_options.PortName, _lineNumber, row, _truthIndex);
                if (_seqIndex >= 0 && !long.TryParse(row.Extra![_seqIndex], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seq))
                {
                    reason = $"seq must be a whole number, got '{NativeTraceReader.Shorten(row.Extra![_seqIndex])}'";
                }
                else if (_lastTime != long.MinValue && row.TimeMs <= _lastTime)
                {
                    reason = row.TimeMs == _lastTime ? $"time {row.TimeMs} ms repeats the previous row" : $"time goes backwards ({row.TimeMs} ms after {_lastTime} ms)";
                }
                else if (_seqIndex >= 0 && _expectedSeq is { } exp && seq < exp)
                {
                    reason = $"seq goes backwards ({seq} after {exp - 1})";
                }
            }
            catch (InputException e)
            {
                reason = e.Problem;
            }
        }
        if (reason != null)
        {
            // Held back: if a new magic line follows, these were the restart's boot output.
            _pendingJunk.Add((_lineNumber, reason));
            // The ESP32's ROM boot messages ("ets Jun  8 2016 00:22:57", "rst:0x1 (POWERON_RESET),
            // boot:0x13 …"): the board restarted, and record mode does not survive a restart.
            if (!_bootSeen && (line.StartsWith("ets ", StringComparison.Ordinal) || line.StartsWith("rst:", StringComparison.Ordinal)))
            {
                _bootSeen = true;
                Warn(WarningKind.Restart, $"line {_lineNumber}: the board's boot messages: it restarted, and record mode is off after a restart — hold the button 3 s again (rows go on in a new file when it sends its header)");
            }
            return;
        }

        // A row that jumps (in seq, or in time beyond a gap) is held until the next row confirms
        // it: two rows cut by a loss on the link can join into one that still has every column,
        // with a seq or a t_ms far ahead, and taken at its word it would make every later row
        // "go backwards" and be dropped. A real jump (lines lost, a sensor gap) is followed by
        // the row after it; a joined row is not.
        if (_tentative is { } held)
        {
            _tentative = null;
            if ((_seqIndex < 0 || seq == held.Seq + 1) && row.TimeMs > held.Row.TimeMs) Accept(held.Row, held.Seq, held.Line);
            else _pendingJunk.Add((held.Line, $"a jump to t_ms {held.Row.TimeMs}{(_seqIndex >= 0 ? $", seq {held.Seq}" : "")} that the next row does not follow: rows joined by a loss on the link"));
        }
        bool jump = (_seqIndex >= 0 && _expectedSeq is { } ahead && seq > ahead)
            || (_lastTime != long.MinValue && row.TimeMs - _lastTime > _gapMs);
        if (jump)
        {
            _tentative = (row, seq, _lineNumber);
            return;
        }
        Accept(row, seq, _lineNumber);
    }

    /// <summary>Writes a row that passed the checks (and, if it jumped, was confirmed).</summary>
    private void Accept(TraceRow row, long seq, long lineNumber)
    {
        ReportPendingJunk();
        long lost = 0;
        if (_seqIndex >= 0)
        {
            if (_expectedSeq is { } exp && seq > exp)
            {
                lost = seq - exp;
                _summary.LinesLost += lost;
                _summary.SeqJumps++;
                Warn(WarningKind.Seq, $"line {lineNumber}: seq jumps from {exp - 1} to {seq}: {lost} line{(lost == 1 ? "" : "s")} lost on the link (rows on both sides kept)");
            }
            _expectedSeq = seq + 1;
        }
        // Lost lines explain their own share of a step in t_ms (one period each); only what is
        // left beyond that is the sensor's gap. (The file keeps the step: replay sees a gap either way.)
        if (_lastTime != long.MinValue && row.TimeMs - _lastTime - lost * _periodMs > _gapMs)
        {
            long gap = row.TimeMs - _lastTime;
            _summary.SensorGaps++;
            _summary.SensorGapMs += gap;
            Warn(WarningKind.Gap, $"line {lineNumber}: gap of {gap} ms in the samples (sensor dropout on the device); replayed as a gap");
        }
        if (_lastTime == long.MinValue) _firstTime = row.TimeMs;
        else
        {
            if (_rateCount == 0) _rateLine = lineNumber;
            _rateSteps[_rateCount++] = row.TimeMs - _lastTime;
            if (_rateCount == _rateSteps.Length) CheckRate();
        }
        _lastTime = row.TimeMs;

        _segment ??= OpenSegment();
        _segment.Writer.Write(row);
        _segment.Rows++;
        _summary.RowsWritten++;
        if (_options.MaxSamples is { } max && _summary.RowsWritten >= max) _stop = CaptureStop.Samples;
    }

    private Segment OpenSegment()
    {
        int number = _summary.Files.Count + 1;
        var (name, stream) = _openSegment(number);
        _summary.Files.Add(name);
        return new Segment(name, stream, _header!);
    }

    /// <summary>Malformed lines held back are now known to be malformed: count and report them.</summary>
    private void ReportPendingJunk()
    {
        foreach (var (line, reason) in _pendingJunk)
        {
            _summary.MalformedLines++;
            Warn(WarningKind.Malformed, $"line {line}: malformed line dropped ({reason})");
        }
        _pendingJunk.Clear();
    }

    /// <summary>A second magic line while recording: the device started over.</summary>
    private void Restart()
    {
        AcceptHeld();
        _summary.PreambleLines += _pendingJunk.Count;
        _pendingJunk.Clear();
        _summary.Restarts++;
        string closed = _segment == null ? "no rows had arrived since the previous header" : $"{_segment.Name} closed after {_segment.Rows} rows";
        Warn(WarningKind.Restart, $"line {_lineNumber}: the device started a new recording (a second '# {TraceHeader.Magic}': restart or record mode toggled); {closed}; continuing in a new file");
        CloseSegment();
    }

    private void CloseSegment()
    {
        if (_segment != null && _rateCount >= NativeTraceReader.MinRateWindowSteps) CheckRate();
        _rateCount = 0;
        _rateWarned = false;
        if (_segment != null) _summary.SampleSpanMs += _lastTime - _firstTime;
        _segment?.Close();
        _segment = null;
    }

    /// <summary>End of capture: account for a cut last line and held-back lines, close the file.</summary>
    private void Finish()
    {
        if (_stop != CaptureStop.Samples && (_line.Length > 0 || _overlong || _nul))
        {
            if (_state == State.Data)
            {
                _pendingJunk.Add((_lineNumber + 1, "incomplete last line: the capture stopped in the middle of it"));
            }
            else if (_state == State.Preamble)
            {
                _summary.PreambleLines++;
            }
        }
        AcceptHeld();
        ReportPendingJunk();
        CloseSegment();
    }

    /// <summary>A jumping row still waiting for the row after it when its recording ends: nothing
    /// contradicts it, so it is written.</summary>
    private void AcceptHeld()
    {
        if (_tentative is not { } held) return;
        _tentative = null;
        var junk = _pendingJunk.ToList();
        _pendingJunk.Clear();
        Accept(held.Row, held.Seq, held.Line);
        _pendingJunk.AddRange(junk);
    }

    /// <summary>The reader's rule on the steps of the rows written (a window of them, or the
    /// last part of one at the end): a file whose rows step at another rate than its header says
    /// is one replay refuses, so it is said while recording, not found afterwards.</summary>
    private void CheckRate()
    {
        string? mismatch = NativeTraceReader.RateMismatch(_rateSteps, _rateCount, _header!.SampleRateHz);
        _rateCount = 0;
        if (mismatch == null || _rateWarned) return;
        _rateWarned = true;
        Warn(WarningKind.Rate, $"line {_rateLine}: {mismatch}; replay will refuse the file");
    }

    private void Warn(WarningKind kind, string text)
    {
        string message = $"{_options.PortName}: {text}";
        _summary.Warnings.Add(message);
        int shown = _shown.GetValueOrDefault(kind);
        _shown[kind] = shown + 1;
        if (shown < MaxWarningsShownPerKind) _log?.WriteLine($"calfmon: warning: {message}");
        else if (shown == MaxWarningsShownPerKind) _log?.WriteLine($"calfmon: warning: {_options.PortName}: more warnings like the last are counted in the summary but not shown");
    }

    /// <summary>One output file: rows go through <see cref="NativeTraceWriter"/> into a text buffer
    /// that reaches the stream in whole lines at each <see cref="Flush"/>.</summary>
    private sealed class Segment
    {
        private readonly Stream _stream;
        private readonly StringWriter _buffer = new() { NewLine = "\n" };
        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        public Segment(string name, Stream stream, TraceHeader header)
        {
            Name = name;
            _stream = stream;
            Writer = new NativeTraceWriter(_buffer, header);
        }

        public string Name { get; }
        public NativeTraceWriter Writer { get; }
        public long Rows { get; set; }
        public int BufferedChars => _buffer.GetStringBuilder().Length;

        public void Flush()
        {
            var sb = _buffer.GetStringBuilder();
            if (sb.Length > 0)
            {
                byte[] bytes = Utf8.GetBytes(sb.ToString());
                sb.Clear();
                _stream.Write(bytes, 0, bytes.Length);
            }
            _stream.Flush();
        }

        public void Close()
        {
            try
            {
                Flush();
            }
            finally
            {
                _stream.Dispose();
            }
        }
    }
}
