using CalfMonitor.Core;
using CalfMonitor.Core.Events;
using CalfMonitor.Core.Rate;
using CalfMonitor.Core.Sedentary;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Core.Storage;
using Xunit;

namespace CalfMonitor.Tests.Robustness;

/// <summary>
/// A long sensor outage is closed at its first sample after it: the idle seconds a minute at a time
/// (<c>CalfPumpMonitor.SkipIdleSeconds</c>), with the state exactly as closing them one by one
/// would leave it. Each stage's step is checked against its own per-second step; the monitor
/// against what the wearer sees: every minute, every suppressed alert at its second, the day's
/// change at midnight.
/// </summary>
public class LongOutageTests
{
    [Fact]
    public void The_history_closes_many_seconds_as_it_closes_them_one_by_one()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 400; trial++)
        {
            var one = new DailyHistory();
            var many = new DailyHistory();
            int ppm = rng.Next(-WallClock.MaxRatePpm, WallClock.MaxRatePpm + 1);
            int total = 0;
            // A random past, the same on both.
            for (int s = rng.Next(0, 400); s > 0; s--)
            {
                total += rng.Next(0, 3);
                one.CloseSecond(ppm, total);
                many.CloseSecond(ppm, total);
            }
            total += rng.Next(0, 5);   // activations of the second before the idle ones
            int count = rng.Next(1, 1001);
            bool closedOne = false;
            for (int s = 0; s < count; s++) closedOne |= one.CloseSecond(ppm, total);
            Assert.Equal(closedOne, many.CloseSeconds(count, ppm, total));
            // And afterwards they go on alike.
            for (int s = 0; s < 90; s++)
            {
                total += rng.Next(0, 3);
                Assert.Equal(one.CloseSecond(ppm, total), many.CloseSecond(ppm, total));
            }
            Assert.Equal(one.Stored, many.Stored);
            for (int m = 0; m < one.Stored; m++) Assert.Equal(one.Get(m), many.Get(m));
        }
    }

    [Fact]
    public void The_rate_meter_skips_idle_seconds_as_it_closes_them_one_by_one()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 300; trial++)
        {
            var one = new ActivationRateMeter();
            var many = new ActivationRateMeter();
            void Both(Action<ActivationRateMeter> a) { a(one); a(many); }
            for (int s = rng.Next(0, 200); s > 0; s--)
            {
                int n = rng.Next(0, 3);
                for (int k = 0; k < n; k++) Both(m => m.CountActivation());
                Both(m => m.CloseSecond());
            }
            // Idle: a quiet minute.
            for (int s = 0; s < ActivationRateMeter.WindowSeconds; s++) Both(m => m.CloseSecond());
            Assert.True(many.Idle);
            int count = rng.Next(1, many.SecondsToMinuteEnd + 1);
            bool minute = false;
            for (int s = 0; s < count; s++) minute = one.CloseSecond();
            Assert.Equal(minute, many.SkipIdleSeconds(count));
            Assert.Equal(one.MinuteIndex, many.MinuteIndex);
            Assert.Equal(one.LastMinuteCount, many.LastMinuteCount);
            Assert.Equal(one.SecondsToMinuteEnd, many.SecondsToMinuteEnd);
            // The ring's head moved alike: the same trailing counts as activations come and go.
            for (int s = 0; s < 150; s++)
            {
                int n = rng.Next(0, 3);
                for (int k = 0; k < n; k++) Both(m => m.CountActivation());
                Assert.Equal(one.CloseSecond(), many.CloseSecond());
                Assert.Equal(one.ActivationsLastMinute, many.ActivationsLastMinute);
                Assert.Equal(one.LastMinuteCount, many.LastMinuteCount);
            }
        }
    }

    [Fact]
    public void A_settled_posture_is_not_changed_by_another_second_like_the_last()
    {
        // The monitor skips the seconds of an outage the posture calls settled. Whatever the
        // posture shows, a settled second must also leave what it counts unseen (the still
        // horizontal seconds, the gait memory): a twin that never had that second answers every
        // second after it alike. Readings: upright, lying with gravity exactly on X or on Y (the
        // other axes 0), lying about X, and a walk's sign.
        var rng = new Random(3);
        var settings = new MonitorSettings { NotWornStillS = 5 };
        (int, int, int)[] readings = { (0, 0, 4096), (4096, 0, 0), (0, 4096, 0), (4096, 0, 200), (0, 0, 7400) };
        (int X, int Y, int Z, bool Still, bool Walking) Pick()
        {
            var (x, y, z) = readings[rng.Next(readings.Length)];
            if (x == 4096 && z == 200) y = rng.Next(-300, 300);
            return (x, y, z, rng.Next(3) > 0, rng.Next(5) == 0);
        }
        static (bool, bool, int, int, int) Shown(PostureMonitor p) => (p.Suspended, p.Upright, p.ReferenceX, p.ReferenceY, p.ReferenceZ);
        int settledSeen = 0, unsettledSeen = 0;
        for (int trial = 0; trial < 600; trial++)
        {
            var p = new PostureMonitor(settings, 4096);
            var history = new List<(int X, int Y, int Z, bool Still, bool Walking)>();
            var last = (X: 0, Y: 0, Z: 4096, Still: true, Walking: false);
            for (int s = rng.Next(1, 30); s > 0; s--)
            {
                if (rng.Next(4) == 0) last = Pick();
                else last = (last.X, last.Y, last.Z, rng.Next(3) > 0, rng.Next(5) == 0);
                p.OnSecond(last.X, last.Y, last.Z, last.Still, last.Walking);
                history.Add(last);
                bool still2 = rng.Next(3) > 0, walking2 = rng.Next(5) == 0;
                if (!p.Settled(last.X, last.Y, last.Z, still2, walking2)) { unsettledSeen++; continue; }
                settledSeen++;
                var twin = new PostureMonitor(settings, 4096);
                foreach (var h in history) twin.OnSecond(h.X, h.Y, h.Z, h.Still, h.Walking);
                var before = Shown(p);
                p.OnSecond(last.X, last.Y, last.Z, still2, walking2);
                Assert.Equal(before, Shown(p));
                // Settled stays settled: nothing is counting up any more.
                Assert.True(p.Settled(last.X, last.Y, last.Z, still2, walking2));
                // The twin, without that second, answers what follows alike.
                for (int k = 0; k < 20; k++)
                {
                    var n = k < 12 && rng.Next(2) == 0 ? (last.X, last.Y, last.Z, Still: rng.Next(3) > 0, Walking: rng.Next(5) == 0) : Pick();
                    Assert.Equal(twin.OnSecond(n.X, n.Y, n.Z, n.Still, n.Walking), p.OnSecond(n.X, n.Y, n.Z, n.Still, n.Walking));
                    Assert.Equal(Shown(twin), Shown(p));
                }
                break;
            }
        }
        Assert.True(settledSeen > 100 && unsettledSeen > 100, $"settled {settledSeen}, not {unsettledSeen}");
    }

    [Fact]
    public void While_suspended_the_next_suppression_falls_due_exactly_when_the_policy_says()
    {
        var policy = new AlertPolicy(new MonitorSettings { AlertAfterMin = 30, RepeatEveryMin = 10 });
        policy.Start(0);
        policy.Advance(5 * 60_000 + 300);
        Assert.Equal(int.MaxValue, policy.MsUntilSuppression);   // upright: none is suppressed
        policy.SetSuspended(true);
        int now = 5 * 60_000 + 300;
        for (int k = 0; k < 6; k++)
        {
            int until = policy.MsUntilSuppression;
            Assert.Equal(k == 0 ? 25 * 60_000 - 300 : 10 * 60_000, until);
            int before = policy.Suppressions;
            now += until - 1;
            policy.Advance(now);
            Assert.Equal(before, policy.Suppressions);
            now += 1;
            policy.Advance(now);
            Assert.Equal(before + 1, policy.Suppressions);
            Assert.Equal(now, policy.LastSuppressionMs);
        }
    }

    /// <summary>Records what the wearer's phone would be told at each second the monitor reports.</summary>
    private sealed class Witness : IMonitorListener
    {
        public CalfPumpMonitor? M;
        public readonly List<(int TimeMs, int Suppressions, int LastSuppressionMs, int UntilSuppressionMs, int Today)> Seconds = new();
        public readonly List<(int Index, int Count)> Minutes = new();
        public readonly List<int> Alerts = new();
        public void OnActivation(int timeMs, int sampleNumber) { }
        public void OnSpellEnded(int timeMs, int endedSpellSeconds) { }
        public void OnSecond(int timeMs, int last60, int spellSeconds) =>
            Seconds.Add((timeMs, M!.Policy.Suppressions, M.Policy.LastSuppressionMs, M.Policy.MsUntilSuppression, M.ActivationsToday));
        public void OnMinute(int minuteIndex, int activations) => Minutes.Add((minuteIndex, activations));
        public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason) { }
        public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason) => Alerts.Add(timeMs);
    }

    private static (CalfPumpMonitor, Witness) Build(MonitorSettings settings)
    {
        var w = new Witness();
        var m = new CalfPumpMonitor(new SensorConfig(50, 8, 2000, MountingSite.Shank), settings, w);
        w.M = m;
        return (m, w);
    }

    private static void Lying(CalfPumpMonitor m, ref int t, int seconds)
    {
        for (int i = 0; i < seconds * 50; i++, t += 20) m.OnSample(t, m.Sensor.AccelCountsPerG, 0, 0, 0, 0, 0);
    }

    [Fact]
    public void A_five_hour_outage_while_lying_keeps_every_minute_and_each_suppressed_alert_at_its_second()
    {
        var (m, w) = Build(new MonitorSettings { NotWornStillS = 30, AlertAfterMin = 30, RepeatEveryMin = 10 });
        int t = 1000;
        Signals.Still(m, ref t, 60);          // upright: the reference is learnt
        Signals.Sinusoid(m, ref t, 45, 1.0, 40);   // a pump break: the spell starts afresh mid-minute
        Assert.True(m.Activations >= 10);
        Signals.Still(m, ref t, 67.3);             // sitting a minute after it
        Lying(m, ref t, 120);                 // lying still: suspended after 30 s
        Assert.True(m.Policy.Suspended);
        int gapEnd = t + 5 * 3_600_000 + 300;
        t = gapEnd;
        Lying(m, ref t, 10);

        // Every minute was closed, in order, the outage's with no activation.
        Assert.Equal(Enumerable.Range(0, w.Minutes.Count), w.Minutes.Select(x => x.Index));
        Assert.Equal((t - 20 - 1000) / 60_000, w.Minutes.Count);
        Assert.All(w.Minutes.Skip(3), x => Assert.Equal(0, x.Count));
        Assert.Equal(w.Minutes.Count, m.History.Stored);

        // Each suppressed alert was reported at the second it fell due — the first second end at
        // which the spell reached it, as the second before said — ten minutes apart.
        var due = new List<int>();
        for (int i = 1; i < w.Seconds.Count; i++)
        {
            var (time, n, last, _, _) = w.Seconds[i];
            var previous = w.Seconds[i - 1];
            if (n == previous.Suppressions) continue;
            Assert.Equal(previous.Suppressions + 1, n);
            Assert.Equal(time, last);
            Assert.Equal(previous.TimeMs + (previous.UntilSuppressionMs + 999) / 1000 * 1000, time);
            due.Add(time);
        }
        Assert.True(due.Count >= 28, $"{due.Count} suppressions");   // 30, 40, … 320 min of the spell
        for (int i = 1; i < due.Count; i++) Assert.Equal(600_000, due[i] - due[i - 1]);
        Assert.True(gapEnd - due[^1] < 600_000);
        Assert.Empty(w.Alerts);
        // A minute at a time: far fewer seconds reported than the outage had.
        Assert.True(w.Seconds.Count < 1000, $"{w.Seconds.Count} seconds reported");
    }

    [Fact]
    public void Midnight_within_an_outage_starts_the_new_day_at_its_second()
    {
        var (m, w) = Build(new MonitorSettings());
        int t = 1000;
        Signals.Still(m, ref t, 5);
        // 23:00:00 local time, 2026-12-05.
        int localSeconds = WallClock.DaysFromCivil(2026, 12, 5) * WallClock.DaySeconds + 23 * 3600;
        Assert.True(m.Policy.SetTime(t, localSeconds));
        int midnight = t + 3_600_000;
        Signals.Sinusoid(m, ref t, 60, 1.0, 40);   // a minute's walk in place: today has activations
        Assert.True(m.ActivationsToday > 0);
        t += 3 * 3_600_000;                        // the sensor is lost until 02:01
        Signals.Still(m, ref t, 5);

        var before = w.Seconds.Last(s => s.TimeMs - midnight < 0);
        var at = w.Seconds.First(s => s.TimeMs - midnight >= 0);
        Assert.True(before.Today > 0);
        Assert.Equal(midnight, at.TimeMs);
        Assert.Equal(0, at.Today);
        Assert.Equal(0, m.ActivationsToday);
    }

    [Fact]
    public void Midnight_at_the_end_of_a_step_is_found_as_the_clock_reads_at_that_second()
    {
        // The wall clock rebases its reference an hour after it was set; at a clock rate that is
        // not a multiple of 5 ppm the rebase truncates a fraction of a millisecond, so a time read
        // after it can be 1 ms later than the same time read before. Here the clock is set at
        // `set` with -28 ppm: second by second, the rebase (at set + 1 h, within the minute ending
        // at `midnight`) comes before that second's day check, which then reads exactly 00:00:00.000
        // (3 599 900 + 8 100 real ms after `set`); read before the rebase it is 23:59:59.999
        // (3 608 100 − 101). A step that ends at that second must see the day change there too.
        var (m, w) = Build(new MonitorSettings { QuietStartMin = 0, QuietEndMin = 0 });
        int g = m.Sensor.AccelCountsPerG;
        int t = 1000;
        Signals.Sinusoid(m, ref t, 60, 1.0, 40);
        Assert.True(m.ActivationsToday > 0);
        const int set = 1_192_900, midnight = 4_801_000;   // midnight: the end of the monitor's 80th minute
        for (; t - set <= 0; t += 20) m.OnSample(t, 0, 0, g, 0, 0, 0);
        Assert.Equal(set, m.NowMs);
        Assert.True(m.Policy.SetTime(set, WallClock.DaysFromCivil(2026, 12, 6) * WallClock.DaySeconds - 3608));
        m.OnClockRate(-28);
        t = midnight + 500;                                  // the sensor is back half a second after it
        for (int i = 0; i < 100; i++, t += 20) m.OnSample(t, 0, 0, g, 0, 0, 0);

        Assert.Equal(WallClock.DaysFromCivil(2026, 12, 6), m.Policy.Clock.DayNumber(midnight));
        var at = w.Seconds.First(s => s.TimeMs - midnight >= 0);
        Assert.Equal(midnight, at.TimeMs);
        Assert.Equal(0, at.Today);
        Assert.True(w.Seconds.Last(s => s.TimeMs - midnight < 0).Today > 0);
    }

    /// <summary>At each second the monitor reports, compares its history with one closed second by
    /// second up to the second before (as the monitor's own per-second path has it when it reports).</summary>
    private sealed class HistoryWitness : IMonitorListener
    {
        public CalfPumpMonitor? M;
        public int RatePpm;
        public int NextMs;
        public readonly DailyHistory Shadow = new();
        public int Reports;
        public void OnActivation(int timeMs, int sampleNumber) { }
        public void OnSpellEnded(int timeMs, int endedSpellSeconds) { }
        public void OnMinute(int minuteIndex, int activations) { }
        public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason) { }
        public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason) { }
        public void OnSecond(int timeMs, int last60, int spellSeconds)
        {
            for (; NextMs - timeMs < 0; NextMs += 1000) Shadow.CloseSecond(RatePpm, 0);
            Reports++;
            Assert.Equal(Shadow.Stored, M!.History.Stored);
            Shadow.CloseSecond(RatePpm, 0);
            NextMs = timeMs + 1000;
        }
    }

    [Fact]
    public void Within_a_step_the_history_reported_is_the_one_second_by_second_gives()
    {
        // At a clock rate the history's real minutes end within the rate meter's minutes: a
        // listener reading the history at a step's reported second must find the minutes closed up
        // to the second before it, as second by second.
        var w = new HistoryWitness { RatePpm = 20_000 };
        var m = new CalfPumpMonitor(new SensorConfig(50, 8, 2000, MountingSite.Shank), new MonitorSettings(), w);
        w.M = m;
        m.OnClockRate(w.RatePpm);
        int g = m.Sensor.AccelCountsPerG;
        int t = 1000;
        w.NextMs = t + 1000;
        for (int i = 0; i < 10 * 50; i++, t += 20) m.OnSample(t, 0, 0, g, 0, 0, 0);
        t += 3 * 3_600_000;                          // three hours without the sensor
        for (int i = 0; i < 10 * 50; i++, t += 20) m.OnSample(t, 0, 0, g, 0, 0, 0);
        Assert.True(m.History.Stored >= 180);
        Assert.True(w.Reports < 400, $"{w.Reports} seconds reported");   // a minute at a time
    }
}
