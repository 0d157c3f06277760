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

    [Fact]
    public void Adc_reading_feeds_the_protocol_battery_curve()
    {
        // 2.1 V at the divider mid-point = 4.2 V cell = 100 %; 1.65 V = 3.3 V = 0 %.
        Assert.Equal(100, CalfMonitor.Core.Ble.DeviceInformation.BatteryPercent(BatteryGauge.CellMillivolts(2606)));
        Assert.Equal(0, CalfMonitor.Core.Ble.DeviceInformation.BatteryPercent(BatteryGauge.CellMillivolts(2047)));
    }

    [Fact]
    public void Adc_reading_of_the_half_divider_gives_the_cell_voltage()
    {
        Assert.Equal(0, BatteryGauge.CellMillivolts(-5));
        Assert.Equal(6600, BatteryGauge.CellMillivolts(5000));
        Assert.InRange(BatteryGauge.CellMillivolts(2606), 4198, 4202);   // 2.1 V at the mid-point
    }
}
