using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Evaluation;

/// <summary>
/// A recording with every gyro reading scaled by a factor (the accelerometer as it is): the same
/// movements, made smaller and slower in the same proportion — ankle excursion and angular speed
/// both — at the same cadence. A robustness probe of <c>calfmon evaluate --gyro-scale</c>: how the
/// counts hold up for walkers who move less than the people recorded (older adults walk with
/// smaller ankle excursion and slower push-off). The truth stays what it was.
/// </summary>
public sealed class GyroScaledSource : ISampleSource, IDisposable
{
    /// <summary>Smallest and largest factor accepted: at 0.3 a walking push-off (300–600 °/s on the
    /// foot, 250–450 °/s of shank swing) already turns only as fast as a seated movement — no longer
    /// a walk to probe; at 2 a fast push-off nears the ±2000 °/s the device reads.</summary>
    public const double MinScale = 0.3, MaxScale = 2.0;

    private readonly ISampleSource _inner;

    public GyroScaledSource(ISampleSource inner, double scale)
    {
        if (!(scale >= MinScale && scale <= MaxScale)) throw new ArgumentOutOfRangeException(nameof(scale));
        _inner = inner;
        Scale = scale;
        Info = inner.Info with { Description = inner.Info.Description + $", gyro ×{scale:0.##}" };
    }

    public double Scale { get; }
    public string Path => _inner.Path;
    public SourceInfo Info { get; }
    public IReadOnlyList<string> Warnings => _inner.Warnings;

    public IEnumerable<SourceSample> ReadSamples()
    {
        double k = Scale;
        foreach (var s in _inner.ReadSamples()) yield return s with { GxDps = k * s.GxDps, GyDps = k * s.GyDps, GzDps = k * s.GzDps };
    }

    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
