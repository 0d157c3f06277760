using System.Linq;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Device;

/// <summary>
/// The wearer is told that the battery runs low (<see cref="LowBatteryNotice"/>): the motor's
/// low-battery hum once the Battery Level has read at or below 20 % three minutes in a row, once
/// more at 10 %, once per discharge, re-armed by a charge; never in quiet hours, never while lying /
/// not worn, never cutting a pattern that plays. Fed as the main loop feeds it: one reading a minute.
/// </summary>
public class LowBatteryNoticeTests
{
    private const int MinuteMs = 60_000;
    private const int HourMs = 60 * MinuteMs;

    // Cell voltages, mV, and the Battery Level the protocol's curve gives them.
    private const int Mv30 = 3700;      // 30 %
    private const int Mv21 = 3655;      // 21 %: just above the first warning
    private const int Mv20 = 3650;      // 20 %: the first warning's level
    private const int Mv10 = 3600;      // 10 %: the last warning's level
    private const int Mv5 = 3450;       //  5 %
    private const int Mv75 = 3940;      // ≈ 76 %: well charged, yet 10 mV short of re-arming
    private const int MvCharged = LowBatteryNotice.RearmMv;

    private sealed class Rig
    {
        public readonly CalfPumpMonitor Monitor = new(SensorConfig.Default(MountingSite.Shank), new MonitorSettings(), new RecordingListener());
        public readonly MotorPattern Motor = new();
        public readonly LowBatteryNotice Notice;
        public int T;                                   // processor ms of the next reading

        public Rig() { Notice = new LowBatteryNotice(Monitor, Motor); }

        /// <summary>One reading a minute at <paramref name="mv"/>, <paramref name="minutes"/> times;
        /// returns how many notices started.</summary>
        public int Read(int mv, int minutes = 1)
        {
            int started = 0;
            for (int i = 0; i < minutes; i++)
            {
                if (Notice.Reading(T, mv)) started++;
                T = unchecked(T + MinuteMs);
            }
            return started;
        }
    }

    /// <summary>Motor trace from <paramref name="fromMs"/>, one character per 10 ms tick.</summary>
    private static string Trace(MotorPattern m, int fromMs, int ms)
    {
        var c = new char[ms / 10];
        for (int i = 0; i < c.Length; i++) c[i] = m.IsOn(unchecked(fromMs + i * 10)) ? '#' : '.';
        return new string(c);
    }

    [Fact]
    public void The_levels_are_those_of_the_protocols_curve()
    {
        Assert.Equal(30, DeviceInformation.BatteryPercent(Mv30));
        Assert.Equal(21, DeviceInformation.BatteryPercent(Mv21));
        Assert.Equal(LowBatteryNotice.WarnPercent, DeviceInformation.BatteryPercent(Mv20));
        Assert.Equal(LowBatteryNotice.LastWarnPercent, DeviceInformation.BatteryPercent(Mv10));
        Assert.Equal(5, DeviceInformation.BatteryPercent(Mv5));
        Assert.InRange(DeviceInformation.BatteryPercent(Mv75), 70, 80);
        // Re-arming lies well above the first warning: three times the ADC's ±100 mV.
        Assert.True(LowBatteryNotice.RearmMv - Mv20 >= 3 * 100);
    }

    [Fact]
    public void The_first_notice_comes_at_20_percent_on_the_third_reading_in_a_row()
    {
        var r = new Rig();
        Assert.Equal(0, r.Read(Mv30, 60));
        Assert.Equal(0, r.Read(Mv21, 60));              // 21 %: not yet, however long
        Assert.False(r.Notice.Low);
        Assert.Equal(0, r.Read(Mv20, 2));
        Assert.False(r.Notice.Low);
        Assert.Equal(0, r.Motor.LowBatteries);
        Assert.Equal(1, r.Read(Mv20));                  // the third reading in a row
        Assert.True(r.Notice.Low);
        Assert.False(r.Notice.NearlyEmpty);
        Assert.Equal(1, r.Motor.LowBatteries);
        Assert.True(r.Motor.IsOn(r.Notice.LastNoticeMs + 10));
    }

    [Fact]
    public void A_noisy_reading_or_the_sag_while_the_motor_buzzes_never_starts_a_notice()
    {
        var r = new Rig();
        // Two low readings in every three (an ADC that jumps, an alert's buzz at the minute), for
        // hours: never three in a row, never a notice — even when the low ones read nearly empty.
        for (int i = 0; i < 120; i++)
        {
            Assert.Equal(0, r.Read(Mv5, 2));
            Assert.Equal(0, r.Read(Mv30));
        }
        Assert.False(r.Notice.Low);
        Assert.Equal(0, r.Motor.LowBatteries);
    }

