using CalfMonitor.Core;
using CalfMonitor.Core.Conditioning;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Tests.Reference;
using Xunit;

namespace CalfMonitor.Tests;

/// <summary>
/// Issue #7 cut the per-sample IL of the three per-sample stages with short paths and
/// rearranged arithmetic that must not change a single output: each stage is fed the same
/// randomised input as its pre-issue-7 implementation (Reference/PreIssue7Stages.cs) and every
/// result and observable property is compared after every call — rests with quantised noise and
/// exact repetitions, movements on both sides of every threshold the short paths rely on, rails,
/// garbage, stuck readings, gaps, drains, resets and sign flips, at several rates and ranges.
/// </summary>
public class StageEquivalenceTests
{
    [Theory]
    [InlineData(50, 2000, 1)]
    [InlineData(50, 2000, 2)]
    [InlineData(100, 250, 3)]
    [InlineData(25, 500, 4)]
    [InlineData(200, 1000, 5)]
    public void SensorHealth_gives_the_pre_issue_7_answer_at_every_sample(int rateHz, int gyroRangeDps, int seed)
    {
        var sensor = new SensorConfig(rateHz, 8, gyroRangeDps, MountingSite.Shank);
        var health = new SensorHealth(sensor);
        var reference = new PreIssue7SensorHealth(sensor);
        var rng = new Random(seed);
        int jump = PreIssue7SensorHealth.MaxGyroJumpDps * sensor.GyroCountsPer10Dps / 10;
        int calm = Math.Min(jump / 2, 32766);
        int[] g = new int[3];
        int[] bias = { rng.Next(-300, 301), rng.Next(-300, 301), rng.Next(-300, 301) };
        int regime = 0, left = 0, hold = 0;
        for (int i = 0; i < 150_000; i++)
        {
            if (left-- <= 0)
            {
                regime = rng.Next(9);
                left = regime == 0 ? rng.Next(1, 400) : rng.Next(1, 60);
                hold = rng.Next(3);
            }
            for (int k = 0; k < 3; k++)
            {
                g[k] = regime switch
                {
                    0 => bias[k] + rng.Next(-1, 2),                                   // rest: quantised noise, repeats
                    1 => g[k],                                                         // exact hold (stuck)
                    2 => Clamp(g[k] + rng.Next(-900, 901)),                            // movement, calm and not
                    3 => Clamp(g[k] + rng.Next(-9000, 9001)),                          // fast, to the rails
                    4 => k == hold ? (rng.Next(2) == 0 ? 32767 : -32768) : g[k],       // a rail held
                    5 => rng.Next(-32768, 32768),                                      // garbage
                    6 => (rng.Next(2) == 0 ? 1 : -1) * (calm + rng.Next(-2, 3)),       // the calm range's edge
                    7 => k == hold ? (rng.Next(2) == 0 ? 32766 : -32767) : g[k],       // one count off the rail and on it
                    _ => Clamp(g[k] + (rng.Next(2) == 0 ? 1 : -1) * (jump + rng.Next(-2, 3))), // the jump limit's edge
                };
            }
            int oneG = sensor.AccelCountsPerG;
            int ax = rng.Next(-40, 41), ay = rng.Next(-40, 41), az = oneG + rng.Next(-40, 41);
            int spike = rng.Next(60);
            if (spike == 0) ax = 32767;
            else if (spike == 1) ay = -32768;
            else if (spike == 2) az = rng.Next(2) == 0 ? 32766 : -32767;
            if (rng.Next(700) == 0)
            {
                health.OnGap();
                reference.OnGap();
            }
            if (rng.Next(5000) == 0)
            {
                health.ClearFaults();
                reference.ClearFaults();
            }

            bool clean = health.Check(ax, ay, az, g[0], g[1], g[2]);
            int expected = reference.Check(ax, ay, az, g[0], g[1], g[2]);
            Assert.Equal(expected == PreIssue7SensorHealth.Clean, clean);
            if (!clean) Assert.Equal(expected == PreIssue7SensorHealth.FaultBegins, health.FaultBegan);
            Assert.Equal(reference.Faulted, health.Faulted);
            Assert.Equal(reference.Faults, health.Faults);
            Assert.Equal(reference.FaultSpells, health.FaultSpells);
            Assert.Equal(reference.FaultySamples, health.FaultySamples);
            Assert.Equal(reference.SaturatedSamples, health.SaturatedSamples);
            Assert.Equal(reference.GarbageSamples, health.GarbageSamples);
            Assert.Equal(reference.StuckSamples, health.StuckSamples);
            Assert.Equal(reference.AccelSaturatedSamples, health.AccelSaturatedSamples);
            Assert.Equal(reference.Dropouts, health.Dropouts);
        }
        // The input reached the faults (a jump beyond the int16 span cannot happen at 250 °/s).
        Assert.True(health.FaultSpells > 10 && health.StuckSamples > 0 && (health.GarbageSamples > 0 || jump > 65535));
    }

