using CalfMonitor.Core;
using CalfMonitor.Core.Conditioning;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Conditioning;

/// <summary>The conditioner's bounds taken at their exact value: gyro readings fed in counts
/// (±2000 °/s, 16.4 counts per °/s, 50 Hz: 25 samples a block, five 100 ms windows of 5) so that
/// an offset, a block's energy or the share of it along the axis lands on the bound itself.</summary>
public class ConditionerExactBoundaryTests
{
    private const int RateHz = 50;
    private const int SamplesPerWindow = RateHz * SignalConditioner.AxisWindowMs / 1000;

    private static SignalConditioner Conditioner() => new(new SensorConfig(RateHz, 8, 2000, MountingSite.Foot));

    /// <summary>Feeds one moving block whose five windows have the means given per axis, in the
    /// units the covariance squares (16 counts, <see cref="SignalConditioner.CovarianceInputShift"/>):
    /// a window of value v reads 16v + 8 counts on average (the middle of its unit), its first two
    /// samples 30 counts below and above that, so no block is still (no offset is learnt: the
    /// covariance sees the readings as they are). Returns what the block's last sample returned.</summary>
    private static int MovingBlock(SignalConditioner c, ref int timeMs, int[] x, int[] y, int[] z)
    {
        int[] spread = { -30, 30, 0, 0, 0 };
        int result = SignalConditioner.NoOutput;
        for (int w = 0; w < SignalConditioner.AxisWindowsPerBlock; w++)
        {
            for (int s = 0; s < SamplesPerWindow; s++)
            {
                result = c.Condition(timeMs, 0, 0, 4096,
                    16 * x[w] + 8 + spread[s], 16 * y[w] + 8 + spread[s], 16 * z[w] + 8 + spread[s], out _);
                timeMs += 1000 / RateHz;
            }
        }
        return result;
    }

    private static readonly int[] None = { 0, 0, 0, 0, 0 };

    /// <summary>The smallest block energy that may teach the axis (<see cref="SignalConditioner.MinAxisMotionDps"/>,
    /// 4 °/s rms: 65 counts, 4 units), summed over the five windows.</summary>
    private const int MinAxisEnergy = 4 * 4 * 5;

    /// <summary>A block teaches the axis when its rotation reaches
    /// <see cref="SignalConditioner.MinAxisMotionDps"/> rms: a block about board X of exactly that
    /// energy does (the axis, (1, 1, 1)/√3 until then, turns to X at once); one just under it —
    /// the nearest energy below, 79 — teaches nothing.</summary>
    [Theory]
    [InlineData(new[] { 4, 4, 4, 4, 4 }, true)]
    [InlineData(new[] { 5, 5, 5, 2, 0 }, false)]
    public void A_block_turning_at_exactly_the_smallest_rms_rate_teaches_the_axis(int[] x, bool teaches)
    {
        Assert.Equal(MinAxisEnergy,
            ((SignalConditioner.MinAxisMotionDps * 164 / 10) >> SignalConditioner.CovarianceInputShift)
            * ((SignalConditioner.MinAxisMotionDps * 164 / 10) >> SignalConditioner.CovarianceInputShift)
            * SignalConditioner.AxisWindowsPerBlock);
        Assert.Equal(teaches ? MinAxisEnergy : MinAxisEnergy - 1, x.Sum(v => v * v));
        var c = Conditioner();
        int t = 0;
        MovingBlock(c, ref t, x, None, None);
        if (teaches) Assert.Equal((SignalConditioner.UnitQ14, 0, 0), (c.AxisX, c.AxisY, c.AxisZ));
        else Assert.Equal((9459, 9459, 9459), (c.AxisX, c.AxisY, c.AxisZ));
    }

    /// <summary>The axis is found afresh when it holds less than a third of the movement's energy
    /// (the covariance's trace). After a block about board X (energy 320: the block-averaged
    /// covariance, which weighs each block 1/8, holds 40 along X), a block with energy 32 about X
    /// (40 + (32 − 40) / 8 → 39) and 625 about Y (625 / 8 → 78) leaves X exactly a third of the
    /// trace, 39 of 117: the axis is kept and no new axis is reported. With 634 about Y (→ 79) it
    /// holds less, and the axis is found afresh about Y and reported so.</summary>
    [Theory]
    [InlineData(new[] { 0, 0, 25, 0, 0 }, false)]
    [InlineData(new[] { 0, 0, 25, 3, 0 }, true)]
    public void An_axis_that_keeps_exactly_a_third_of_the_motion_is_kept(int[] y, bool foundAfresh)
    {
        var c = Conditioner();
        int t = 0;
        MovingBlock(c, ref t, new[] { 8, 8, 8, 8, 8 }, None, None);
        Assert.Equal((SignalConditioner.UnitQ14, 0, 0), (c.AxisX, c.AxisY, c.AxisZ));
        int result = MovingBlock(c, ref t, new[] { 4, 4, 0, 0, 0 }, y, None);
        int alongX = 40 + ((32 - 40) >> SignalConditioner.CovarianceUpdateShift);
        int alongY = y.Sum(v => v * v) >> SignalConditioner.CovarianceUpdateShift;
        Assert.Equal(foundAfresh ? 3 * alongX + 1 : 3 * alongX, alongX + alongY);
        if (foundAfresh)
        {
            Assert.Equal(SignalConditioner.OutputNewAxis, result);
            Assert.Equal((0, SignalConditioner.UnitQ14, 0), (c.AxisX, c.AxisY, c.AxisZ));
        }
        else
        {
            Assert.Equal(SignalConditioner.Output, result);
            Assert.Equal((SignalConditioner.UnitQ14, 0, 0), (c.AxisX, c.AxisY, c.AxisZ));
        }
    }

