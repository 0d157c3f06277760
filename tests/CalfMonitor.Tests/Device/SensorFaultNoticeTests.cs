using System.Collections.Generic;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sedentary;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Device;

/// <summary>
/// A device that cannot sense says so (<see cref="SensorFaultNotice"/>): a sensor missing from
/// power-on, refused, or that never fills its FIFO left the device silent for ever (no sample, so
/// no clock for the monitor and never an alert). The motor plays the sensor-fault rattle — never a
/// sedentary alert, which would claim a sit the device did not see — 30 s after power-on and then
/// hourly, outside quiet hours, until the sensor answers; Live's byte 19 bit 7 says "not answering".
/// Driven through <see cref="SamplerRig"/> as the device's main loop drives it.
/// </summary>
public class SensorFaultNoticeTests
{
    private const int MinuteMs = 60_000;
    private const int HourMs = 60 * MinuteMs;

    public enum BootFault { NoAnswer, UnknownChip, FifoNeverFills }

    private static SamplerRig FaultyFromPowerOn(BootFault fault)
    {
        var rig = new SamplerRig(numbered: false, whoAmI: fault == BootFault.UnknownChip ? 0x12 : 0x68);
        rig.Emu.KeepLog = false;
        rig.Emu.Silent = fault == BootFault.NoAnswer;
        rig.Emu.FifoStuck = fault == BootFault.FifoNeverFills;
        return rig;
    }

    private static LivePayload ReadLive(SamplerRig rig)
    {
        var bytes = new byte[LivePayload.Length];
        rig.Gatt.ReadLive(bytes, 0, rig.Gatt.NowMs);
        var live = new LivePayload();
        Assert.Equal(AttError.Ok, live.TryDecode(bytes, 0, bytes.Length));
        return live;
    }

    /// <summary>The notice on a monitor that has had no sample, with its motor (no sampler: the
    /// tests poll it with the sample count themselves).</summary>
    private static (CalfPumpMonitor Monitor, MotorPattern Motor, SensorFaultNotice Notice) NoticeOnAMonitor()
    {
        var monitor = new CalfPumpMonitor(SensorConfig.Default(MountingSite.Shank), new MonitorSettings(), new RecordingListener());
        var motor = new MotorPattern();
        return (monitor, motor, new SensorFaultNotice(monitor, motor));
    }

    /// <summary>Motor trace from <paramref name="fromMs"/>, one character per 10 ms tick.</summary>
    private static string Trace(MotorPattern m, long fromMs, int ms)
    {
        var c = new char[ms / 10];
        for (int i = 0; i < c.Length; i++) c[i] = m.IsOn(unchecked((int)(fromMs + i * 10))) ? '#' : '.';
        return new string(c);
    }

    [Theory]
    [InlineData(BootFault.NoAnswer)]
    [InlineData(BootFault.UnknownChip)]
    [InlineData(BootFault.FifoNeverFills)]
    public void A_sensor_that_never_gives_a_sample_is_told_by_the_fault_rattle_and_in_Live(BootFault fault)
    {
        var rig = FaultyFromPowerOn(fault);
        rig.Run(4900);
        Assert.False(rig.Fault.NotAnswering);
        Assert.False(ReadLive(rig).SensorNotAnswering);
        rig.Run(200);
        Assert.True(rig.Fault.NotAnswering);
        var live = ReadLive(rig);
        Assert.True(live.SensorNotAnswering);
        Assert.Equal(LivePayload.NoAlertScheduled, live.NextAlertS);   // it will not alert: none scheduled
        if (fault != BootFault.FifoNeverFills) Assert.Equal(SensorState.Absent, rig.Sampler.State);

        rig.Run(NoticeDelayLeft(rig) - 100);
        Assert.Equal(0, rig.Motor.Faults);
        rig.Run(200);
        Assert.Equal(1, rig.Motor.Faults);
        Assert.Equal(1, rig.Fault.Notices);
        // The rattle: six 150 ms ticks 150 ms apart — not an alert's 400 ms pulses.
        string expected = string.Concat(System.Linq.Enumerable.Repeat(new string('#', 15) + new string('.', 15), 6)) + new string('.', 100);
        Assert.Equal(expected, Trace(rig.Motor, rig.Fault.LastNoticeMs, 2800));
        // No sedentary alert, ever: the device does not know whether the wearer sat.
        rig.Run(45 * MinuteMs);
        Assert.Empty(rig.Listener.Alerts);
        Assert.Equal(0, rig.Motor.Alerts);
        Assert.Empty(rig.Listener.Seconds);
    }

    /// <summary>Processor ms still to run until the notice falls due after the first poll.</summary>
    private static int NoticeDelayLeft(SamplerRig rig) => SensorFaultNotice.NoticeAfterMs - (int)(rig.T - 5100);

