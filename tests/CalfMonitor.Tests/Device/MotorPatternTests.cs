using System.Linq;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sedentary;
using Xunit;

namespace CalfMonitor.Tests.Device;

public class MotorPatternTests
{
    private static string Trace(MotorPattern m, int fromMs, int toMs)
        => new string(Enumerable.Range(0, (toMs - fromMs) / 10).Select(i => m.IsOn(fromMs + i * 10) ? '#' : '.').ToArray());

    [Fact]
    public void An_alert_plays_the_policy_pulses_400_ms_on_200_ms_off()
    {
        Assert.Equal(400, AlertPolicy.BuzzPulseMs);
        Assert.Equal(200, AlertPolicy.BuzzGapMs);
        var m = new MotorPattern();
        m.Alert(1000, 3);
        string expected = new string('#', 40) + new string('.', 20) + new string('#', 40) + new string('.', 20) + new string('#', 40) + new string('.', 90);
        Assert.Equal(expected, Trace(m, 1000, 3500));
        Assert.False(m.Running);
        m.Alert(5000, 1);
        Assert.Equal(40, Trace(m, 5000, 7000).Count(c => c == '#'));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(10, 10)]
    [InlineData(99, 10)]
    public void Pulse_counts_are_clamped(int asked, int played)
    {
        var m = new MotorPattern();
        m.Alert(0, asked);
        Assert.Equal(played * 40, Trace(m, 0, 10_000).Count(c => c == '#'));
    }

    [Fact]
    public void The_button_stops_what_plays()
    {
        var m = new MotorPattern();
        m.Alert(0, 3);
        Assert.True(m.IsOn(100));
        m.Stop();
        Assert.False(m.IsOn(110));
        Assert.False(m.IsOn(700));
    }

    [Fact]
    public void An_alert_the_button_stopped_does_not_hold_back_the_next_acknowledgement()
    {
        // The button stops a 3-pulse alert at 0.1 s; a pump break done at 0.5 s, within what would
        // have been the alert, gets its tick.
        var m = new MotorPattern();
        m.Alert(0, 3);
        m.Stop();
        m.Acknowledge(500);
        Assert.Equal(new string('#', 15) + new string('.', 15), Trace(m, 500, 800));
    }

    [Fact]
    public void An_acknowledgement_is_one_short_pulse_and_never_cuts_an_alert()
    {
        var m = new MotorPattern();
        m.Acknowledge(0);
        Assert.Equal(new string('#', 15) + new string('.', 15), Trace(m, 0, 300));
        m.Alert(1000, 2);
        m.Acknowledge(1100);
        Assert.Equal(2 * 40, Trace(m, 1000, 3500).Count(c => c == '#'));
    }

    [Fact]
    public void A_sensor_fault_is_a_rattle_of_six_short_ticks_that_an_acknowledgement_does_not_cut()
    {
        var m = new MotorPattern();
        m.SensorFault(0);
        m.Acknowledge(200);
        string tick = new string('#', 15) + new string('.', 15);
        Assert.Equal(string.Concat(Enumerable.Repeat(tick, 6)) + new string('.', 20), Trace(m, 0, 2000));
        Assert.Equal(1, m.Faults);
        Assert.Equal(0, m.Alerts);
        // An alert after it keeps its own rhythm.
        m.Alert(3000, 1);
        Assert.Equal(new string('#', 40) + new string('.', 20), Trace(m, 3000, 3600));
    }

    [Fact]
    public void A_low_battery_notice_is_two_slow_one_second_hums_that_an_acknowledgement_does_not_cut()
    {
        var m = new MotorPattern();
        m.LowBattery(0);
        m.Acknowledge(1200);                            // a pump break in the gap: no tick, no cut
        string expected = new string('#', 100) + new string('.', 50) + new string('#', 100) + new string('.', 150);
        Assert.Equal(expected, Trace(m, 0, 4000));
        Assert.Equal(1, m.LowBatteries);
        Assert.Equal(0, m.Faults);
        Assert.Equal(0, m.Alerts);
        // Unlike every other pattern: pulses longer than an alert's, a gap longer than any.
        Assert.True(MotorPattern.LowBatteryPulseMs > AlertPolicy.BuzzPulseMs);
        Assert.True(MotorPattern.LowBatteryGapMs > AlertPolicy.BuzzGapMs && MotorPattern.LowBatteryGapMs > MotorPattern.FaultGapMs);
        m.Alert(5000, 1);                               // an alert after it keeps its own rhythm
        Assert.Equal(new string('#', 40) + new string('.', 20), Trace(m, 5000, 5600));
    }

    [Fact]
    public void Works_across_the_wrap_of_the_tick_count()
    {
        var m = new MotorPattern();
        int start = int.MaxValue - 500;
        m.Alert(start, 3);
        int on = 0;
        for (int i = 0; i < 250; i++) if (m.IsOn(unchecked(start + i * 10))) on++;
        Assert.Equal(120, on);
    }
}
