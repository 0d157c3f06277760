using CalfMonitor.Core;
using CalfMonitor.Core.Bouts;
using CalfMonitor.Core.Sedentary;
using Xunit;

namespace CalfMonitor.Tests.Bouts;

public class PumpBoutFilterTests
{
    /// <summary>The activations the last Offer released: time and sample number.</summary>
    internal static List<(int T, int S)> Released(PumpBoutFilter f, int n)
    {
        var list = new List<(int, int)>();
        for (int i = 0; i < n; i++) list.Add((f.ReleasedTimeMs(i), f.ReleasedSample(i)));
        return list;
    }

    [Fact]
    public void The_first_cycles_wait_for_the_third_and_are_then_released_with_their_own_times()
    {
        var f = new PumpBoutFilter();
        Assert.Equal(0, f.Offer(1000, 50));
        Assert.Equal(0, f.Offer(2100, 105));
        Assert.Equal(2, f.Held);
        Assert.Equal(3, f.Offer(3300, 165));
        Assert.Equal(new[] { (1000, 50), (2100, 105), (3300, 165) }, Released(f, 3));
        Assert.True(f.InBout);
        Assert.Equal(0, f.Held);
        // The bout goes on: each cycle passes at once.
        Assert.Equal(1, f.Offer(3300 + PumpBoutFilter.MaxCycleGapMs, 565));
        Assert.Equal(new[] { (3300 + PumpBoutFilter.MaxCycleGapMs, 565) }, Released(f, 1));
        Assert.Equal(0, f.IsolatedCycles);
    }

    [Fact]
    public void The_listener_is_told_of_each_isolated_cycle_with_its_own_time_when_its_bout_ends()
    {
        var heard = new RecordingListener();
        var f = new PumpBoutFilter { Listener = heard };
        f.Offer(1000, 50);
        f.Offer(2100, 105);
        f.Expire(2100 + PumpBoutFilter.MaxCycleGapMs);      // not yet: exactly the longest gap
        Assert.Empty(heard.NotCounted);
        f.Expire(2100 + PumpBoutFilter.MaxCycleGapMs + 1);
        var isolated = CalfMonitor.Core.Events.NotCountedReason.Isolated;
        Assert.Equal(new[] { (1000, 50, isolated), (2100, 105, isolated) }, heard.NotCounted);
        // A cycle after a long pause ends the bout it would have joined: the held one is told.
        f.Offer(20000, 1000);
        f.Offer(20000 + PumpBoutFilter.MaxCycleGapMs + 1, 1400);
        Assert.Equal((20000, 1000, isolated), heard.NotCounted[^1]);
        f.EndBout();
        Assert.Equal((20000 + PumpBoutFilter.MaxCycleGapMs + 1, 1400, isolated), heard.NotCounted[^1]);
        Assert.Equal(f.IsolatedCycles, heard.NotCounted.Count);
        // Cycles of a bout that was confirmed are never told.
        f.Offer(40000, 2000);
        f.Offer(41000, 2050);
        f.Offer(42000, 2100);
        f.EndBout();
        Assert.Equal(4, heard.NotCounted.Count);
    }

    [Fact]
    public void One_or_two_cycles_alone_are_isolated_not_activations()
    {
        var f = new PumpBoutFilter();
        Assert.Equal(0, f.Offer(0, 0));
        f.Expire(PumpBoutFilter.MaxCycleGapMs);          // not yet: exactly the longest gap
        Assert.Equal(1, f.Held);
        f.Expire(PumpBoutFilter.MaxCycleGapMs + 1);
        Assert.Equal(0, f.Held);
        Assert.Equal(1, f.IsolatedCycles);

        // Two, then a third too late: the two are isolated and the third starts a new bout.
        Assert.Equal(0, f.Offer(100_000, 1));
        Assert.Equal(0, f.Offer(103_000, 2));
        Assert.Equal(0, f.Offer(103_000 + PumpBoutFilter.MaxCycleGapMs + 1, 3));
        Assert.Equal(3, f.IsolatedCycles);
        Assert.Equal(1, f.Held);
    }

    [Fact]
    public void A_gap_ends_a_confirmed_bout_too()
    {
        var f = new PumpBoutFilter();
        f.Offer(0, 0); f.Offer(1000, 1);
        Assert.Equal(3, f.Offer(2000, 2));
        f.Expire(2000 + PumpBoutFilter.MaxCycleGapMs + 1);
        Assert.False(f.InBout);
        Assert.Equal(0, f.Offer(20_000, 3));
        Assert.Equal(0, f.IsolatedCycles);
    }

