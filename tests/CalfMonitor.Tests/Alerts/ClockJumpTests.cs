using CalfMonitor.Core;
using CalfMonitor.Core.Sedentary;
using Xunit;

namespace CalfMonitor.Tests.Alerts;

/// <summary>Issue 14 item 1: after a clock jump at most one alert, the next repeat scheduled from then.</summary>
public class ClockJumpTests
{
    [Theory]
    [InlineData(2 * 86400)]      // two days: the reported storm (288 repeats)
    [InlineData(3 * 3600)]       // three hours
    [InlineData(11 * 60)]        // just over one repeat interval
    public void A_jump_raises_one_alert_and_the_next_repeat_is_a_full_interval_later(int jumpS)
    {
        var d = new PolicyDriver();
        d.Sit(31);                                // threshold alert at 30:00
        Assert.Single(d.Alerts);
        d.Step(jumpS * 1000);                     // the clock jumps (one evaluation after it)
        d.Sit(9.5);
        Assert.Equal(2, d.Alerts.Count);
        double jumpedAt = 31 + jumpS / 60.0;
        Assert.Equal(jumpedAt, d.Alerts[1].AtMin, 3);
        d.Sit(1);                                 // the next repeat: 10 min after the jump's alert
        Assert.Equal(3, d.Alerts.Count);
        Assert.Equal(jumpedAt + 10, d.Alerts[2].AtMin, 3);
    }

    [Fact]
    public void A_two_day_jump_while_not_worn_counts_one_suppression()
    {
        var d = new PolicyDriver();
        d.Sit(5);
        d.Policy.SetSuspended(true);
        d.Step(2 * 86400 * 1000);
        Assert.Equal(1, d.Policy.SuppressedNotWorn);
        Assert.Empty(d.Alerts);
    }

    [Fact]
    public void A_jump_while_not_worn_ending_exactly_one_interval_after_the_hidden_alert_counts_it_once()
    {
        // Lying from 5:00; the clock jumps to spell 40:00: the 30:00 alert is hidden (one
        // suppression), and the next would be at 40:00 — the very end of the jump. The schedule
        // goes on from there, 50:00: a minute later there is still one suppression, not two.
        var d = new PolicyDriver();
        d.Sit(5);
        d.Policy.SetSuspended(true);
        d.Step(35 * 60_000);
        Assert.Equal(1, d.Policy.SuppressedNotWorn);
        d.Sit(1);
        Assert.Equal(1, d.Policy.SuppressedNotWorn);
        d.Sit(9);
        Assert.Equal(2, d.Policy.SuppressedNotWorn);                     // 50:00
    }

    /// <summary>A gap in the samples (the sensor lost, the device off) behaves like a jump for the
    /// alerts: one for it, not every repeat that fell due in it at once — whether its seconds are
    /// closed one by one (up to a day: the minutes and the history keep time) or skipped (2 days).
    /// A 3 h outage used to fire 18 in one poll.</summary>
    [Theory]
    [InlineData(2 * 86400)]
    [InlineData(3 * 3600)]
    [InlineData(25 * 60)]
    public void A_monitor_fed_a_trace_whose_clock_jumps_alerts_once_after_the_jump(int jumpS)
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Still(m, ref t, 31 * 60);
        Assert.Single(l.Alerts);
        t += jumpS * 1000;
        Signals.Still(m, ref t, 5 * 60);
        Assert.Equal(2, l.Alerts.Count);
        Signals.Still(m, ref t, 6 * 60);          // repeat 10 min after the jump's alert
        Assert.Equal(3, l.Alerts.Count);
        Assert.InRange(l.Alerts[2].TimeMs - l.Alerts[1].TimeMs, 600_000, 601_000);
    }

    /// <summary>A clock that goes back (or leaps more than a day) just after a gap, before the
    /// gap's last second was closed, starts a new timeline: its seconds are evaluated. The gap's
    /// "no alert before its end" used to outlive the jump, so no alert fell due until the new clock
    /// passed the old gap's end (an hour here).</summary>
    [Fact]
    public void A_clock_that_goes_back_just_after_a_gap_still_alerts()
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Still(m, ref t, 60);
        t += 10_500;                             // a gap whose end falls within a second
        Signals.Still(m, ref t, 0.2);
        t -= 3_600_000;                          // then the clock goes back an hour
        Signals.Still(m, ref t, 35 * 60);
        Assert.Single(l.Alerts);
        Assert.InRange(l.Alerts[0].SpellS, 1799, 1801);
    }
}
