using System.Globalization;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Simulator.Input;

/// <summary>
/// Reads a gaitmap example recording (<c>imu_sample*.csv</c>, FAU), comma-separated, in one of
/// two layouts:
/// <list type="bullet">
/// <item>two sensors, TWO header rows — sensor (<c>left_sensor</c>, <c>right_sensor</c>) and axis
/// (<c>acc_x</c> … <c>gyr_z</c>); the column order differs between files (interleaved left/right
/// in <c>imu_sample.csv</c>, grouped per sensor in others), so columns are found by (sensor,
/// axis) name and <c>leg</c> picks the sensor;</item>
/// <item>one sensor, ONE header row (<c>,index,acc_x,…,gyr_z</c>: <c>imu_sample_ms_left.csv</c>
/// and <c>_right</c>, a walker with multiple sclerosis); the file's one sensor is read whatever
/// <c>leg</c> says.</item>
/// </list>
/// Each row's first cell is pandas' index: a row number in most files, time in seconds in the
/// stair files. Time in seconds gives the rate (and is checked on every row: the files have no
/// gaps); a row number does not, so the rate is <c>--rate</c>, else the one gaitmap's own loaders
/// give that file (<see cref="KnownRatesHz"/>), else <see cref="DefaultRateHz"/> with a warning.
/// A row number places its row (TimeS = number / rate, as IPOL's PacketCounter does): a jump in
/// it is missing rows, a step in time that the replay tells a gap (warned with file and line) or
/// a bridged dropout, never time compressed; it must be whole and increase.
/// Acceleration m/s² → g; gyro already °/s; with a time column, TimeS = row / rate.
/// </summary>
public sealed class GaitmapReader : ISampleSource, IDisposable
{
    /// <summary>Rate of the NilsPod sensors of most of the example recordings, Hz; assumed, with a
    /// warning, for a file whose first column is a row number and whose name is not in
    /// <see cref="KnownRatesHz"/>.</summary>
    public const double DefaultRateHz = 204.8;

