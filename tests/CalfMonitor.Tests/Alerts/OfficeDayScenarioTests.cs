using CalfMonitor.Core;
using CalfMonitor.Core.Sedentary;
using Xunit;

namespace CalfMonitor.Tests.Alerts;

/// <summary>A scripted office day through the policy, one tick a second, with the alert times
/// worked out by hand from docs/sedentary-policy.md.</summary>
public class OfficeDayScenarioTests
{
    [Fact]
    public void Office_day_with_long_sits_a_walk_standing_still_lying_a_snooze_and_quiet_hours()
    {
        var d = new PolicyDriver();
        d.SetClock(8, 30);                       // t = 0 min is 08:30
        d.Sit(45);                               // desk: alerts at 30 (09:00) and 40
        d.Walk(5);                               // 45–50: walk to a meeting; spell ends at 50:00
        d.Sit(20);                               // 50–70 meeting, seated
        d.Sit(12);                               // 70–82 standing still at the coffee machine: sedentary too → alert at 80
        d.Policy.Snooze(d.NowMs, 0);             // 82: button → no alert before 97; the 90 repeat waits
        d.Sit(28);                               // 82–110: 97 (snooze ended), 107 (repeat)
        d.Sit(6.5);                              // 110–116:30
        d.Fidget(5);                             // 116:31–116:35 tapping a foot: no break; 117 waits until 117:35
        d.Sit(3.5 - 5 / 60.0);                   // to 120:00
        d.Lie(60);                               // 120–180 lying on the sofa in the break room: suspended
        d.Sit(10);                               // 180–190: spell resumes at 70 min; next due at spell 77:35 → 187:35
        d.Walk(10);                              // 190–200 lunch walk
        d.Sit(700);                              // 200–900 (11:50 → 23:30): alerts every 10 min until 20:00, then quiet

        var expected = new List<(double, int, int)>
        {
            (30, AlertReason.Threshold, 1), (40, AlertReason.Repeat, 2),
            (80, AlertReason.Threshold, 1), (97, AlertReason.SnoozeEnded, 2), (107, AlertReason.Repeat, 3),
            (117 + 35 / 60.0, AlertReason.AfterActivity, 3),
            (187 + 35 / 60.0, AlertReason.Repeat, 3),
            (230, AlertReason.Threshold, 1), (240, AlertReason.Repeat, 2),
        };
        for (int m = 250; m < 690; m += 10) expected.Add((m, AlertReason.Repeat, 3)); // 20:00 = minute 690
        Assert.Equal(expected.Select(e => Math.Round(e.Item1, 4)), d.AlertMinutes);
        Assert.Equal(expected.Select(e => e.Item2), d.Alerts.Select(a => a.Reason));
        Assert.Equal(expected.Select(e => e.Item3), d.Alerts.Select(a => a.Buzz));
        Assert.Equal(6, d.Policy.SuppressedNotWorn);           // 127:35 … 177:35 while lying
        Assert.Equal(22, d.Policy.SuppressedQuiet);            // 690, 700, … 900
        Assert.Equal(1, d.Policy.SnoozeHeld);
        Assert.Equal(1, d.Policy.ActivityDeferred);
    }
}
