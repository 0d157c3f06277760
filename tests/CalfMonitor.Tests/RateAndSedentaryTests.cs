using CalfMonitor.Core;
using CalfMonitor.Core.Events;
using CalfMonitor.Core.Rate;
using CalfMonitor.Core.Sedentary;
using Xunit;

namespace CalfMonitor.Tests;

public class ActivationRateMeterTests
{
    [Fact]
    public void Trailing_sum_covers_exactly_the_last_sixty_seconds()
    {
        var m = new ActivationRateMeter();
        // Second s gets s % 3 activations.
        var perSecond = new List<int>();
        for (int s = 0; s < 150; s++)
        {
            for (int i = 0; i < s % 3; i++) m.CountActivation();
            perSecond.Add(s % 3);
            m.CloseSecond();
            int expected = perSecond.Skip(Math.Max(0, perSecond.Count - 60)).Sum();
            Assert.Equal(expected, m.ActivationsLastMinute);
        }
    }

    [Fact]
    public void Closes_a_minute_every_sixty_seconds_with_its_count()
    {
        var m = new ActivationRateMeter();
        var minutes = new List<(int, int)>();
        for (int s = 0; s < 180; s++)
        {
            if (s < 60 || s >= 120) m.CountActivation();
            if (m.CloseSecond()) minutes.Add((m.MinuteIndex - 1, m.LastMinuteCount));
        }
        Assert.Equal(new[] { (0, 60), (1, 0), (2, 60) }, minutes);
    }

    [Fact]
    public void An_outage_right_after_a_walk_leaves_no_stale_rate_behind()
    {
        // A walk's last activation, then a sensor outage whose idle seconds the monitor closes in
        // bulk while the meter says it is Idle. Idle only once the activation has left the last
        // 60 s: skipped earlier, its bin would stay in the ring and the trailing rate (Live's
        // "activations in the last 60 s") would still show it after the outage.
        var m = new ActivationRateMeter();
        m.CountActivation();
        Assert.False(m.Idle);              // counted in the current second
        m.CloseSecond();
        for (int s = 1; s <= 60; s++)
        {
            Assert.False(m.Idle);          // its second is one of the last 60 closed
            m.CloseSecond();
        }
        Assert.True(m.Idle);
        Assert.Equal(0, m.ActivationsLastMinute);
        m.SkipIdleSeconds(m.SecondsToMinuteEnd);
        Assert.Equal(0, m.ActivationsLastMinute);
    }

    [Fact]
    public void Idle_seconds_closed_at_once_end_the_same_minutes_as_closed_one_by_one()
    {
        // A sensor outage's idle seconds are closed in bulk (up to the minute's end, or fewer when
        // the gap ends first); the wearer's per-minute counts (the history, the timeline) and the
        // trailing rate after it must be those of closing them second by second. Walks of a few
        // seconds between outages of every length from 1 s to 3 min, starting at every second of
        // the minute.
        var oneByOne = new ActivationRateMeter();
        var skipped = new ActivationRateMeter();
        var minutesA = new List<(int, int)>();
        var minutesB = new List<(int, int)>();
        int bulkSkips = 0;
        for (int round = 0; round < 200; round++)
        {
            int walkS = 1 + round % 4;
            for (int s = 0; s < walkS; s++)
            {
                for (int k = 0; k < 2; k++) { oneByOne.CountActivation(); skipped.CountActivation(); }
                if (oneByOne.CloseSecond()) minutesA.Add((oneByOne.MinuteIndex - 1, oneByOne.LastMinuteCount));
                if (skipped.CloseSecond()) minutesB.Add((skipped.MinuteIndex - 1, skipped.LastMinuteCount));
            }
            int outageS = 1 + (round * 37) % 180;
            for (int s = 0; s < outageS; s++)
                if (oneByOne.CloseSecond()) minutesA.Add((oneByOne.MinuteIndex - 1, oneByOne.LastMinuteCount));
            int left = outageS;
            while (left > 0)
            {
                if (!skipped.Idle)
                {
                    if (skipped.CloseSecond()) minutesB.Add((skipped.MinuteIndex - 1, skipped.LastMinuteCount));
                    left--;
                    continue;
                }
                // As the monitor does: at most to the minute's end, and fewer when the gap ends first.
                int n = Math.Min(Math.Min(skipped.SecondsToMinuteEnd, left), 1 + (round + left) % 60);
                bool minute = skipped.SkipIdleSeconds(n);
                if (minute) minutesB.Add((skipped.MinuteIndex - 1, skipped.LastMinuteCount));
                bulkSkips++;
                left -= n;
            }
            Assert.Equal(oneByOne.MinuteIndex, skipped.MinuteIndex);
            Assert.Equal(oneByOne.SecondsToMinuteEnd, skipped.SecondsToMinuteEnd);
            Assert.Equal(oneByOne.ActivationsLastMinute, skipped.ActivationsLastMinute);
            Assert.Equal(oneByOne.ActivationsThisMinute, skipped.ActivationsThisMinute);
        }
        Assert.Equal(minutesA, minutesB);
        Assert.True(minutesA.Count > 100, $"{minutesA.Count} minutes");
        Assert.Contains(minutesA, m => m.Item2 == 0);          // minutes wholly inside an outage
        Assert.True(bulkSkips > 100, $"{bulkSkips} bulk skips");
    }

