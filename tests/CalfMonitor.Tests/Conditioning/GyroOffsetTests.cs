using CalfMonitor.Core;
using CalfMonitor.Core.Conditioning;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Conditioning;

/// <summary>An MPU6050 reads up to ±20 °/s on each axis while it lies still (its zero-rate
/// offset); the datasets' calibrated sensors read about 0. The conditioner learns the offset from
/// its first still half-second block (docs/algorithm.md, stage 1).</summary>
public class GyroOffsetTests
{
    private const int RateHz = 50;
    private const double OffsetDps = 20;   // the MPU6050's specified worst case, on every axis
    private const double CountsPerDps = 16.4;  // ±2000 °/s full scale

    /// <summary>A board lying still from power-on: the first block is the one that teaches the
    /// offset, and its own samples are measured against it — no half-second of 35 °/s "rotation"
    /// (the offset along the default axis) reaches the detector.</summary>
    [Fact]
    public void The_first_still_block_is_measured_against_the_offset_it_taught()
    {
        var c = new SignalConditioner(new SensorConfig(RateHz, 8, 2000, MountingSite.Foot));
        int offset = (int)Math.Round(OffsetDps * CountsPerDps);
        int outputs = 0, worst = 0;
        for (int i = 0; i < 3 * RateHz; i++)
        {
            // ±1 count of noise, so the still test sees a real sensor's readings.
            int n = i % 3 - 1;
            if (c.Condition(i * 1000 / RateHz, 0, 0, 4096, offset + n, offset - n, offset + n, out int rate) == SignalConditioner.NoOutput) continue;
            outputs++;
            worst = Math.Max(worst, Math.Abs(rate));
        }
        Assert.True(outputs >= 2 * RateHz, $"{outputs} outputs");
        Assert.True(c.IsStill);
        Assert.Equal(offset * 16, c.BiasX16, 16.0 * 2);
        // Along (1, 1, 1)/√3 the offset alone would read 34.6 °/s (568 counts).
        Assert.True(worst <= 2, $"a still board read {worst / CountsPerDps:0.0} °/s");
    }
}
