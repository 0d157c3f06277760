using CalfMonitor.Core;
using CalfMonitor.Core.Sedentary;
using FsCheck;
using FsCheck.Xunit;

namespace CalfMonitor.Tests.Alerts;

/// <summary>FsCheck properties of the alert policy.</summary>
public class PolicyProperties
{
    /// <summary>Continuous walking (any cadence from 40 to 100 activations a minute, any start of
    /// the counter, any threshold) never raises an alert.</summary>
    [Property(MaxTest = 60)]
    public bool Never_an_alert_during_continuous_walking(int startMs, byte cadenceSeed, byte thresholdSeed, byte hours)
    {
        int intervalMs = 600 + cadenceSeed * 900 / 255;          // 40–100 steps of this leg a minute
        var s = new MonitorSettings { AlertAfterMin = 1 + thresholdSeed % 60, RepeatEveryMin = 1 + thresholdSeed % 7 };
        var p = new AlertPolicy(s);
        p.Start(startMs);
        int now = startMs;
        long total = (1 + hours % 4) * 3_600_000L;
        for (long t = 0; t < total; t += intervalMs)
        {
            now = unchecked(now + intervalMs);
            p.OnActivation(now);
            if (p.Evaluate(now) != AlertReason.None) return false;
        }
        return p.AlertsRaised == 0;
    }

    /// <summary>Worn upright, not snoozed, not in quiet hours, no recent activity: the first alert
    /// comes within 1 s of the threshold, whatever the tick spacing (≤ 1 s), the counter's start
    /// (wrap included) or the wall-clock time outside quiet hours.</summary>
    [Property(MaxTest = 100)]
    public bool Alert_within_one_second_of_the_threshold(int startMs, byte thresholdSeed, ushort stepSeed, bool clockKnown, byte hourSeed)
    {
        var s = new MonitorSettings { AlertAfterMin = 1 + thresholdSeed % 90 };
        var p = new AlertPolicy(s);
        p.Start(startMs);
        if (clockKnown) p.SetTime(startMs, 9 * 3600 + (hourSeed % 8) * 3600); // 09:00–16:59 (+ up to 90 min): never quiet
        int step = 1 + stepSeed % 1000;
        long thresholdMs = s.AlertAfterMin * 60_000L;
        long elapsed = 0;
        int now = startMs;
        while (elapsed < thresholdMs + 5000)
        {
            elapsed += step;
            now = unchecked(now + step);
            if (p.Evaluate(now) != AlertReason.None)
            {
                return elapsed >= thresholdMs && elapsed - thresholdMs < 1000 && p.LastReason == AlertReason.Threshold;
            }
        }
        return false;
    }

    /// <summary>Any interleaving of sitting, fidgeting, lying, snoozes and clock changes: alert
    /// times only ever come from the monotonic schedule — a policy that never hears of the clock
    /// (and so has no quiet hours) raises exactly as many alerts plus those the clocked one
    /// suppressed in quiet hours.</summary>
    [Property(MaxTest = 40)]
    public bool Clock_changes_never_fire_or_lose_alerts(byte[] script, int startMs)
    {
        var s = new MonitorSettings { QuietStartMin = 0, QuietEndMin = 0 }; // no quiet hours
        var a = new AlertPolicy(s);
        var b = new AlertPolicy(s);
        a.Start(startMs); b.Start(startMs);
        int now = startMs;
        var ta = new List<int>();
        var tb = new List<int>();
        foreach (byte op in script ?? Array.Empty<byte>())
        {
            int minutes = 1 + op % 40;
            switch (op % 5)
            {
                case 0: if (op % 2 == 0) { a.Snooze(now, op % 20); b.Snooze(now, op % 20); } break;
                case 1: a.SetSuspended(op % 2 == 0); b.SetSuspended(op % 2 == 0); break;
                case 2: b.SetTime(now, op * 12345); break; // only b hears of clock changes
                case 3: for (int i = 0; i < op % 12; i++) { now = unchecked(now + 1000); a.OnActivation(now); b.OnActivation(now); } break;
            }
            for (int i = 0; i < minutes * 60; i++)
            {
                now = unchecked(now + 1000);
                if (a.Evaluate(now) != 0) ta.Add(now);
                if (b.Evaluate(now) != 0) tb.Add(now);
            }
        }
        return ta.SequenceEqual(tb);
    }
}
