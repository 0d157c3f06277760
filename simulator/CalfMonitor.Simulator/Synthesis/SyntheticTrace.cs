using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Synthesis;

/// <summary>One synthetic sample with its ground truth.</summary>
/// <param name="Index">0-based sample number.</param>
/// <param name="TimeMs">Sample time, ms from the start.</param>
/// <param name="Truth">True on the sample at (or just after) the moment a true plantarflexion
/// cycle completes (the ankle has returned).</param>
/// <param name="SegmentIndex">0-based number of the activity segment.</param>
/// <param name="Segment">The activity segment the sample belongs to.</param>
/// <param name="SegmentStartS">When that segment started, s.</param>
public readonly record struct SynthSample(
    long Index, long TimeMs, short Ax, short Ay, short Az, short Gx, short Gy, short Gz,
    bool Truth, int SegmentIndex, ActivitySegment Segment, double SegmentStartS)
{
    public string Label => Segment.Label;
}

/// <summary>
/// A synthetic trace: scenario → segments → motion → IMU counts, streamed sample by sample.
/// Only the current segment's motion is held in memory, so traces of any length stream in
/// constant memory. Deterministic: same scenario and options → the same bytes.
/// </summary>
public sealed class SyntheticTrace
{
    /// <summary>Random stream of the mounting.</summary>
    public const long MountingStream = 1;

    /// <summary>Random stream of the sensor noise and biases.</summary>
    public const long NoiseStream = 2;

    /// <summary>First random stream of the segments' motion (segment i uses this + i).</summary>
    public const long SegmentStreamBase = 1000;

    /// <summary>Extra columns of the written trace.</summary>
    public static readonly string[] ExtraColumns = { "label", "truth" };

    private static readonly string[] Truth01 = { "0", "1" };

    public SyntheticTrace(Scenario scenario, SynthOptions options)
    {
        Scenario = scenario;
        Options = options;
        Sensor = new SensorConfig(options.RateHz, SensorConfig.DefaultAccelRangeG, SensorConfig.DefaultGyroRangeDps, options.Site);
        if (!Sensor.IsValid) throw new ArgumentException($"rate must be {SensorConfig.MinSampleRateHz}-{SensorConfig.MaxSampleRateHz} Hz");
        if (options.Minutes is <= 0) throw new ArgumentException("minutes must be positive");
        Mounting = Mounting.Random(new SynthRandom(options.Seed, MountingStream), options.AboutLimbDeg);
        Minutes = Math.Min(options.Minutes ?? scenario.DefaultMinutes, scenario.MaxMinutes ?? double.MaxValue);
    }

    /// <summary>Shortcut: the named scenario, or an exception listing the valid names.</summary>
    public static SyntheticTrace Create(string scenario, SynthOptions options) =>
        new(Scenario.Find(scenario) ?? throw new ArgumentException($"unknown scenario '{scenario}'"), options);

    public Scenario Scenario { get; }
    public SynthOptions Options { get; }
    public SensorConfig Sensor { get; }
    public Mounting Mounting { get; }

    /// <summary>Length of the trace, minutes.</summary>
    public double Minutes { get; }

    /// <summary>Number of samples the trace holds.</summary>
    public long SampleCount => (long)Math.Round(Minutes * 60 * Options.RateHz);

    public TraceHeader Header => new(Sensor.SampleRateHz, Sensor.AccelRangeG, Sensor.GyroRangeDps, Sensor.Mounting,
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"calfmon synth {Scenario.Name} seed={Options.Seed} minutes={Minutes} mounting={Mounting.AboutLimbDeg}/{Mounting.TiltXDeg}/{Mounting.TiltYDeg} (synthetic, docs/synthesis.md)"),
        ExtraColumns);

    /// <summary>The samples, generated lazily one segment at a time.</summary>
    public IEnumerable<SynthSample> Samples()
    {
        int rate = Options.RateHz;
        long limit = SampleCount;
        var imu = new ImuSynthesizer(Sensor, Mounting, new SynthRandom(Options.Seed, NoiseStream));
        (double, double)? pose = null;
        long i = 0;
        int segIndex = 0;
        double segStartS = 0;
        foreach (var seg in Scenario.Segments(Options))
        {
            if (i >= limit) yield break;
            pose ??= MotionModel.StartPose(seg.Activity);
            var motion = MotionModel.Build(seg, new SynthRandom(Options.Seed, SegmentStreamBase + segIndex), pose.Value, rate);
            var truth = motion.TruthTimes;
            truth.Sort();
            int next = 0;
            long end = Math.Min(limit, (long)Math.Round((segStartS + seg.DurationS) * rate));
            for (; i < end; i++)
            {
                double t = (double)i / rate;
                var k = motion.At(t - segStartS);
                bool isTruth = false;
                while (next < truth.Count && segStartS + truth[next] <= t + 1e-9)
                {
                    isTruth = true;
                    next++;
                }
                var c = imu.Sample(k);
                yield return new SynthSample(i, (long)Math.Round(i * 1000.0 / rate), c.Ax, c.Ay, c.Az, c.Gx, c.Gy, c.Gz,
                    isTruth, segIndex, seg, segStartS);
            }
            pose = motion.EndPose;
            segStartS += seg.DurationS;
            segIndex++;
        }
    }

    /// <summary>The samples as native trace rows, with the label and truth columns.</summary>
    public IEnumerable<TraceRow> Rows()
    {
        foreach (var s in Samples())
        {
            yield return new TraceRow(s.TimeMs, s.Ax, s.Ay, s.Az, s.Gx, s.Gy, s.Gz, new[] { s.Label, Truth01[s.Truth ? 1 : 0] });
        }
    }

    /// <summary>Writes the whole trace in the native format.</summary>
    public void Write(TextWriter output)
    {
        using var writer = new NativeTraceWriter(output, Header);
        foreach (var row in Rows()) writer.Write(row);
    }
}