    [Fact]
    public void Each_level_is_told_once_per_discharge_and_the_last_one_at_10_percent()
    {
        var r = new Rig();
        Assert.Equal(1, r.Read(Mv20, 10));
        // The cell hovers around 20 % and recovers a little (no charge): no second first warning.
        for (int i = 0; i < 30; i++) Assert.Equal(0, r.Read(i % 2 == 0 ? Mv30 : Mv20, 1));
        Assert.Equal(0, r.Read(Mv20, 60));
        Assert.Equal(0, r.Read(Mv10, LowBatteryNotice.ConfirmReadings - 1));
        Assert.Equal(1, r.Read(Mv10));                  // the last warning
        Assert.True(r.Notice.NearlyEmpty);
        Assert.Equal(0, r.Read(Mv10, 30));
        Assert.Equal(0, r.Read(Mv5, 60));
        Assert.Equal(0, r.Read(Mv20, 5));
        Assert.Equal(0, r.Read(Mv10, 5));
        Assert.Equal(2, r.Notice.Notices);
        Assert.Equal(2, r.Motor.LowBatteries);
    }

    [Fact]
    public void A_device_switched_on_nearly_empty_gets_one_notice_not_two()
    {
        var r = new Rig();
        Assert.Equal(1, r.Read(Mv5, 60));
        Assert.True(r.Notice.NearlyEmpty);
        Assert.Equal(1, r.Notice.Notices);
    }

    [Fact]
    public void Only_a_charge_confirmed_well_above_the_warning_arms_it_again()
    {
        var r = new Rig();
        Assert.Equal(1, r.Read(Mv20, 3));
        Assert.Equal(1, r.Read(Mv10, 3));
        // Recovering to 76 % (a cell at rest, an ADC that reads high): not a charge.
        Assert.Equal(0, r.Read(Mv75, 120));
        Assert.Equal(0, r.Read(Mv20, 10));
        Assert.Equal(0, r.Read(Mv10, 10));
        // Two readings at the re-arming voltage (a bump on the cable, a spike): not a charge either.
        Assert.Equal(0, r.Read(MvCharged, LowBatteryNotice.ConfirmReadings - 1));
        Assert.True(r.Notice.Low);
        Assert.Equal(0, r.Read(Mv20, 10));
        // Three in a row: charged. The next discharge is told again, both levels.
        Assert.Equal(0, r.Read(MvCharged, LowBatteryNotice.ConfirmReadings));
        Assert.False(r.Notice.Low);
        Assert.Equal(0, r.Read(Mv30, 120));
        Assert.Equal(1, r.Read(Mv20, 3));
        Assert.Equal(1, r.Read(Mv10, 3));
        Assert.Equal(4, r.Notice.Notices);
    }

    [Fact]
    public void Quiet_hours_hold_the_notice_back_until_they_end()
    {
        var r = new Rig();
        // The phone sets the time: 19:55 (quiet hours 20:00–08:00 by default).
        r.Monitor.Policy.SetTime(r.Monitor.NowMs, 19 * 3600 + 55 * 60);
        Assert.Equal(0, r.Read(Mv30, 5));               // 19:55 … 19:59
        Assert.Equal(0, r.Read(Mv20, LowBatteryNotice.ConfirmReadings));   // 20:00 … 20:02: due, quiet
        Assert.True(r.Notice.Low);
        Assert.True(r.Notice.Pending);
        Assert.Equal(0, r.Read(Mv20, 12 * 60 - 3));     // … 07:59
        Assert.Equal(0, r.Motor.LowBatteries);
        Assert.Equal(1, r.Read(Mv20));                  // 08:00: told
        Assert.Equal(5 * MinuteMs + 12 * HourMs, r.Notice.LastNoticeMs);
        Assert.False(r.Notice.Pending);
        Assert.Equal(0, r.Read(Mv20, 60));
    }

    [Fact]
    public void A_notice_still_waiting_when_the_cell_is_charged_is_dropped()
    {
        var r = new Rig();
        r.Monitor.Policy.SetTime(r.Monitor.NowMs, 21 * 3600);   // 21:00: quiet
        Assert.Equal(0, r.Read(Mv20, LowBatteryNotice.ConfirmReadings));
        Assert.True(r.Notice.Pending);
        Assert.Equal(0, r.Read(MvCharged, 11 * 60));    // on the charger overnight
        Assert.False(r.Notice.Pending);
        Assert.False(r.Notice.Low);
        Assert.Equal(0, r.Read(Mv30, 60));              // 08:00 and after: nothing to tell
        Assert.Equal(0, r.Motor.LowBatteries);
    }

