using System.Globalization;
using System.Text;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Simulator.Input;

/// <summary>
/// Header of a native trace (docs/trace-format.md): what the device was configured for.
/// </summary>
public sealed record TraceHeader(
    int SampleRateHz, int AccelRangeG, int GyroRangeDps, MountingSite Mounting, string Source,
    IReadOnlyList<string> ExtraColumns)
{
    public const string Magic = "calfmon-trace 1";

    /// <summary>The optional ground-truth columns: the activity, and 0/1 per sample.</summary>
    public const string LabelColumn = "label", TruthColumn = "truth";
    public static readonly string[] Channels = { "t_ms", "ax", "ay", "az", "gx", "gy", "gz" };

    /// <summary>The extra columns readers and writers know by name (<c>seq</c>: calfmon record's
    /// sequence number); a column line may write them in any case, the header keeps them in this one.</summary>
    public static readonly string[] KnownExtraColumns = { LabelColumn, TruthColumn, "seq" };

    public SensorConfig Sensor => new(SampleRateHz, AccelRangeG, GyroRangeDps, Mounting);
}

/// <summary>One data row of a native trace: raw counts plus any extra columns.</summary>
public readonly record struct TraceRow(long TimeMs, short Ax, short Ay, short Az, short Gx, short Gy, short Gz, string[]? Extra);

/// <summary>
/// Reads the native trace format: '#'-prefixed header lines, a column line, then one row per
/// sample. Validates every field and reports problems with file and line.
/// </summary>
public sealed class NativeTraceReader : ISampleSource, IDisposable
{
    private readonly LineReader _lines;
    private readonly List<string> _warnings = new();
    private readonly string _path;
    private bool _read;

    public NativeTraceReader(string path) : this(path, LineReader.Open(path)) { }

    public NativeTraceReader(string path, LineReader lines)
    {
        _path = path;
        _lines = lines;
        Header = ReadHeader();
        Info = new SourceInfo("native", Header.SampleRateHz, Header.Mounting, Header.Source,
            Header.ExtraColumns.Contains("label") ? "label" : null);
    }

    public string Path => _path;
    public TraceHeader Header { get; }

    /// <summary>Called with each row once it is validated, before it is handed on (also when the
    /// rows are read as <see cref="ReadSamples"/>): lets a conversion see the extra columns of
    /// rows it resamples.</summary>
    public Action<TraceRow>? RowRead { get; set; }
    public SourceInfo Info { get; }
    public IReadOnlyList<string> Warnings => _warnings;

    private TraceHeader ReadHeader()
    {
        string? line = _lines.ReadLine();
        if (line == null) throw new InputException(_path, 0, "empty file");
        TraceHeaderParser.RejectOtherVersion(_path, line);
        if (!TraceHeaderParser.IsMagic(line))
        {
            throw new InputException(_path, 1, $"not a native trace: the first line must be '# {TraceHeader.Magic}' (for a dataset file give --input-format hugadb|ipol|gaitmap)");
        }
        var parser = new TraceHeaderParser(_path);
        while ((line = _lines.ReadLine()) != null)
        {
            if (parser.Feed(line, _lines.LineNumber) is { } header) return header;
        }
        throw new InputException(_path, _lines.LineNumber, "header only: no column line and no samples");
    }

    /// <summary>Smallest step in t_ms that is a gap: the core's definition
    /// (<see cref="CalfMonitor.Core.CalfPumpMonitor.GapThresholdMs"/>, three periods); shorter
    /// losses are bridged.</summary>
    public static long GapThresholdMs(int sampleRateHz) => CalfMonitor.Core.CalfPumpMonitor.GapThresholdMs(sampleRateHz);

    /// <summary>Steps whose median is compared with the header's period: enough that lost
    /// samples and clock jitter do not move the median, few enough to point near a change.</summary>
    public const int RateWindowSteps = 50;

    /// <summary>Where the row last read is, FILE:LINE.</summary>
    public string Where() => $"{_path}:{_lines.LineNumber}";

    /// <summary>The rows as stored, validated.</summary>
    /// <summary>The <c>truth</c> cell of a row (column <paramref name="truth"/> of its extras, −1:
    /// none) must be 0 or 1; the recorder applies the same rule as the reader.</summary>
    public static void CheckTruth(string path, long lineNumber, TraceRow row, int truth)
    {
        if (truth >= 0 && row.Extra![truth] is not ("0" or "1"))
        {
            throw new InputException(path, lineNumber, $"truth must be 0 or 1, got '{Shorten(row.Extra[truth])}'");
        }
    }