    [Fact]
    public void Seconds_to_the_minute_end_count_down_from_sixty()
    {
        // The monitor closes an outage's idle seconds at most up to the minute's end: a wrong count
        // would close a minute late (its history minute running on) or skip past it.
        var m = new ActivationRateMeter();
        for (int s = 0; s < 130; s++)
        {
            Assert.Equal(60 - s % 60, m.SecondsToMinuteEnd);
            m.CloseSecond();
        }
    }

    [Fact]
    public void Stepping_now_is_an_activation_in_the_last_two_closed_seconds_only()
    {
        // The posture monitor is told the wearer is stepping while an activation lies in the last
        // two closed seconds — at any place in the ring, its wrap included — and not after.
        for (int start = 0; start < 62; start++)
        {
            var m = new ActivationRateMeter();
            for (int s = 0; s < start; s++) m.CloseSecond();
            Assert.Equal(0, m.ActivationsLastTwoSeconds);
            m.CountActivation();
            m.CountActivation();
            m.CountActivation();
            Assert.Equal(0, m.ActivationsLastTwoSeconds);      // its second is not closed yet
            m.CloseSecond();
            Assert.Equal(3, m.ActivationsLastTwoSeconds);
            m.CountActivation();
            m.CloseSecond();
            Assert.Equal(4, m.ActivationsLastTwoSeconds);
            m.CloseSecond();
            Assert.Equal(1, m.ActivationsLastTwoSeconds);
            m.CloseSecond();
            Assert.Equal(0, m.ActivationsLastTwoSeconds);
        }
    }
}

public class SedentaryTrackerTests
{
    private const int Min = 60_000;

    [Fact]
    public void Nine_activations_are_not_a_pump_break_but_ten_within_sixty_seconds_are()
    {
        var t = new SedentaryTracker(new MonitorSettings());
        t.Start(0);
        for (int i = 0; i < 9; i++) Assert.False(t.OnActivation(10_000 + i * 6_000));
        Assert.Equal(0, t.SpellStartMs);
        Assert.True(t.OnActivation(10_000 + 9 * 6_000)); // 10th, 54 s after the first
        Assert.Equal(64_000, t.SpellStartMs);
        Assert.False(t.OnActivation(70_000)); // extends the break: no second spell end
        Assert.Equal(70_000, t.SpellStartMs);
        // Five quiet minutes, then ten more activations: a new break ends a new spell.
        for (int i = 0; i < 9; i++) Assert.False(t.OnActivation(370_000 + i * 1_000));
        Assert.True(t.OnActivation(379_000));
    }

    [Fact]
    public void Ten_activations_spread_over_more_than_sixty_seconds_are_no_break()
    {
        var t = new SedentaryTracker(new MonitorSettings());
        t.Start(0);
        for (int i = 0; i < 30; i++) Assert.False(t.OnActivation(i * 7_000)); // 10 span 63 s
    }

