using CalfMonitor.Core;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Sensing;
using Xunit;
using static CalfMonitor.Tests.Detection.DetectorSteering;

namespace CalfMonitor.Tests.Detection;

/// <summary>The detector's bounds taken at their exact value: rates fed in gyro counts so the
/// angle (read back from <see cref="PlantarflexionDetector.Angle"/>) lands on the bound itself.</summary>
public class ExactBoundaryTests
{
    /// <summary>A fresh foot detector fed runs of updates at constant rates (counts); the
    /// orientation sign it holds after them.</summary>
    private static int FootSignAfter(params (int Updates, int Counts)[] runs)
    {
        var d = Detector(MountingSite.Foot);
        foreach (var (updates, counts) in runs)
        {
            for (int i = 0; i < updates; i++) d.Update(counts);
        }
        return d.Sign;
    }

    /// <summary>On the shank a seated raise is counted at its peak, the heel back down (below
    /// <see cref="PlantarflexionDetector.ShankGaitRangeDeg"/>): the peak is confirmed at the very
    /// update the angle has come down by the hysteresis from it, not one later.</summary>
    [Fact]
    public void A_seated_raise_of_the_shank_counts_at_the_update_its_return_reaches_the_hysteresis()
    {
        var d = Detector(MountingSite.Shank);
        int h = d.HysteresisUnits;
        // Up by about 5° (20 updates of 200 counts, 12 °/s), then down at 300 counts an update;
        // the update that would pass a hysteresis below the peak lands on it exactly. (Updates
        // 21–26: no range decay, at every 50th, comes between.)
        for (int i = 0; i < 20; i++) Assert.False(d.Update(200));
        int peak = d.Angle;
        int updates = 20;
        while (true)
        {
            int next = d.Angle - 300 - (d.Angle >> d.LeakShift);
            updates++;
            if (next > peak - h)
            {
                Assert.False(d.Update(-300), $"counted at update {updates}, {peak - d.Angle} below the peak");
                continue;
            }
            Assert.True(updates % RateHz != 0);
            bool counted = d.Update(RateTo(d, peak - h));
            Assert.Equal(peak - h, d.Angle);
            Assert.True(counted, $"not counted at update {updates}, exactly the hysteresis ({h}) below the peak");
            break;
        }
    }

    /// <summary>The foot is still below <see cref="PlantarflexionDetector.FootQuietDps"/> (30 °/s,
    /// 492 counts at ±2000 °/s): a second turning just under it is a still spell longer than a
    /// foot-flat (standing), and the first fast rotation leaving it votes — here against the
    /// orientation held, which turns at once (nothing is confident yet). A turn at exactly the
    /// threshold, either way, is movement, not stillness: the rotation after it casts no vote.</summary>
    [Theory]
    [InlineData(491, -1)]
    [InlineData(492, 1)]
    [InlineData(-491, -1)]
    [InlineData(-492, 1)]
    public void A_foot_turning_at_exactly_the_still_threshold_is_not_still(int counts, int signAfter)
    {
        int quiet = PlantarflexionDetector.FootQuietDps * 164 / 10;
        Assert.Equal(492, quiet);
        // Leaving it at 183 °/s, faster than a push-off (150 °/s).
        Assert.Equal(signAfter, FootSignAfter((RateHz, counts), (5, 3000)));
    }

    /// <summary>The rotation that turns the foot's orientation is measured the new way round from
    /// its own first update. A foot that has stood still for a second (nothing confident yet) and
    /// leaves at 183 °/s against the orientation held turns it at that update, and that update
    /// already falls: the push-off is a fall from its first sample on, the fall its valley is
    /// judged by. Integrated the old way round, its first update (almost 4°) would count against
    /// it twice over.</summary>
    [Fact]
    public void The_update_that_turns_the_orientation_is_integrated_the_new_way_round()
    {
        var d = Detector(MountingSite.Foot);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        Assert.Equal(1, d.Sign);
        Assert.Equal(0, d.Angle);
        int expected = 0;
        for (int i = 0; i < 5; i++)
        {
            d.Update(3000);
            // The leaky integrator written out, with the rate turned.
            expected += -3000 - (expected >> d.LeakShift);
            Assert.Equal(-1, d.Sign);
            Assert.Equal(expected, d.Angle);
        }
    }

    /// <summary>Appends a move of the angle by <paramref name="deltaDeg"/> at a constant rate over
    /// <paramref name="samples"/> updates.</summary>
    private static void Ramp(List<double> angles, double deltaDeg, int samples)
    {
        double from = angles[^1];
        for (int i = 1; i <= samples; i++) angles.Add(from + deltaDeg * i / samples);
    }

    /// <summary>Feeds a foot detector the rate of <paramref name="angles"/> (°, one per update);
    /// returns the update each activation is dated at.</summary>
    private static List<int> Dated(List<double> angles)
    {
        var d = Detector(MountingSite.Foot);
        var dated = new List<int>();
        for (int i = 1; i < angles.Count; i++)
            if (d.Update((int)Math.Round((angles[i] - angles[i - 1]) * RateHz * 16.4))) dated.Add(i - d.LastCycleAgeSamples);
        return dated;
    }

    /// <summary>Appends a first step that barely plantarflexes, at constant rates: heel up 4°
    /// (67 °/s), swing toe-up 22°, slap down 30° to the landing, rebound 12°, a second's rest.
    /// Returns the landing's index.</summary>
    private static int AppendBarelyPlantarflexingStep(List<double> angles)
    {
        Ramp(angles, -4, 3);
        Ramp(angles, 22, 20);
        Ramp(angles, -30, 6);
        int landing = angles.Count - 1;
        Ramp(angles, 12, 6);
        for (int i = 0; i < RateHz; i++) angles.Add(angles[^1]);
        return landing;
    }

