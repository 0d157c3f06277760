using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Replay;

namespace CalfMonitor.Simulator.Evaluation;

/// <summary>
/// One recording replayed through the core as the device would see it (firmware rate, MPU6050
/// ranges, clipping — <see cref="ReplayRunner"/>), with the activation times put back on the
/// recording's own clock and, on request, the device's gyro trace in °/s for plots.
/// </summary>
public sealed class DeviceRun
{
    /// <summary>Activation times in seconds on the source's clock (IPOL: PacketCounter / rate).</summary>
    public required List<double> ActivationsS { get; init; }
    /// <summary>Detected cycles the rhythm and bout filters set aside (isolated, unrhythmic,
    /// recounted; those still held when the recording ends last), each at its time in seconds on
    /// the source's clock, as <see cref="ActivationsS"/>; <see cref="ReplayResult.NotCounted"/>
    /// has them on the device's.</summary>
    public required List<(double TimeS, string Reason)> NotCountedS { get; init; }
    public required ReplayResult Result { get; init; }
    /// <summary>The mounting site the device was configured for (the sensor's own, or the other under <c>--configured-site other</c>).</summary>
    public MountingSite ConfiguredSite { get; init; }
    /// <summary>Device sample times (source clock, s) and gyro in °/s after the device conversion; empty unless recorded.</summary>
    public List<double> T { get; } = new();
    public List<double> Gx { get; } = new();
    public List<double> Gy { get; } = new();
    public List<double> Gz { get; } = new();
    /// <summary>Dropouts the device would see as gaps (source clock, s): the sensor's data is
    /// missing there, so no detector can be judged on a swing that overlaps one.</summary>
    public List<TimeSpanS> Dropouts { get; } = new();

    /// <param name="site">The mounting site the device is configured for (not necessarily where the sensor was worn).</param>
    /// <param name="rotation">Optional fixed sensor rotation (see <see cref="RotatedSource"/>).</param>
    /// <param name="gyroScale">Factor on every gyro reading (see <see cref="GyroScaledSource"/>); 1: none.</param>
    /// <param name="lateStartSamples">Samples of the recording left out at its start (see <see cref="LateStartSource"/>); 0: none.</param>
    /// <param name="timeScale">How many times as slow the recording is replayed (see <see cref="TimeScaledSource"/>); 1: as recorded.
    /// Every time this run reports is on the recording's own clock all the same.</param>
    /// <param name="gyroOffsetDps">Zero-rate offset added to each sensor axis, °/s, signs per recording
    /// from <paramref name="gyroOffsetSeed"/> (see <see cref="GyroOffsetSource"/>); 0: none.</param>
    public static DeviceRun Run(ISampleSource source, MountingSite site, int deviceRateHz, double[,]? rotation, bool record, double gyroScale = 1.0, int lateStartSamples = 0, double timeScale = 1.0,
        double gyroOffsetDps = 0, int gyroOffsetSeed = 1)
    {
        ISampleSource src = lateStartSamples == 0 ? source : new LateStartSource(source, lateStartSamples);
        if (gyroScale != 1.0) src = new GyroScaledSource(src, gyroScale);
        if (timeScale != 1.0) src = new TimeScaledSource(src, timeScale, CalfMonitor.Core.CalfPumpMonitor.GapThresholdMs(deviceRateHz));
        if (rotation != null) src = new RotatedSource(src, rotation);
        // The offset is the chip's own, in the sensor's frame: after any rotation of the board.
        if (gyroOffsetDps != 0) src = GyroOffsetSource.For(src, gyroOffsetDps, gyroOffsetSeed, chip: source);
        var sensor = new SensorConfig(deviceRateHz, SensorConfig.DefaultAccelRangeG, SensorConfig.DefaultGyroRangeDps, site);
        double dpsPerCount = 10.0 / sensor.GyroCountsPer10Dps;
        long firstMs = long.MinValue, lastMs = long.MinValue;
        long gapMs = CalfMonitor.Core.CalfPumpMonitor.GapPeriods * 1000L / deviceRateHz;
        var dropouts = new List<TimeSpanS>();
        var t = new List<double>();
        var gx = new List<double>();
        var gy = new List<double>();
        var gz = new List<double>();
        var runner = new ReplayRunner
        {
            OnSample = (s, _) =>
            {
                if (firstMs == long.MinValue) firstMs = s.TimeMs;
                if (lastMs != long.MinValue && s.TimeMs - lastMs > gapMs) dropouts.Add(new TimeSpanS(lastMs / 1000.0 / timeScale, s.TimeMs / 1000.0 / timeScale));
                lastMs = s.TimeMs;
                if (record)
                {
                    t.Add(s.TimeMs / 1000.0 / timeScale);
                    gx.Add(s.Gx * dpsPerCount);
                    gy.Add(s.Gy * dpsPerCount);
                    gz.Add(s.Gz * dpsPerCount);
                }
            },
        };
        var result = runner.Run(src, site, deviceRateHz);
        double offset = firstMs / 1000.0;
        var run = new DeviceRun { Result = result, ConfiguredSite = site, ActivationsS = result.Activations.Select(a => (a.TimeS + offset) / timeScale).ToList(),
            NotCountedS = result.NotCounted.Select(c => ((c.TimeS + offset) / timeScale, c.ReasonName)).ToList() };
        run.T.AddRange(t); run.Gx.AddRange(gx); run.Gy.AddRange(gy); run.Gz.AddRange(gz);
        run.Dropouts.AddRange(dropouts);
        return run;
    }
}

