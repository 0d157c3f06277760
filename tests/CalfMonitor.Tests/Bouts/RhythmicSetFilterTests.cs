using CalfMonitor.Core.Bouts;
using FsCheck;
using FsCheck.Xunit;
using Xunit;

namespace CalfMonitor.Tests.Bouts;

public class RhythmicSetFilterTests
{
    private const int Small = 4, Full = 7;   // ranges (any unit) below and above a 6-unit minimum, within a factor 2

    private static List<(int T, int S)> Passed(RhythmicSetFilter f, int n)
    {
        var list = new List<(int, int)>();
        for (int i = 0; i < n; i++) list.Add((f.PassedTimeMs(i), f.PassedSample(i)));
        return list;
    }

    [Fact]
    public void Small_cycles_wait_for_a_steady_rhythm_of_five_and_then_pass_with_their_own_times()
    {
        Assert.Equal(5, RhythmicSetFilter.MinSetCycles);
        var f = new RhythmicSetFilter();
        Assert.Equal(0, f.Offer(10_000, 500, Small, true));
        Assert.Equal(0, f.Offer(12_000, 600, Small, true));
        Assert.Equal(0, f.Offer(14_100, 705, Small, true));
        Assert.Equal(0, f.Offer(16_000, 800, Small, true));
        Assert.Equal(4, f.Held);
        Assert.Equal(5, f.Offer(18_200, 910, Small, true));
        Assert.Equal(new[] { (10_000, 500), (12_000, 600), (14_100, 705), (16_000, 800), (18_200, 910) }, Passed(f, 5));
        // The rhythm goes on: each steady cycle passes at once.
        Assert.Equal(1, f.Offer(20_300, 1015, Small, true));
        Assert.Equal(new[] { (20_300, 1015) }, Passed(f, 1));
        Assert.Equal(0, f.UnrhythmicCycles);
    }

    [Fact]
    public void An_interval_exactly_thirty_percent_longer_than_the_last_keeps_the_rhythm()
    {
        // 2000, 2000, then 2600 ms (+30 %, "more than 30 %" breaks it), then 2600: a set of five.
        var f = new RhythmicSetFilter();
        int passed = 0;
        foreach (int t in new[] { 1_000, 3_000, 5_000, 7_600, 10_200 }) passed += f.Offer(t, t / 20, Small, true);
        Assert.Equal(5, passed);
        Assert.Equal(0, f.UnrhythmicCycles);
    }

    [Fact]
    public void Irregular_intervals_are_sway_not_a_set()
    {
        var f = new RhythmicSetFilter();
        int t = 0, passed = 0;
        // Intervals that change by more than 30 % from one to the next, ranges alike.
        foreach (int interval in new[] { 1000, 2000, 1000, 2500, 1200, 3000, 1500, 700, 1500, 3500 })
        {
            t += interval;
            passed += f.Offer(t, t / 20, Small, true);
        }
        f.EndSet();
        Assert.Equal(0, passed);
        Assert.Equal(10, f.UnrhythmicCycles);
    }

    [Fact]
    public void Ranges_that_jump_by_more_than_a_factor_two_break_the_rhythm()
    {
        var f = new RhythmicSetFilter();
        int passed = 0;
        for (int i = 0; i < 10; i++) passed += f.Offer(1000 + i * 2000, i, i % 2 == 0 ? 2 : 5, true);
        Assert.Equal(0, passed);
        // Within the factor the same rhythm passes.
        var g = new RhythmicSetFilter();
        passed = 0;
        for (int i = 0; i < 10; i++) passed += g.Offer(1000 + i * 2000, i, i % 2 == 0 ? 3 : 5, true);
        Assert.Equal(10, passed);
        // Exactly a factor two is not more than it: the rhythm holds.
        var h = new RhythmicSetFilter();
        passed = 0;
        for (int i = 0; i < 10; i++) passed += h.Offer(1000 + i * 2000, i, i % 2 == 0 ? 2 : 4, true);
        Assert.Equal(10, passed);
    }

    [Fact]
    public void Full_cycles_pass_at_once_unless_small_ones_wait_before_them()
    {
        var f = new RhythmicSetFilter();
        Assert.Equal(1, f.Offer(1000, 50, Full, false));
        Assert.Equal((1000, 50), Passed(f, 1)[0]);
        // A small cycle waits; the full one after it waits with it (order is kept)...
        var g = new RhythmicSetFilter();
        Assert.Equal(0, g.Offer(1000, 50, Small, true));
        Assert.Equal(0, g.Offer(5000, 250, Full, false));
        Assert.Equal(2, g.Held);
        Assert.Equal(1, g.HeldSmall);
        // ...and both full ones pass when the rhythm breaks (600 ms after 4000 ms): the small one
        // is then unrhythmic.
        Assert.Equal(2, g.Offer(5600, 280, Full, false));
        Assert.Equal(new[] { (5000, 250), (5600, 280) }, Passed(g, 2));
        Assert.Equal(1, g.UnrhythmicCycles);
        Assert.Equal(0, g.Held);
    }

