using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Simulator.Input;

/// <summary>A sample exactly as the device would hand it to the core.</summary>
/// <param name="TimeMs">Milliseconds since the recording's clock zero (the device's counter is the
/// low 32 bits of this, wrapping).</param>
/// <param name="SourceRow">0-based data row of the input file this sample came from (the nearest
/// one in time when the input was resampled).</param>
public readonly record struct DeviceSample(
    long TimeMs, short Ax, short Ay, short Az, short Gx, short Gy, short Gz, long SourceRow, string? Label);

/// <summary>
/// Converts any recording into what the device would see: resampled onto the firmware's sample
/// grid, scaled to the MPU6050 ranges the firmware configures, rounded to counts and clipped at
/// full scale — the same saturation the chip applies.
/// <para>Losses: the adapter is where a step in the source clock is told a gap or a bridged
/// dropout, with the core's definition (<see cref="CalfMonitor.Core.CalfPumpMonitor.GapThresholdMs"/>),
/// so the warnings, the counts in <see cref="Losses"/> and the core's own gap count agree.</para>
/// <para>Resampling: when the source is faster than the device, a causal second-order
/// Butterworth low-pass at 0.4 × the device rate first stands in for the MPU6050's own low-pass
/// filter (DLPF), then samples are interpolated linearly at the device's sample times. A step in
/// the source clock that the device itself would not call a gap (at most
/// <see cref="CalfMonitor.Core.CalfPumpMonitor.GapPeriods"/> device periods, 60 ms at 50 Hz: the
/// one- and two-packet losses of a wireless IMU) is bridged by the same linear interpolation, so
/// the rotation that happened in it is not silently lost from the angle. A longer step is a gap:
/// nothing is invented across it, the device timeline jumps just as it would after a dropout.</para>
/// </summary>
public sealed class DeviceSignalAdapter
{
    /// <summary>A source step longer than this many source periods, and longer than the device's
    /// own gap threshold, is a gap.</summary>
    public const double GapPeriods = 1.5;

    /// <summary>Anti-alias cut-off as a fraction of the device's sample rate (20 Hz at 50 Hz,
    /// like the MPU6050 DLPF setting the firmware uses).</summary>
    public const double AntiAliasFraction = 0.4;

    /// <summary>Gaps listed one by one in the warnings; the rest are counted.</summary>
    public const int MaxListedGaps = 50;

    private readonly SensorConfig _device;
    private readonly List<string> _gapWarnings = new();

    public DeviceSignalAdapter(SensorConfig device) => _device = device;

    /// <summary>Samples (data rows) read from the source; complete once the samples were
    /// enumerated. Resampling may leave the last rows without a device sample of their own.</summary>
    public long SourceSamples { get; private set; }

    /// <summary>Gaps (steps longer than the core's gap threshold): the device timeline jumps.</summary>
    public int Gaps { get; private set; }

    /// <summary>Steps longer than 1.5 source periods but within the gap threshold: bridged.</summary>
    public int BridgedDropouts { get; private set; }

    /// <summary>Source samples missing in the bridged dropouts.</summary>
    public long BridgedSamples { get; private set; }

    /// <summary>One warning per gap, naming file and line (the first <see cref="MaxListedGaps"/>,
    /// then one line counting the rest); complete once the samples were enumerated.</summary>
    public IReadOnlyList<string> GapWarnings
    {
        get
        {
            if (Gaps <= MaxListedGaps) return _gapWarnings;
            return _gapWarnings.Append($"{Gaps - MaxListedGaps} more gaps not listed").ToList();
        }
    }