    [Fact]
    public void Times_are_compared_across_the_wrap_of_the_millisecond_clock()
    {
        var f = new PumpBoutFilter();
        int t = int.MaxValue - 1500;
        Assert.Equal(0, f.Offer(t, 0));
        Assert.Equal(0, f.Offer(unchecked(t + 1000), 1));
        Assert.Equal(3, f.Offer(unchecked(t + 2000), 2));   // past int.MaxValue
        Assert.Equal(unchecked(t + 2000), f.ReleasedTimeMs(2));
        f.Expire(unchecked(t + 3000));
        Assert.True(f.InBout);
    }

    [Fact]
    public void A_rule_of_one_cycle_passes_everything_and_bad_rules_are_refused()
    {
        var f = new PumpBoutFilter(1, 1000);
        Assert.Equal(1, f.Offer(0, 0));
        Assert.Equal(1, f.Offer(60_000, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PumpBoutFilter(0, 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PumpBoutFilter(3, 10));
    }

    /// <summary>A monitor that has learnt the limb from a walk-like rhythm (20 s at 1 Hz of
    /// <paramref name="rangeDeg"/>) and then stood still for 30 s; <paramref name="t"/> is the time reached, ms.</summary>
    private static CalfPumpMonitor AfterAWalk(RecordingListener l, Core.Sensing.MountingSite site, double rangeDeg, out int t, int startMs = 0)
    {
        var m = Signals.Monitor(l, site);
        t = startMs;
        Signals.Still(m, ref t, 2);
        Signals.Sinusoid(m, ref t, 20, 1.0, rangeDeg);
        Signals.Still(m, ref t, 30);
        return m;
    }

    // Through the whole monitor: a foot sensor that has learnt the limb from a walk, then a single
    // seated movement, then a set of three.
    [Fact]
    public void The_monitor_counts_a_set_but_not_a_single_movement()
    {
        var l = new RecordingListener();
        var m = AfterAWalk(l, Core.Sensing.MountingSite.Foot, 30, out int t);
        int afterWalk = l.Activations.Count;
        Assert.InRange(afterWalk, 19, 21);

        int single = t;
        Signals.Sinusoid(m, ref t, 1, 1.0, 20);                 // one 20° cycle
        Signals.Still(m, ref t, 20);
        Assert.Equal(afterWalk, l.Activations.Count);
        Assert.Equal(1, m.Bouts.IsolatedCycles);

        int set = t;
        Signals.Sinusoid(m, ref t, 3, 1.0, 20);                 // three
        Signals.Still(m, ref t, 20);
        var released = l.Activations.Skip(afterWalk).ToList();
        Assert.Equal(3, released.Count);
        Assert.All(released, a => Assert.InRange(a.TimeMs, set, set + 3500));
        Assert.Equal(released.OrderBy(a => a.TimeMs), released);
        Assert.Equal(1, m.Bouts.IsolatedCycles);
        Assert.True(single < set);
    }

    // On the shank a set's first raise may be a full cycle (it passes the rhythm filter at once)
    // and the rest small ones (held there until five make a rhythm: 9 s at 0.45 Hz). The bout
    // filter measured its gap from the first raise to the present and dropped that raise as
    // isolated before the rhythm released the others (8 of the 10 raises counted); the gap lies
    // between cycles, and one the rhythm filter still holds may yet join the bout. The same set
    // after 24.8 days of uptime, the millisecond clock past its wrap (the set begins 4 s after it).
    [Theory]
    [InlineData(0)]
    [InlineData(int.MaxValue - 80_000)]
    public void A_set_s_full_first_raise_waits_for_the_small_ones_the_rhythm_filter_holds(int startMs)
    {
        var l = new RecordingListener();
        var m = AfterAWalk(l, Core.Sensing.MountingSite.Shank, 40, out int t, startMs);
        Signals.Sinusoid(m, ref t, 20, 0.5, 4);                 // a set of ten small raises
        Signals.Still(m, ref t, 12);                            // a pause: that bout ends
        int afterWalk = l.Activations.Count;
        int isolated = m.Bouts.IsolatedCycles;

        int set = t;
        double period = 1 / 0.45;
        Signals.Sinusoid(m, ref t, period, 0.45, 13);           // one raise turning the shank 6.5° (full: ≥ 6°)...
        Signals.Sinusoid(m, ref t, 9 * period, 0.45, 4);        // ...then nine of 4° (small)
        Signals.Still(m, ref t, 20);
        var counted = l.Activations.Skip(afterWalk).ToList();
        Assert.Equal(10, counted.Count);
        Assert.InRange(unchecked(counted[0].TimeMs - set), 0, 2000);
        Assert.Equal(isolated, m.Bouts.IsolatedCycles);
    }

    [Fact]
    public void A_late_activation_does_not_add_time_twice_and_a_spell_counts_from_the_activation()
    {
        var policy = new AlertPolicy(new MonitorSettings());
        policy.Start(0);
        policy.Advance(10_000);
        Assert.Equal(10_000, policy.SpellMs);
        policy.OnActivation(9_000);                             // arrives a second late
        policy.Advance(11_000);
        Assert.Equal(11_000, policy.SpellMs);                   // not 12 000

        // A pump break made of activations that arrive 6 s late: the new spell starts at the
        // last of them, not when they were delivered.
        int last = 0;
        for (int i = 0; i < 10; i++)
        {
            last = 20_000 + i * 1000;
            policy.Advance(last + 6000);
            policy.OnActivation(last);
        }
        Assert.Equal(6000, policy.SpellMs);
        policy.Advance(last + 7000);
        Assert.Equal(7000, policy.SpellMs);
    }

    [Fact]
    public void Cycles_held_back_defer_a_due_alert_like_activity()
    {
        var settings = new MonitorSettings { AlertAfterMin = 1 };
        var policy = new AlertPolicy(settings);
        policy.Start(0);
        policy.OnMovement(59_500);                              // a cycle held by the bout filter
        Assert.Equal(AlertReason.None, policy.Evaluate(60_000));
        Assert.True(policy.AlertPending);
        Assert.NotEqual(AlertReason.None, policy.Evaluate(60_000 + settings.ActivityGraceS * 1000));
    }
}

public class ReplayedBoutTests
{
    // Activations reach the listener late (look-ahead, bout confirmation); the replay still
    // reports the input row of the activation itself, and the cycles it left out.
    [Fact]
    public void Replay_reports_each_activation_at_its_own_row_and_counts_isolated_cycles()
    {
        var r = new CalfMonitor.Simulator.Replay.ReplayRunner().Run(CalfMonitor.Simulator.Cli.Inputs.OpenEmbedded());
        Assert.Equal(50, r.InputRateHz);
        Assert.True(r.Activations.Count > 200);
        Assert.All(r.Activations, a => Assert.InRange(a.Sample / 50.0 - a.TimeS, -0.001, 0.001));
        // The four single heel raises 15 s apart at 8:00–9:00 (docs/synthesis.md) stand alone.
        Assert.InRange(r.IsolatedCycles, 1, 4);
        Assert.DoesNotContain(r.Activations, a => a.TimeS >= 480 && a.TimeS < 545);
    }
}

public class BoutAcrossClockStepTests
{
    // Cycles held before the clock goes back belong to the old timeline: released after the
    // step, their times mixed with the new ones would make a pump break of five cycles (the
    // "ten within 60 s" test sees negative spans) or push the alert policy ahead.
    [Fact]
    public void A_clock_that_goes_back_ends_the_bout_and_makes_no_pump_break()
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l, CalfMonitor.Core.Sensing.MountingSite.Foot);
        int t = 0;
        Signals.Still(m, ref t, 2);
        Signals.Sinusoid(m, ref t, 20, 1.0, 30);               // a walk: a pump break
        Signals.Still(m, ref t, 30);
        Signals.Sinusoid(m, ref t, 2, 1.0, 20);                // two cycles, held
        Signals.Still(m, ref t, 1);
        Assert.True(m.Bouts.Held > 0, "cycles are held before the step");
        int spellBefore = m.Policy.SpellSeconds, breaksBefore = l.SpellsEnded.Count, held = m.Bouts.Held;

        t -= 3_600_000;                                         // the clock goes back an hour
        Signals.Sinusoid(m, ref t, 3, 1.0, 20);
        Signals.Still(m, ref t, 10);
        Assert.Equal(1, m.Gaps);
        Assert.Equal(held, m.Bouts.IsolatedCycles);             // the old bout ended at the step
        Assert.Equal(breaksBefore, l.SpellsEnded.Count);        // three cycles are no pump break
        Assert.InRange(m.Policy.SpellSeconds, spellBefore, spellBefore + 15);
        Assert.Empty(l.Alerts);
    }
}