    public IEnumerable<TraceRow> ReadRows()
    {
        if (_read) throw new InvalidOperationException("a trace can be read once");
        _read = true;
        int columns = TraceHeader.Channels.Length + Header.ExtraColumns.Count;
        int truth = Header.ExtraColumns.ToList().IndexOf(TraceHeader.TruthColumn);
        var window = new long[RateWindowSteps];
        int inWindow = 0;
        long windowLine = 0;
        long lastTime = long.MinValue;
        long rows = 0;
        string? line;
        while ((line = _lines.ReadLine()) != null)
        {
            if (LineReader.IsBlank(line))
            {
                // Blank lines are tolerated only at the end of the file, any number of them.
                long blank = _lines.LineNumber;
                if (_lines.OnlyBlankLinesFollow()) break;
                throw new InputException(_path, blank, "blank line inside the data");
            }
            if (line[0] == '#') throw new InputException(_path, _lines.LineNumber, "header line after the data started");
            var row = ParseRow(_path, _lines.LineNumber, line, columns);
            CheckTruth(_path, _lines.LineNumber, row, truth);
            long t = row.TimeMs;
            if (lastTime != long.MinValue)
            {
                if (t == lastTime) throw new InputException(_path, _lines.LineNumber, $"time {t} ms repeats the previous row");
                if (t < lastTime) throw new InputException(_path, _lines.LineNumber, $"time goes backwards ({t} ms after {lastTime} ms)");
                if (inWindow == 0) windowLine = _lines.LineNumber;
                window[inWindow++] = t - lastTime;
                if (inWindow == RateWindowSteps)
                {
                    CheckRate(window, inWindow, windowLine);
                    inWindow = 0;
                }
            }
            lastTime = t;
            rows++;
            RowRead?.Invoke(row);
            yield return row;
        }
        if (rows == 0) throw new InputException(_path, _lines.LineNumber, "header only: the trace has no samples");
        if (inWindow >= MinRateWindowSteps) CheckRate(window, inWindow, windowLine);
    }

    /// <summary>A trace whose rows step at another rate than its header states would be replayed
    /// at the wrong speed (every count and rate wrong): the median step of a window of rows
    /// must lie within 0.75…1.5 header periods. Lost samples and jitter leave the median alone.</summary>
    private void CheckRate(long[] steps, int count, long line)
    {
        string? mismatch = RateMismatch(steps, count, Header.SampleRateHz);
        if (mismatch != null) throw new InputException(_path, line, mismatch);
    }