    [Fact]
    public void Ten_activations_spanning_exactly_sixty_seconds_are_a_pump_break()
    {
        // "Within 60 s" takes in its end: the 10th activation 60.000 s after the first.
        var t = new SedentaryTracker(new MonitorSettings());
        t.Start(0);
        for (int i = 0; i < 9; i++) Assert.False(t.OnActivation(10_000 + i * 1_000));
        Assert.True(t.OnActivation(70_000));
        Assert.Equal(70_000, t.SpellStartMs);
    }

    [Fact]
    public void An_activation_exactly_one_window_after_a_breaks_last_extends_that_break_and_ends_no_second_spell()
    {
        // A pump break ends at 9 s; eight activations too sparse to be a break follow (61.5–68.5 s);
        // the one at 69 s makes ten within 60 s with the break's last, exactly one window after it:
        // the break goes on (its spell restarts there), and no second spell end is reported (the
        // monitor's OnSpellEnded, the wearer's acknowledgement tick).
        var t = new SedentaryTracker(new MonitorSettings());
        t.Start(0);
        for (int i = 0; i < 9; i++) Assert.False(t.OnActivation(i * 1_000));
        Assert.True(t.OnActivation(9_000));
        for (int k = 1; k <= 8; k++) Assert.False(t.OnActivation(60_500 + k * 1_000));
        Assert.Equal(9_000, t.SpellStartMs);
        Assert.False(t.OnActivation(69_000));
        Assert.Equal(69_000, t.SpellStartMs);
    }

    [Fact]
    public void A_break_late_in_the_day_goes_on_through_the_seconds_the_policy_lets_pass()
    {
        // The alert policy tells the tracker every second that time passes. A break under way
        // 13 h after power-on, extended 5 s later, is the same break: the wearer hears one "break
        // done" tick, not two (a break is forgotten a day after its last activation, not 13 h
        // after power-on).
        var t = new SedentaryTracker(new MonitorSettings());
        t.Start(0);
        int start = 13 * 3_600_000;
        for (int i = 0; i < 9; i++) Assert.False(t.OnActivation(start + i * 1_000));
        Assert.True(t.OnActivation(start + 9_000));
        for (int s = 10; s <= 14; s++) t.Advance(start + s * 1_000);
        Assert.False(t.OnActivation(start + 14_000));
        Assert.Equal(start + 14_000, t.SpellStartMs);
    }

    [Fact]
    public void Break_ends_at_its_last_activation()
    {
        var t = new SedentaryTracker(new MonitorSettings());
        t.Start(0);
        for (int i = 0; i < 20; i++) t.OnActivation(100_000 + i * 1_000);
        Assert.Equal(119_000, t.SpellStartMs);
    }

    [Fact]
    public void A_break_across_the_32_bit_millisecond_wrap_is_a_break()
    {
        // Ten activations a second apart, the clock passing int.MaxValue between the fifth and sixth.
        var t = new SedentaryTracker(new MonitorSettings());
        int start = int.MaxValue - 4_500;
        t.Start(start - Min);
        for (int i = 0; i < 9; i++) Assert.False(t.OnActivation(unchecked(start + i * 1_000)));
        Assert.True(t.OnActivation(unchecked(start + 9_000)));
        Assert.Equal(unchecked(start + 9_000), t.SpellStartMs);
    }

    [Fact]
    public void A_break_weeks_ago_is_over_and_an_activation_reported_after_a_later_one_still_extends_the_break()
    {
        var t = new SedentaryTracker(new MonitorSettings());
        t.Start(0);
        for (int i = 0; i < 9; i++) t.OnActivation(10_000 + i * 1_000);
        Assert.True(t.OnActivation(19_000));
        // Half a second before the break's last activation, reported after it: the same break.
        Assert.False(t.OnActivation(18_500));
        // 25 days later (more than 2^31 ms: the 32-bit difference reads negative) a new break
        // ends a new spell.
        int later = unchecked(19_000 + 25 * 86_400_000);
        for (int i = 0; i < 9; i++) Assert.False(t.OnActivation(unchecked(later + i * 1_000)));
        Assert.True(t.OnActivation(unchecked(later + 9_000)));
    }

