using System.Globalization;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Simulator.Input;

/// <summary>
/// Reads a gaitmap example recording (<c>imu_sample*.csv</c>, FAU): comma-separated with TWO
/// header rows — sensor (<c>left_sensor</c>, <c>right_sensor</c>) and axis (<c>acc_x</c> …
/// <c>gyr_z</c>) — then one row per sample whose first cell is an index (a sample number in
/// <c>imu_sample.csv</c>, seconds in the stair files). The column order differs between files
/// (interleaved left/right in <c>imu_sample.csv</c>, grouped per sensor in others), so columns
/// are found by (sensor, axis) name. Acceleration m/s² → g; gyro already °/s.
/// TimeS = row / rate; the files have no gaps.
/// </summary>
public sealed class GaitmapReader : ISampleSource, IDisposable
{
    /// <summary>The recordings' sample rate (NilsPod sensors).</summary>
    public const double DefaultRateHz = 204.8;

    /// <summary>Standard gravity, m/s² per g.</summary>
    public const double StandardGravity = 9.80665;

    private static readonly string[] Axes = { "acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z" };

    private readonly LineReader _lines;
    private readonly List<string> _warnings = new();
    private readonly int[] _channel = new int[6];
    private readonly int _columns;
    private bool _read;

    public GaitmapReader(string path, Leg leg, double rateHz = DefaultRateHz)
    {
        if (!double.IsFinite(rateHz) || rateHz < 1 || rateHz > 10_000)
        {
            throw new InputException(path, 0, $"sample rate must be from 1 to 10000 Hz, got {rateHz.ToString(CultureInfo.InvariantCulture)}");
        }
        Path = path;
        Leg = leg;
        RateHz = rateHz;
        SensorName = SensorNameOf(leg);
        _lines = LineReader.Open(path);
        try
        {
            string? sensors = _lines.ReadLine();
            if (sensors == null) throw new InputException(path, 0, "empty file");
            string? axes = _lines.ReadLine();
            if (axes == null) throw new InputException(path, 1, "header only: the second header row (axis names) and the samples are missing");
            string[] s = Cells(sensors), a = Cells(axes);
            if (s.Contains("acc_x"))
            {
                throw new InputException(path, 1, "single-sensor layout (one header row with acc_x …): not a two-row gaitmap file; only the two-sensor imu_sample files are supported");
            }
            if (s.Length != a.Length) throw new InputException(path, 2, $"the two header rows differ in length ({s.Length} sensor names, {a.Length} axis names)");
            _columns = s.Length;
            for (int i = 0; i < 6; i++)
            {
                _channel[i] = -1;
                for (int c = 1; c < _columns; c++)
                {
                    if (s[c] == SensorName && a[c] == Axes[i]) _channel[i] = c;
                }
                if (_channel[i] < 0)
                {
                    var known = s.Skip(1).Where(x => x.Length > 0).Distinct();
                    throw new InputException(path, 2, $"no column ({SensorName}, {Axes[i]}); sensors in the file: {string.Join(", ", known)}");
                }
            }
        }
        catch
        {
            _lines.Dispose();
            throw;
        }
        Info = new SourceInfo("gaitmap", rateHz, MountingSite.Foot,
            $"gaitmap {System.IO.Path.GetFileName(path)}, {SensorName} (lateral foot), {rateHz.ToString(CultureInfo.InvariantCulture)} Hz", null);
    }

    public string Path { get; }
    public SourceInfo Info { get; }
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Where the row last read is, FILE:LINE.</summary>
    public string Where() => $"{Path}:{_lines.LineNumber}";
    public Leg Leg { get; }
    public double RateHz { get; }

    /// <summary><c>left_sensor</c> or <c>right_sensor</c>.</summary>
    public string SensorName { get; }

    public static string SensorNameOf(Leg leg) => leg == Leg.Right ? "right_sensor" : "left_sensor";

    private static string[] Cells(string line) => line.Split(',').Select(c => c.Trim()).ToArray();

    public IEnumerable<SourceSample> ReadSamples()
    {
        if (_read) throw new InvalidOperationException("a recording can be read once");
        _read = true;
        var v = new double[6];
        long row = 0;
        string? line;
        while ((line = _lines.ReadLine()) != null)
        {
            if (LineReader.IsBlank(line))
            {
                // Blank lines are tolerated only at the end of the file, any number of them.
                long blank = _lines.LineNumber;
                if (_lines.OnlyBlankLinesFollow()) break;
                throw new InputException(Path, blank, "blank line inside the data");
            }
            string[] f = line.Split(',');
            if (f.Length != _columns) throw new InputException(Path, _lines.LineNumber, $"expected {_columns} comma-separated columns, found {f.Length}");
            Number(f[0], "the index column");
            for (int i = 0; i < 6; i++) v[i] = Number(f[_channel[i]], Axes[i]);
            yield return new SourceSample(row, row / RateHz,
                v[0] / StandardGravity, v[1] / StandardGravity, v[2] / StandardGravity, v[3], v[4], v[5], null);
            row++;
        }
        if (row == 0) throw new InputException(Path, _lines.LineNumber, "header only: the recording has no samples");
    }

    private double Number(string field, string name)
    {
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
        {
            throw new InputException(Path, _lines.LineNumber, $"{name} must be a finite number, got '{NativeTraceReader.Shorten(field)}'");
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
            int i = Array.IndexOf(names, n);
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
            Leg foot = f[col["foot"]].Trim() switch
            {
                "left" => Leg.Left,
                "right" => Leg.Right,
                var x => throw new InputException(path, lines.LineNumber, $"foot must be 'left' or 'right', got '{NativeTraceReader.Shorten(x)}'"),
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
            var stride = new GaitmapStride((int)Sample("s_id", true)!.Value, foot,
                Sample("start", true)!.Value, Sample("end", true)!.Value, Sample("ic", true)!.Value, Sample("tc", true)!.Value,
                Sample("min_vel", false), Sample("pre_ic", false), rateHz);
            if (stride.End <= stride.Start) throw new InputException(path, lines.LineNumber, $"stride ends ({stride.End}) at or before its start ({stride.Start})");
            result.Add(stride);
        }
        if (result.Count == 0) throw new InputException(path, lines.LineNumber, "header only: no strides");
        return result;
    }
}