    /// <summary>The rule of <see cref="CheckRate"/> for a window of <paramref name="count"/> steps
    /// (sorted in place): null when their median fits the header's rate, else what is wrong. The
    /// recorder applies the same rule while recording.</summary>
    public static string? RateMismatch(long[] steps, int count, int sampleRateHz)
    {
        Array.Sort(steps, 0, count);
        long median = steps[count / 2];
        double periodMs = 1000.0 / sampleRateHz;
        if (median >= periodMs * 0.75 && median <= periodMs * 1.5) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"the rows from here on step {median} ms (about {1000.0 / median:0.#} Hz), but the header says sample_rate_hz: {sampleRateHz} ({periodMs:0.#} ms): fix the header or the rows");
    }

    /// <summary>Fewest steps a last, partial window is judged on.</summary>
    public const int MinRateWindowSteps = 10;

    public IEnumerable<SourceSample> ReadSamples()
    {
        double g = 32768.0 / Header.AccelRangeG;
        double dps = Header.Sensor.GyroCountsPer10Dps / 10.0;
        int label = Header.ExtraColumns.ToList().IndexOf("label");
        long row = 0;
        foreach (var r in ReadRows())
        {
            yield return new SourceSample(row++, r.TimeMs / 1000.0,
                r.Ax / g, r.Ay / g, r.Az / g, r.Gx / dps, r.Gy / dps, r.Gz / dps,
                label >= 0 ? r.Extra![label] : null);
        }
    }

    /// <summary>Parses one data row (not blank, not a '#' line) of <paramref name="columns"/>
    /// comma-separated fields: t_ms ≥ 0, six int16 counts, extras kept as text. Shared with
    /// <c>calfmon record</c>, which checks what arrives on the serial link with the same rules.</summary>
    /// <exception cref="InputException">Wrong column count, a value that is not a whole number,
    /// a negative time or a count outside int16.</exception>
    public static TraceRow ParseRow(string path, long lineNumber, string line, int columns)
    {
        string[] f = line.Split(',');
        if (f.Length != columns)
        {
            throw new InputException(path, lineNumber, $"expected {columns} columns, found {f.Length}");
        }
        long t = ParseTime(path, lineNumber, f[0]);
        string[]? extra = null;
        if (f.Length > TraceHeader.Channels.Length)
        {
            extra = f[TraceHeader.Channels.Length..];
            for (int i = 0; i < extra.Length; i++) extra[i] = extra[i].Trim();
        }
        return new TraceRow(t, Count(path, lineNumber, f[1], "ax"), Count(path, lineNumber, f[2], "ay"), Count(path, lineNumber, f[3], "az"),
            Count(path, lineNumber, f[4], "gx"), Count(path, lineNumber, f[5], "gy"), Count(path, lineNumber, f[6], "gz"), extra);
    }

    private static long ParseTime(string path, long lineNumber, string field)
    {
        // NumberStyles.Integer: white space around a value (", 386", "386 ") is a benign variation.
        if (!long.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out long t))
        {
            if (IsWholeNumber(field, out bool negative))
            {
                throw new InputException(path, lineNumber, negative
                    ? $"t_ms must not be negative, got {Shorten(field.Trim())}"
                    : $"t_ms = {Shorten(field.Trim())} is out of range (0…{long.MaxValue})");
            }
            throw new InputException(path, lineNumber, $"t_ms must be a whole number of milliseconds, got '{Shorten(field)}'");
        }
        if (t < 0) throw new InputException(path, lineNumber, $"t_ms must not be negative, got {t}");
        return t;
    }

    private static short Count(string path, long lineNumber, string field, string name)
    {
        if (!int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
        {
            if (IsWholeNumber(field, out _)) throw OutsideInt16(path, lineNumber, name, Shorten(field.Trim()));
            throw new InputException(path, lineNumber, $"{name} must be a whole number of counts, got '{Shorten(field)}'");
        }
        if (v < short.MinValue || v > short.MaxValue) throw OutsideInt16(path, lineNumber, name, v.ToString(CultureInfo.InvariantCulture));
        return (short)v;
    }

    private static InputException OutsideInt16(string path, long lineNumber, string name, string value) =>
        new(path, lineNumber, $"{name} = {value} is outside the int16 range of the sensor (-32768…32767)");

    /// <summary>Digits with an optional sign (and white space around): a whole number, however
    /// large, so that one too large for its type is told "out of range", not "not a number".</summary>
    internal static bool IsWholeNumber(string field, out bool negative)
    {
        var s = field.AsSpan().Trim();
        negative = s.Length > 0 && s[0] == '-';
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) s = s[1..];
        if (s.Length == 0) return false;
        foreach (char c in s) if (c is < '0' or > '9') return false;
        return true;
    }

    /// <summary>A value quoted in a message: invisible characters escaped, at most 40 characters.</summary>
    internal static string Shorten(string s) => Echo.Safe(s, 40);

    public void Dispose() => _lines.Dispose();
}

/// <summary>
/// Parses the header lines that follow the <c># calfmon-trace 1</c> line, one line at a time, so
/// that a file reader (<see cref="NativeTraceReader"/>) and a live serial capture
/// (<c>calfmon record</c>) apply the same rules.
/// </summary>
public sealed class TraceHeaderParser
{
    private readonly string _path;
    /// <summary>The keys as written; looked up without regard to case (<c>SAMPLE_RATE_HZ</c> is
    /// <c>sample_rate_hz</c>).</summary>
    private readonly Dictionary<string, (string Key, string Value, long Line)> _keys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The keys this reader knows.</summary>
    public static readonly IReadOnlyList<string> KnownKeys = new[] { "sample_rate_hz", "accel_range_g", "gyro_range_dps", "mounting", "source" };

    public TraceHeaderParser(string path) => _path = path;

    /// <summary>True for the format line: <c># calfmon-trace 1</c> in any case, with any white
    /// space around and between its words (<c>#  Calfmon-Trace  1</c>, <c>#calfmon-trace 1</c>).</summary>
    public static bool IsMagic(string line) => FormatVersion(line) == "1";