    [Fact]
    public void Activations_a_day_old_are_forgotten_so_the_wrap_after_49_7_days_makes_no_break()
    {
        // A break of ten activations at 10–19 s; then only the passing of time, told once an hour.
        // One activation 2^32 ms after the second of them reads, as a 32-bit difference, as 9 s
        // after it: with the nine before it in the ring, ten within a minute. Forgotten after a
        // day, they make no break with it.
        var t = new SedentaryTracker(new MonitorSettings());
        t.Start(0);
        for (int i = 0; i < 10; i++) t.OnActivation(10_000 + i * 1_000);
        int now = 19_000;
        for (int h = 0; h < 1193; h++) { now = unchecked(now + 3_600_000); t.Advance(now); }
        int step = unchecked((int)((1L << 32) + 11_000 + 9_000));   // reads as 20 000
        Assert.False(t.OnActivation(step));
        Assert.Equal(19_000, t.SpellStartMs);
        for (int i = 1; i <= 9; i++) Assert.Equal(i == 9, t.OnActivation(unchecked(step + i * 1_000)));
    }

    [Fact]
    public void Configured_thresholds_are_honoured()
    {
        var s = new MonitorSettings { BreakActivations = 3, BreakWindowS = 10 };
        var t = new SedentaryTracker(s);
        t.Start(0);
        Assert.False(t.OnActivation(1_000));
        Assert.False(t.OnActivation(2_000));
        Assert.True(t.OnActivation(3_000));
        Assert.Equal(3_000, t.SpellStartMs);
        // Three more, 11 s from first to last: no new break.
        Assert.False(t.OnActivation(20_000));
        Assert.False(t.OnActivation(25_000));
        Assert.False(t.OnActivation(31_000));
        Assert.Equal(3_000, t.SpellStartMs);
    }
}

public class MonitorTests
{
    [Fact]
    public void Settings_outside_their_range_are_refused()
    {
        Assert.False(new MonitorSettings { MinAnkleRangeDeg = 1 }.IsValid);
        Assert.False(new MonitorSettings { BreakActivations = MonitorSettings.MaxBreakActivations + 1 }.IsValid);
        Assert.True(new MonitorSettings().IsValid);
        Assert.Throws<ArgumentException>(() => Signals.Monitor(new RecordingListener(), settings: new MonitorSettings { AlertAfterMin = 0 }));
    }