    /// <summary>Rates of the example recordings whose first column is a row number, Hz, as
    /// gaitmap's own loaders (<c>gaitmap/example_data.py</c>) divide that index: the healthy
    /// 2×20 m walk at 204.8 Hz, the IC-stride walk and the MS walker's two sensors at 102.4 Hz.</summary>
    public static readonly IReadOnlyDictionary<string, double> KnownRatesHz = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["imu_sample.csv"] = 204.8,
        ["imu_sample_not_rotated.csv"] = 204.8,
        ["imu_sample_ic_stride.csv"] = 102.4,
        ["imu_sample_ms_left.csv"] = 102.4,
        ["imu_sample_ms_right.csv"] = 102.4,
    };

    /// <summary>Standard gravity, m/s² per g.</summary>
    public const double StandardGravity = 9.80665;

    /// <summary>How far a time-column cell may lie from row / rate, in samples, before the file
    /// counts as having a gap or a changed rate: half a sample, far above float rounding.</summary>
    private const double TimeToleranceSamples = 0.5;

    /// <summary>A given <c>--rate</c> that differs from the rate of the file's time column by more
    /// than this fraction is refused, not silently applied.</summary>
    private const double RateMismatchFraction = 0.005;

    /// <summary>The axis names of a gaitmap file's columns, in the order the reader uses them.</summary>
    public static readonly IReadOnlyList<string> Axes = new[] { "acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z" };

    /// <summary>True when <paramref name="firstLine"/> is the single-sensor layout's one header
    /// row as pandas writes it: an empty first cell (the unnamed index), then every axis name.</summary>
    public static bool IsSingleSensorHeader(string firstLine)
    {
        var cells = Cells(firstLine);
        return cells.Length > Axes.Count && cells[0].Length == 0 && Axes.All(a => cells.Contains(a, StringComparer.OrdinalIgnoreCase));
    }

    private readonly LineReader _lines;
    private readonly List<string> _warnings = new();
    private readonly int[] _channel = new int[6];
    private readonly int _columns;
    // Data rows read ahead by the constructor to tell a row number from a time, with their line numbers.
    private readonly Queue<(string Line, long Number)> _ahead = new();
    // Time of the first row, s, when the first column is time (NaN: a row number).
    private readonly double _firstTimeS = double.NaN;
    private long _lineNumber;
    private bool _read;

    public GaitmapReader(string path, Leg leg, double? rateHz = null)
    {
        if (rateHz != null && (!double.IsFinite(rateHz.Value) || rateHz.Value < 1 || rateHz.Value > 10_000))
        {
            throw new InputException(path, 0, $"sample rate must be from 1 to 10000 Hz, got {rateHz.Value.ToString(CultureInfo.InvariantCulture)}");
        }
        Path = path;
        Leg = leg;
        _lines = LineReader.Open(path);
        try
        {
            string? first = _lines.ReadLine();
            if (first == null) throw new InputException(path, 0, "empty file");
            string[] s = Cells(first);
            // Header names in any case (ACC_X, Right_Sensor): a benign variation.
            if (s.Contains("acc_x", StringComparer.OrdinalIgnoreCase))
            {
                SingleSensor = true;
                SensorName = "its one sensor";
                _columns = s.Length;
                for (int i = 0; i < 6; i++)
                {
                    _channel[i] = Array.FindIndex(s, 1, x => x.Equals(Axes[i], StringComparison.OrdinalIgnoreCase));
                    if (_channel[i] < 0) throw new InputException(path, 1, $"single-sensor layout (one header row with acc_x …) has no {Axes[i]} column");
                }
            }
            else
            {
                SensorName = SensorNameOf(leg);
                string? axes = _lines.ReadLine();
                if (axes == null) throw new InputException(path, 1, "header only: the second header row (axis names) and the samples are missing");
                string[] a = Cells(axes);
                if (s.Length != a.Length) throw new InputException(path, 2, $"the two header rows differ in length ({s.Length} sensor names, {a.Length} axis names)");
                _columns = s.Length;
                for (int i = 0; i < 6; i++)
                {
                    _channel[i] = -1;
                    for (int c = 1; c < _columns; c++)
                    {
                        if (s[c].Equals(SensorName, StringComparison.OrdinalIgnoreCase) && a[c].Equals(Axes[i], StringComparison.OrdinalIgnoreCase)) _channel[i] = c;
                    }
                    if (_channel[i] < 0)
                    {
                        var known = s.Skip(1).Where(x => x.Length > 0).Distinct().ToList();
                        // A first row without names said "sensors in the file: " and nothing more (the fuzzer's queue).
                        string named = known.Count > 0 ? string.Join(", ", known) : "none (line 1 names no sensor)";
                        throw new InputException(path, 2, $"no column ({SensorName}, {Axes[i]}); sensors in the file: {named}");
                    }
                }
            }
            _lineNumber = _lines.LineNumber;
            RateHz = FindRate(rateHz, out _firstTimeS);
        }
        catch
        {
            _lines.Dispose();
            throw;
        }
        string sensor = SingleSensor ? "one sensor" : SensorName;
        Info = new SourceInfo("gaitmap", RateHz, MountingSite.Foot,
            $"gaitmap {System.IO.Path.GetFileName(path)}, {sensor} (lateral foot), {RateHz.ToString(CultureInfo.InvariantCulture)} Hz", null);
    }

    public string Path { get; }
    public SourceInfo Info { get; }
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Where the row last read is, FILE:LINE.</summary>
    public string Where() => $"{Path}:{_lineNumber}";
    public Leg Leg { get; }
    public double RateHz { get; }

    /// <summary>The one-header-row layout of a single sensor (<see cref="Leg"/> does not choose it).</summary>
    public bool SingleSensor { get; }

    /// <summary><c>left_sensor</c> or <c>right_sensor</c> (two-sensor files).</summary>
    public string SensorName { get; }

    public static string SensorNameOf(Leg leg) => leg == Leg.Right ? "right_sensor" : "left_sensor";

    /// <summary>True when the file's first line is the single-sensor layout's one header row.</summary>
    public static bool IsSingleSensorFile(string path)
    {
        using var lines = LineReader.Open(path);
        string? first = lines.ReadLine();
        return first != null && Cells(first).Contains("acc_x", StringComparer.OrdinalIgnoreCase);
    }

    private static string[] Cells(string line) => line.Split(',').Select(c => c.Trim()).ToArray();

    /// <summary>The rate: from the first column when it is time in seconds (a given rate must
    /// agree), else the given rate, the file's known rate or the default (with a warning).</summary>
    private double FindRate(double? given, out double firstTimeS)
    {
        firstTimeS = double.NaN;
        for (int i = 0; i < 2; i++)
        {
            string? line = _lines.ReadLine();
            if (line == null) break;
            _ahead.Enqueue((line, _lines.LineNumber));
            if (LineReader.IsBlank(line)) break;      // ReadSamples tells a trailing blank from one inside the data
        }
        if (_ahead.Count == 2 && !LineReader.IsBlank(_ahead.Last().Line))
        {
            var (l0, n0) = _ahead.Peek();
            var (l1, n1) = _ahead.Last();
            double t0 = FirstCell(l0, n0), t1 = FirstCell(l1, n1);
            double step = t1 - t0;
            // Whole numbers a whole step apart: row numbers (a step over 1: rows already missing).
            bool rowNumber = step >= 1 && t0 == Math.Floor(t0) && t1 == Math.Floor(t1);
            if (!rowNumber)
            {
                if (!(step > 0 && step < 1))
                {
                    throw new InputException(Path, n1, $"the first column is neither a row number nor a time in seconds: {Num(t0)} then {Num(t1)}");
                }
                double fileRate = 1 / step;
                if (given != null && Math.Abs(given.Value - fileRate) > RateMismatchFraction * fileRate)
                {
                    throw new InputException(Path, 0, $"--rate {Num(given.Value)} cannot be applied: the file's first column is time in seconds, which gives {Num(Math.Round(fileRate, 3))} Hz");
                }
                firstTimeS = t0;
                return fileRate;
            }
        }
        if (given != null) return given.Value;
        if (KnownRatesHz.TryGetValue(System.IO.Path.GetFileName(Path), out double known)) return known;
        _warnings.Add($"{Path}: the first column is a row number, so the file does not give its sample rate: {Num(DefaultRateHz)} Hz assumed (the gaitmap recordings' NilsPod rate); give --rate if it differs");
        return DefaultRateHz;
    }

    private double FirstCell(string line, long number)
    {
        int comma = line.IndexOf(',');
        string cell = comma < 0 ? line : line[..comma];
        _lineNumber = number;
        return Number(cell, "the index column");
    }

    private static string Num(double x) => x.ToString(CultureInfo.InvariantCulture);

    private string? NextLine()
    {
        if (_ahead.Count > 0)
        {
            var (line, number) = _ahead.Dequeue();
            _lineNumber = number;
            return line;
        }
        string? next = _lines.ReadLine();
        _lineNumber = _lines.LineNumber;
        return next;
    }

    public IEnumerable<SourceSample> ReadSamples()
    {
        if (_read) throw new InvalidOperationException("a recording can be read once");
        _read = true;
        var v = new double[6];
        long row = 0;
        double lastIndex = double.NaN;
        string? line;
        while ((line = NextLine()) != null)
        {
            if (LineReader.IsBlank(line))
            {
                // Blank lines are tolerated only at the end of the file, any number of them.
                long blank = _lineNumber;
                if (_ahead.Count == 0 && _lines.OnlyBlankLinesFollow()) break;
                throw new InputException(Path, blank, "blank line inside the data");
            }
            string[] f = line.Split(',');
            if (f.Length != _columns) throw new InputException(Path, _lineNumber, $"expected {_columns} comma-separated columns, found {f.Length}");
            double index = Number(f[0], "the index column");
            double timeS = row / RateHz;
            if (double.IsNaN(_firstTimeS))
            {
                CheckRowNumber(index, lastIndex);
                lastIndex = index;
                timeS = index / RateHz;
            }
            else
            {
                double expected = _firstTimeS + row / RateHz;
                if (Math.Abs(index - expected) > TimeToleranceSamples / RateHz)
                {
                    throw new InputException(Path, _lineNumber, $"the time column jumps to {Num(index)} s where {Num(Math.Round(expected, 6))} s was due: gaps and rate changes are not supported in gaitmap files");
                }
            }
            for (int i = 0; i < 6; i++) v[i] = Number(f[_channel[i]], Axes[i]);
            yield return new SourceSample(row, timeS,
                v[0] / StandardGravity, v[1] / StandardGravity, v[2] / StandardGravity, v[3], v[4], v[5], null);
            row++;
        }
        if (row == 0) throw new InputException(Path, _lineNumber, "header only: the recording has no samples");
    }

    /// <summary>Largest row number accepted: far above any recording, every whole number up to
    /// it exact as a double.</summary>
    private const double MaxRowNumber = 1e15;

    /// <summary>A row number must be whole, non-negative and above the previous one (a jump is
    /// missing rows, told as a gap where it is replayed).</summary>
    private void CheckRowNumber(double index, double last)
    {
        if (index != Math.Floor(index) || index < 0 || index > MaxRowNumber)
        {
            throw new InputException(Path, _lineNumber, $"the first column holds row numbers, so it must be a whole number from 0 to 1e15, got {Num(index)}");
        }
        if (double.IsNaN(last)) return;
        if (index == last) throw new InputException(Path, _lineNumber, $"row number {Num(index)} repeats the previous row");
        if (index < last) throw new InputException(Path, _lineNumber, $"the row number goes backwards ({Num(index)} after {Num(last)})");
    }

    private double Number(string field, string name)
    {
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
        {
            throw new InputException(Path, _lineNumber, $"{name} must be a finite number, got '{NativeTraceReader.Shorten(field)}'");
        }
        return x;
    }

    public void Dispose() => _lines.Dispose();
}