    /// <summary>The version a <c># calfmon-trace N</c> line names (read as <see cref="IsMagic"/>
    /// reads it), or null when the line is not one.</summary>
    private static string? FormatVersion(string line)
    {
        const string name = "calfmon-trace";
        string t = line.Trim();
        if (!t.StartsWith('#')) return null;
        string body = t[1..].TrimStart();
        if (!body.StartsWith(name, StringComparison.OrdinalIgnoreCase)) return null;
        string rest = body[name.Length..];
        if (rest.Length > 0 && !char.IsWhiteSpace(rest[0])) return null;
        return rest.Trim();
    }

    /// <summary>The format line of another version (<c># calfmon-trace 2</c>) is refused as such,
    /// not as an unknown format.</summary>
    /// <exception cref="InputException">The first line names a version other than 1.</exception>
    public static void RejectOtherVersion(string path, string firstLine)
    {
        string? version = FormatVersion(firstLine);
        if (version is null or "1") return;
        throw new InputException(path, 1, $"unsupported trace format version '{NativeTraceReader.Shorten(version)}': this calfmon reads version 1 ('# {TraceHeader.Magic}')");
    }

    /// <summary>Takes the next line after the format line: a '#' line adds a header key and a
    /// blank line is skipped (both return null); any other line is the column line and returns
    /// the complete header.</summary>
    /// <exception cref="InputException">A malformed or repeated key, a misspelt known key, a
    /// missing or invalid required value, or a column line that does not start with the six
    /// channels or names a column twice.</exception>
    public TraceHeader? Feed(string line, long lineNumber)
    {
        if (LineReader.IsBlank(line)) return null;
        if (line.StartsWith('#'))
        {
            string body = line[1..].Trim();
            if (body.Length == 0) return null;
            int colon = body.IndexOf(':');
            if (colon <= 0) throw new InputException(_path, lineNumber, $"header line must be '# key: value', got '{NativeTraceReader.Shorten(line)}'");
            string key = body[..colon].Trim();
            if (_keys.ContainsKey(key)) throw new InputException(_path, lineNumber, $"header key '{NativeTraceReader.Shorten(key)}' given twice");
            _keys[key] = (key, body[(colon + 1)..].Trim(), lineNumber);
            return null;
        }

        foreach (var (written, _, keyLine) in _keys.Values)
        {
            string? meant = KnownKeys.FirstOrDefault(k => !k.Equals(written, StringComparison.OrdinalIgnoreCase) && AtMostOneEditApart(Loose(k), Loose(written)));
            if (meant != null) throw new InputException(_path, keyLine, $"unknown header key '{NativeTraceReader.Shorten(written)}': did you mean '{meant}'?");
        }
        int rate = RequiredInt("sample_rate_hz", SensorConfig.MinSampleRateHz, SensorConfig.MaxSampleRateHz);
        int accel = RequiredInt("accel_range_g", 2, 16);
        if (accel is not (2 or 4 or 8 or 16)) throw new InputException(_path, _keys["accel_range_g"].Line, "accel_range_g must be 2, 4, 8 or 16");
        int gyro = RequiredInt("gyro_range_dps", 250, 2000);
        if (gyro is not (250 or 500 or 1000 or 2000)) throw new InputException(_path, _keys["gyro_range_dps"].Line, "gyro_range_dps must be 250, 500, 1000 or 2000");
        var mounting = MountingSite.Shank;
        if (_keys.TryGetValue("mounting", out var m))
        {
            mounting = m.Value.ToLowerInvariant() switch
            {
                "shank" or "shin" => MountingSite.Shank,
                "foot" => MountingSite.Foot,
                _ => throw new InputException(_path, m.Line, $"mounting must be 'shank' (or 'shin') or 'foot', got '{NativeTraceReader.Shorten(m.Value)}'"),
            };
        }
        string source = _keys.TryGetValue("source", out var s) ? s.Value : "unknown";

        // Names in any case, with white space around them (T_MS, " ax"): a benign variation.
        string[] columns = line.Split(',');
        for (int i = 0; i < TraceHeader.Channels.Length; i++)
        {
            if (i >= columns.Length || !columns[i].Trim().Equals(TraceHeader.Channels[i], StringComparison.OrdinalIgnoreCase))
            {
                throw new InputException(_path, lineNumber,
                    $"column line must start with '{string.Join(',', TraceHeader.Channels)}', got '{NativeTraceReader.Shorten(line)}'");
            }
        }
        var extra = columns.Skip(TraceHeader.Channels.Length).Select(c => c.Trim())
            .Select(c => TraceHeader.KnownExtraColumns.FirstOrDefault(k => k.Equals(c, StringComparison.OrdinalIgnoreCase)) ?? c).ToArray();
        var named = new HashSet<string>(TraceHeader.Channels, StringComparer.OrdinalIgnoreCase);
        foreach (var c in extra)
        {
            if (c.Length == 0) throw new InputException(_path, lineNumber, "empty column name");
            if (!named.Add(c)) throw new InputException(_path, lineNumber, $"column '{NativeTraceReader.Shorten(c)}' is named twice");
        }
        return new TraceHeader(rate, accel, gyro, mounting, source, extra);
    }

