using CalfMonitor.Core;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Plotting;

/// <summary>A stretch of samples with one ground-truth label, seconds from the first sample.</summary>
public readonly record struct LabelRun(double StartS, double EndS, string Label);

/// <summary>
/// Collects what the timeline plot needs while a replay streams past, in memory that does not
/// grow with the trace: the sagittal angular rate as a min/max envelope over time buckets (when
/// the buckets run out, neighbours merge and the bucket doubles in length, so at most
/// <see cref="MaxBuckets"/> are kept), the longest sedentary spell in each bucket, and the runs of
/// ground-truth labels (one entry per label change). Events (activations, cycles not counted,
/// alerts, pump breaks, per-minute counts) come from the <see cref="Replay.ReplayResult"/>.
/// </summary>
public sealed class TimelineCollector
{
    /// <summary>Most buckets kept: comfortably more than the pixel columns of any plot.</summary>
    public const int MaxBuckets = 4096;

    /// <summary>Initial bucket length, ms (a few samples at the firmware rate).</summary>
    public const long InitialBucketMs = 100;

    /// <summary>Gyro sensitivity at ±2000 °/s: counts per °/s.</summary>
    private const double CountsPerDps = 16.4;

    private readonly float[] _min = new float[MaxBuckets];
    private readonly float[] _max = new float[MaxBuckets];
    private readonly int[] _spell = new int[MaxBuckets];
    private readonly List<LabelRun> _labels = new();
    private double _countsPerDps = CountsPerDps;
    private long _bucketMs = InitialBucketMs;
    private int _used;
    private long _startMs;
    private bool _any;
    private string? _label;
    private double _labelStartS;
    private double _lastS;
    private int _spellStartMs;
    private readonly List<double> _spellStarts = new();
    private readonly List<double> _breakStarts = new();   // [i]: when the break that began spell i started
    /// <summary>A spell that restarts within this many seconds of the previous start is one
    /// pump break extending itself (each break activation restarts the spell), not a new spell.</summary>
    public const double SpellMergeS = 60;

    public TimelineCollector()
    {
        Array.Fill(_min, float.NaN);
        Array.Fill(_max, float.NaN);
        Array.Fill(_spell, -1);
    }

    /// <summary>Length of one bucket, ms.</summary>
    public long BucketMs => _bucketMs;

    /// <summary>Buckets in use.</summary>
    public int Buckets => _used;

    /// <summary>Time of the last sample, seconds from the first.</summary>
    public double EndS => _lastS;

    /// <summary>Whether any sample carried a ground-truth label.</summary>
    public bool HasLabels => _labels.Count > 0 || _label != null;

    /// <summary>The hook for <see cref="Replay.ReplayRunner.OnSample"/>.</summary>
    public void Observe(DeviceSample s, CalfPumpMonitor monitor)
    {
        if (!_any)
        {
            _any = true;
            _startMs = s.TimeMs;
            _countsPerDps = monitor.Sensor.GyroCountsPer10Dps / 10.0;
        }
        var c = monitor.Conditioner;
        // The conditioner's sagittal rate: bias-free gyro projected on the learned axis (Q14).
        long gx = s.Gx - c.BiasX16 / 16, gy = s.Gy - c.BiasY16 / 16, gz = s.Gz - c.BiasZ16 / 16;
        double dps = ((c.AxisX * gx + c.AxisY * gy + c.AxisZ * gz) >> 14) / _countsPerDps;
        // The spell the device reports (Live, the OnSecond events): lying / not worn excluded, as
        // the alerts count it.
        int spell = monitor.Policy.SpellSecondsAt(unchecked((int)s.TimeMs));
        long rel = s.TimeMs - _startMs;
        double t = rel / 1000.0;
        int spellStart = monitor.Sedentary.SpellStartMs;
        if (_spellStarts.Count == 0 || spellStart != _spellStartMs)
        {
            // Wrapping 32-bit clock: the start's offset from this sample gives its 64-bit time.
            double startS = (s.TimeMs + unchecked(spellStart - (int)s.TimeMs) - _startMs) / 1000.0;
            if (_spellStarts.Count > 0 && startS - _spellStarts[^1] < SpellMergeS) _spellStarts[^1] = startS;
            else
            {
                _spellStarts.Add(Math.Max(0, startS));
                _breakStarts.Add(Math.Max(0, startS));
            }
            _spellStartMs = spellStart;
        }
        long index = rel / _bucketMs;
        while (index >= MaxBuckets)
        {
            Merge();
            index = rel / _bucketMs;
        }
        int i = (int)index;
        float v = (float)dps;
        if (float.IsNaN(_min[i]) || v < _min[i]) _min[i] = v;
        if (float.IsNaN(_max[i]) || v > _max[i]) _max[i] = v;
        if (spell > _spell[i]) _spell[i] = spell;
        _used = Math.Max(_used, i + 1);

        if (s.Label != _label)
        {
            if (_label != null) AddRun(new LabelRun(_labelStartS, t, _label));
            _label = s.Label;
            _labelStartS = t;
        }
        _lastS = t;
    }