    [Fact]
    public void HeldSmall_counts_the_small_cycles_held_which_a_trace_ending_now_reports_as_unrhythmic()
    {
        // A replay that ends while cycles are held reports the small ones as unrhythmic and the
        // full ones behind them as isolated (ReplayRunner): HeldSmall says which is which.
        var f = new RhythmicSetFilter();
        f.Offer(1000, 50, Small, true);
        f.Offer(3000, 150, Small, true);
        f.Offer(5000, 250, Full, false);
        Assert.Equal(3, f.Held);
        Assert.Equal(2, f.HeldSmall);
        // Four held; then the rhythm breaks (600 ms after 2000 ms): the first three settle (two
        // unrhythmic, the full one passes) and the last small one begins a new rhythm with the
        // two after it. The slot behind them still has the settled small cycle in it.
        f.Offer(7000, 350, Small, true);
        Assert.Equal(4, f.Held);
        Assert.Equal(1, f.Offer(7600, 380, Full, false));
        Assert.Equal((5000, 250), Passed(f, 1)[0]);
        Assert.Equal(2, f.UnrhythmicCycles);
        Assert.Equal(0, f.Offer(8200, 410, Small, true));
        Assert.Equal(3, f.Held);
        Assert.Equal(new[] { true, false, true }, Enumerable.Range(0, 3).Select(f.HeldIsSmall));
        Assert.Equal(2, f.HeldSmall);
    }

    [Fact]
    public void The_listener_is_told_of_each_unrhythmic_small_cycle_with_its_own_time()
    {
        // The case above, with a listener: only the small cycle is told, when the rhythm breaks;
        // the full ones pass. Then a held small cycle settled by the rhythm's end.
        var heard = new RecordingListener();
        var g = new RhythmicSetFilter { Listener = heard };
        g.Offer(1000, 50, Small, true);
        g.Offer(5000, 250, Full, false);
        Assert.Empty(heard.NotCounted);
        g.Offer(5600, 280, Full, false);
        var unrhythmic = CalfMonitor.Core.Events.NotCountedReason.Unrhythmic;
        Assert.Equal(new[] { (1000, 50, unrhythmic) }, heard.NotCounted);
        g.Offer(30_000, 1500, Small, true);
        g.EndSet();
        Assert.Equal(new[] { (1000, 50, unrhythmic), (30_000, 1500, unrhythmic) }, heard.NotCounted);
        Assert.Equal(g.UnrhythmicCycles, heard.NotCounted.Count);
    }

    [Fact]
    public void A_set_straddling_the_full_minimum_passes_whole_and_in_order()
    {
        var f = new RhythmicSetFilter();
        var all = new List<(int, int)>();
        bool[] small = { true, false, true, true, false, true, false, false, true, true };
        for (int i = 0; i < small.Length; i++)
        {
            int n = f.Offer(2000 + i * 2500, i, small[i] ? 5 : 7, small[i]);
            all.AddRange(Passed(f, n));
        }
        Assert.Equal(Enumerable.Range(0, small.Length).Select(i => (2000 + i * 2500, i)), all);
    }

    [Fact]
    public void A_pause_longer_than_the_bout_gap_ends_the_rhythm()
    {
        var f = new RhythmicSetFilter();
        int t = 0;
        for (int i = 0; i < 5; i++) f.Offer(t += 2000, i, Small, true);
        Assert.Equal(5, f.RunLength);
        Assert.Equal(0, f.Offer(t += PumpBoutFilter.MaxCycleGapMs + 1, 5, Small, true));
        Assert.Equal(1, f.RunLength);
        // Expire settles what is held once the gap has passed: a small cycle is unrhythmic, a
        // full one waiting behind it passes.
        Assert.Equal(0, f.Offer(t += 2000, 6, Full, false));
        Assert.Equal(0, f.Expire(t + PumpBoutFilter.MaxCycleGapMs));
        Assert.Equal(1, f.Expire(t + PumpBoutFilter.MaxCycleGapMs + 1));
        Assert.Equal((t, 6), Passed(f, 1)[0]);
        Assert.Equal(1, f.UnrhythmicCycles);
        Assert.Equal(0, f.RunLength);
    }

    [Fact]
    public void A_set_paced_at_exactly_the_bout_gap_is_still_a_rhythm()
    {
        // The slowest set the bout filter keeps together: a repetition every 8 s (a gap longer
        // than MaxCycleGapMs ends a bout, one exactly that long does not). The rhythm is measured
        // up to the same line.
        var f = new RhythmicSetFilter();
        int passed = 0;
        for (int i = 0; i < 5; i++) passed += f.Offer(1000 + i * PumpBoutFilter.MaxCycleGapMs, i, Small, true);
        Assert.Equal(5, passed);
        Assert.Equal(0, f.UnrhythmicCycles);
    }