    /// <summary>A key without case, '-', '_' or spaces: how a misspelling of a known key is told.</summary>
    private static string Loose(string key) =>
        new string(key.Where(c => c is not ('-' or '_' or ' ')).ToArray()).ToLowerInvariant();

    /// <summary>Equal, or one letter apart: one changed, added, dropped, or two neighbours swapped.
    /// A misspelt key is refused, not ignored: "# mountng: foot" was kept as an unknown key and
    /// the trace replayed as shank without a word (the fuzzer's queue).</summary>
    private static bool AtMostOneEditApart(string a, string b)
    {
        if (a == b) return true;
        if (Math.Abs(a.Length - b.Length) > 1) return false;
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        if (a.Length == b.Length)
        {
            // changed: the rest after the one difference is equal; swapped: ab ↔ ba, then equal
            return a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1))
                || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2)));
        }
        // added or dropped: the longer one without its letter at i is the shorter one
        var (shorter, longer) = a.Length < b.Length ? (a, b) : (b, a);
        return longer.AsSpan(i + 1).SequenceEqual(shorter.AsSpan(i));
    }

    private int RequiredInt(string key, int min, int max)
    {
        if (!_keys.TryGetValue(key, out var v)) throw new InputException(_path, 0, $"header lacks '# {key}: …'");
        if (!int.TryParse(v.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
        {
            throw new InputException(_path, v.Line, $"{key} must be a whole number from {min} to {max}, got '{NativeTraceReader.Shorten(v.Value)}'");
        }
        return n;
    }
}

/// <summary>Writes the native trace format, row by row.</summary>
public sealed class NativeTraceWriter : IDisposable
{
    private readonly TextWriter _out;
    private readonly int _extra;
    private readonly StringBuilder _sb = new(96);

    public NativeTraceWriter(TextWriter output, TraceHeader header)
    {
        _out = output;
        _extra = header.ExtraColumns.Count;
        _out.Write("# " + TraceHeader.Magic + "\n");
        _out.Write($"# sample_rate_hz: {header.SampleRateHz}\n");
        _out.Write($"# accel_range_g: {header.AccelRangeG}\n");
        _out.Write($"# gyro_range_dps: {header.GyroRangeDps}\n");
        _out.Write($"# mounting: {(header.Mounting == MountingSite.Foot ? "foot" : "shank")}\n");
        _out.Write($"# source: {header.Source.Replace('\n', ' ')}\n");
        _out.Write(string.Join(',', TraceHeader.Channels.Concat(header.ExtraColumns)) + "\n");
    }

    public void Write(in TraceRow row)
    {
        int extra = row.Extra?.Length ?? 0;
        if (extra != _extra) throw new ArgumentException($"row has {extra} extra columns, header {_extra}");
        var inv = CultureInfo.InvariantCulture;
        _sb.Clear();
        _sb.Append(row.TimeMs.ToString(inv)).Append(',')
           .Append(row.Ax.ToString(inv)).Append(',').Append(row.Ay.ToString(inv)).Append(',').Append(row.Az.ToString(inv)).Append(',')
           .Append(row.Gx.ToString(inv)).Append(',').Append(row.Gy.ToString(inv)).Append(',').Append(row.Gz.ToString(inv));
        for (int i = 0; i < extra; i++)
        {
            string v = row.Extra![i];
            if (v.Contains(',') || v.Contains('\n')) throw new ArgumentException("extra column values may not contain ',' or a line end");
            _sb.Append(',').Append(v);
        }
        _sb.Append('\n');
        _out.Write(_sb);
    }

    public void Dispose() => _out.Flush();
}