    [Fact]
    public void The_notice_repeats_hourly_until_the_sensor_answers_then_stops()
    {
        var rig = FaultyFromPowerOn(BootFault.NoAnswer);
        var times = new List<long>();
        while (rig.T < 5000 + 3 * HourMs + MinuteMs)
        {
            int before = rig.Fault.Notices;
            rig.Step(100);
            if (rig.Fault.Notices != before) times.Add(rig.T);
        }
        Assert.Equal(new long[] { 35_100, 35_100 + HourMs, 35_100 + 2L * HourMs, 35_100 + 3L * HourMs }, times);

        rig.Emu.Silent = false;               // the wire is mended
        rig.Run(2 * MinuteMs);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        Assert.False(rig.Fault.NotAnswering);
        Assert.False(rig.Fault.Faulted);
        Assert.False(ReadLive(rig).SensorNotAnswering);
        rig.Run(2 * HourMs);
        Assert.Equal(4, rig.Fault.Notices);
        Assert.NotEmpty(rig.Listener.Alerts);   // and now it measures and alerts as always
    }

    [Fact]
    public void Quiet_hours_hold_the_notice_back_until_they_end()
    {
        var rig = FaultyFromPowerOn(BootFault.NoAnswer);
        // The phone sets the time at power-on, 19:59:00 (quiet hours 20:00–08:00 by default),
        // before any sample: the monitor's clock stands at 0, as it does on the device.
        int local = (WallClock.DaysFromCivil(2026, 12, 7) * 86400) + 19 * 3600 + 59 * 60;
        var cts = new byte[CurrentTime.Length];
        CurrentTime.Encode(cts, 0, local, 0);
        Assert.Equal(AttError.Ok, rig.Gatt.WriteCurrentTime(cts, 0, cts.Length, rig.Gatt.NowMs));

        rig.Run(MinuteMs);
        Assert.Equal(1, rig.Fault.Notices);                // 19:59:30: not yet quiet
        rig.Run(12 * HourMs + MinuteMs);
        Assert.Equal(2, rig.Fault.Notices);                // the 20:59 one waited for 08:00
        long eight = 5100 + 12 * HourMs + MinuteMs;        // 08:00:00 on the processor's clock
        Assert.InRange(rig.Fault.LastNoticeMs, eight, eight + 100);
    }

