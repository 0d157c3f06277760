using CalfMonitor.Core;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Sensing;
using Xunit;
using static CalfMonitor.Tests.Detection.DetectorSteering;

namespace CalfMonitor.Tests.Detection;

/// <summary>The extreme's expiry (<see cref="PlantarflexionDetector.MaxHalfCycleMs"/>): a turn held
/// longer than a half-cycle is forgotten, so a posture change and the slow decay of the angle after
/// it never pair up into a cycle, unless the angle is leaving it at that update. Rates fed in gyro
/// counts (16.4 a °/s at ±2000 °/s), 50 updates a second: a degree is 820 detector units.</summary>
public class ExtremeExpiryTests
{
    /// <summary>Updates from an extreme to its expiry: the first update more than 3 s after it.</summary>
    private const int Life = PlantarflexionDetector.MaxHalfCycleMs * RateHz / 1000 + 1;

    /// <summary>A shank turned forward by 3° and then held still (a shift in the chair) is no
    /// seated raise: the high-passed angle falls back towards zero while the shank rests, by more
    /// than the hysteresis (2°) within 6 s, but the top is forgotten 3 s after it, when the angle
    /// has fallen only 1.3°. Whether the top is reached after <paramref name="riseUpdates"/>
    /// updates, or at the very update of a range decay (the 50th), no activation in 10 s held.</summary>
    [Theory]
    [InlineData(10)]
    [InlineData(RateHz)]
    public void A_shank_turned_forward_and_held_still_is_no_seated_raise(int riseUpdates)
    {
        var d = Detector(MountingSite.Shank);
        Assert.Equal(0, SteerIn(d, 3 * Deg, riseUpdates));
        int top = d.Angle;
        int counted = 0;
        for (int i = 0; i < 10 * RateHz; i++)
            if (d.Update(0)) counted++;
        Assert.True(top - d.Angle > d.HysteresisUnits, $"the angle fell only {top - d.Angle} from the top");
        Assert.Equal(0, counted);
    }

    /// <summary>The peak's side of <see cref="ExactBoundaryTests.A_rest_left_at_exactly_the_still_rate_as_it_expires_is_the_turn_the_movement_leaves"/>:
    /// the shank raised 4° and held there for a half-cycle's life, then lowered at exactly 30 °/s
    /// (<see cref="PlantarflexionDetector.FootQuietDps"/>, 492 counts) from the very update the top
    /// would expire. The top stays the turn the movement leaves: the raise counts (on the shank, at
    /// its peak) once the shank has come down the hysteresis from the top, not a hysteresis below
    /// where the angle had drifted to while it was held.</summary>
    [Fact]
    public void A_shank_raise_held_and_lowered_at_exactly_the_still_rate_as_it_expires_counts_from_its_top()
    {
        var d = Detector(MountingSite.Shank);
        Assert.Equal(0, SteerIn(d, 4 * Deg, 10));
        int top = d.Angle;
        for (int i = 0; i < Life - 1; i++) Assert.False(d.Update(0));
        int heldAt = d.Angle, h = d.HysteresisUnits;
        Assert.True(top - heldAt < h, "the drift alone confirms no peak");
        for (int i = 0; i < 20; i++)
        {
            if (d.Update(-492))
            {
                Assert.True(top - d.Angle >= h && heldAt - d.Angle < h,
                    $"counted {top - d.Angle} below the top, {heldAt - d.Angle} below where it was held; hysteresis {h}");
                return;
            }
        }
        Assert.Fail("the raise was never counted");
    }

    /// <summary>The typical range fades every second, whatever the extreme's expiry did meanwhile:
    /// a foot falls to a valley, rests there a half-cycle's life, and returns from it at exactly
    /// 30 °/s from the very update the valley would expire (the rest is kept as the turn, looked at
    /// again update by update), a range decay falling within that return, and stops at the update
    /// the return counts; a second still, three 60° strides, 10 s still, and a seated movement of
    /// 9° down and back. 10 s after a walk the typical range has faded, and the movement is judged by the
    /// minimum range (7°): it counts.</summary>
    [Fact]
    public void A_seated_movement_after_a_walk_that_began_from_a_slowly_left_rest_is_judged_by_the_minimum_range()
    {
        var d = Detector(MountingSite.Foot);
        int updates = 0;
        // Still until update 11, then up 20° and down 25°: the valley at update 44, its expiry at 195.
        for (; updates < 11; updates++) d.Update(0);
        SteerIn(d, 20 * Deg, 22); updates += 22;
        SteerIn(d, -25 * Deg, 11); updates += 11;
        int valleyAt = updates;
        for (; updates < valleyAt + Life - 1; updates++) Assert.False(d.Update(0));
        int counted = 0;
        // Returning at 30 °/s from update valleyAt + Life on: a range decay (update 200) within it.
        while (counted == 0 && updates < valleyAt + Life + 40)
        {
            updates++;
            if (d.Update(492)) counted++;
        }
        Assert.Equal(1, counted);
        Assert.True(updates > 200, $"counted at update {updates}, before the range decay at 200");
        for (int i = 0; i < RateHz; i++) d.Update(0);
        for (int k = 0; k < 3; k++)
        {
            SteerIn(d, 60 * Deg, 30);
            SteerIn(d, -60 * Deg, 20);
        }
        SteerIn(d, 20 * Deg, 10);
        for (int i = 0; i < 10 * RateHz; i++) d.Update(0);
        Assert.Equal(0, SteerIn(d, -9 * Deg, 15));
        Assert.Equal(1, SteerIn(d, 9 * Deg, 15));
    }

    /// <summary>After a rest longer than a half-cycle the next turn is no half of the last cycle and
    /// may count, even when the angle held exactly still through the rest, never leaving the
    /// extreme it rested at. A shank walks (13° strides, gait), its last push-off returning to
    /// exactly the angle it started from, where it rests 6 s; then a seated raise of 6° counts as
    /// the heel comes back down the hysteresis.</summary>
    [Fact]
    public void A_seated_raise_after_a_walk_and_a_rest_held_exactly_still_counts()
    {
        var d = Detector(MountingSite.Shank);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        SteerIn(d, 9 * Deg, 15);
        for (int k = 0; k < 3; k++)
        {
            SteerIn(d, -13 * Deg, 15);
            SteerIn(d, 13 * Deg, 15);
        }
        SteerIn(d, -13 * Deg, 15);
        Assert.Equal(1, SteerIn(d, -d.Angle, 5));
        Assert.Equal(0, d.Angle);
        for (int i = 0; i < 6 * RateHz; i++) Assert.False(d.Update(0));
        Assert.Equal(0, d.Angle);
        Assert.Equal(1, d.Sign);
        Assert.Equal(0, SteerIn(d, 6 * Deg, 20));
        Assert.Equal(1, SteerIn(d, -d.HysteresisUnits, 4));
    }
}
