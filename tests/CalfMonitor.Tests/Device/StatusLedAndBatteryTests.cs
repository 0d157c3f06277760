using System.Linq;
using CalfMonitor.Core.Device;
using Xunit;

namespace CalfMonitor.Tests.Device;

public class StatusLedAndBatteryTests
{
    private static int OnTicks(SensorState state, bool recording, int from)
        => Enumerable.Range(0, 400).Count(i => StatusLed.IsOn(unchecked(from + i * 10), state, recording));

    [Theory]
    [InlineData(0)]
    [InlineData(-1_000_003)]
    [InlineData(int.MaxValue - 1999)]
    public void Led_duty_cycle_tells_the_state_apart_even_across_the_tick_wrap(int from)
    {
        Assert.Equal(10, OnTicks(SensorState.Ok, false, from));               // 2 flashes of 50 ms in 4 s
        Assert.Equal(200, OnTicks(SensorState.Reinitialising, false, from));  // half the time
        Assert.Equal(200, OnTicks(SensorState.Absent, false, from));
        Assert.Equal(400, OnTicks(SensorState.Absent, true, from));           // record mode: steady
    }

    [Theory]
    [InlineData(4300, 100)]
    [InlineData(4200, 100)]
    [InlineData(4150, 95)]
    [InlineData(3750, 44)]
    [InlineData(3300, 0)]
    [InlineData(3000, 0)]
    public void Battery_percent_follows_the_lipo_curve(int mv, int pct)
        => Assert.Equal(pct, BatteryGauge.PercentFromMillivolts(mv));

    [Fact]
    public void Battery_percent_never_rises_as_the_voltage_falls()
    {
        int last = 101;
        for (int mv = 4400; mv >= 2800; mv -= 5)
        {
            int p = BatteryGauge.PercentFromMillivolts(mv);
            Assert.InRange(p, 0, last);
            last = p;
        }
    }

    [Fact]
    public void Adc_reading_of_the_half_divider_gives_the_cell_voltage()
    {
        Assert.Equal(0, BatteryGauge.CellMillivolts(-5));
        Assert.Equal(6600, BatteryGauge.CellMillivolts(5000));
        Assert.InRange(BatteryGauge.CellMillivolts(2606), 4198, 4202);   // 2.1 V at the mid-point
    }
}
