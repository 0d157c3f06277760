namespace CalfMonitor.Simulator.Synthesis;

/// <summary>
/// A small, fully specified pseudo-random generator (SplitMix64), so a synthetic trace depends
/// only on its seed, never on the runtime's <see cref="Random"/> implementation. Independent
/// streams (layout, motion of each segment, mounting, noise) are derived from the seed and a
/// stream number, so changing one part of the model does not reshuffle the others.
/// </summary>
public sealed class SynthRandom
{
    private ulong _state;

    public SynthRandom(long seed, long stream = 0)
    {
        _state = (ulong)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)stream + 0x632BE59BD9B4E019UL) * 0xBF58476D1CE4E5B9UL;
        Next();
    }

    /// <summary>Next 64 random bits (SplitMix64 step).</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Standard normal (Box–Muller, one value per call).</summary>
    public double Gaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Normal with the given spread, clipped to ±3 σ so a rare draw cannot produce an
    /// absurd stride or range.</summary>
    public double Jitter(double sigma) => sigma * Math.Clamp(Gaussian(), -3, 3);
}