    /// <summary>A still spell lasts at least <see cref="PlantarflexionDetector.FootQuietMinMs"/>
    /// (100 ms, 5 updates): a foot that rests exactly that long and then takes a first step that
    /// barely plantarflexes (the heel up 4°, a swing toe-up and a landing 12° below the rest) has
    /// left a rest — the step is dated at its heel-off, as from standing, not at its landing.</summary>
    [Fact]
    public void A_rest_of_exactly_the_shortest_still_spell_is_one_a_first_step_leaves()
    {
        var angles = new List<double> { 0 };
        // Turning at 40 °/s (never still) for 0.6 s, then a rest of exactly 5 updates.
        Ramp(angles, 24, 30);
        for (int i = 0; i < 5; i++) angles.Add(angles[^1]);
        int heelOff = angles.Count;
        int landing = AppendBarelyPlantarflexingStep(angles);
        var dated = Dated(angles);
        Assert.True(dated.Count == 1 && Math.Abs(dated[0] - heelOff) <= 1,
            $"dated {string.Join(",", dated)}; heel-off at {heelOff}, landing at {landing}");
    }

    /// <summary>A still spell the detector's very first updates see may have begun long before or
    /// be the end of a movement it never saw: it is no known rest. Still for 0.6 s from the first
    /// update (under the 0.8 s a stillness needs to count as standing whatever came before), the
    /// first step of the test above (here no stride's range: the foot turned no 24° before it) is
    /// dated where its landing is confirmed; after one update's movement at 40 °/s and the same
    /// 0.6 s still, at its heel-off.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_stillness_from_the_first_update_is_no_rest_a_first_step_is_known_to_leave(bool movedFirst)
    {
        var angles = new List<double> { 0 };
        if (movedFirst) angles.Add(0.8);
        for (int i = 0; i < 30; i++) angles.Add(angles[^1]);
        int heelOff = angles.Count;
        int landing = AppendBarelyPlantarflexingStep(angles);
        var dated = Dated(angles);
        Assert.True(dated.Count == 1 && (movedFirst ? Math.Abs(dated[0] - heelOff) <= 1 : dated[0] >= landing),
            $"dated {string.Join(",", dated)}; heel-off at {heelOff}, landing at {landing}");
    }

    /// <summary>A foot-flat votes when it lasts at least <see cref="PlantarflexionDetector.FootQuietMinMs"/>
    /// (100 ms, 5 updates) and is entered and left the same way, left at push-off speed: a foot
    /// turning up (40 °/s), resting, then turning up again fast votes that up is plantarflexion —
    /// against the orientation held, which turns at once (nothing is confident yet). Four updates
    /// of rest are no foot-flat; five are.</summary>
    [Theory]
    [InlineData(4, 1)]
    [InlineData(5, -1)]
    public void A_foot_flat_of_exactly_the_shortest_still_spell_votes(int restUpdates, int signAfter)
    {
        Assert.Equal(signAfter, FootSignAfter((30, 656), (restUpdates, 0), (5, 3000)));
    }

    /// <summary>A still spell entered and left in opposite directions is the turning point of a
    /// slow oscillation and votes only when it lasts longer than a foot-flat can,
    /// <see cref="PlantarflexionDetector.FootQuietMaxMs"/> (0.8 s, 40 updates): then it is
    /// standing, and the first fast rotation leaving it votes whatever came before. The foot turns
    /// up 24°, back down 10° (a peak), rests, and leaves the rest turning up fast — against the
    /// orientation held, which turns when it votes. A rest of exactly 40 updates is still a
    /// foot-flat; 41 are standing.</summary>
    [Theory]
    [InlineData(40, 1)]
    [InlineData(41, -1)]
    public void A_still_spell_of_exactly_the_longest_foot_flat_is_no_standing(int restUpdates, int signAfter)
    {
        Assert.Equal(signAfter, FootSignAfter((30, 656), (10, -656), (restUpdates, 0), (5, 3000)));
    }

    /// <summary>A rotation leaving a foot-flat votes once it reaches
    /// <see cref="PlantarflexionDetector.FootPushOffDps"/> (150 °/s, 2460 counts): the rest of the
    /// test above (five updates), left at exactly that speed, votes; one count slower, it does not.</summary>
    [Theory]
    [InlineData(2459, 1)]
    [InlineData(2460, -1)]
    public void A_foot_flat_left_at_exactly_push_off_speed_votes(int leaving, int signAfter)
    {
        Assert.Equal(signAfter, FootSignAfter((30, 656), (5, 0), (5, leaving)));
    }

    /// <summary>Downward too: a foot turning down (40 °/s), resting five updates and leaving the
    /// rest turning down at exactly push-off speed votes for the orientation held (down is
    /// plantarflexion), so the contrary vote of a standing spell left turning up fast only wears
    /// that confidence down; one count slower, nothing voted, and the contrary vote turns it.</summary>
    [Theory]
    [InlineData(-2459, -1)]
    [InlineData(-2460, 1)]
    public void A_foot_flat_left_downward_at_exactly_push_off_speed_votes(int leaving, int signAfter)
    {
        Assert.Equal(signAfter, FootSignAfter((30, -656), (5, 0), (5, leaving), (RateHz, 0), (5, 3000)));
    }

