using System.Collections.Generic;
using CalfMonitor.Core;
using CalfMonitor.Core.Events;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Tests;

/// <summary>Records every event the monitor raises.</summary>
public sealed class RecordingListener : IMonitorListener
{
    public List<(int TimeMs, int Sample)> Activations { get; } = new();
    public List<(int TimeMs, int SpellS)> SpellsEnded { get; } = new();
    public List<(int TimeMs, int Last60, int SpellS)> Seconds { get; } = new();
    public List<(int Minute, int Count)> Minutes { get; } = new();
    public List<(int TimeMs, int SpellS, int Repeat)> Alerts { get; } = new();
    public List<int> AlertReasons { get; } = new();
    public List<(int TimeMs, int Sample, int Reason)> NotCounted { get; } = new();

    public void OnActivation(int timeMs, int sampleNumber) => Activations.Add((timeMs, sampleNumber));
    public void OnSpellEnded(int timeMs, int endedSpellSeconds) => SpellsEnded.Add((timeMs, endedSpellSeconds));
    public void OnSecond(int timeMs, int activationsLast60s, int spellSeconds) => Seconds.Add((timeMs, activationsLast60s, spellSeconds));
    public void OnMinute(int minuteIndex, int activations) => Minutes.Add((minuteIndex, activations));
    public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason)
    {
        Alerts.Add((timeMs, spellSeconds, repeatIndex));
        AlertReasons.Add(reason);
    }
    public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason) => NotCounted.Add((timeMs, sampleNumber, reason));
}

/// <summary>Generates simple raw-count signals for the core's unit tests.</summary>
public static class Signals
{
    public const double Gravity = 1.0;

    /// <summary>Feeds a sagittal sinusoid of the given peak-to-peak segment range about the
    /// board axis (ux, uy, uz), with gravity on Z; <paramref name="swingG"/>: the limb's own
    /// acceleration along X as it swings (the angular acceleration times the sensor's lever, in
    /// phase with the angle), peak, g — a walking shank reaches 1–2 g.</summary>
    public static void Sinusoid(CalfPumpMonitor monitor, ref int timeMs, double seconds, double hz, double rangeDeg,
        double ux = 0, double uy = 1, double uz = 0, double noiseDps = 0, int seed = 1, double swingG = 0)
    {
        var sensor = monitor.Sensor;
        int rate = sensor.SampleRateHz;
        int n = (int)(seconds * rate);
        double countsPerDps = sensor.GyroCountsPer10Dps / 10.0;
        int oneG = sensor.AccelCountsPerG;
        var rng = new System.Random(seed);
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / rate;
            // angle = R/2 sin(2πft) → rate = R/2 · 2πf cos(2πft)
            double dps = rangeDeg / 2 * 2 * System.Math.PI * hz * System.Math.Cos(2 * System.Math.PI * hz * t);
            if (noiseDps > 0) dps += noiseDps * Gauss(rng);
            int g(double c) => (int)System.Math.Clamp(System.Math.Round(dps * c * countsPerDps), -32768, 32767);
            int ax = (int)System.Math.Round(swingG * oneG * -System.Math.Sin(2 * System.Math.PI * hz * t));
            monitor.OnSample(timeMs, ax, 0, oneG, g(ux), g(uy), g(uz));
            timeMs += 1000 / rate;
        }
    }

    /// <summary>Feeds a still sensor (gravity on Z, optional gyro noise and bias in °/s).</summary>
    public static void Still(CalfPumpMonitor monitor, ref int timeMs, double seconds, double noiseDps = 0, double biasDps = 0, int seed = 2)
    {
        var sensor = monitor.Sensor;
        int rate = sensor.SampleRateHz;
        int n = (int)(seconds * rate);
        double countsPerDps = sensor.GyroCountsPer10Dps / 10.0;
        var rng = new System.Random(seed);
        for (int i = 0; i < n; i++)
        {
            int g() => (int)System.Math.Round((biasDps + noiseDps * Gauss(rng)) * countsPerDps);
            monitor.OnSample(timeMs, 0, 0, sensor.AccelCountsPerG, g(), g(), g());
            timeMs += 1000 / rate;
        }
    }

    public static double Gauss(System.Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return System.Math.Sqrt(-2 * System.Math.Log(u1)) * System.Math.Cos(2 * System.Math.PI * u2);
    }

    public static CalfPumpMonitor Monitor(RecordingListener listener, MountingSite site = MountingSite.Foot, MonitorSettings? settings = null, int rateHz = 50)
        => new(new SensorConfig(rateHz, 8, 2000, site), settings ?? new MonitorSettings(), listener);
}