    /// <summary>An axis found afresh starts from the most energetic board axis. A first movement
    /// that turns the board about two of its axes in turns, with exactly the same energy about
    /// each (64, in two windows), is learnt about the first of the two in X, Y, Z order — the same
    /// movement always gives the same axis.</summary>
    [Theory]
    [InlineData("XY", 'X')]
    [InlineData("XZ", 'X')]
    [InlineData("YZ", 'Y')]
    public void A_first_movement_shared_equally_by_two_board_axes_is_learnt_about_the_first(string axes, char learnt)
    {
        int[] first = { 8, 0, 0, 0, 0 }, second = { 0, 8, 0, 0, 0 };
        int[] Of(char a) => axes[0] == a ? first : axes[1] == a ? second : None;
        var c = Conditioner();
        int t = 0;
        MovingBlock(c, ref t, Of('X'), Of('Y'), Of('Z'));
        int q = SignalConditioner.UnitQ14;
        var expected = learnt == 'X' ? (q, 0, 0) : (0, q, 0);
        Assert.Equal(expected, (c.AxisX, c.AxisY, c.AxisZ));
    }

    /// <summary>A still reading up to <see cref="SignalConditioner.MaxGyroBiasDps"/> (30 °/s,
    /// 492 counts at ±2000 °/s) is learnt as the gyro's offset, and the still board then reads
    /// about 0 °/s; one count beyond it, either way, is a stuck or saturated sensor, never learnt,
    /// and the board reads the reading (along the axis (1, 1, 1)/√3: 17 °/s).</summary>
    [Theory]
    [InlineData(492, true)]
    [InlineData(493, false)]
    [InlineData(-492, true)]
    [InlineData(-493, false)]
    public void A_still_offset_of_exactly_the_largest_accepted_is_learnt(int offsetX, bool learnt)
    {
        Assert.Equal(492 * 16, SignalConditioner.MaxGyroBiasDps * 164 * 16 / 10);
        var c = Conditioner();
        int outputs = 0, worst = 0;
        for (int i = 0; i < 3 * RateHz; i++)
        {
            // ±1 count of noise on Y and Z (the still test sees a real sensor's readings); X,
            // whose first reading in each block stands for the block, reads the offset exactly.
            int n = i % 3 - 1;
            if (c.Condition(i * 1000 / RateHz, 0, 0, 4096, offsetX, n, -n, out int rate) == SignalConditioner.NoOutput) continue;
            outputs++;
            worst = Math.Max(worst, Math.Abs(rate));
        }
        Assert.True(outputs >= 2 * RateHz, $"{outputs} outputs");
        Assert.True(c.IsStill);
        if (learnt) Assert.True(worst <= 2, $"a still board read {worst / 16.4:0.0} °/s");
        else Assert.True(worst >= 280, $"a stuck reading of {offsetX / 16.4:0.0} °/s read as {worst / 16.4:0.0} °/s");
    }

    /// <summary>Draining the look-ahead line (before a gap or a sensor fault) gives every sample
    /// it holds the rate the sample would have left with: the bias of its own block, although a
    /// still block that has just ended moved the estimate. Here the offset creeps by 1 °/s on each
    /// axis between the first still block and the next (a chip warming up), and the line, ten
    /// samples into the third block, holds the second block's last fifteen samples first.</summary>
    [Fact]
    public void Draining_the_line_gives_each_sample_the_rate_it_would_have_left_with()
    {
        var left = Conditioner();
        var drained = Conditioner();
        int i = 0;
        int Reading() => (i < 25 ? 328 : 344) + i % 3 - 1;   // 20 °/s, then 21 °/s, ±1 count
        for (; i < 2 * 25 + 10; i++)
        {
            int r = Reading();
            left.Condition(i * 20, 0, 0, 4096, r, r, r, out _);
            drained.Condition(i * 20, 0, 0, 4096, r, r, r, out _);
        }
        Assert.True(left.IsStill);
        Assert.NotEqual(0, left.BiasX16);
        Assert.Equal(25, drained.Pending);
        var leaving = new List<(int TimeMs, int Rate)>();
        for (; leaving.Count < 25; i++)
        {
            int r = Reading();
            if (left.Condition(i * 20, 0, 0, 4096, r, r, r, out int rate) != SignalConditioner.NoOutput)
                leaving.Add((left.OutputTimeMs, rate));
        }
        var fromDrain = new List<(int TimeMs, int Rate)>();
        while (drained.Pending > 0)
        {
            int rate = drained.Drain();
            fromDrain.Add((drained.OutputTimeMs, rate));
        }
        Assert.Equal(leaving, fromDrain);
        // The second block's samples read the creep against the first block's offset (about
        // 1 °/s on each axis, 28 counts along (1, 1, 1)/√3, give or take the noise), not against
        // the estimate it has since moved a quarter of the way.
        Assert.InRange(fromDrain[0].Rate, 26, 34);
    }
}