    [Theory]
    [InlineData(50, 2000, 11)]
    [InlineData(50, 2000, 12)]
    [InlineData(100, 250, 13)]
    [InlineData(25, 2000, 14)]
    [InlineData(200, 500, 15)]
    public void SignalConditioner_gives_the_pre_issue_7_output_at_every_sample(int rateHz, int gyroRangeDps, int seed)
    {
        var sensor = new SensorConfig(rateHz, 8, gyroRangeDps, MountingSite.Shank);
        var conditioner = new SignalConditioner(sensor);
        var reference = new PreIssue7Conditioner(sensor);
        var rng = new Random(seed);
        double countsPerDps = sensor.GyroCountsPer10Dps / 10.0;
        int stillLimit = PreIssue7Conditioner.StillGyroTenthsDps * sensor.GyroCountsPer10Dps / 100;
        double[] bias = { rng.Next(-300, 301), rng.Next(-300, 301), rng.Next(-300, 301) };
        double[] axis = RandomUnit(rng);
        int t = rng.Next();
        int regime = 0, left = 0, axisChanges = 0, outputs = 0;
        double amplitudeDps = 0, hz = 1, phase = 0;
        for (int i = 0; i < 120_000; i++)
        {
            if (left-- <= 0)
            {
                regime = rng.Next(6);
                left = rng.Next(1, 8) * rateHz;
                amplitudeDps = regime switch { 1 => rng.NextDouble() * 3, 2 => 20 + rng.NextDouble() * 400, 3 => 500 + rng.NextDouble() * 2000, _ => 0 };
                hz = 0.2 + rng.NextDouble() * 2;
                if (rng.Next(3) == 0) axis = RandomUnit(rng);
                for (int k = 0; k < 3; k++) bias[k] += rng.Next(-20, 21);
            }
            phase += 2 * Math.PI * hz / rateHz;
            double dps = amplitudeDps * Math.Sin(phase);
            int[] g = new int[3];
            for (int k = 0; k < 3; k++)
            {
                double v = bias[k] + dps * countsPerDps * axis[k];
                g[k] = regime switch
                {
                    0 => (int)Math.Round(v) + rng.Next(-1, 2),                         // still
                    4 => (int)Math.Round(v) + rng.Next(-stillLimit, stillLimit + 1) / 2, // around the still limit
                    5 => rng.Next(-32768, 32768),                                      // garbage that got through
                    _ => Clamp((int)Math.Round(v) + rng.Next(-3, 4)),
                };
            }
            int ax = rng.Next(-5000, 5001), ay = rng.Next(-5000, 5001), az = rng.Next(-5000, 5001);
            t += 1000 / rateHz + (rng.Next(10) == 0 ? rng.Next(-1, 2) : 0);

            if (rng.Next(900) == 0)
            {
                // A gap or a fault's start: the monitor drains what the line holds.
                Assert.Equal(reference.Pending, conditioner.Pending);
                while (conditioner.Pending > 0)
                {
                    Assert.Equal(reference.Drain(), conditioner.Drain());
                    Assert.Equal(reference.OutputTimeMs, conditioner.OutputTimeMs);
                }
                Assert.Equal(0, reference.Pending);
            }
            if (rng.Next(40) == 0) continue; // a faulty sample never reaches the conditioner

            int output = conditioner.Condition(t, ax, ay, az, g[0], g[1], g[2], out int rate);
            int expected = reference.Condition(t, ax, ay, az, g[0], g[1], g[2], out int expectedRate);
            Assert.Equal(expected, output);
            if (output != SignalConditioner.NoOutput)
            {
                Assert.Equal(expectedRate, rate);
                outputs++;
            }
            if (output == SignalConditioner.OutputNewAxis) axisChanges++;
            Assert.Equal(reference.OutputTimeMs, conditioner.OutputTimeMs);
            Assert.Equal(reference.Pending, conditioner.Pending);
            Assert.Equal(reference.AxisX, conditioner.AxisX);
            Assert.Equal(reference.AxisY, conditioner.AxisY);
            Assert.Equal(reference.AxisZ, conditioner.AxisZ);
            Assert.Equal(reference.BiasX16, conditioner.BiasX16);
            Assert.Equal(reference.BiasY16, conditioner.BiasY16);
            Assert.Equal(reference.BiasZ16, conditioner.BiasZ16);
            Assert.Equal(reference.GravityX, conditioner.GravityX);
            Assert.Equal(reference.GravityY, conditioner.GravityY);
            Assert.Equal(reference.GravityZ, conditioner.GravityZ);
            Assert.Equal(reference.IsStill, conditioner.IsStill);
        }
        Assert.True(axisChanges > 0 && outputs > 100_000);
    }