    /// <summary>The axis found afresh (a strap put on again) has an arbitrary sign: after
    /// <see cref="PlantarflexionDetector.AxisChanged"/> the next contrary vote turns the orientation
    /// at once, however confident two standing spells left turning down at push-off speed had made
    /// it; without it, that vote only wears the confidence down.</summary>
    [Theory]
    [InlineData(true, -1)]
    [InlineData(false, 1)]
    public void After_a_new_axis_the_next_contrary_vote_turns_the_orientation(bool axisChanged, int signAfter)
    {
        var d = Detector(MountingSite.Foot);
        void Run(int updates, int counts) { for (int i = 0; i < updates; i++) d.Update(counts); }
        Run(RateHz, 0); Run(5, -3000);
        Run(RateHz, 0); Run(5, -3000);
        Assert.Equal(1, d.Sign);
        if (axisChanged) d.AxisChanged();
        Run(RateHz, 0); Run(5, 3000);
        Assert.Equal(signAfter, d.Sign);
    }

    /// <summary>A shank cycle is <i>small</i> (counted only in a steady rhythm) when its range is
    /// below the configured minimum for the shank (<see cref="MonitorSettings.MinShankRangeDeg"/>,
    /// 6°: 4920 units — not the ankle's 7°): a first seated raise of exactly 6°, counted as the heel
    /// comes back down, is not small and its range is the rise; one unit less is.</summary>
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void A_shank_raise_of_exactly_the_shank_minimum_is_not_small(int shortBy, bool small)
    {
        var d = Detector(MountingSite.Shank);
        Assert.Equal(6, new MonitorSettings().MinShankRangeDeg);
        Assert.Equal(0, SteerIn(d, 4920 - shortBy, 12));
        Assert.Equal(1, SteerIn(d, -d.HysteresisUnits, 4));
        Assert.Equal(small, d.LastCycleSmall);
        Assert.Equal(4920 - shortBy, d.LastCycleRangeUnits);
    }

    /// <summary>On the foot a cycle counts at its valley, confirmed at the very update the angle has
    /// returned by the hysteresis from it, not one later: the foot turns up 24°, down about 20°
    /// (the peak confirmed on the way), and back up at 61 °/s, the update that would pass a
    /// hysteresis above the valley landing on it exactly.</summary>
    [Fact]
    public void A_foot_cycle_counts_at_the_update_its_return_reaches_the_hysteresis()
    {
        var d = Detector(MountingSite.Foot);
        int updates = 0;
        for (int i = 0; i < 30; i++, updates++) Assert.False(d.Update(656));
        for (int i = 0; i < 11; i++, updates++) Assert.False(d.Update(-1500));
        int valley = d.Angle, h = d.HysteresisUnits;
        while (true)
        {
            int next = d.Angle + 1000 - (d.Angle >> d.LeakShift);
            updates++;
            if (next < valley + h)
            {
                Assert.False(d.Update(1000), $"counted at update {updates}, {d.Angle - valley} above the valley");
                continue;
            }
            Assert.True(updates % RateHz != 0);
            bool counted = d.Update(RateTo(d, valley + h));
            Assert.Equal(valley + h, d.Angle);
            Assert.True(counted, $"not counted at update {updates}, exactly the hysteresis ({h}) above the valley");
            break;
        }
    }

    /// <summary>Turns the angle towards <paramref name="target"/> at <paramref name="step"/> counts
    /// an update, the last update landing on it exactly; returns the updates fed, and whether
    /// one of them counted and the age it gave (<paramref name="age"/>).</summary>
    private static int Steer(PlantarflexionDetector d, int target, int step, out bool counted, out int age)
    {
        int n = 0;
        counted = false;
        age = -1;
        while (d.Angle != target)
        {
            int next = d.Angle + step - (d.Angle >> d.LeakShift);
            int rate = step > 0 ? (next < target ? step : RateTo(d, target)) : (next > target ? step : RateTo(d, target));
            n++;
            if (d.Update(rate))
            {
                counted = true;
                age = d.LastCycleAgeSamples;
            }
        }
        return n;
    }

    /// <summary>A foot cycle is gait — dated at its valley, the push-off — from a fall of exactly
    /// <see cref="PlantarflexionDetector.FootGaitRangeDeg"/> (35°) while the typical range is below
    /// it (the rise before it 30°); a fall one unit short is a seated movement, dated where its
    /// return confirms it (age 0).</summary>
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void A_foot_cycle_falling_exactly_the_gait_range_is_gait(int shortBy, bool gait)
    {
        Assert.Equal(gait, RiseFallReturnIsGait(30 * Deg, 35 * Deg - shortBy));
    }

    /// <summary>A fresh foot detector's angle turned up by <paramref name="rise"/> units, down by
    /// <paramref name="fall"/> and back up by the hysteresis, all before the first range decay
    /// (update 50): whether the cycle counted there was dated at its valley, as gait.</summary>
    private static bool RiseFallReturnIsGait(int rise, int fall)
    {
        var d = Detector(MountingSite.Foot);
        int updates = Steer(d, rise, 820, out _, out _);
        updates += Steer(d, d.Angle - fall, -3000, out _, out _);
        updates += Steer(d, d.Angle + d.HysteresisUnits, 3000, out bool counted, out int age);
        Assert.True(updates < RateHz, $"{updates} updates");
        Assert.True(counted);
        return age > 0;
    }

    /// <summary>A foot cycle is gait while the typical range is at least
    /// <see cref="PlantarflexionDetector.FootGaitRangeDeg"/>: the first turn's range becomes the
    /// typical range, so a first rise of exactly 35° makes the 20° cycle after it gait (dated at its
    /// valley); a rise one unit short does not.</summary>
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void A_typical_range_of_exactly_the_gait_range_is_gait(int shortBy, bool gait)
    {
        Assert.Equal(gait, RiseFallReturnIsGait(35 * Deg - shortBy, 20 * Deg));
    }