    [Fact]
    public void After_a_break_the_previous_cycle_starts_the_next_rhythm()
    {
        var f = new RhythmicSetFilter();
        int passed = 0, t = 0;
        for (int i = 0; i < 4; i++) passed += f.Offer(t += 2000, i, Small, true);
        // The rhythm changes from 2 s to 1 s: the cycle before the change and four more at 1 s make five.
        passed += f.Offer(t += 1000, 4, Small, true);
        Assert.Equal(0, passed);
        Assert.Equal(2, f.RunLength);
        Assert.Equal(3, f.UnrhythmicCycles);
        passed += f.Offer(t += 1000, 5, Small, true);
        passed += f.Offer(t += 1000, 6, Small, true);
        Assert.Equal(0, passed);
        Assert.Equal(5, f.Offer(t += 1000, 7, Small, true));
        Assert.Equal(new[] { 3, 4, 5, 6, 7 }, Passed(f, 5).Select(p => p.S));
    }

    /// <summary>Whatever the sequence: every cycle is passed, held or unrhythmic exactly once; only
    /// small cycles are ever unrhythmic; cycles pass in the order they were offered, each with its
    /// own time; no call passes more than the filter can hold; and a small cycle passes exactly
    /// when it lies in a rhythm of <see cref="RhythmicSetFilter.MinSetCycles"/> or more (the rhythm
    /// worked out afresh from the offered times and ranges, below). With <paramref name="steady"/>
    /// the intervals stay near 2–2.75 s and the ranges within a factor two, so that rhythms of five
    /// are common (without it, few random cases reach one).</summary>
    [Property(MaxTest = 300)]
    public bool Every_cycle_is_accounted_for_and_order_is_kept(byte[] steps, bool steady)
    {
        var f = new RhythmicSetFilter();
        int t = 0, passed = 0, lastSample = -1, smallOffered = 0;
        var fullOffered = new HashSet<int>();
        var smallOfferedSet = new HashSet<int>();
        var allPassed = new HashSet<int>();
        var times = new int[steps.Length];
        var ranges = new int[steps.Length];
        var expiredAfter = new bool[steps.Length];
        bool Take(int n)
        {
            for (int k = 0; k < n; k++)
            {
                int s = f.PassedSample(k);
                if (s <= lastSample || f.PassedTimeMs(k) != times[s]) return false;
                lastSample = s;
                allPassed.Add(s);
            }
            passed += n;
            return true;
        }
        for (int i = 0; i < steps.Length; i++)
        {
            byte b = steps[i];
            t += steady
                ? 2000 + (b & 0x0F) * 50                 // 2.0–2.75 s: mostly within 30 %, sometimes not
                : 200 + (b & 0x0F) * 700;                // 0.2–10.7 s: steady, unsteady and gaps
            bool small = (b & 0x10) == 0;
            int range = steady ? 4 + ((b >> 5) & 0x03)   // 4–7: always within a factor two
                               : 2 + ((b >> 5) & 0x07);  // 2–9
            times[i] = t;
            ranges[i] = range;
            if (small) { smallOffered++; smallOfferedSet.Add(i); } else fullOffered.Add(i);
            int n = f.Offer(t, i, range, small);
            if (n > RhythmicSetFilter.MinSetCycles) return false;
            if (!Take(n)) return false;
            if ((b & 0xE0) == 0xE0)
            {
                expiredAfter[i] = true;
                if (!Take(f.Expire(t + 20_000))) return false;
            }
        }
        f.EndSet();
        if (!Take(f.Passed)) return false;
        // The rhythm afresh: a cycle starts a new rhythm after an expiry, a pause longer than the
        // bout gap or a range more than a factor two from the last; a change of the interval by more
        // than 30 % starts one at the cycle before it.
        var start = new int[steps.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            int interval = i > 0 ? times[i] - times[i - 1] : 0;
            if (i == 0 || expiredAfter[i - 1] || interval > PumpBoutFilter.MaxCycleGapMs
                || ranges[i] > 2 * ranges[i - 1] || ranges[i - 1] > 2 * ranges[i])
                start[i] = i;
            else if (start[i - 1] == i - 1)
                start[i] = start[i - 1];
            else
            {
                int previous = times[i - 1] - times[i - 2];
                start[i] = Math.Abs(interval - previous) * 100 <= previous * 30 ? start[i - 1] : i - 1;
            }
        }
        var inRhythm = new HashSet<int>();
        for (int i = 0; i < steps.Length; i++)
            if (i - start[i] + 1 >= RhythmicSetFilter.MinSetCycles)
                for (int j = start[i]; j <= i; j++) inRhythm.Add(j);
        var smallPassed = new HashSet<int>(allPassed.Where(smallOfferedSet.Contains));
        return passed + f.UnrhythmicCycles == steps.Length
            && f.Held == 0
            && f.UnrhythmicCycles <= smallOffered
            && fullOffered.IsSubsetOf(allPassed)
            && smallPassed.SetEquals(smallOfferedSet.Where(inRhythm.Contains));
    }
}
