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

    [Fact]
    public void A_pattern_is_silent_before_its_start_and_a_pump_break_at_its_first_millisecond_does_not_cut_it()
    {
        // A pattern plays from its start on: a poll with an earlier time finds the motor off.
        var m = new MotorPattern();
        m.Alert(1000, 2);
        Assert.False(m.IsOn(999));
        Assert.False(m.IsOn(-5000));
        // A pump break done in the very millisecond the alert starts: no tick in its place, the
        // alert's two pulses play whole.
        m.Acknowledge(1000);
        string expected = new string('#', 40) + new string('.', 20) + new string('#', 40) + new string('.', 20);
        Assert.Equal(expected, Trace(m, 1000, 2200));
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

    /// <summary>The same pattern started the real way at <paramref name="atMs"/>, for comparison.</summary>
    private static MotorPattern Real(int pattern, int atMs, int reminderPulses)
    {
        var m = new MotorPattern();
        switch (pattern)
        {
            case MotorPattern.TryFirstReminder: m.Alert(atMs, 1); break;
            case MotorPattern.TryStrongestReminder: m.Alert(atMs, reminderPulses); break;
            case MotorPattern.TryBreakDone: m.Acknowledge(atMs); break;
            case MotorPattern.TrySensorFault: m.SensorFault(atMs); break;
            default: m.LowBattery(atMs); break;
        }
        return m;
    }

    [Theory]
    [InlineData(MotorPattern.TryFirstReminder)]
    [InlineData(MotorPattern.TryStrongestReminder)]
    [InlineData(MotorPattern.TryBreakDone)]
    [InlineData(MotorPattern.TrySensorFault)]
    [InlineData(MotorPattern.TryLowBattery)]
    public void A_pattern_the_wearer_tries_feels_as_the_real_one_and_counts_as_nothing(int pattern)
    {
        // BLE Control "try a buzz" (docs/ble-protocol.md): the wearer learns what each buzz means
        // and the fitter checks the motor, without waiting half an hour for a reminder.
        var m = new MotorPattern();
        Assert.True(m.Try(pattern, 4));
        Assert.True(m.TryWaiting);
        string tried = Trace(m, 1000, 5000);
        Assert.Equal(Trace(Real(pattern, 1000, 4), 1000, 5000), tried);
        Assert.Contains('#', tried);
        Assert.False(m.TryWaiting);
        Assert.False(m.Running);
        Assert.Equal(0, m.Alerts + m.Faults + m.LowBatteries);
        Assert.Equal(new string('.', 100), Trace(m, 5000, 6000));   // once
    }

    [Fact]
    public void A_try_waits_for_a_real_alert_to_end_and_never_cuts_it_short()
    {
        var m = new MotorPattern();
        m.Alert(0, 2);                                   // 400 on, 200 off, 400 on: ends at 1000 ms
        Assert.True(m.IsOn(100));
        Assert.True(m.Try(MotorPattern.TryBreakDone, 3));
        string t = Trace(m, 100, 1500);
        Assert.Equal(new string('#', 30) + new string('.', 20) + new string('#', 40)        // the alert, whole
            + new string('.', 1) + new string('#', 15) + new string('.', 34), t);           // then the tick, 10 ms later
        Assert.Equal(1, m.Alerts);
    }

    [Fact]
    public void A_second_try_before_the_motor_is_free_takes_the_first_ones_place()
    {
        var m = new MotorPattern();
        m.Alert(0, 1);
        m.Try(MotorPattern.TryLowBattery, 3);
        m.Try(MotorPattern.TryBreakDone, 3);
        Assert.Equal(40 + 15, Trace(m, 0, 5000).Count(c => c == '#'));   // the alert and one tick, no hum
    }

    [Fact]
    public void A_real_alert_cuts_a_try_short_and_an_acknowledgement_does_not()
    {
        var m = new MotorPattern();
        m.Try(MotorPattern.TryLowBattery, 3);
        Assert.True(m.IsOn(0));
        m.Acknowledge(100);                              // a pump break done during the hum: no tick
        Assert.Equal(new string('#', 90), Trace(m, 100, 1000));
        m.Alert(1000, 1);                                // a reminder falls due: it plays at once
        Assert.Equal(new string('#', 40) + new string('.', 60), Trace(m, 1000, 2000));
        Assert.Equal(1, m.Alerts);
    }

    [Fact]
    public void The_button_stops_a_try_and_one_still_waiting()
    {
        var m = new MotorPattern();
        m.Try(MotorPattern.TrySensorFault, 3);
        Assert.True(m.IsOn(0));
        m.Stop();
        Assert.False(m.IsOn(10));
        m.Alert(100, 1);
        m.Try(MotorPattern.TryStrongestReminder, 3);
        m.Stop();
        Assert.False(m.TryWaiting);
        Assert.Equal(new string('.', 300), Trace(m, 110, 3110));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void A_pattern_number_outside_one_to_five_plays_nothing(int pattern)
    {
        var m = new MotorPattern();
        Assert.False(m.Try(pattern, 3));
        Assert.False(m.TryWaiting);
        Assert.Equal(new string('.', 300), Trace(m, 0, 3000));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 5)]
    [InlineData(99, 10)]
    public void The_strongest_reminder_plays_the_pulses_given_clamped_as_an_alert_s(int asked, int played)
    {
        var m = new MotorPattern();
        m.Try(MotorPattern.TryStrongestReminder, asked);
        Assert.Equal(played * 40, Trace(m, 0, 10_000).Count(c => c == '#'));
    }
}
