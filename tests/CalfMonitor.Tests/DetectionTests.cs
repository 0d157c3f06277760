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
}