    /// <summary>An extreme older than <see cref="PlantarflexionDetector.MaxHalfCycleMs"/> is forgotten
    /// unless the angle is leaving it at that update at least as fast as a still foot turns
    /// (<see cref="PlantarflexionDetector.FootQuietDps"/>, 492 counts): then it is a rest the first
    /// movement is leaving. The foot falls to a valley, rests there 3 s, and leaves it at exactly
    /// 30 °/s from the very update the valley would expire: the valley stays the rest, and the
    /// cycle counts once the foot has returned the hysteresis from it — not a hysteresis above
    /// where the angle had drifted to while it rested.</summary>
    [Fact]
    public void A_rest_left_at_exactly_the_still_rate_as_it_expires_is_the_turn_the_movement_leaves()
    {
        var d = Detector(MountingSite.Foot);
        int deg = 820;
        int updates = Steer(d, 20 * deg, 820, out _, out _);
        updates += Steer(d, d.Angle - 25 * deg, -2000, out _, out _);
        int valley = d.Angle, valleyAt = updates;
        int life = PlantarflexionDetector.MaxHalfCycleMs * RateHz / 1000 + 1;
        for (; updates < valleyAt + life - 1; updates++) Assert.False(d.Update(0));
        int restedAt = d.Angle, h = d.HysteresisUnits;
        Assert.True(restedAt > valley, "the high-passed angle drifts back up while the foot rests");
        for (int i = 0; i < 40; i++)
        {
            if (d.Update(492))
            {
                Assert.True(d.Angle - valley >= h && d.Angle < restedAt + h,
                    $"counted {d.Angle - valley} above the valley, {d.Angle - restedAt} above the rest's end; hysteresis {h}");
                return;
            }
        }
        Assert.Fail("the return was never counted");
    }

    /// <summary>One push-off per stride: in gait a valley sooner than
    /// <see cref="PlantarflexionDetector.MinStrideMs"/> (0.5 s, 25 updates) after the last push-off
    /// counted is a wobble of the same swing. A second valley exactly 25 updates after the first
    /// is the next stride and counts; one at 24 does not.</summary>
    [Theory]
    [InlineData(25, 1)]
    [InlineData(24, 0)]
    public void A_push_off_exactly_the_shortest_stride_after_the_last_counts(int apart, int countedSecond)
    {
        var d = Detector(MountingSite.Foot);
        int deg = 820;
        // A stride's range (40° up, 50° down): gait. The first valley, counted as the foot returns.
        SteerIn(d, 40 * deg, 20);
        SteerIn(d, -50 * deg, 10);
        Assert.Equal(1, SteerIn(d, 12 * deg, 4));
        // Up to a peak and down 35° to the second valley, `apart` updates after the first.
        Assert.Equal(0, SteerIn(d, 10 * deg, 6));
        Assert.Equal(0, SteerIn(d, -35 * deg, apart - 10));
        Assert.Equal(countedSecond, SteerIn(d, 15 * deg, 5));
    }

    /// <summary>Feeds <paramref name="strides"/> shank strides given as rates (counts) up, then
    /// down; returns the detector's sign after them.</summary>
    private static int ShankSign(int strides, int[] up, int[] down)
    {
        var d = Detector(MountingSite.Shank);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        for (int k = 0; k < strides; k++)
        {
            foreach (int r in up) d.Update(r);
            foreach (int r in down) d.Update(r);
        }
        return d.Sign;
    }

    /// <summary>The shank's peak vote needs the larger peak
    /// <see cref="PlantarflexionDetector.ShankPeakMarginPct"/> (15 %) above the other. Strides whose
    /// backward peak is exactly 15 % above the forward one (2300 against 2000 counts; the halves
    /// 23 and 20 updates, the same range, alike in time) cast no vote, and the orientation stays;
    /// one count more, they vote against it and turn it.</summary>
    [Theory]
    [InlineData(2300, 1)]
    [InlineData(2301, -1)]
    public void Shank_strides_whose_backward_peak_is_exactly_the_margin_faster_do_not_vote(int downPeak, int signAfter)
    {
        var up = Enumerable.Repeat(2000, 23).ToArray();
        var down = Enumerable.Repeat(-2300, 20).ToArray();
        down[0] = -downPeak;
        down[^1] += downPeak - 2300;
        Assert.Equal(signAfter, ShankSign(10, up, down));
    }

    /// <summary>The other side of the same margin: strides whose forward peak is exactly 15 % above
    /// the backward one (2300 against 2000) cast no peak vote, and their halves — the rise 40
    /// updates, the fall 21, what a stride says with the orientation the wrong way round — turn
    /// the orientation; one count more, the peaks vote for the orientation held, and it stays.</summary>
    [Theory]
    [InlineData(2300, -1)]
    [InlineData(2301, 1)]
    public void Shank_strides_whose_forward_peak_is_exactly_the_margin_faster_are_judged_by_their_halves(int upPeak, int signAfter)
    {
        var up = new[] { upPeak }.Concat(Enumerable.Repeat(1000, 39)).ToArray();
        var down = Enumerable.Repeat(-2000, 20).Append(-1300 - (upPeak - 2300)).ToArray();
        Assert.Equal(signAfter, ShankSign(10, up, down));
    }

