using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Evaluation;

/// <summary>
/// A sensor mounted in another fixed orientation: every accelerometer and gyro vector of the inner
/// source is multiplied by one rotation matrix, in physical units (g, °/s), before the device
/// conversion — so the rotated trace is clipped at the MPU6050's full scale exactly as a sensor
/// strapped on that way would be.
/// </summary>
public sealed class RotatedSource : ISampleSource, IDisposable
{
    private readonly ISampleSource _inner;

    public RotatedSource(ISampleSource inner, double[,] rotation)
    {
        if (rotation.GetLength(0) != 3 || rotation.GetLength(1) != 3) throw new ArgumentException("a rotation is a 3×3 matrix", nameof(rotation));
        _inner = inner;
        Rotation = (double[,])rotation.Clone();
        Info = inner.Info with { Description = inner.Info.Description + ", rotated" };
    }

    public double[,] Rotation { get; }
    public string Path => _inner.Path;
    public SourceInfo Info { get; }
    public IReadOnlyList<string> Warnings => _inner.Warnings;

    public IEnumerable<SourceSample> ReadSamples()
    {
        var m = Rotation;
        foreach (var s in _inner.ReadSamples())
        {
            yield return s with
            {
                AxG = m[0, 0] * s.AxG + m[0, 1] * s.AyG + m[0, 2] * s.AzG,
                AyG = m[1, 0] * s.AxG + m[1, 1] * s.AyG + m[1, 2] * s.AzG,
                AzG = m[2, 0] * s.AxG + m[2, 1] * s.AyG + m[2, 2] * s.AzG,
                GxDps = m[0, 0] * s.GxDps + m[0, 1] * s.GyDps + m[0, 2] * s.GzDps,
                GyDps = m[1, 0] * s.GxDps + m[1, 1] * s.GyDps + m[1, 2] * s.GzDps,
                GzDps = m[2, 0] * s.GxDps + m[2, 1] * s.GyDps + m[2, 2] * s.GzDps,
            };
        }
    }

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    /// <summary>A uniformly distributed random rotation (unit quaternion from three uniforms, Shoemake 1992).</summary>
    public static double[,] RandomRotation(Random rng)
    {
        double u1 = rng.NextDouble(), u2 = rng.NextDouble(), u3 = rng.NextDouble();
        double a = Math.Sqrt(1 - u1), b = Math.Sqrt(u1);
        double w = a * Math.Sin(2 * Math.PI * u2), x = a * Math.Cos(2 * Math.PI * u2);
        double y = b * Math.Sin(2 * Math.PI * u3), z = b * Math.Cos(2 * Math.PI * u3);
        return new double[,]
        {
            { 1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w) },
            { 2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w) },
            { 2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y) },
        };
    }

    /// <summary>Rotation angle in degrees (for reports).</summary>
    public static double AngleDeg(double[,] m) =>
        Math.Acos(Math.Clamp((m[0, 0] + m[1, 1] + m[2, 2] - 1) / 2, -1, 1)) * 180 / Math.PI;
}
