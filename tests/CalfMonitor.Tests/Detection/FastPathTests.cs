using CalfMonitor.Core;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Sensing;
using Xunit;
using static CalfMonitor.Tests.Detection.DetectorSteering;

namespace CalfMonitor.Tests.Detection;

/// <summary>Most updates take the detector's fast path: the angle within the band of angles in which
/// the extreme holds and no turn is confirmed, or a new extreme in the direction sought. The band
/// is brought up to date wherever the extreme, the direction sought or the hysteresis changes; one
/// left stale would let the fast path miss a new extreme or a confirmed turn. These movements are
/// quick (a turn of more than the hysteresis in one update), at a restart, at a range decay and at
/// the update the orientation turns — where the band is set by each of the paths.</summary>
public class FastPathTests
{
    /// <summary>A seated raise of the shank counts as the heel comes back down, at the update the
    /// angle is down by the hysteresis (2°) from the top, and its range is the whole rise — however
    /// quick the rise: 3° in one update, 6° in two (the second more than the hysteresis above the
    /// first), the same two at the update of a range decay and the one after, or 3° slowly up to
    /// a top at that decay.</summary>
    [Theory]
    [InlineData(0, 3, 1)]
    [InlineData(0, 6, 2)]
    [InlineData(RateHz - 1, 6, 2)]
    [InlineData(0, 3, RateHz)]
    public void A_seated_raise_of_the_shank_however_quick_counts_from_its_top(int restUpdates, int riseDeg, int riseUpdates)
    {
        var d = Detector(MountingSite.Shank);
        for (int i = 0; i < restUpdates; i++) d.Update(0);
        Assert.Equal(0, SteerIn(d, riseDeg * Deg, riseUpdates));
        int top = d.Angle, h = d.HysteresisUnits;
        Assert.Equal(2 * Deg, h);
        Assert.Equal(0, SteerIn(d, -(h - 1), 3));
        Assert.True(d.Update(RateTo(d, top - h)), "not counted at the update the shank came down the hysteresis from its top");
        Assert.Equal(top, d.LastCycleRangeUnits);
    }

    /// <summary>A foot's first cycle after a start counts when it falls exactly the minimum range
    /// (7°, the hysteresis) from where it started and returns as much: the start is the peak it
    /// falls from, confirmed at the very update the fall reaches the hysteresis.</summary>
    [Fact]
    public void A_foot_s_first_cycle_of_exactly_the_minimum_range_counts()
    {
        var d = Detector(MountingSite.Foot);
        int h = d.HysteresisUnits;
        Assert.Equal(7 * Deg, h);
        Assert.Equal(0, SteerIn(d, -h, 10));
        Assert.Equal(1, SteerIn(d, h, 10));
    }

    /// <summary>The push-off that turns the foot's orientation falls from its first update, measured
    /// the new way round (<see cref="ExactBoundaryTests.The_update_that_turns_the_orientation_is_integrated_the_new_way_round"/>),
    /// and the lowest angle it reaches is its valley, even when it falls less than the hysteresis:
    /// a foot that has stood a second leaves at 183 °/s against the orientation held for one update
    /// (3.7°) and at once turns back: the cycle counts at the update the foot has returned the
    /// hysteresis (7°) above that valley.</summary>
    [Fact]
    public void A_short_push_off_that_turns_the_orientation_has_its_valley_at_its_lowest_angle()
    {
        var d = Detector(MountingSite.Foot);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        Assert.False(d.Update(3000));
        Assert.Equal(-1, d.Sign);
        int valley = d.Angle, h = d.HysteresisUnits;
        Assert.Equal(-3000, valley);
        // Back up, now a negative rate (the orientation turned), to one unit short of the hysteresis.
        for (int i = 1; i <= 4; i++)
            Assert.False(d.Update(-RateTo(d, valley + (h - 1) * i / 4)));
        Assert.True(d.Update(-RateTo(d, valley + h)), "not counted at the update the foot returned the hysteresis above the push-off's valley");
    }
}
