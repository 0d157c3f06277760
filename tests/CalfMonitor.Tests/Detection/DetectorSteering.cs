using CalfMonitor.Core;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Tests.Detection;

/// <summary>Steers a bare <see cref="PlantarflexionDetector"/> to exact angles, for the tests that
/// take its bounds at their exact value. Rates are fed in gyro counts at ±2000 °/s (16.4 counts a
/// °/s), 50 updates a second, so a degree of angle is 820 detector units.</summary>
internal static class DetectorSteering
{
    /// <summary>Updates a second: the firmware's sample rate.</summary>
    public const int RateHz = 50;

    /// <summary>Detector units per degree: 16.4 counts per °/s × 50 updates a second.</summary>
    public const int Deg = 820;

    /// <summary>A fresh detector for <paramref name="site"/> with the default settings, at
    /// <see cref="RateHz"/>, ±8 g and ±2000 °/s.</summary>
    public static PlantarflexionDetector Detector(MountingSite site) =>
        new(new SensorConfig(RateHz, 8, 2000, site), new MonitorSettings());

    /// <summary>The rate (counts) that brings the detector's angle from where it is to
    /// <paramref name="target"/> in one update (the leaky integrator written out).</summary>
    public static int RateTo(PlantarflexionDetector d, int target) =>
        target - d.Angle + (d.Angle >> d.LeakShift);

    /// <summary>Turns the angle by <paramref name="deltaUnits"/> in exactly <paramref name="n"/>
    /// updates, evenly, the last landing on the target; returns how many of them counted.</summary>
    public static int SteerIn(PlantarflexionDetector d, int deltaUnits, int n)
    {
        int from = d.Angle, counted = 0;
        for (int i = 1; i <= n; i++)
            if (d.Update(RateTo(d, from + (int)((long)deltaUnits * i / n)))) counted++;
        return counted;
    }
}
