using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Evaluation;

/// <summary>
/// A recording with a constant added to each gyro axis, in the sensor's own frame (after any
/// <see cref="RotatedSource"/>): the zero-rate offset of a real MPU6050, which the datasets'
/// calibrated sensors do not have. A robustness probe of <c>calfmon evaluate --gyro-offset D</c>:
/// every axis is offset by D °/s, its sign drawn per recording (<see cref="Signs"/>), as each chip
/// has its own offset. The device learns the offset from its first still half-second
/// (docs/algorithm.md, stage 1); what the probe measures is what happens before that, and on a
/// limb that never keeps still. The truth stays what it was.
/// </summary>
public sealed class GyroOffsetSource : ISampleSource, IDisposable
{
    /// <summary>Largest offset accepted, °/s: the MPU6050 specifies its zero-rate offset at up to
    /// ±20 °/s; the conditioner treats a "still" reading beyond 30 °/s as a stuck sensor, not an
    /// offset (<c>SignalConditioner.MaxGyroBiasDps</c>), so a probe beyond that measures the fault
    /// guard, not the offset.</summary>
    public const double MaxDps = 30.0;

    private readonly ISampleSource _inner;

    public GyroOffsetSource(ISampleSource inner, double xDps, double yDps, double zDps)
    {
        if (!(Math.Abs(xDps) <= MaxDps && Math.Abs(yDps) <= MaxDps && Math.Abs(zDps) <= MaxDps)) throw new ArgumentOutOfRangeException(nameof(xDps));
        _inner = inner;
        (XDps, YDps, ZDps) = (xDps, yDps, zDps);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Info = inner.Info with { Description = inner.Info.Description + string.Format(inv, ", gyro offset {0:+0.#;-0.#;0}/{1:+0.#;-0.#;0}/{2:+0.#;-0.#;0} °/s", xDps, yDps, zDps) };
    }

    /// <summary>Offset of each sensor axis, °/s.</summary>
    public double XDps { get; }
    public double YDps { get; }
    public double ZDps { get; }
    public string Path => _inner.Path;
    public SourceInfo Info { get; }
    public IReadOnlyList<string> Warnings => _inner.Warnings;
    public string Where() => _inner.Where();

    public IEnumerable<SourceSample> ReadSamples()
    {
        foreach (var s in _inner.ReadSamples()) yield return s with { GxDps = s.GxDps + XDps, GyDps = s.GyDps + YDps, GzDps = s.GzDps + ZDps };
    }

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    /// <summary>The sign (±1) of each axis's offset for one recording: an FNV-1a hash of its file
    /// name, its description (which names the leg or sensor) and the seed, finished with MurmurHash3's
    /// mixer so that every input bit reaches the three sign bits — the same on every run and machine
    /// (string.GetHashCode is not), different from one sensor and one seed to the next.</summary>
    public static (int X, int Y, int Z) Signs(ISampleSource source, int seed)
    {
        uint h = 2166136261;
        foreach (char c in System.IO.Path.GetFileName(source.Path) + "\n" + source.Info.Description + "\n" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            h = (h ^ c) * 16777619;
        }
        h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16;
        return ((h & 1) != 0 ? -1 : 1, (h & 2) != 0 ? -1 : 1, (h & 4) != 0 ? -1 : 1);
    }

    /// <summary>The probe for one recording: every axis of <paramref name="source"/> offset by
    /// <paramref name="dps"/>, the signs those of <paramref name="chip"/> (<see cref="Signs"/>; by
    /// default the source itself) — the recording as read, so that the same chip keeps its offset
    /// when the board is rotated or the recording replayed otherwise.</summary>
    public static GyroOffsetSource For(ISampleSource source, double dps, int seed, ISampleSource? chip = null)
    {
        var (x, y, z) = Signs(chip ?? source, seed);
        return new GyroOffsetSource(source, x * dps, y * dps, z * dps);
    }
}
