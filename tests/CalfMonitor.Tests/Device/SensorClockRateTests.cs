using System;
using System.Linq;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sedentary;
using Xunit;

namespace CalfMonitor.Tests.Device;

/// <summary>
/// The monitor's clock is the sensor's sample clock, whose oscillator may be off by about 1 %
/// (MPU-6050 datasheet 7.15): 14 minutes a day. The sampler measures it against the caller's
/// clock (the processor's crystal) and the wall clock converts with that rate, so quiet hours and
/// midnight keep real time between the phone's visits.
/// </summary>
public class SensorClockRateTests
{
    [Theory]
    [InlineData(10_000, 1)]    // the sensor 1 % slow
    [InlineData(-8_000, 2)]    // 0.8 % fast
    [InlineData(0, 3)]
    public void The_sampler_measures_the_sensor_clock_against_the_callers(int sensorSlowPpm, int seed)
    {
        var rig = new SamplerRig(50);
        rig.Emu.ClockErrorPpm = sensorSlowPpm;
        rig.RunIrregular(45 * 60_000, new Random(seed), 10, 600);
        var rates = rig.Log.ClockRates;
        Assert.InRange(rates.Count, 3, 4);                        // one per 10-minute window
        Assert.InRange(rates[^1], sensorSlowPpm - 300, sensorSlowPpm + 300);
        Assert.Equal(rates[^1], rig.Sampler.ClockRatePpm);
        Assert.Equal(rates[^1], rig.Monitor.Policy.Clock.RatePpm);  // MonitorSampleSink forwards it
    }

    /// <summary>docs/firmware.md: each window's result is averaged with the estimate before it,
    /// so one window of another rate moves the estimate about half way, not all the way.</summary>
    [Fact]
    public void Each_window_is_averaged_with_the_estimate_before_it()
    {
        var rig = new SamplerRig(50);
        rig.Emu.ClockErrorPpm = 10_000;
        rig.Run(11 * 60_000);
        int first = Assert.Single(rig.Log.ClockRates);
        Assert.InRange(first, 10_000 - 300, 10_000 + 300);
        rig.Emu.ClockErrorPpm = 20_000;                            // from 1 min into the second window
        rig.Run(10 * 60_000);
        Assert.Equal(2, rig.Log.ClockRates.Count);
        Assert.InRange(rig.Log.ClockRates[1], 13_500, 15_500);     // (10 000 + about 19 000) / 2
    }

    /// <summary>A window more than 5 % (MaxClockRatePpm) off is a disturbed window, not an
    /// oscillator (±1 %): it is not taken, and the wall clock keeps the rate it had; one within
    /// 5 % is taken, slow or fast.</summary>
    [Theory]
    [InlineData(60_000, false)]
    [InlineData(-60_000, false)]
    [InlineData(45_000, true)]
    [InlineData(-45_000, true)]
    public void A_window_more_than_five_percent_off_is_not_taken_as_the_rate(int sensorSlowPpm, bool taken)
    {
        var rig = new SamplerRig(50);
        rig.Emu.ClockErrorPpm = sensorSlowPpm;
        rig.Run(11 * 60_000);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        if (taken)
        {
            int rate = Assert.Single(rig.Log.ClockRates);
            Assert.InRange(rate, sensorSlowPpm - 300, sensorSlowPpm + 300);
            Assert.Equal(rate, rig.Monitor.Policy.Clock.RatePpm);
        }
        else
        {
            Assert.Empty(rig.Log.ClockRates);
            Assert.Equal(0, rig.Monitor.Policy.Clock.RatePpm);
        }
    }

    /// <summary>A FIFO overflow throws samples away, so the window it falls in would count too few:
    /// that window is not measured, and the next one starts after the recovery.</summary>
    [Fact]
    public void A_window_with_an_overflow_is_not_measured()
    {
        var rig = new SamplerRig(50);
        rig.Emu.ClockErrorPpm = 5_000;
        rig.Run(5 * 60_000);
        rig.Step(3000);                                            // the loop stalls: the FIFO overflows
        Assert.Equal(1, rig.Sampler.Overflows);
        rig.Run(10 * 60_000 - 200);
        Assert.Empty(rig.Log.ClockRates);                          // no window closed cleanly yet
        rig.Run(2 * 60_000);
        int rate = Assert.Single(rig.Log.ClockRates);
        Assert.InRange(rate, 5_000 - 300, 5_000 + 300);
    }

    /// <summary>Six hours on a sensor 1 % slow, the time set once at the start: the wall clock
    /// stays within seconds of real time, where the sample clock alone falls 3.6 minutes behind.</summary>
    [Fact]
    public void The_wall_clock_keeps_real_time_on_a_slow_sensor()
    {
        var rig = new SamplerRig(50, numbered: false);
        rig.Emu.ClockErrorPpm = 10_000;
        rig.Run(1_000);
        const int setAt = 8 * 3600;                                // 08:00:00 on 2000-01-01
        long callerAtSet = rig.T;
        int monitorAtSet = rig.Monitor.NowMs;
        Assert.True(rig.Monitor.Policy.SetTime(monitorAtSet, setAt));
        rig.Run(6 * 3_600_000L);
        int realSeconds = setAt + (int)((rig.T - callerAtSet) / 1000);
        int wallSeconds = rig.Monitor.Policy.Clock.LocalSeconds(rig.Monitor.NowMs);
        Assert.InRange(wallSeconds - realSeconds, -15, 15);
        int sampleClockSeconds = setAt + (rig.Monitor.NowMs - monitorAtSet) / 1000;
        Assert.InRange(realSeconds - sampleClockSeconds, 200, 230);   // 6 h × 1 % / 1.01 = 214 s
    }

