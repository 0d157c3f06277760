using CalfMonitor.Core;
using CalfMonitor.Core.Conditioning;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Conditioning;

/// <summary>A loosely worn board rings at every heel strike (IPOL 11-1's left foot: ≈16 Hz, up to
/// ±500 °/s about another board axis than the swing's). The ringing has more rate energy than the
/// stride but turns the foot through almost no angle; the sagittal axis is learnt from 100 ms
/// means (<see cref="SignalConditioner.AxisWindowMs"/>), so it stays the stride's.</summary>
public class ImpactRingingTests
{
    private const int RateHz = 50;
    private const double StrideHz = 1.0;
    private const double StrideRangeDeg = 60;      // peak rate 188 °/s
    private const double RingHz = 16.7;
    private const double RingDps = 500;
    private const double RingS = 0.3;              // after each heel strike

    /// <summary>Gyro in °/s at time t: the stride about board Y, the ringing about board X for
    /// <see cref="RingS"/> after each heel strike (once per stride).</summary>
    private static (double X, double Y) Gyro(double t)
    {
        double y = StrideRangeDeg / 2 * 2 * Math.PI * StrideHz * Math.Cos(2 * Math.PI * StrideHz * t);
        double sinceStrike = t * StrideHz % 1.0 / StrideHz;
        double x = sinceStrike < RingS ? RingDps * Math.Sin(2 * Math.PI * RingHz * sinceStrike) : 0;
        return (x, y);
    }

    private static int Counts(double dps) => (int)Math.Round(dps * 16.4);

    [Fact]
    public void The_ringing_has_more_rate_energy_than_the_stride()
    {
        // The premise of the test below: learnt from single samples, the axis would be X.
        double ex = 0, ey = 0;
        for (int i = 0; i < 10 * RateHz; i++)
        {
            var (x, y) = Gyro((double)i / RateHz);
            ex += x * x;
            ey += y * y;
        }
        Assert.True(ex > 1.3 * ey, $"ringing {ex:0} against stride {ey:0} (°/s)²");
    }

    [Fact]
    public void The_axis_stays_the_strides_while_the_board_rings_at_each_heel_strike()
    {
        var c = new SignalConditioner(new SensorConfig(RateHz, 8, 2000, MountingSite.Foot));
        for (int i = 0; i < 10 * RateHz; i++)
        {
            var (x, y) = Gyro((double)i / RateHz);
            c.Condition(i * 1000 / RateHz, 0, 0, 4096, Counts(x), Counts(y), 0, out _);
        }
        Assert.True(Math.Abs(c.AxisY) > SignalConditioner.UnitQ14 * 95 / 100, $"axis ({c.AxisX}, {c.AxisY}, {c.AxisZ})");
        Assert.True(Math.Abs(c.AxisX) < SignalConditioner.UnitQ14 * 30 / 100, $"axis ({c.AxisX}, {c.AxisY}, {c.AxisZ})");
    }

    [Fact]
    public void Every_stride_is_counted_once_while_the_board_rings()
    {
        var listener = new RecordingListener();
        var monitor = Signals.Monitor(listener, MountingSite.Foot);
        int t = 0;
        Signals.Still(monitor, ref t, 2);
        const int seconds = 20;
        for (int i = 0; i < seconds * RateHz; i++)
        {
            var (x, y) = Gyro((double)i / RateHz);
            monitor.OnSample(t, 0, 0, monitor.Sensor.AccelCountsPerG, Counts(x), Counts(y), 0);
            t += 1000 / RateHz;
        }
        Signals.Still(monitor, ref t, 3);
        // 20 strides; the first may go to learning the orientation.
        Assert.InRange(listener.Activations.Count, seconds - 1, seconds);
        for (int k = 1; k < listener.Activations.Count; k++)
        {
            int gapMs = listener.Activations[k].TimeMs - listener.Activations[k - 1].TimeMs;
            Assert.InRange(gapMs, 800, 1200);
        }
    }
}