    [Fact]
    public void A_long_still_sit_raises_alerts_and_an_ankle_pump_break_resets_the_spell()
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Still(m, ref t, 35 * 60, noiseDps: 0.2);
        Assert.Single(l.Alerts);
        Assert.Equal(30 * 60, l.Alerts[0].SpellS);
        Assert.Equal(30 * 60 * 1000, l.Alerts[0].TimeMs);
        Signals.Sinusoid(m, ref t, 20, 1.0, 20); // 20 ankle pumps in 20 s: a pump break
        Assert.Single(l.SpellsEnded);
        Signals.Still(m, ref t, 25 * 60, noiseDps: 0.2);
        Assert.Single(l.Alerts); // 25 min after the break: no new alert
        Assert.InRange(l.Seconds.Last().SpellS, 25 * 60 - 20, 25 * 60);
    }

    [Fact]
    public void An_alert_due_right_after_cycles_held_for_their_bout_waits_the_grace_after_the_last_of_them()
    {
        // Two ankle pumps at 29:50, then still: too few for a bout, so they are never activations
        // (the bout filter holds them, then sets them aside as isolated), but they are movement.
        // The alert due at 30:00 waits as it would after an activation, the activity grace (60 s)
        // after the last of them, not a minute after power-on.
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Still(m, ref t, 29 * 60 + 50, noiseDps: 0.2);
        Signals.Sinusoid(m, ref t, 2, 1.0, 20);
        Signals.Still(m, ref t, 3 * 60, noiseDps: 0.2);
        Assert.Empty(l.Activations);
        Assert.Empty(l.SpellsEnded);
        Assert.NotEmpty(l.NotCounted);
        Assert.All(l.NotCounted, c => Assert.Equal(NotCountedReason.Isolated, c.Reason));
        int lastCycleMs = l.NotCounted.Max(c => c.TimeMs);
        int graceMs = MonitorSettings.DefaultActivityGraceS * 1000;
        Assert.Single(l.Alerts);
        Assert.Equal(AlertReason.AfterActivity, l.AlertReasons[0]);
        // Alerts are evaluated once a second: the first whole second at or after the grace.
        Assert.Equal((lastCycleMs + graceMs + 999) / 1000 * 1000, l.Alerts[0].TimeMs);
    }

    [Fact]
    public void Minute_counts_add_up_to_the_activations()
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Sinusoid(m, ref t, 150, 0.8, 25);
        Assert.Equal(2, l.Minutes.Count);
        // Every activation lands in exactly one minute: the closed ones or the one under way.
        Assert.Equal(l.Activations.Count, l.Minutes.Sum(x => x.Count) + m.Rate.ActivationsThisMinute);
        Assert.InRange(l.Minutes[1].Count, 47, 49);
        Assert.Equal(149, l.Seconds.Count);
    }

    [Fact]
    public void A_gap_restarts_detection_and_time_still_passes()
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Sinusoid(m, ref t, 10, 1.0, 20);
        int before = l.Activations.Count;
        t += 120_000; // two-minute dropout
        Signals.Sinusoid(m, ref t, 10, 1.0, 20);
        Assert.Equal(1, m.Gaps);
        Assert.InRange(l.Activations.Count - before, 9, 10);
        // Time passed through the gap: every minute closed, the seconds reported in order up to the
        // end (the gap's idle ones a minute at a time, so fewer reports than seconds).
        Assert.Equal(new[] { 0, 1 }, l.Minutes.Select(x => x.Minute));
        Assert.True(l.Seconds.Zip(l.Seconds.Skip(1)).All(p => p.Second.TimeMs - p.First.TimeMs >= 1000));
        Assert.InRange(l.Seconds[^1].TimeMs, t - 1020, t);
        // 139 seconds passed. Reported: the first walk's 10, the gap's first minute one by one (the
        // walk's activations are still in the trailing 60 s, so those seconds are not idle), the rest
        // of the gap in at most a minute a report (a few), the second walk's 10: about 82 (82 when
        // written). Every second reported (about 139) or idle seconds skipped while the trailing
        // minute still held activations (about 23) falls outside.
        Assert.InRange(l.Seconds.Count, 75, 90);
    }

    [Fact]
    public void Per_sample_processing_allocates_nothing()
    {
        var l = new CountingListener();
        var m = new CalfPumpMonitor(CalfMonitor.Core.Sensing.SensorConfig.Default(CalfMonitor.Core.Sensing.MountingSite.Foot), new MonitorSettings(), l);
        var gy = new int[500];
        for (int i = 0; i < gy.Length; i++) gy[i] = (int)(3000 * Math.Sin(i * 2 * Math.PI / 50));
        int t = 0;
        for (int i = 0; i < 5000; i++) { m.OnSample(t, 0, 0, 4096, 5, gy[i % 500], -3); t += 20; }
        long allocated = AllocationProbe.MinBytes(3, () =>
        {
            for (int i = 0; i < 100_000; i++) { m.OnSample(t, 0, 0, 4096, 5, gy[i % 500], -3); t += 20; }
        });
        Assert.Equal(0, allocated);
        Assert.True(l.Count > 1000);
    }

    private sealed class CountingListener : CalfMonitor.Core.Events.IMonitorListener
    {
        public int Count;
        public void OnActivation(int timeMs, int sampleNumber) => Count++;
        public void OnSpellEnded(int timeMs, int endedSpellSeconds) { }
        public void OnSecond(int timeMs, int activationsLast60s, int spellSeconds) { }
        public void OnMinute(int minuteIndex, int activations) { }
        public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason) { }
        public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason) { }
    }
}