    private void AddRun(LabelRun run)
    {
        // Adjacent runs of the same label (split by an unlabelled sample) join up.
        if (_labels.Count > 0 && _labels[^1].Label == run.Label && run.StartS - _labels[^1].EndS < 1)
        {
            _labels[^1] = _labels[^1] with { EndS = run.EndS };
        }
        else _labels.Add(run);
    }

    private void Merge()
    {
        for (int j = 0; j < MaxBuckets / 2; j++)
        {
            _min[j] = MinNaN(_min[2 * j], _min[2 * j + 1]);
            _max[j] = MaxNaN(_max[2 * j], _max[2 * j + 1]);
            _spell[j] = Math.Max(_spell[2 * j], _spell[2 * j + 1]);
        }
        Array.Fill(_min, float.NaN, MaxBuckets / 2, MaxBuckets / 2);
        Array.Fill(_max, float.NaN, MaxBuckets / 2, MaxBuckets / 2);
        Array.Fill(_spell, -1, MaxBuckets / 2, MaxBuckets / 2);
        _used = (_used + 1) / 2;
        _bucketMs *= 2;
    }

    private static float MinNaN(float a, float b) => float.IsNaN(a) ? b : float.IsNaN(b) ? a : Math.Min(a, b);
    private static float MaxNaN(float a, float b) => float.IsNaN(a) ? b : float.IsNaN(b) ? a : Math.Max(a, b);

    /// <summary>Sedentary spells as (start, end) seconds: each runs from the start of the trace or
    /// the end of a pump break to the next break, the last one to the end of the trace.</summary>
    public List<(double StartS, double EndS)> Spells()
    {
        var list = new List<(double, double)>();
        for (int i = 0; i < _spellStarts.Count; i++)
        {
            double end = i + 1 < _spellStarts.Count ? _breakStarts[i + 1] : _lastS;
            list.Add((_spellStarts[i], end));
        }
        return list;
    }

    /// <summary>The label runs so far, the open one closed at the last sample.</summary>
    public IReadOnlyList<LabelRun> LabelRuns()
    {
        var list = new List<LabelRun>(_labels);
        if (_label != null)
        {
            var open = new LabelRun(_labelStartS, _lastS, _label);
            if (list.Count > 0 && list[^1].Label == open.Label && open.StartS - list[^1].EndS < 1) list[^1] = list[^1] with { EndS = open.EndS };
            else list.Add(open);
        }
        return list;
    }

    /// <summary>
    /// The envelope re-binned to <paramref name="columns"/> columns over [0, <paramref name="spanS"/>]:
    /// per column the start time (s), the minimum and maximum rate (°/s, NaN where no sample fell)
    /// and the longest spell (s, −1 where none).
    /// </summary>
    public (double[] T, double[] Min, double[] Max, double[] SpellS) Columns(int columns, double spanS)
    {
        var t = new double[columns];
        var mn = new double[columns];
        var mx = new double[columns];
        var sp = new double[columns];
        Array.Fill(mn, double.NaN);
        Array.Fill(mx, double.NaN);
        Array.Fill(sp, -1);
        double colS = spanS / columns;
        for (int c = 0; c < columns; c++) t[c] = c * colS;
        for (int b = 0; b < _used; b++)
        {
            if (float.IsNaN(_min[b])) continue;
            double bs = b * _bucketMs / 1000.0;
            int c = Math.Clamp((int)(bs / colS), 0, columns - 1);
            mn[c] = double.IsNaN(mn[c]) ? _min[b] : Math.Min(mn[c], _min[b]);
            mx[c] = double.IsNaN(mx[c]) ? _max[b] : Math.Max(mx[c], _max[b]);
            sp[c] = Math.Max(sp[c], _spell[b]);
        }
        return (t, mn, mx, sp);
    }
}