    /// <summary>A half stride of <paramref name="n"/> updates turning the shank by 40000 units
    /// (49°) in the direction of <paramref name="sign"/>: a peak of 2000 counts at its first
    /// update, the rest spread evenly — so every half's peak is alike and only time tells them apart.</summary>
    private static int[] Half(int n, int sign)
    {
        const int range = 40000, peak = 2000;
        var half = new int[n];
        half[0] = peak;
        int rest = range - peak, q = rest / (n - 1), extra = rest % (n - 1);
        for (int i = 1; i < n; i++) half[i] = q + (i <= extra ? 1 : 0);
        return half.Select(r => r * sign).ToArray();
    }

    /// <summary>The shank's time vote needs the longer half
    /// <see cref="PlantarflexionDetector.SwingTimeMarginPct"/> (25 %) longer than the other. Strides
    /// whose rise (25 updates) is exactly 25 % longer than their fall (20) say nothing, and the
    /// orientation stays; a rise one update longer says the orientation is the wrong way round,
    /// and it turns.</summary>
    [Theory]
    [InlineData(25, 1)]
    [InlineData(26, -1)]
    public void Shank_strides_whose_rise_is_exactly_the_margin_longer_say_nothing(int rise, int signAfter)
    {
        Assert.Equal(signAfter, ShankSign(10, Half(rise, 1), Half(20, -1)));
    }

    /// <summary>The same margin the other way: strides whose fall (25 updates) is exactly 25 % longer
    /// than their rise (20) cast no vote for the orientation held, so the strides with a long rise
    /// after them (26 against 20) turn it at once; a fall one update longer votes for it, and the
    /// confidence so built keeps the later strides' weaker time vote from turning it.</summary>
    [Theory]
    [InlineData(25, -1)]
    [InlineData(26, 1)]
    public void Shank_strides_whose_fall_is_exactly_the_margin_longer_build_no_confidence(int fall, int signAfter)
    {
        Assert.Equal(signAfter, ShankSignAfterLongRises(fall));
    }

    /// <summary>A fresh shank detector, a second still, four strides of a 20-update rise and a
    /// <paramref name="fall"/>-update fall, then four strides whose rise (26 updates) is longer than
    /// their fall (20): the orientation sign it holds after them — turned by the long rises unless
    /// the first strides built confidence in the sign held.</summary>
    private static int ShankSignAfterLongRises(int fall)
    {
        var d = Detector(MountingSite.Shank);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        for (int k = 0; k < 4; k++)
        {
            foreach (int r in Half(20, 1)) d.Update(r);
            foreach (int r in Half(fall, -1)) d.Update(r);
        }
        for (int k = 0; k < 4; k++)
        {
            foreach (int r in Half(26, 1)) d.Update(r);
            foreach (int r in Half(20, -1)) d.Update(r);
        }
        return d.Sign;
    }

    /// <summary>The time vote is cast only for a stride at least
    /// <see cref="PlantarflexionDetector.TimeVoteStrideMinMs"/> long (850 ms, 42 updates): strides of
    /// exactly 42 updates whose rise (24) is more than 25 % longer than their fall (18) turn the
    /// orientation; strides of 41 (23 and 18) say nothing.</summary>
    [Theory]
    [InlineData(24, -1)]
    [InlineData(23, 1)]
    public void A_stride_of_exactly_the_shortest_walking_stride_casts_the_time_vote(int rise, int signAfter)
    {
        Assert.Equal(signAfter, ShankSign(10, Half(rise, 1), Half(18, -1)));
    }

    /// <summary>A stride period is known for push-offs counted in gait at most a half-cycle's life
    /// apart (<see cref="PlantarflexionDetector.MaxHalfCycleMs"/>: 151 updates); with two known, a
    /// valley sooner than <see cref="PlantarflexionDetector.MinStridePeriodPct"/> (45 %) of the
    /// shorter after a push-off is a wobble of the same swing. Strides of exactly 151 updates are
    /// known, and a valley 30 updates after the third push-off is no stride; with strides of 152
    /// no period is known and the 0.5 s bound lets it count.</summary>
    [Theory]
    [InlineData(151, 0)]
    [InlineData(152, 1)]
    public void Strides_exactly_a_half_cycle_s_life_long_have_a_known_period(int stride, int wobbleCounted)
    {
        var d = Detector(MountingSite.Foot);
        int deg = 820;
        SteerIn(d, 40 * deg, 20);
        SteerIn(d, -50 * deg, 10);
        for (int k = 0; k < 2; k++)
        {
            // Up 50° and down 50°: the next valley `stride` updates after the last.
            Assert.Equal(1, SteerIn(d, 50 * deg, stride - 81));
            Assert.Equal(0, SteerIn(d, -50 * deg, 81));
        }
        Assert.Equal(1, SteerIn(d, 15 * deg, 5));
        Assert.Equal(0, SteerIn(d, 10 * deg, 6));
        Assert.Equal(0, SteerIn(d, -35 * deg, 19));
        Assert.Equal(wobbleCounted, SteerIn(d, 15 * deg, 5));
    }

    /// <summary>The orientation's confidence stops at <see cref="PlantarflexionDetector.MaxSignConfidence"/>
    /// (6): after a long walk whose peaks all agree with it (the forward swing 20 % faster), six
    /// contrary votes wear it down and the seventh turns it — strides whose backward turn is the
    /// faster, each voting as the next one rises: the orientation turns in the eighth.</summary>
    [Fact]
    public void Confidence_stops_at_six_votes_so_the_seventh_contrary_one_turns_the_orientation()
    {
        var d = Detector(MountingSite.Shank);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        void Stride(int upRate, int upN, int downRate, int downN)
        {
            for (int i = 0; i < upN; i++) d.Update(upRate);
            for (int i = 0; i < downN; i++) d.Update(-downRate);
        }
        for (int k = 0; k < 12; k++) Stride(2400, 20, 2000, 24);
        var signs = new List<int>();
        for (int k = 0; k < 10; k++)
        {
            Stride(2000, 24, 2400, 20);
            signs.Add(d.Sign);
        }
        Assert.Equal(7, signs.IndexOf(-1));
    }