    /// <summary>The day's history on a sensor 1 % slow: six real hours are 360 History minutes
    /// (the first ten, before the rate is measured, are 1 % long), where minutes of the sample
    /// clock would be 356 — the companion draws them back from the phone's "now", so the far end
    /// of a day would be 14 minutes off.</summary>
    [Fact]
    public void The_history_keeps_real_minutes_on_a_slow_sensor()
    {
        var rig = new SamplerRig(50, numbered: false);
        rig.Emu.ClockErrorPpm = 10_000;
        rig.Run(6 * 3_600_000L);
        Assert.InRange(rig.Monitor.Policy.Clock.RatePpm, 9_700, 10_300);
        Assert.InRange(rig.Monitor.History.Stored, 359, 360);
        Assert.Equal(356, rig.Listener.Minutes.Count);              // the rate meter's minutes: the sample clock
    }

    /// <summary>An outage (the sensor off the bus for two hours) is skipped in the time stamps by
    /// the caller's clock, which keeps real time: the span is counted in sensor periods, so the
    /// wall clock, which converts sensor time at the measured rate, does not get the rate twice.</summary>
    [Fact]
    public void A_sensor_outage_keeps_the_wall_clock_on_real_time()
    {
        var rig = new SamplerRig(50, numbered: false);
        rig.Emu.ClockErrorPpm = 10_000;
        rig.Run(25 * 60_000);                                      // the rate is measured
        Assert.InRange(rig.Monitor.Policy.Clock.RatePpm, 9_700, 10_300);
        const int setAt = 8 * 3600;
        long callerAtSet = rig.T;
        Assert.True(rig.Monitor.Policy.SetTime(rig.Monitor.NowMs, setAt));
        rig.Emu.NackUntilMs = rig.T + 2 * 3_600_000L;              // off the bus for two hours
        rig.Run(2 * 3_600_000L + 5 * 60_000);
        Assert.True(rig.Sampler.Reinits >= 1);
        int realSeconds = setAt + (int)((rig.T - callerAtSet) / 1000);
        int wallSeconds = rig.Monitor.Policy.Clock.LocalSeconds(rig.Monitor.NowMs);
        Assert.InRange(wallSeconds - realSeconds, -15, 15);      // 72 s fast when the span was counted in real ms
    }

    [Fact]
    public void The_wall_clock_converts_counter_time_at_the_rate_from_when_it_is_set()
    {
        var c = new WallClock();
        Assert.True(c.Set(0, 1000));
        c.SetRate(0, 10_000);                                      // real time 1 % faster than the counter
        int now = 0;
        for (int h = 0; h < 24; h++) { now += 3_600_000; c.Maintain(now); }
        Assert.Equal(1000 + 86_400 + 864, c.LocalSeconds(now));    // 24 h of counter = 24 h 14 min 24 s
        c.SetRate(now, -10_000);                                   // from now on 1 % slower; the past keeps its rate
        Assert.Equal(1000 + 86_400 + 864 + 3564, c.LocalSeconds(now + 3_600_000));
        c.SetRate(now, 900_000);                                   // a measuring fault is clamped
        Assert.Equal(WallClock.MaxRatePpm, c.RatePpm);
        Assert.True(c.Set(now, 5));                                // setting the time keeps the rate
        Assert.Equal(5 + 1050, c.LocalSeconds(now + 1_000_000));
    }

    /// <summary>The rate is measured minutes after the time is set, and the counter reads negative
    /// after 24.8 days of uptime: the time from the setting to the measure keeps the rate it was
    /// kept at (none yet), and only the time after it is converted at the new rate.</summary>
    [Fact]
    public void A_rate_measured_after_the_time_was_set_converts_only_the_time_after_it()
    {
        var c = new WallClock();
        const int setAt = -1_000_000_000;                          // 38 days of uptime: past the int's wrap
        const int measuredAt = setAt + 1_800_000;                  // half an hour later
        Assert.True(c.Set(setAt, 1000));
        c.SetRate(measuredAt, 10_000);
        Assert.Equal(1000 + 1800, c.LocalSeconds(measuredAt));
        Assert.Equal(1000 + 1800 + 1010, c.LocalSeconds(measuredAt + 1_000_000));
    }

    [Fact]
    public void A_measuring_fault_either_way_is_clamped_to_five_percent()
    {
        var c = new WallClock();
        Assert.True(c.Set(0, 1000));
        c.SetRate(0, -900_000);                                    // the sensor's clock "91 % fast"
        Assert.Equal(-WallClock.MaxRatePpm, c.RatePpm);
        Assert.Equal(1000 + 950, c.LocalSeconds(1_000_000));
        c.SetRate(1_000_000, 900_000);
        Assert.Equal(WallClock.MaxRatePpm, c.RatePpm);
        Assert.Equal(1000 + 950 + 1050, c.LocalSeconds(2_000_000));
    }
}