    [Fact]
    public void A_sensor_that_stops_after_sampling_still_alerts_as_sitting_and_is_told_once_it_stays_out()
    {
        var rig = new SamplerRig(numbered: false);
        rig.Emu.KeepLog = false;
        rig.Run(10 * MinuteMs);
        rig.Emu.Silent = true;                 // the wire breaks ten minutes in…
        rig.Run(29 * 1000);
        Assert.True(rig.Fault.NotAnswering);
        Assert.True(ReadLive(rig).SensorNotAnswering);
        Assert.NotEqual(LivePayload.NoAlertScheduled, ReadLive(rig).NextAlertS);   // counted as sitting: alerts still due
        Assert.Equal(0, rig.Fault.Notices);
        rig.Run(2000);
        Assert.Equal(1, rig.Fault.Notices);
        rig.Run(60 * MinuteMs - 31 * 1000);    // …and is mended an hour later
        rig.Emu.Silent = false;
        rig.Run(5 * MinuteMs);
        Assert.False(rig.Fault.NotAnswering);
        Assert.Equal(1, rig.Fault.Notices);
        // The sedentary alerts are those of a still sensor (SensorOutageTests), the notice besides.
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, rig.Listener.Alerts.ConvertAll(a => a.Repeat));
    }

    [Fact]
    public void A_wire_that_comes_and_goes_is_told_at_most_once_an_hour()
    {
        var rig = new SamplerRig(numbered: false);
        rig.Emu.KeepLog = false;
        rig.Run(MinuteMs);
        var times = new List<long>();
        while (rig.T < 3 * HourMs)
        {
            rig.Emu.Silent = (rig.T / 1000) % 120 < 40;   // 40 s out in every two minutes
            int before = rig.Fault.Notices;
            rig.Step(100);
            if (rig.Fault.Notices != before) times.Add(rig.T);
        }
        Assert.InRange(times.Count, 2, 3);
        for (int i = 1; i < times.Count; i++) Assert.True(times[i] - times[i - 1] >= SensorFaultNotice.RepeatMs, $"notices at {times[i - 1]} and {times[i]} ms");
    }

    [Fact]
    public void The_notice_waits_for_a_pattern_that_plays_and_the_button_stops_it_until_the_next_hour()
    {
        var (monitor, motor, notice) = NoticeOnAMonitor();
        notice.Poll(0, 0);
        motor.Alert(29_900, 3);                             // a sedentary alert (an outage counted as sitting) plays
        Assert.False(notice.Poll(30_000, 0));
        Assert.False(notice.Poll(31_400, 0));               // its last pulse ends at 31 500
        Assert.Equal(3, Trace(motor, 29_900, 1600).Split('.', System.StringSplitOptions.RemoveEmptyEntries).Length);   // the alert was not cut
        Assert.True(notice.Poll(31_500, 0));
        Assert.True(motor.IsOn(31_550));
        motor.Stop();                                       // the button
        Assert.False(motor.IsOn(31_600));
        for (int t = 31_600; t < 31_500 + SensorFaultNotice.RepeatMs; t += 100) Assert.False(notice.Poll(t, 0));
        Assert.True(notice.Poll(31_500 + SensorFaultNotice.RepeatMs, 0));
    }

    /// <summary>A buzz the wearer asked to feel (Control "try a buzz") is not cut short by the
    /// rattle that falls due while it plays: the notice waits for it as for any buzz
    /// (docs/ble-protocol.md, Control).</summary>
    [Fact]
    public void The_notice_waits_for_a_try_the_wearer_asked_for()
    {
        var (monitor, motor, notice) = NoticeOnAMonitor();
        notice.Poll(0, 0);
        Assert.True(motor.Try(MotorPattern.TryLowBattery, 3));
        Assert.True(motor.IsOn(29_000));                    // the two slow hums start: on until 31 500
        Assert.False(notice.Poll(30_000, 0));               // the rattle falls due, and waits
        Assert.False(notice.Poll(31_400, 0));
        Assert.Equal(new string('#', 100) + new string('.', 50) + new string('#', 100), Trace(motor, 29_000, 2500));
        Assert.True(notice.Poll(31_500, 0));                // then it plays
        Assert.Equal(1, motor.Faults);
    }

    [Fact]
    public void In_quiet_hours_a_fault_is_known_but_no_notice_is_reported_as_none_plays()
    {
        var (monitor, motor, notice) = NoticeOnAMonitor();
        monitor.Policy.SetTime(monitor.NowMs, 21 * 3600);   // 21:00: quiet hours (20:00–08:00 by default)
        int told = 0;
        for (int t = 0; t <= 2 * HourMs; t += 100)
        {
            if (notice.Poll(t, 0)) told++;
        }
        Assert.True(notice.Faulted);
        Assert.Equal(0, motor.Faults);
        Assert.Equal(0, told);
    }

    [Fact]
    public void Time_wrapping_after_weeks_without_a_sample_neither_silences_nor_floods_the_notice()
    {
        var (monitor, motor, notice) = NoticeOnAMonitor();
        int notices = 0;
        int t = int.MaxValue - 20 * 24 * HourMs;            // 40 days of polls across the tick count's wrap
        for (long i = 0; i <= 40L * 24 * 3600 * 10; i++, t = unchecked(t + 100))
        {
            if (notice.Poll(t, 0)) notices++;
        }
        Assert.Equal(40 * 24, notices);                     // one an hour, and the first at 30 s
    }

    [Fact]
    public void Polling_allocates_nothing_through_notices_quiet_hours_and_a_time_set()
    {
        var (monitor, motor, notice) = NoticeOnAMonitor();
        int t = 0;
        long bytes = AllocationProbe.MinBytes(3, () =>
        {
            monitor.Policy.SetTime(monitor.NowMs, 19 * 3600 + 50 * 60);   // 19:50 on day 0: quiet at 20:00
            for (int i = 0; i < 3 * 36_000; i++, t += 100)
            {
                notice.Poll(t, 0);
                motor.IsOn(t);
            }
        });
        Assert.True(notice.Notices >= 2, $"{notice.Notices} notices");
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void A_fault_weeks_after_the_last_notice_is_told_at_once_across_the_wrap_of_the_tick_count()
    {
        var monitor = new CalfPumpMonitor(SensorConfig.Default(MountingSite.Shank), new MonitorSettings(), new RecordingListener());
        var notice = new SensorFaultNotice(monitor, new MotorPattern());
        int t = 0;
        int samples = 0;
        for (; t <= 30_000; t += 100) notice.Poll(t, samples);
        Assert.Equal(1, notice.Notices);                    // missing at power-on…
        for (long i = 0; i < 30L * 24 * 3600 * 10; i++, t = unchecked(t + 100)) notice.Poll(t, ++samples);   // …then 30 days of samples
        int stopped = unchecked(t - 100);                   // the poll that found the last sample
        while (notice.Notices == 1 && unchecked(t - stopped) < 2 * SensorFaultNotice.NoticeAfterMs) notice.Poll(t = unchecked(t + 100), samples);
        Assert.Equal(2, notice.Notices);                    // …and out again: told 30 s later, not 25 days later
        Assert.Equal(SensorFaultNotice.NoticeAfterMs, unchecked(notice.LastNoticeMs - stopped));
    }
}