    /// <summary>Two strides in gait whose push-offs are 50 updates apart (the stride period), the
    /// foot up again, then down 20° to a closing step's valley <paramref name="since"/> updates
    /// after the last push-off, a return of half the minimum range
    /// (<see cref="PlantarflexionDetector.ClosingStepPct"/>) less <paramref name="returnShortBy"/>
    /// units — under the hysteresis — and the foot comes to rest. Returns whether that rest counted
    /// the closing step.</summary>
    private static bool ClosingStepCounted(int since, int returnShortBy)
    {
        var d = Detector(MountingSite.Foot);
        int deg = 820;
        SteerIn(d, 40 * deg, 20);
        SteerIn(d, -50 * deg, 10);
        Assert.Equal(1, SteerIn(d, 25 * deg, 10));
        Assert.Equal(0, SteerIn(d, -45 * deg, 40));
        Assert.Equal(1, SteerIn(d, 25 * deg, 10));
        Assert.Equal(0, SteerIn(d, 10 * deg, 5));
        Assert.Equal(0, SteerIn(d, -20 * deg, since - 15));
        int closingRange = 7 * deg / 100 * PlantarflexionDetector.ClosingStepPct;
        Assert.Equal(0, SteerIn(d, closingRange - returnShortBy, 3));
        return d.Update(0);
    }

    /// <summary>A closing step comes in the walk's rhythm: not sooner than half a stride period
    /// after the last push-off (the landing's rebound comes then). Exactly half a period after it
    /// (25 updates of 50), it counts.</summary>
    [Fact]
    public void A_closing_step_exactly_half_a_period_after_the_last_push_off_counts()
    {
        Assert.True(ClosingStepCounted(25, 0));
    }

    /// <summary>...and not later than <see cref="PlantarflexionDetector.ClosingStepMaxPeriodPct"/>
    /// (150 %) of the period: at exactly 75 updates of 50 it counts, at 76 it does not.</summary>
    [Theory]
    [InlineData(75, true)]
    [InlineData(76, false)]
    public void A_closing_step_exactly_one_and_a_half_periods_after_the_last_push_off_counts(int since, bool counted)
    {
        Assert.Equal(counted, ClosingStepCounted(since, 0));
    }

    /// <summary>A closing step's return must reach half the minimum range (3.5°, 2850 units):
    /// exactly that counts, one unit less is the foot settling.</summary>
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void A_closing_step_returning_exactly_half_the_minimum_range_counts(int shortBy, bool counted)
    {
        Assert.Equal(counted, ClosingStepCounted(40, shortBy));
    }

    /// <summary>On the shank the time vote is gait's: only a fall of at least
    /// <see cref="PlantarflexionDetector.ShankGaitRangeDeg"/> (12°, 9840 units) casts it. Strides whose
    /// peaks are alike (a first update of 450 units up, then 375 an update; 492 down) and whose rise
    /// (26 updates) is more than 25 % longer than their fall (20), falling exactly 12°: their
    /// halves turn the orientation. A fall one unit short casts no time vote.</summary>
    [Theory]
    [InlineData(0, -1)]
    [InlineData(1, 1)]
    public void Shank_strides_falling_exactly_the_gait_range_cast_the_time_vote(int shortBy, int signAfter)
    {
        var d = Detector(MountingSite.Shank);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        for (int k = 0; k < 10; k++)
        {
            d.Update(RateTo(d, d.Angle + 450));
            SteerIn(d, 9840 - 450, 25);
            SteerIn(d, -(9840 - shortBy), 20);
        }
        Assert.Equal(signAfter, d.Sign);
    }

    /// <summary>On the shank a seated raise counts at its peak when its rise reaches the smallest
    /// cycle followed (<see cref="PlantarflexionDetector.ShankRhythmRangeDeg"/>, 2°: 1640 units):
    /// the first raise after the start (its rise measured from 0) of exactly 2° counts as the heel
    /// comes back down; one unit less does not.</summary>
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void A_shank_raise_of_exactly_the_smallest_cycle_counts(int shortBy, int counted)
    {
        var d = Detector(MountingSite.Shank);
        Assert.Equal(1640, d.MinHysteresisUnits);
        Assert.Equal(0, SteerIn(d, 1640 - shortBy, 10));
        Assert.Equal(counted, SteerIn(d, -d.HysteresisUnits, 4));
    }

    /// <summary>A landing — a valley after the foot left a still spell and swung up — is dated at the
    /// heel-off that left the stillness; the swing lies between, so the swing's peak comes after
    /// the heel-off. A foot that rests, leaves the rest with <paramref name="riseUpdates"/> rising
    /// updates (43 °/s) and falls 15° to a valley: with one, the update that left the rest is itself
    /// the peak — no swing, no landing — and the cycle is dated where its return confirms it
    /// (age 0); with two, the peak comes an update after the heel-off and the valley is a landing,
    /// dated back at the heel-off.</summary>
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void A_peak_at_the_very_update_the_foot_left_its_rest_is_no_swing(int riseUpdates, bool landing)
    {
        var d = Detector(MountingSite.Foot);
        int deg = 820;
        // A first cycle (up 24°, down 45°, up 10°), then 1 s at rest: the high-passed angle, below
        // zero, drifts up, each update a new high.
        SteerIn(d, 24 * deg, 30);
        SteerIn(d, -45 * deg, 15);
        SteerIn(d, 10 * deg, 5);
        Assert.True(d.Angle < 0);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        for (int i = 0; i < riseUpdates; i++) d.Update(700);
        Assert.Equal(0, SteerIn(d, -15 * deg, 6));
        int counted = 0, age = -1;
        for (int i = 0; i < 5 && counted == 0; i++)
        {
            if (d.Update(2000))
            {
                counted++;
                age = d.LastCycleAgeSamples;
            }
        }
        Assert.Equal(1, counted);
        Assert.Equal(landing, age > 0);
    }