/// <summary>
/// One stride of <c>stride_events_sample.csv</c>, in samples of the matching imu_sample file.
/// A stride runs from one minimum-velocity point (mid-stance) to the next, so within it the
/// toe-off <see cref="Tc"/> (terminal contact) comes BEFORE the heel strike <see cref="Ic"/>
/// (initial contact); <see cref="PreIc"/> is the previous stride's heel strike.
/// </summary>
public sealed record GaitmapStride(int Id, Leg Foot, long Start, long End, long Ic, long Tc, long? MinVel, long? PreIc, double RateHz)
{
    public double StartS => Start / RateHz;
    public double EndS => End / RateHz;
    public double IcS => Ic / RateHz;
    public double TcS => Tc / RateHz;
}

/// <summary>Reads <c>stride_events_sample.csv</c>: <c>s_id, foot, start, end, ic, tc, min_vel, pre_ic</c>;
/// the foot column (left/right) tells which sensor a row belongs to.</summary>
public static class GaitmapStrides
{
    private static readonly string[] Required = { "s_id", "foot", "start", "end", "ic", "tc" };

    public static IReadOnlyList<GaitmapStride> Read(string path, double rateHz = GaitmapReader.DefaultRateHz)
    {
        using var lines = LineReader.Open(path);
        string? header = lines.ReadLine();
        if (header == null) throw new InputException(path, 0, "empty file");
        string[] names = header.Split(',').Select(s => s.Trim()).ToArray();
        var col = new Dictionary<string, int>();
        foreach (var n in Required.Concat(new[] { "min_vel", "pre_ic" }))
        {
            int i = Array.FindIndex(names, x => x.Equals(n, StringComparison.OrdinalIgnoreCase));   // S_ID too
            if (i < 0 && Required.Contains(n)) throw new InputException(path, 1, $"header has no '{n}' column (expected {string.Join(",", Required)},min_vel,pre_ic)");
            col[n] = i;
        }
        var result = new List<GaitmapStride>();
        string? line;
        while ((line = lines.ReadLine()) != null)
        {
            if (line.Trim().Length == 0) continue;
            string[] f = line.Split(',');
            if (f.Length != names.Length) throw new InputException(path, lines.LineNumber, $"expected {names.Length} columns, found {f.Length}");
            Leg foot = f[col["foot"]].Trim().ToLowerInvariant() switch   // Right, LEFT too
            {
                "left" => Leg.Left,
                "right" => Leg.Right,
                _ => throw new InputException(path, lines.LineNumber, $"foot must be 'left' or 'right', got '{NativeTraceReader.Shorten(f[col["foot"]].Trim())}'"),
            };
            long? Sample(string name, bool required)
            {
                int i = col[name];
                string s = i < 0 ? "" : f[i].Trim();
                if (!required && (s.Length == 0 || s.Equals("nan", StringComparison.OrdinalIgnoreCase))) return null;
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d) || d < 0 || d != Math.Floor(d))
                {
                    throw new InputException(path, lines.LineNumber, $"{name} must be a whole, non-negative sample number, got '{NativeTraceReader.Shorten(s)}'");
                }
                return (long)d;
            }
            // The stride's id is a count, not a sample: told in its own words, and an id past
            // int's range is refused rather than wrapped to a negative one.
            string id = f[col["s_id"]].Trim();
            if (!double.TryParse(id, NumberStyles.Float, CultureInfo.InvariantCulture, out double sId)
                || !(sId >= 0 && sId <= int.MaxValue) || sId != Math.Floor(sId))
            {
                throw new InputException(path, lines.LineNumber, $"s_id must be a whole number from 0 to {int.MaxValue} (the stride's number), got '{NativeTraceReader.Shorten(id)}'");
            }
            var stride = new GaitmapStride((int)sId, foot,
                Sample("start", true)!.Value, Sample("end", true)!.Value, Sample("ic", true)!.Value, Sample("tc", true)!.Value,
                Sample("min_vel", false), Sample("pre_ic", false), rateHz);
            if (stride.End <= stride.Start) throw new InputException(path, lines.LineNumber, $"stride ends ({stride.End}) at or before its start ({stride.Start})");
            result.Add(stride);
        }
        if (result.Count == 0) throw new InputException(path, lines.LineNumber, "header only: no strides");
        return result;
    }
}
