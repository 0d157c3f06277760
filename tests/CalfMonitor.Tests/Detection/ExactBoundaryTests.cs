using CalfMonitor.Core;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Detection;

/// <summary>The detector's bounds taken at their exact value: rates fed in gyro counts so the
/// angle (read back from <see cref="PlantarflexionDetector.Angle"/>) lands on the bound itself.</summary>
public class ExactBoundaryTests
{
    private const int RateHz = 50;

    private static PlantarflexionDetector Detector(MountingSite site) =>
        new(new SensorConfig(RateHz, 8, 2000, site), new MonitorSettings());

    /// <summary>The rate (counts) that brings the detector's angle from where it is to
    /// <paramref name="target"/> in one update (the leaky integrator written out).</summary>
    private static int RateTo(PlantarflexionDetector d, int target) =>
        target - d.Angle + (d.Angle >> d.LeakShift);

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
    /// threshold is movement, not stillness: the rotation after it casts no vote.</summary>
    [Theory]
    [InlineData(491, -1)]
    [InlineData(492, 1)]
    public void A_foot_turning_at_exactly_the_still_threshold_is_not_still(int counts, int signAfter)
    {
        var d = Detector(MountingSite.Foot);
        int quiet = PlantarflexionDetector.FootQuietDps * 164 / 10;
        Assert.Equal(492, quiet);
        for (int i = 0; i < RateHz; i++) d.Update(counts);
        // Leaving it at 183 °/s, faster than a push-off (150 °/s).
        for (int i = 0; i < 5; i++) d.Update(3000);
        Assert.Equal(signAfter, d.Sign);
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
        // The step, at constant rates: heel up 4° (67 °/s), swing toe-up 22°, slap down 30° to
        // the landing, rebound 12°, rest.
        Ramp(angles, -4, 3);
        Ramp(angles, 22, 20);
        Ramp(angles, -30, 6);
        int landing = angles.Count - 1;
        Ramp(angles, 12, 6);
        for (int i = 0; i < RateHz; i++) angles.Add(angles[^1]);
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
        Ramp(angles, -4, 3);
        Ramp(angles, 22, 20);
        Ramp(angles, -30, 6);
        int landing = angles.Count - 1;
        Ramp(angles, 12, 6);
        for (int i = 0; i < RateHz; i++) angles.Add(angles[^1]);
        var dated = Dated(angles);
        Assert.True(dated.Count == 1 && (movedFirst ? Math.Abs(dated[0] - heelOff) <= 1 : dated[0] >= landing),
            $"dated {string.Join(",", dated)}; heel-off at {heelOff}, landing at {landing}");
    }
}
