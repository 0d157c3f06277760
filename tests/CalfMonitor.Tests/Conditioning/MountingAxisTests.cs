using CalfMonitor.Core;
using CalfMonitor.Core.Conditioning;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Conditioning;

/// <summary>The sagittal axis found for boards worn at angles between their axes, with a gyro
/// offset, and for fast movements; and what the monitor is told as it is found.</summary>
public class MountingAxisTests
{
    private const int RateHz = 50;
    private const double CountsPerDps = 16.4;   // ±2000 °/s full scale
    private static readonly double R = Math.Sqrt(0.5);

    /// <summary>A board worn turned 45° between two of its axes, either way — including the three
    /// directions in which the starting axis (1, 1, 1)/√3 sees no movement at all: 20 s of ankle
    /// pumps of 20° at 1 Hz, and of fast strides of 80° at 2 Hz (500 °/s at their peak), are
    /// counted, at most the first two lost while the axis is learnt.</summary>
    [Theory]
    [InlineData(1, 1, 0, 20.0, 1.0)]
    [InlineData(1, 0, 1, 20.0, 1.0)]
    [InlineData(0, 1, 1, 20.0, 1.0)]
    [InlineData(1, -1, 0, 20.0, 1.0)]
    [InlineData(1, 0, -1, 20.0, 1.0)]
    [InlineData(0, 1, -1, 20.0, 1.0)]
    [InlineData(1, 1, 0, 80.0, 2.0)]
    [InlineData(1, 0, 1, 80.0, 2.0)]
    [InlineData(0, 1, 1, 80.0, 2.0)]
    [InlineData(1, -1, 0, 80.0, 2.0)]
    [InlineData(1, 0, -1, 80.0, 2.0)]
    [InlineData(0, 1, -1, 80.0, 2.0)]
    [InlineData(-1, 0, 0, 80.0, 2.0)]
    [InlineData(0, -1, 0, 80.0, 2.0)]
    [InlineData(0, 0, -1, 80.0, 2.0)]
    public void A_board_worn_between_its_axes_counts_every_cycle(int x, int y, int z, double rangeDeg, double hz)
    {
        double n = Math.Sqrt(x * x + y * y + z * z);
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Still(m, ref t, 3, noiseDps: 0.1);
        int cycles = (int)(20 * hz);
        Signals.Sinusoid(m, ref t, cycles / hz, hz, rangeDeg, x / n, y / n, z / n, noiseDps: 0.5);
        Assert.InRange(l.Activations.Count, cycles - 2, cycles);
    }

    /// <summary>Ankle pumps of 10° at 1 Hz about one board axis, on a board whose gyro reads 20 °/s
    /// still on each of the other two (its offset, learnt while it lay still for 3 s before):
    /// the offset is no movement, the axis is the pumps', and all 20 are counted but the first.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Pumps_about_one_axis_with_an_offset_on_the_others_are_counted(int axis)
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int offset = (int)Math.Round(20 * CountsPerDps);
        int t = 0;
        for (int i = 0; i < 23 * RateHz; i++)
        {
            double s = i / (double)RateHz - 3;
            // 10° peak to peak at 1 Hz: 31 °/s at its fastest.
            double dps = s < 0 ? 0 : 5 * 2 * Math.PI * Math.Cos(2 * Math.PI * s);
            int move = (int)Math.Round(dps * CountsPerDps);
            int n = i % 3 - 1;
            int g(int a) => a == axis ? move + n : offset - n;
            m.OnSample(t, 0, 0, 4096, g(0), g(1), g(2));
            t += 1000 / RateHz;
        }
        Assert.InRange(l.Activations.Count, 19, 20);
    }

    /// <summary>What the monitor reads with <see cref="SignalConditioner.NewAxis"/>
    /// (<see cref="SignalConditioner.NewAxisRate"/>) is the rate of the sample leaving the line, the
    /// same as the other overload gives with <see cref="SignalConditioner.OutputNewAxis"/>: a strap
    /// put on again about another axis loses no sample of the walk after it.</summary>
    [Fact]
    public void The_rate_that_comes_with_a_new_axis_is_the_sample_s_rate()
    {
        var sensor = new SensorConfig(RateHz, 8, 2000, MountingSite.Foot);
        var spelt = new SignalConditioner(sensor);
        var coded = new SignalConditioner(sensor);
        int newAxes = 0;
        for (int i = 0; i < 40 * RateHz; i++)
        {
            // 20 s of strides (40° at 1 Hz) about the board's Y axis, then 20 s about its X axis.
            int g = (int)Math.Round(20 * 2 * Math.PI * Math.Cos(2 * Math.PI * i / 50.0) * CountsPerDps);
            bool second = i >= 20 * RateHz;
            int gx = second ? g : 0, gy = second ? 0 : g;
            int outcome = spelt.Condition(i * 20, 0, 0, 4096, gx, gy, 0, out int rate);
            int code = coded.Condition(i * 20, 0, 0, 4096, gx, gy, 0);
            if (outcome != SignalConditioner.OutputNewAxis) continue;
            newAxes++;
            Assert.Equal(SignalConditioner.NewAxis, code);
            Assert.Equal(rate, coded.NewAxisRate);
            Assert.NotEqual(0, rate);
        }
        Assert.True(newAxes >= 2, $"{newAxes} new axes");
    }
}
