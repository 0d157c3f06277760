using CalfMonitor.Core;
using CalfMonitor.Core.Conditioning;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Conditioning;

/// <summary>Which half-second blocks are still (the posture decisions read it, and only a still
/// block teaches the gyro's offset), and what the offset learnt does to a still board's reading.
/// ±2000 °/s, 16.4 counts per °/s, 50 Hz: 25 samples a block; the still limit
/// (<see cref="SignalConditioner.StillGyroTenthsDps"/>, 1.5 °/s) is 24 counts summed over the three axes.</summary>
public class StillBlockTests
{
    private const int RateHz = 50;
    private const int BlockSamples = RateHz * SignalConditioner.BlockMs / 1000;

    private static SignalConditioner Conditioner() => new(new SensorConfig(RateHz, 8, 2000, MountingSite.Foot));

    /// <summary>A board with a zero-rate offset of about 12, −9 and 6 °/s (200, −150 and 100 counts)
    /// lies still for a block but for one reading, ten samples in, that strays from the block's
    /// first by (dx, dy, dz) counts. The block is still when the stray sums to at most the still
    /// limit over the three axes, whichever way and on whichever axis it strays; beyond that it is
    /// movement.</summary>
    [Theory]
    [InlineData(12, 0, 0, true)]
    [InlineData(0, 12, 0, true)]
    [InlineData(0, 0, 12, true)]
    [InlineData(24, 0, 0, true)]
    [InlineData(-8, 8, -8, true)]
    [InlineData(-30, 0, 0, false)]
    [InlineData(0, -30, 0, false)]
    [InlineData(0, 0, -30, false)]
    [InlineData(0, 0, 30, false)]
    [InlineData(25, 0, 0, false)]
    [InlineData(23, 7, 7, false)]
    [InlineData(7, 23, 7, false)]
    [InlineData(7, 7, 23, false)]
    [InlineData(-20, -20, -20, false)]
    [InlineData(12, 12, 12, false)]
    public void A_block_is_still_while_its_readings_stay_within_the_still_limit_of_its_first(int dx, int dy, int dz, bool still)
    {
        Assert.Equal(24, SignalConditioner.StillGyroTenthsDps * 164 / 100);
        Assert.Equal(still, StillAfterOneStray((200, -150, 100), dx, dy, dz));
    }

    /// <summary>Whether a block is still whose readings are all <paramref name="offset"/> but the
    /// tenth, which strays from it by (dx, dy, dz) counts.</summary>
    private static bool StillAfterOneStray((int X, int Y, int Z) offset, int dx, int dy, int dz)
    {
        var c = Conditioner();
        for (int i = 0; i < BlockSamples; i++)
        {
            bool stray = i == 10;
            c.Condition(i * 1000 / RateHz, 0, 0, 4096,
                offset.X + (stray ? dx : 0), offset.Y + (stray ? dy : 0), offset.Z + (stray ? dz : 0), out _);
        }
        return c.IsStill;
    }

    /// <summary>The same on a board whose gyro reads 0 still on every axis (no offset): a stray of
    /// up to the limit summed over the axes is still, one beyond it movement, however it is spread.</summary>
    [Theory]
    [InlineData(8, 8, 8, true)]
    [InlineData(12, 12, 0, true)]
    [InlineData(-8, -8, -8, true)]
    [InlineData(12, 12, 12, false)]
    [InlineData(16, 16, 16, false)]
    [InlineData(-16, -16, -16, false)]
    [InlineData(20, 0, 5, false)]
    [InlineData(12, 7, 7, false)]
    [InlineData(7, 12, 7, false)]
    [InlineData(7, 7, 12, false)]
    public void A_block_of_a_board_with_no_offset_is_still_within_the_same_limit(int dx, int dy, int dz, bool still)
        => Assert.Equal(still, StillAfterOneStray((0, 0, 0), dx, dy, dz));

    /// <summary>A still reading up to <see cref="SignalConditioner.MaxGyroBiasDps"/> (30 °/s,
    /// 492 counts) is learnt as the offset on each axis, either way (a still board then reads about
    /// 0 °/s); one count beyond is a stuck or saturated sensor, never learnt (the board reads the
    /// reading: 17 °/s along the axis (1, 1, 1)/√3).</summary>
    [Theory]
    [InlineData(1, 492, true)]
    [InlineData(1, -492, true)]
    [InlineData(1, 493, false)]
    [InlineData(1, -493, false)]
    [InlineData(2, 492, true)]
    [InlineData(2, -492, true)]
    [InlineData(2, 493, false)]
    [InlineData(2, -493, false)]
    public void A_still_offset_of_exactly_the_largest_accepted_is_learnt_on_the_other_axes_too(int axis, int offset, bool learnt)
    {
        var c = Conditioner();
        int outputs = 0, worst = 0;
        for (int i = 0; i < 3 * RateHz; i++)
        {
            // ±1 count of noise on the two other axes; the offset's axis reads it exactly.
            int n = i % 3 - 1;
            int gx = axis == 0 ? offset : n;
            int gy = axis == 1 ? offset : axis == 0 ? n : -n;
            int gz = axis == 2 ? offset : -n;
            if (c.Condition(i * 1000 / RateHz, 0, 0, 4096, gx, gy, gz, out int rate) == SignalConditioner.NoOutput) continue;
            outputs++;
            worst = Math.Max(worst, Math.Abs(rate));
        }
        Assert.True(outputs >= 2 * RateHz, $"{outputs} outputs");
        Assert.True(c.IsStill);
        if (learnt) Assert.True(worst <= 2, $"a still board read {worst / 16.4:0.0} °/s");
        else Assert.True(worst >= 280, $"a stuck reading of {offset / 16.4:0.0} °/s read as {worst / 16.4:0.0} °/s");
    }

    /// <summary>The offset drifts with temperature: a board still for 2 s at an offset of 10 °/s on
    /// one axis, which then creeps to 12 °/s, reads about 0 °/s again 6 s later — each still block
    /// pulls the estimate a quarter of the way — on every axis.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void An_offset_that_creeps_is_followed_on_every_axis(int axis)
    {
        var c = Conditioner();
        int last = 0;
        for (int i = 0; i < 8 * RateHz; i++)
        {
            int offset = i < 2 * RateHz ? 164 : 197;
            int n = i % 3 - 1;
            int g(int a) => a == axis ? offset : a == (axis + 1) % 3 ? n : -n;
            if (c.Condition(i * 1000 / RateHz, 0, 0, 4096, g(0), g(1), g(2), out int rate) != SignalConditioner.NoOutput) last = rate;
        }
        Assert.True(c.IsStill);
        Assert.True(Math.Abs(last) <= 2, $"the still board reads {last / 16.4:0.0} °/s 6 s after the offset crept");
    }
}
