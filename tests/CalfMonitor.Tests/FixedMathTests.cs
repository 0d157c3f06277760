using CalfMonitor.Core;
using Xunit;

namespace CalfMonitor.Tests;

public class FixedMathTests
{
    /// <summary>The bit-by-bit floor square root the core used before its Newton iteration: the
    /// axis normalisation must not move by one count.</summary>
    private static long BitByBitSqrt(long value)
    {
        if (value <= 0) return 0;
        long result = 0;
        long bit = 1L << 62;
        while (bit > value) bit >>= 2;
        while (bit != 0)
        {
            if (value >= result + bit)
            {
                value -= result + bit;
                result = (result >> 1) + bit;
            }
            else
            {
                result >>= 1;
            }
            bit >>= 2;
        }
        return result;
    }

    [Fact]
    public void Sqrt_is_the_floor_square_root_at_every_size()
    {
        var values = new List<long> { long.MinValue, -1, 0, 1, 2, 3, 4, 5, 8, 9, 15, 16, 17, long.MaxValue, long.MaxValue - 1 };
        for (int bits = 1; bits < 63; bits++)
        {
            long p = 1L << bits;
            values.AddRange(new[] { p - 1, p, p + 1 });
        }
        for (long r = 1; r < 3_037_000_499L; r = r * 3 / 2 + 1)
        {
            values.AddRange(new[] { r * r - 1, r * r, r * r + 1 });
        }
        var rng = new Random(11);
        for (int i = 0; i < 200_000; i++)
        {
            values.Add(rng.NextInt64() >> rng.Next(63));
        }
        foreach (long v in values)
        {
            long s = FixedMath.Sqrt(v);
            Assert.True(s == BitByBitSqrt(v), $"Sqrt({v}) = {s}, expected {BitByBitSqrt(v)}");
            if (v > 0)
            {
                Assert.True(s * s <= v && (Int128)(s + 1) * (s + 1) > v, $"Sqrt({v}) = {s} is not the floor square root");
            }
        }
    }
}