    [Fact]
    public void While_lying_or_not_worn_the_notice_waits_until_the_device_is_worn_again()
    {
        var r = new Rig();
        r.Monitor.Policy.SetSuspended(true);            // on the bedside table
        Assert.Equal(0, r.Read(Mv20, 90));
        Assert.True(r.Notice.Pending);
        Assert.Equal(0, r.Motor.LowBatteries);
        r.Monitor.Policy.SetSuspended(false);           // strapped on, upright
        Assert.Equal(1, r.Read(Mv20));
        Assert.Equal(0, r.Read(Mv20, 30));
    }

    [Fact]
    public void The_notice_never_cuts_a_pattern_that_plays_it_comes_at_the_next_reading()
    {
        var r = new Rig();
        Assert.Equal(0, r.Read(Mv20, LowBatteryNotice.ConfirmReadings - 1));
        int alertAt = r.T - 100;
        r.Motor.Alert(alertAt, 3);                      // a sedentary alert plays at the reading
        Assert.Equal(0, r.Read(Mv20));
        Assert.True(r.Notice.Pending);
        string tripleBuzz = string.Concat(Enumerable.Repeat(new string('#', 40) + new string('.', 20), 3));
        Assert.Equal(tripleBuzz + new string('.', 100), Trace(r.Motor, alertAt, 2800));   // not cut
        Assert.Equal(1, r.Read(Mv20));                  // a minute later
        Assert.Equal(1, r.Motor.Alerts);
        Assert.Equal(1, r.Motor.LowBatteries);
    }

    [Fact]
    public void The_button_stops_the_hum_and_it_does_not_come_back_in_this_discharge()
    {
        var r = new Rig();
        Assert.Equal(1, r.Read(Mv20, LowBatteryNotice.ConfirmReadings));
        int at = r.Notice.LastNoticeMs;
        Assert.True(r.Motor.IsOn(at + 500));
        r.Motor.Stop();                                 // the button
        Assert.False(r.Motor.IsOn(at + 510));
        Assert.False(r.Motor.IsOn(at + 1600));          // the second hum does not come
        Assert.Equal(0, r.Read(Mv20, 60));
    }

    [Fact]
    public void The_hum_is_two_one_second_pulses_half_a_second_apart()
    {
        var r = new Rig();
        Assert.Equal(1, r.Read(Mv20, LowBatteryNotice.ConfirmReadings));
        string expected = new string('#', 100) + new string('.', 50) + new string('#', 100) + new string('.', 150);
        Assert.Equal(expected, Trace(r.Motor, r.Notice.LastNoticeMs, 4000));
        Assert.False(r.Motor.Running);
    }

    [Fact]
    public void Readings_across_the_wrap_of_the_tick_count_are_told_as_any_others()
    {
        var r = new Rig { T = int.MaxValue - 89 * MinuteMs };
        Assert.Equal(0, r.Read(Mv30, 90));              // to just before the wrap
        Assert.True(r.T < 0);
        Assert.Equal(1, r.Read(Mv20, 3));
        Assert.Equal(0, r.Read(Mv20, 30));
        Assert.Equal(1, r.Read(Mv10, 3));
    }

    [Fact]
    public void Readings_allocate_nothing_through_notices_quiet_hours_and_a_charge()
    {
        var r = new Rig();
        long bytes = AllocationProbe.MinBytes(3, () =>
        {
            r.Monitor.Policy.SetTime(r.Monitor.NowMs, 19 * 3600 + 50 * 60);
            r.Read(Mv20, 5);
            r.Read(Mv10, 5);
            r.Read(MvCharged, 5);
            r.Read(Mv20, 24 * 60);
            for (int t = 0; t < 3000; t += 10) r.Motor.IsOn(r.T + t);
        });
        // The paths the name promises were measured, in each of the 3 windows: the first tells 20 %
        // (19:52), 10 % and, after the charge, 20 % held through quiet hours to 08:00; the next two
        // begin with 20 % already told, so they tell 10 % and, after the charge, 20 %.
        Assert.Equal(3 + 2 + 2, r.Notice.Notices);
        Assert.Equal(0, bytes);
    }
}
