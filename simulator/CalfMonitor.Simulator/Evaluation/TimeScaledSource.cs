using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Evaluation;

/// <summary>
/// A recording replayed K times slower (K &gt; 1) or faster (K &lt; 1): every sample's time is
/// multiplied by K and every gyro reading divided by it, so each movement keeps its excursion —
/// the ankle turns as far — and takes K times as long. A robustness probe of
/// <c>calfmon evaluate --time-scale</c>: how the counts hold up at the cadence of slower walkers
/// (the people recorded here walk at about 105–125 steps a minute; people who are frail, in pain
/// or unsteady walk more slowly), where <see cref="GyroScaledSource"/> keeps the cadence and
/// shrinks the movement.
/// The accelerometer is kept as recorded: gravity dominates it, and cycles are counted from the
/// gyro (its movement part would shrink by K²). <see cref="DeviceRun"/> puts the activation times back
/// on the recording's clock (÷ K), so the truth lines up as before.
/// <para>Lost samples: a loss the device bridges as recorded (a step of up to its gap threshold,
/// interpolated on the device's grid) is bridged here too, by linear interpolation at the
/// recording's own period — stretched K times it would become a gap that restarts the detector,
/// which is no property of a slower walk. Longer losses stay gaps, K times as long.</para>
/// </summary>
public sealed class TimeScaledSource : ISampleSource, IDisposable
{
    /// <summary>Smallest and largest factor accepted: 1 is the recording as it is; at 2 a 1.1 s
    /// walking stride takes 2.2 s, 55 steps a minute, the slowest walking of frail older adults.
    /// (Faster replays are not offered: a loss the device saw as a gap would shrink into one it
    /// bridges, and faster movement is what the running recordings measure.)</summary>
    public const double MinScale = 1.0, MaxScale = 2.0;

    private readonly ISampleSource _inner;
    private readonly double _bridgeS;

    /// <param name="bridgeMs">Longest step between two samples the device bridges (its gap
    /// threshold, <see cref="CalfMonitor.Core.CalfPumpMonitor.GapThresholdMs"/>).</param>
    public TimeScaledSource(ISampleSource inner, double scale, int bridgeMs)
    {
        if (!(scale >= MinScale && scale <= MaxScale)) throw new ArgumentOutOfRangeException(nameof(scale));
        _inner = inner;
        _bridgeS = bridgeMs / 1000.0;
        Scale = scale;
        Info = inner.Info with
        {
            RateHz = inner.Info.RateHz / scale,
            Description = inner.Info.Description + $", {scale:0.##}× as slow",
        };
    }

    public double Scale { get; }
    public string Path => _inner.Path;
    public SourceInfo Info { get; }
    public IReadOnlyList<string> Warnings => _inner.Warnings;
    public string Where() => _inner.Where();

    public IEnumerable<SourceSample> ReadSamples()
    {
        double k = Scale;
        double period = 1.0 / _inner.Info.RateHz;
        SourceSample prev = default;
        bool first = true;
        foreach (var s in _inner.ReadSamples())
        {
            double step = s.TimeS - prev.TimeS;
            if (!first && step > 1.5 * period && step <= _bridgeS + 1e-9)
            {
                // A short loss, bridged at the recording's period (see the class remarks).
                int n = (int)Math.Round(step / period);
                for (int i = 1; i < n; i++) yield return Slowed(Lerp(prev, s, (double)i / n), k);
            }
            yield return Slowed(s, k);
            prev = s;
            first = false;
        }
    }

    private static SourceSample Slowed(in SourceSample s, double k) =>
        s with { TimeS = k * s.TimeS, GxDps = s.GxDps / k, GyDps = s.GyDps / k, GzDps = s.GzDps / k };

    private static SourceSample Lerp(in SourceSample a, in SourceSample b, double f) => a with
    {
        TimeS = a.TimeS + (b.TimeS - a.TimeS) * f,
        AxG = a.AxG + (b.AxG - a.AxG) * f, AyG = a.AyG + (b.AyG - a.AyG) * f, AzG = a.AzG + (b.AzG - a.AzG) * f,
        GxDps = a.GxDps + (b.GxDps - a.GxDps) * f, GyDps = a.GyDps + (b.GyDps - a.GyDps) * f, GzDps = a.GzDps + (b.GzDps - a.GzDps) * f,
    };

    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