/// <summary>A file (or a leg of one) left out of an evaluation, and why. <paramref name="Unreadable"/>:
/// it could not be read — a reader's error (a malformed file, a value out of range), its truth file
/// missing or malformed, a name or header that contradicts the dataset's layout — which
/// <c>evaluate --fail-on-target</c> fails on. The others are left out by design: no truth (for the
/// file or one of its feet), no segment long enough, a byte-identical copy, a sensor flagged or
/// seen as amplified.</summary>
public sealed record ExcludedInput(string File, string Reason, bool Unreadable = false);

/// <summary>A recording that was read but holds no truth to score (no annotated events of one
/// foot): left out by design, not unreadable.</summary>
public sealed class NoTruthException(string file, string problem) : Exception($"{file}: {problem}");

/// <summary>What every dataset evaluation is given.</summary>
/// <param name="DeviceRateHz">Firmware sample rate.</param>
/// <param name="Rotation">Fixed sensor rotation applied to the device's sensor, or null.</param>
/// <param name="Record">Keep the device gyro traces (for plots).</param>
/// <param name="GyroScale">Factor on every gyro reading before the device sees it (a robustness
/// probe, <see cref="GyroScaledSource"/>); 1: the recordings as they are.</param>
/// <param name="InsolePressureDir">marpino only: the upstream release's <c>EstimatedData</c> folder,
/// whose insole pressure adds a diagnostic (<see cref="InsolePressure"/>); null: none.</param>
/// <param name="LateStartSamples">Samples of every recording left out at its start (a robustness
/// probe, <see cref="LateStartSource"/>); 0: the recordings as they are.</param>
/// <param name="TimeScale">How many times as slow every recording is replayed (a robustness probe,
/// <see cref="TimeScaledSource"/>); 1: the recordings as they are.</param>
/// <param name="GyroOffsetDps">Zero-rate offset added to every gyro axis, °/s (a robustness probe,
/// <see cref="GyroOffsetSource"/>); 0: the recordings as they are.</param>
/// <param name="GyroOffsetSeed">Seed of the offsets' signs per recording.</param>
/// <param name="OtherSite">Run the device configured for the other mounting site than the one its
/// sensor was worn at (a robustness probe, <c>--configured-site other</c>): a wearer who never set
/// the mounting; false: configured for the site it was worn at.</param>
public sealed record EvaluationOptions(int DeviceRateHz = SensorConfig.DefaultSampleRateHz, double[,]? Rotation = null, bool Record = false, double GyroScale = 1.0, string? InsolePressureDir = null, int LateStartSamples = 0, double TimeScale = 1.0,
    double GyroOffsetDps = 0, int GyroOffsetSeed = 1, bool OtherSite = false)
{
    /// <summary>The site the device is configured for when its sensor is worn at <paramref name="worn"/>.</summary>
    public MountingSite Configured(MountingSite worn) => OtherSite ? SiteGuessEvaluation.Other(worn) : worn;
}