    /// <summary>Classifies one step of the source clock (ms) between two samples.</summary>
    private void OnStep(ISampleSource source, double stepMs, double srcPeriodMs, bool gap)
    {
        long lost = Math.Max(1, (long)Math.Round(stepMs / srcPeriodMs) - 1);
        if (gap)
        {
            Gaps++;
            if (_gapWarnings.Count < MaxListedGaps)
            {
                _gapWarnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{source.Where()}: gap of {stepMs:0.#} ms in the samples (about {lost} lost, over the {CalfMonitor.Core.CalfPumpMonitor.GapThresholdMs(_device.SampleRateHz)} ms gap threshold); replayed as a gap"));
            }
        }
        else if (stepMs > GapPeriods * srcPeriodMs)
        {
            BridgedDropouts++;
            BridgedSamples += lost;
        }
    }

    public SensorConfig Device => _device;

    /// <summary>The refusal of a recording that gave no device samples, to <paramref name="verb"/>
    /// (replay, convert). The readers refuse one without samples; what is left is one too short
    /// to resample: a single sample of a 58.8 Hz HuGaDB file gives none at 50 Hz, since the
    /// device samples are interpolated between two of the source's (the fuzzer's find).</summary>
    public InputException NoSamples(ISampleSource source, string verb)
    {
        if (SourceSamples == 0) return new InputException(source.Path, 0, $"no samples to {verb}");
        string rate = source.Info.RateHz.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        return new InputException(source.Path, 0,
            $"no samples to {verb}: {SourceSamples} sample{(SourceSamples == 1 ? "" : "s")} at {rate} Hz give{(SourceSamples == 1 ? "s" : "")} none at the device's {_device.SampleRateHz} Hz " +
            "(its samples are interpolated between two of the recording's)");
    }

    /// <summary>Scales g to counts at the device's range, rounded and clipped.</summary>
    public short AccelCounts(double g) => Clip(g * _device.AccelCountsPerG);

    /// <summary>Scales °/s to counts at the device's range, rounded and clipped.</summary>
    public short GyroCounts(double dps) => Clip(dps * _device.GyroCountsPer10Dps / 10.0);

    private static short Clip(double counts)
    {
        double r = Math.Round(counts);
        if (double.IsNaN(r)) return 0;
        return (short)Math.Clamp(r, short.MinValue, short.MaxValue);
    }

    /// <summary>Converts a source's samples, streaming.</summary>
    public IEnumerable<DeviceSample> Convert(ISampleSource source)
    {
        double srcRate = source.Info.RateHz;
        if (!(srcRate >= 1 && srcRate <= 10_000))
        {
            // Below 1 Hz the interpolation between two samples would run for ages (fuzzing found
            // an IPOL file claiming 1e-26 Hz); the readers refuse such rates, this is the backstop.
            throw new InputException(source.Path, 0, $"sample rate must be from 1 to 10000 Hz, got {srcRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        int rate = _device.SampleRateHz;
        if (source is NativeTraceReader native && native.Header.SampleRateHz == rate
            && native.Header.AccelRangeG == _device.AccelRangeG && native.Header.GyroRangeDps == _device.GyroRangeDps)
        {
            // Already the device's counts: the rows go through unchanged (same result as the
            // round trip through physical units, without it: replay stays close to parse speed).
            return Counts(native);
        }
        if (Math.Abs(srcRate - rate) <= rate * 0.005) return PassThrough(source, srcRate);
        return Resample(source, srcRate);
    }

    private IEnumerable<DeviceSample> Counts(NativeTraceReader native)
    {
        long gapMs = CalfMonitor.Core.CalfPumpMonitor.GapThresholdMs(_device.SampleRateHz);
        double periodMs = 1000.0 / native.Header.SampleRateHz;
        long last = -1;
        int label = -1;
        for (int i = 0; i < native.Header.ExtraColumns.Count; i++)
        {
            if (native.Header.ExtraColumns[i] == "label") label = i;
        }
        long row = 0;
        foreach (var r in native.ReadRows())
        {
            SourceSamples++;
            long step = r.TimeMs - last;
            if (last >= 0 && step > periodMs) OnStep(native, step, periodMs, step > gapMs);
            last = r.TimeMs;
            yield return new DeviceSample(r.TimeMs, r.Ax, r.Ay, r.Az, r.Gx, r.Gy, r.Gz, row++, label >= 0 ? r.Extra![label] : null);
        }
    }

    private IEnumerable<DeviceSample> PassThrough(ISampleSource source, double srcRate)
    {
        long gapMs = CalfMonitor.Core.CalfPumpMonitor.GapThresholdMs(_device.SampleRateHz);
        double periodMs = 1000.0 / srcRate;
        long last = -1;
        foreach (var s in source.ReadSamples())
        {
            SourceSamples++;
            long t = (long)Math.Round(s.TimeS * 1000);
            long step = t - last;
            if (last >= 0 && step > periodMs) OnStep(source, step, periodMs, step > gapMs);
            last = t;
            yield return ToDevice(s, t, s.Row, s.Label);
        }
    }

    private DeviceSample ToDevice(in SourceSample s, long timeMs, long row, string? label) =>
        new(timeMs, AccelCounts(s.AxG), AccelCounts(s.AyG), AccelCounts(s.AzG),
            GyroCounts(s.GxDps), GyroCounts(s.GyDps), GyroCounts(s.GzDps), row, label);

    private IEnumerable<DeviceSample> Resample(ISampleSource source, double srcRate)
    {
        double periodMs = 1000.0 / _device.SampleRateHz;
        double srcPeriodMs = 1000.0 / srcRate;
        // In ms, with a margin for the binary fractions of source times: a step of exactly the
        // threshold is no gap, as in the core.
        double gapMs = Math.Max(GapPeriods * srcPeriodMs, CalfMonitor.Core.CalfPumpMonitor.GapThresholdMs(_device.SampleRateHz)) + 1e-6;
        bool filter = srcRate > _device.SampleRateHz * 1.05;
        var lp = new Biquad[6];
        if (filter)
        {
            for (int i = 0; i < 6; i++) lp[i] = Biquad.LowPass(srcRate, AntiAliasFraction * _device.SampleRateHz);
        }

        SourceSample prev = default;
        bool havePrev = false;
        long k = 0;               // index of the next device sample on the grid
        double t0Ms = 0;          // time of grid index 0
        foreach (var raw in source.ReadSamples())
        {
            SourceSamples++;
            var s = raw;
            if (filter)
            {
                if (!havePrev) for (int i = 0; i < 6; i++) lp[i].Prime(Channel(raw, i));
                s = s with
                {
                    AxG = lp[0].Step(s.AxG), AyG = lp[1].Step(s.AyG), AzG = lp[2].Step(s.AzG),
                    GxDps = lp[3].Step(s.GxDps), GyDps = lp[4].Step(s.GyDps), GzDps = lp[5].Step(s.GzDps),
                };
            }
            double tMs = s.TimeS * 1000;
            if (!havePrev)
            {
                t0Ms = tMs;
                k = 0;
                prev = s;
                havePrev = true;
                continue;
            }
            double stepMs = (s.TimeS - prev.TimeS) * 1000;
            bool gap = stepMs > gapMs;
            if (stepMs > srcPeriodMs) OnStep(source, stepMs, srcPeriodMs, gap);
            if (gap)
            {
                // Gap: resume on the grid at the first device time at or after this sample.
                k = (long)Math.Ceiling((tMs - t0Ms) / periodMs - 1e-9);
                if (filter) for (int i = 0; i < 6; i++) lp[i].Prime(Channel(raw, i));
                prev = s;
                continue;
            }
            double prevMs = prev.TimeS * 1000;
            double spanMs = tMs - prevMs;
            while (true)
            {
                double gridMs = t0Ms + k * periodMs;
                if (gridMs > tMs + 1e-9) break;
                double f = spanMs > 0 ? (gridMs - prevMs) / spanMs : 1;
                if (f < 0) f = 0;
                var nearest = f < 0.5 ? prev : s;
                yield return new DeviceSample((long)Math.Round(gridMs),
                    AccelCounts(Lerp(prev.AxG, s.AxG, f)), AccelCounts(Lerp(prev.AyG, s.AyG, f)), AccelCounts(Lerp(prev.AzG, s.AzG, f)),
                    GyroCounts(Lerp(prev.GxDps, s.GxDps, f)), GyroCounts(Lerp(prev.GyDps, s.GyDps, f)), GyroCounts(Lerp(prev.GzDps, s.GzDps, f)),
                    nearest.Row, nearest.Label);
                k++;
            }
            prev = s;
        }
    }

    private static double Lerp(double a, double b, double f) => a + (b - a) * f;

    private static double Channel(in SourceSample s, int i) => i switch
    {
        0 => s.AxG, 1 => s.AyG, 2 => s.AzG, 3 => s.GxDps, 4 => s.GyDps, _ => s.GzDps,
    };

    /// <summary>Second-order Butterworth low-pass (RBJ cookbook biquad, Q = 1/√2).</summary>
    private struct Biquad
    {
        private double _b0, _b1, _b2, _a1, _a2, _z1, _z2;

        public static Biquad LowPass(double fs, double fc)
        {
            double w = 2 * Math.PI * fc / fs;
            double alpha = Math.Sin(w) / (2 * Math.Sqrt(0.5));
            double cos = Math.Cos(w);
            double a0 = 1 + alpha;
            return new Biquad
            {
                _b0 = (1 - cos) / 2 / a0,
                _b1 = (1 - cos) / a0,
                _b2 = (1 - cos) / 2 / a0,
                _a1 = -2 * cos / a0,
                _a2 = (1 - alpha) / a0,
            };
        }

        /// <summary>Sets the state as if the input had always been <paramref name="x"/>.</summary>
        public void Prime(double x)
        {
            // Steady state of the transposed direct form II for a constant input x (DC gain 1).
            _z1 = x - _b0 * x;
            _z2 = _b2 * x - _a2 * x;
        }

        public double Step(double x)
        {
            double y = _b0 * x + _z1;
            _z1 = _b1 * x - _a1 * y + _z2;
            _z2 = _b2 * x - _a2 * y;
            return y;
        }
    }
}
