using CalfMonitor.Core;
using CalfMonitor.Core.Sedentary;
using Xunit;

namespace CalfMonitor.Tests.Alerts;

/// <summary>60 days through the policy at one tick a second, across both 32-bit wraps of the
/// millisecond counter (sign at 24.8 days, zero at 49.7 days) and a BLE clock change.</summary>
public class LongReplayTests
{
    /// <param name="correctionS">How far the phone moves the clock at 14:00 on day 30 (with
    /// <paramref name="clockChange"/>), s.</param>
    private static PolicyDriver RunSixtyDays(int startMs, bool clockChange, int correctionS = 30)
    {
        var d = new PolicyDriver(startMs: startMs);
        d.SetClock(7, 0);
        for (int day = 0; day < 60; day++)
        {
            // 07:00 get up and walk 10 min; 07:10–12:00 desk; 12:00 lunch walk 20 min;
            // 12:20–17:10 desk; 17:10 walk home 20 min; 17:30–22:00 sofa; 22:00–07:00 in bed.
            d.Walk(10);
            d.Sit(290);
            d.Walk(20);
            if (clockChange && day == 30) { d.Sit(100); d.SetClock(14, 0, correctionS); d.Sit(190); } // phone corrects the clock
            else d.Sit(290);
            d.Walk(20);
            d.Sit(270);
            d.Lie(540);
            if (clockChange && day == 30) d.SetClock(7, 0); // and back to exact time during the night (nothing due: suspended)
        }
        return d;
    }

    [Fact]
    public void Sixty_days_alerts_exactly_on_time_across_the_wrap_and_a_clock_change()
    {
        int start = unchecked((int)0xF0000000); // two hundred hours before the zero wrap; the sign wrap comes at 24.8 days
        // The phone sets a fast clock back by 30 s on day 30 at 14:00. (A +30 s correction moved no
        // alert: the last one before quiet hours is at 19:50:00, so a policy that ignored the
        // correction passed.)
        var d = RunSixtyDays(start, clockChange: true, correctionS: -30);
        Assert.Equal(60L * 24 * 3600 * 1000, d.ElapsedMs);
        // Each day: desk 290 min → 30, 40, …, 290 (27 alerts); desk 290 → 27; sofa 270 → 30…270 (25)
        // but the sofa ends at 22:00 > 20:00: the ones from 20:00 on are quiet. Sofa starts 17:30:
        // 18:00, 18:10, … 19:50 fire (12), 20:00 … 22:00 suppressed (13).
        var perDay = new List<double>();
        for (int m = 50; m <= 290; m += 10) perDay.Add(10 + m);   // 07:40 and 07:50 are before 08:00: quiet
        for (int m = 30; m <= 290; m += 10) perDay.Add(320 + m);
        for (int m = 30; m <= 140; m += 10) perDay.Add(630 + m);
        var expected = new List<double>();
        for (int day = 0; day < 60; day++)
        {
            expected.AddRange(perDay.Select(m => day * 1440.0 + m));
            // On day 30 the sofa's 20:00:00 alert reads 19:59:30 by the corrected clock: it fires.
            if (day == 30) expected.Add(day * 1440.0 + 780);
        }
        Assert.Equal(expected, d.AlertMinutes);
        Assert.Equal(60 * (2 + 13) - 1, d.Policy.SuppressedQuiet);
        // In bed the sofa spell (270 min) is frozen; the repeats it would have had, 280 … 810 min, are counted.
        Assert.Equal(60 * 54, d.Policy.SuppressedNotWorn);
    }

    [Fact]
    public void Same_alerts_whatever_the_counter_starts_at()
    {
        var a = RunSixtyDays(0, clockChange: false);
        var b = RunSixtyDays(int.MaxValue - 5000, clockChange: true);
        Assert.Equal(a.AlertMinutes, b.AlertMinutes);
        Assert.Equal(a.Policy.SuppressedQuiet, b.Policy.SuppressedQuiet);
    }
}