    /// <summary>A landing is a valley after the foot left a still spell <i>after the last valley</i>:
    /// a still spell left at the last valley itself is that valley's rest, not a heel-off before
    /// this step. A slow walk (strides of 2 s, so the one-push-off bound is 45 % of one: 45 updates),
    /// then after the last push-off a wobble: the foot swings up 30°, falls 20°, rests 6 updates
    /// and leaves the rest with a small drop — that update is the wobble's valley, 29 updates after
    /// the push-off and so no stride — swings up 25° and falls back to a valley 49 updates after
    /// the push-off. That valley is the next stride, counted at its valley; dated back where the foot
    /// left the rest, it would lie within the bound and not count.</summary>
    [Fact]
    public void A_rest_left_at_the_last_valley_itself_is_no_heel_off_before_the_step()
    {
        var d = Detector(MountingSite.Foot);
        int deg = 820;
        SteerIn(d, 40 * deg, 20);
        SteerIn(d, -50 * deg, 10);
        for (int k = 0; k < 2; k++)
        {
            SteerIn(d, 50 * deg, 50);
            SteerIn(d, -50 * deg, 50);
        }
        // The last push-off's valley at update 230; its return counts it.
        Assert.Equal(1, SteerIn(d, 30 * deg, 12));
        Assert.Equal(0, SteerIn(d, -20 * deg, 10));
        for (int i = 0; i < 6; i++) Assert.False(d.Update(0));
        Assert.False(d.Update(-700));
        Assert.Equal(0, SteerIn(d, 25 * deg, 10));
        Assert.Equal(0, SteerIn(d, -25 * deg, 10));
        Assert.Equal(1, SteerIn(d, 15 * deg, 5));
    }

    /// <summary>The landing set-up of the test above: a first cycle (its valley, in gait, counted at
    /// update 45), <paramref name="restUpdates"/> at rest, <paramref name="riseUpdates"/> rising
    /// updates of 700 counts, a fall to <paramref name="valleyBelowRest"/> units below the angle the
    /// foot rested at, a return. Returns whether the valley was dated back where the foot left its
    /// rest (a landing) rather than at the valley itself (gait) or its confirmation.</summary>
    private static bool DatedAsLanding(int restUpdates, int riseUpdates, int valleyBelowRest)
    {
        var d = Detector(MountingSite.Foot);
        int deg = 820;
        SteerIn(d, 24 * deg, 30);
        SteerIn(d, -45 * deg, 15);
        SteerIn(d, 10 * deg, 5);
        int updates = 50;
        for (int i = 0; i < restUpdates; i++, updates++) d.Update(0);
        int rest = d.Angle, leftAt = updates + 1;
        for (int i = 0; i < riseUpdates; i++, updates++) d.Update(700);
        int fallN = Math.Max(6, (d.Angle - rest + valleyBelowRest) / 2400 + 1);
        Assert.Equal(0, SteerIn(d, rest - valleyBelowRest - d.Angle, fallN));
        updates += fallN;
        int valleyAt = updates;
        for (int i = 0; i < 10; i++)
        {
            updates++;
            if (d.Update(2000))
            {
                int dated = updates - d.LastCycleAgeSamples;
                Assert.True(dated == leftAt || dated == valleyAt || dated == updates, $"dated {dated}: left {leftAt}, valley {valleyAt}, now {updates}");
                return dated == leftAt;
            }
        }
        Assert.Fail("the valley was never counted");
        return false;
    }

    /// <summary>A heel-off lies at most a half-cycle's life
    /// (<see cref="PlantarflexionDetector.MaxHalfCycleMs"/>: 151 updates) before its swing's peak:
    /// a foot that leaves its rest and keeps rising for exactly 151 updates past that, then falls
    /// back, has made a step whose landing is dated at the heel-off; one update more, and it is no
    /// step.</summary>
    [Theory]
    [InlineData(152, true)]
    [InlineData(153, false)]
    public void A_swing_peak_exactly_a_half_cycle_s_life_after_the_heel_off_is_a_step_s(int riseUpdates, bool landing)
    {
        Assert.Equal(landing, DatedAsLanding(RateHz, riseUpdates, 15 * 820));
    }

    /// <summary>A heel-off is never dated within a stride (<see cref="PlantarflexionDetector.MinStrideMs"/>:
    /// 25 updates) of the last cycle counted: the foot leaving its rest exactly 25 updates after
    /// the last count (update 45) is no heel-off of a new step; 26 updates after it, it is.</summary>
    [Theory]
    [InlineData(19, false)]
    [InlineData(20, true)]
    public void A_rest_left_exactly_the_shortest_stride_after_the_last_count_is_no_heel_off(int restUpdates, bool landing)
    {
        Assert.Equal(landing, DatedAsLanding(restUpdates, 2, 15 * 820));
    }

    /// <summary>A landing ends with the foot flat again near the angle it rested at: a valley
    /// exactly <see cref="PlantarflexionDetector.FootGaitRangeDeg"/> (35°, 28700 units) below the
    /// rest is a push-off, dated at its valley; one unit less, a landing.</summary>
    [Theory]
    [InlineData(28700, false)]
    [InlineData(28699, true)]
    public void A_valley_exactly_a_stride_s_range_below_the_rest_is_a_push_off(int belowRest, bool landing)
    {
        Assert.Equal(landing, DatedAsLanding(RateHz, 2, belowRest));
    }

