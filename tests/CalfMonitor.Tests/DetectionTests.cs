using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests;

public class DetectionTests
{
    [Theory]
    [InlineData(0.3, 10)]
    [InlineData(1.0, 15)]
    [InlineData(1.5, 30)]
    public void Counts_one_activation_per_cycle_of_an_ankle_pump(double hz, double rangeDeg)
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Still(m, ref t, 3, noiseDps: 0.1);
        Signals.Sinusoid(m, ref t, 20 / hz, hz, rangeDeg, noiseDps: 0.1);
        Assert.InRange(l.Activations.Count, 19, 20);
    }

    [Fact]
    public void Does_not_count_movements_below_the_minimum_range()
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Sinusoid(m, ref t, 60, 1.0, 4, noiseDps: 0.2);
        Assert.Empty(l.Activations);
    }

    [Fact]
    public void Does_not_count_sensor_noise_or_bias()
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l, MountingSite.Shank);
        int t = 0;
        Signals.Still(m, ref t, 600, noiseDps: 2, biasDps: 7);
        Assert.Empty(l.Activations);
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(0, 0, 1)]
    [InlineData(0.577, -0.577, 0.577)]
    public void Finds_the_rotation_axis_for_any_mounting(double ux, double uy, double uz)
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Sinusoid(m, ref t, 40, 1.0, 20, ux, uy, uz, noiseDps: 0.5);
        // At most the first cycle may be lost while the axis is learnt.
        Assert.InRange(l.Activations.Count, 38, 40);
    }

    /// <summary>A strap taken off and put on again turned a quarter round the limb: the walk after
    /// it turns the board about another of its axes. The conditioner finds that axis afresh and
    /// says so (<see cref="Core.Conditioning.SignalConditioner.OutputNewAxis"/>), because the
    /// sign it keeps is then arbitrary: the monitor tells the detector, whose next contrary vote
    /// re-orients it at once instead of wearing down the confidence of the last walk first.</summary>
    [Fact]
    public void A_board_strapped_on_about_another_axis_is_found_afresh_and_reported_so()
    {
        var c = new Core.Conditioning.SignalConditioner(new SensorConfig(50, 8, 2000, MountingSite.Foot));
        int newAxisSecondWalk = 0;
        for (int i = 0; i < 40 * 50; i++)
        {
            // 20 s of strides (40° at 1 Hz) about the board's Y axis, then 20 s about its X axis.
            int g = (int)Math.Round(20 * 2 * Math.PI * Math.Cos(2 * Math.PI * i / 50.0) * 16.4);
            bool second = i >= 20 * 50;
            int result = c.Condition(i * 20, 0, 0, 4096, second ? g : 0, second ? 0 : g, 0, out _);
            if (second && result == Core.Conditioning.SignalConditioner.OutputNewAxis) newAxisSecondWalk++;
        }
        Assert.True(Math.Abs(c.AxisX) > 16384 * 9 / 10, $"axis ({c.AxisX}, {c.AxisY}, {c.AxisZ})");
        Assert.True(newAxisSecondWalk >= 1, "the axis of the second walk was not reported as new");
    }
}
