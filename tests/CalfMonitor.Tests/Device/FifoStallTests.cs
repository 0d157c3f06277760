using System.Linq;
using CalfMonitor.Core;
using CalfMonitor.Core.Device;
using Xunit;

namespace CalfMonitor.Tests.Device;

/// <summary>
/// A sensor that answers every transfer and keeps its configuration, but whose FIFO stays empty
/// (a clone sold as an MPU-6050 whose FIFO does not work, a sample clock that stopped): no poll
/// fails and no register shows a reset, yet no sample comes. It is a sensor that stays out, and
/// must not silence the device any more than a loose wire does (<see cref="SensorOutageTests"/>).
/// </summary>
public class FifoStallTests
{
    private const int MinuteMs = 60_000;

    [Theory]
    [InlineData(0x68)]
    [InlineData(0x98)]
    public void A_fifo_that_stops_filling_is_a_sensor_out_and_alerts_come_on_time(int whoAmI)
    {
        var still = new SamplerRig(numbered: false, whoAmI: whoAmI);
        still.Run(75 * MinuteMs);

        var stalled = new SamplerRig(numbered: false, whoAmI: whoAmI);
        stalled.Run(10 * MinuteMs);
        stalled.Emu.FifoStuck = true;          // ten minutes in, the FIFO stops filling…
        stalled.Run(60 * MinuteMs);
        Assert.True(stalled.Monitor.InSensorOutage);
        Assert.True(stalled.Sampler.Reinits > 0);
        stalled.Emu.FifoStuck = false;         // …and an hour later it fills again
        stalled.Run(5 * MinuteMs);
        Assert.Equal(SensorState.Ok, stalled.Sampler.State);
        Assert.False(stalled.Monitor.InSensorOutage);

        // The same alerts as the still sensor's, each within a second; the hour is in the
        // monitor's clock (not dropped from it), the seconds on without a jump.
        SensorOutageTests.AssertCountedAsSitting(still, stalled);
    }

    [Fact]
    public void Polls_closer_than_a_sample_period_are_no_stall()
    {
        var rig = new SamplerRig(numbered: false);
        rig.Run(MinuteMs);
        for (int i = 0; i < 2000; i++) rig.Step(i % 10 == 0 ? 100 : 1);   // bursts of polls 1 ms apart
        Assert.Equal(0, rig.Sampler.Reinits);
        Assert.Equal(0, rig.Sampler.Faults);
        Assert.Equal(0, rig.Monitor.Gaps);
    }
}
