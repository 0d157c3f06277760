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
}