    /// <summary>The shank's peak vote is cast for a cycle that closed a stride and fell at least the
    /// shank's minimum range (<see cref="MonitorSettings.MinShankRangeDeg"/>, 6°: 4920 units). Cycles
    /// up 6° in 20 updates and down exactly 6°, the backward turn the faster (1500 units at its
    /// first update): the second one's valley votes against the orientation held and turns it
    /// (nothing is confident yet); a fall one unit short casts no vote.</summary>
    [Theory]
    [InlineData(0, -1)]
    [InlineData(1, 1)]
    public void Shank_cycles_falling_exactly_the_shank_minimum_vote_by_their_peaks(int shortBy, int signAfter)
    {
        var d = Detector(MountingSite.Shank);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        for (int k = 0; k < 2; k++)
        {
            SteerIn(d, 4920, 20);
            d.Update(RateTo(d, d.Angle - 1500));
            SteerIn(d, -(4920 - shortBy - 1500), 10);
        }
        Assert.Equal(1, d.Sign);
        // Up again past the hysteresis (2°): the second valley is confirmed and votes.
        for (int i = 0; i < 10; i++) d.Update(300);
        Assert.Equal(signAfter, d.Sign);
    }

    /// <summary>The foot's time vote is cast for strides that fall at least a stride's range
    /// (<see cref="PlantarflexionDetector.FootGaitRangeDeg"/>, 35°: 28700 units). A foot that never
    /// rests, turning up 35° in 30 updates and down exactly 35° in 15 — halves that say the
    /// orientation is the wrong way round — turns it at the third such stride after the first;
    /// strides falling one unit short cast no time vote, and it stays.</summary>
    [Theory]
    [InlineData(0, -1)]
    [InlineData(1, 1)]
    public void Foot_strides_falling_exactly_a_stride_s_range_cast_the_time_vote(int shortBy, int signAfter)
    {
        var d = Detector(MountingSite.Foot);
        for (int k = 0; k < 4; k++)
        {
            SteerIn(d, 35 * Deg, 30);
            SteerIn(d, -(35 * Deg - shortBy), 15);
        }
        Assert.Equal(1, d.Sign);
        // Up again past the hysteresis: the fourth valley is confirmed and casts the third vote.
        for (int i = 0; i < 10; i++) d.Update(2000);
        Assert.Equal(signAfter, d.Sign);
    }

    /// <summary>The halves vote only for a stride whose halves each last at most a half-cycle's life
    /// (<see cref="PlantarflexionDetector.MaxHalfCycleMs"/>: 151 updates). Shank strides with alike
    /// peaks whose rise lasts exactly 151 updates and fall 20 say the orientation is the wrong way
    /// round, and turn it; a rise of 152 says nothing.</summary>
    [Theory]
    [InlineData(151, -1)]
    [InlineData(152, 1)]
    public void Shank_strides_whose_rise_lasts_exactly_a_half_cycle_s_life_cast_the_time_vote(int rise, int signAfter)
    {
        Assert.Equal(signAfter, ShankSign(4, Half(rise, 1), Half(20, -1)));
    }

    /// <summary>The same for the fall: strides whose fall lasts exactly 151 updates and rise 20 vote
    /// for the orientation held, and the confidence so built keeps strides with a long rise after
    /// them (26 updates against 20) from turning it; with a fall of 152 nothing was voted, and
    /// those strides turn it.</summary>
    [Theory]
    [InlineData(151, 1)]
    [InlineData(152, -1)]
    public void Shank_strides_whose_fall_lasts_exactly_a_half_cycle_s_life_cast_the_time_vote(int fall, int signAfter)
    {
        Assert.Equal(signAfter, ShankSignAfterLongRises(fall));
    }

    /// <summary>A closing step comes after strides: the stride period it is judged by runs from one
    /// push-off counted in gait to the next, never to or from a seated cycle. Two strides, then a
    /// seated cycle (15° down, counted as it returns, dated there) half a second after the second
    /// push-off, then a dip of 10° and a return of 4° (over half the minimum range, under the
    /// hysteresis) in the rhythm the seated cycle would give, and the foot comes to rest: no
    /// closing step.</summary>
    [Fact]
    public void A_dip_after_a_seated_cycle_that_followed_a_walk_is_no_closing_step()
    {
        var d = Detector(MountingSite.Foot);
        SteerIn(d, 40 * Deg, 20);
        SteerIn(d, -50 * Deg, 10);
        Assert.Equal(1, SteerIn(d, 25 * Deg, 10));
        Assert.Equal(0, SteerIn(d, -45 * Deg, 40));
        Assert.Equal(1, SteerIn(d, 25 * Deg, 10));
        Assert.Equal(0, SteerIn(d, -15 * Deg, 15));
        int counted = 0, age = -1;
        for (int i = 1; i <= 10 && counted == 0; i++)
        {
            if (d.Update(RateTo(d, d.Angle + Deg)))
            {
                counted++;
                age = d.LastCycleAgeSamples;
            }
        }
        Assert.Equal(1, counted);
        Assert.Equal(0, age);
        Assert.Equal(0, SteerIn(d, 3 * Deg, 3));
        Assert.Equal(0, SteerIn(d, -10 * Deg, 8));
        Assert.Equal(0, SteerIn(d, 4 * Deg, 3));
        Assert.False(d.Update(0));
    }
}