    [Theory]
    [InlineData(50, MountingSite.Shank, 21)]
    [InlineData(50, MountingSite.Foot, 22)]
    [InlineData(100, MountingSite.Shank, 23)]
    [InlineData(25, MountingSite.Foot, 24)]
    [InlineData(200, MountingSite.Shank, 25)]
    public void PlantarflexionDetector_gives_the_pre_issue_7_answer_at_every_update(int rateHz, MountingSite site, int seed)
    {
        var sensor = new SensorConfig(rateHz, 8, 2000, site);
        var settings = new MonitorSettings();
        var detector = new PlantarflexionDetector(sensor, settings);
        var reference = new PreIssue7Detector(sensor, settings);
        var rng = new Random(seed);
        double countsPerDps = sensor.GyroCountsPer10Dps / 10.0;
        int regime = 0, left = 0, cycles = 0, flips = 0, lastSign = 1;
        double rangeDeg = 0, hz = 1, phase = 0, sign = 1, drift = 0, pause = 0;
        for (int i = 0; i < 200_000; i++)
        {
            if (left-- <= 0)
            {
                regime = rng.Next(5);
                left = rng.Next(1, 10) * rateHz;
                rangeDeg = regime switch { 1 => 2 + rng.NextDouble() * 15, 2 => 30 + rng.NextDouble() * 60, 3 => rng.NextDouble() * 8, _ => 0 };
                hz = 0.15 + rng.NextDouble() * 2;
                drift = regime == 4 ? (rng.NextDouble() - 0.5) * 40 : 0;
                pause = rng.NextDouble() * 0.5;
                if (rng.Next(4) == 0) sign = -sign;
            }
            phase += 2 * Math.PI * hz / rateHz;
            // A gait-like cycle: an asymmetric swing, then a still spell (foot-flat) of random share.
            double cyclePos = phase / (2 * Math.PI) % 1;
            double dps = cyclePos < pause ? 0 : rangeDeg * Math.PI * hz * (Math.Cos(phase) + 0.4 * Math.Cos(2 * phase));
            dps = sign * dps + drift + (rng.NextDouble() - 0.5) * 2;
            int rate = (int)Math.Round(dps * countsPerDps) + (rng.Next(500) == 0 ? rng.Next(-20000, 20001) : 0);
            if (rng.Next(3000) == 0)
            {
                detector.AxisChanged();
                reference.AxisChanged();
            }
            if (rng.Next(9000) == 0)
            {
                detector.Reset();
                reference.Reset();
            }
            bool cycle = detector.Update(rate);
            Assert.Equal(reference.Update(rate), cycle);
            if (cycle) cycles++;
            Assert.Equal(reference.Angle, detector.Angle);
            Assert.Equal(reference.HysteresisUnits, detector.HysteresisUnits);
            if (reference.Sign != detector.Sign) Assert.Fail($"sign differs at update {i}");
            if (i > 0 && detector.Sign != lastSign) flips++;
            lastSign = detector.Sign;
        }
        Assert.True(cycles > 300 && flips > 0, $"{cycles} cycles, {flips} flips");
    }

    private static int Clamp(int v) => Math.Clamp(v, -32768, 32767);

    private static double[] RandomUnit(Random rng)
    {
        double x = rng.NextDouble() - 0.5, y = rng.NextDouble() - 0.5, z = rng.NextDouble() - 0.5;
        double n = Math.Sqrt(x * x + y * y + z * z) + 1e-9;
        return new[] { x / n, y / n, z / n };
    }
}
