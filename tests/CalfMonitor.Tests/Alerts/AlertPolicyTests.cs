using CalfMonitor.Core;
using CalfMonitor.Core.Sedentary;
using Xunit;

namespace CalfMonitor.Tests.Alerts;

public class AlertPolicyTests
{
    [Fact]
    public void Defaults_alert_at_thirty_minutes_then_every_ten_with_escalating_capped_buzz()
    {
        var d = new PolicyDriver();
        d.Sit(75);
        Assert.Equal(new double[] { 30, 40, 50, 60, 70 }, d.AlertMinutes);
        Assert.Equal(new[] { AlertReason.Threshold, AlertReason.Repeat, AlertReason.Repeat, AlertReason.Repeat, AlertReason.Repeat }, d.Alerts.Select(a => a.Reason));
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, d.Alerts.Select(a => a.Repeat));
        Assert.Equal(new[] { 1, 2, 3, 3, 3 }, d.Alerts.Select(a => a.Buzz));
        Assert.Equal(1800, d.Alerts[0].SpellS);
        Assert.Equal(5, d.Policy.Sequence);
    }

    [Fact]
    public void A_pump_break_ends_the_spell_at_its_last_activation()
    {
        var d = new PolicyDriver();
        d.Sit(25);
        d.Walk(3);     // break; spell restarts at every activation, last at 28:00
        d.Sit(40);
        Assert.Equal(new double[] { 58, 68 }, d.AlertMinutes);
    }

    [Fact]
    public void A_pump_break_reported_late_starts_the_new_spell_at_its_last_activation()
    {
        // The bout filter holds cycles until their bout is confirmed: at 1:00 the policy learns of
        // ten activations at 0:50.0–0:54.5. The new spell began at 0:54.5, so it is 5.5 s old and
        // its first alert comes at 30:55 (the first evaluation at or after 30:54.5), not at 31:00.
        var d = new PolicyDriver();
        d.Sit(1);
        for (int i = 0; i < 10; i++) d.Policy.OnActivation(d.NowMs - 10000 + i * 500);
        Assert.Equal(5500, d.Policy.SpellMs);
        d.Sit(31);
        Assert.Equal(30 + 55 / 60.0, d.Alerts[0].AtMin, 6);
        Assert.Equal(1800, d.Alerts[0].SpellS);
    }

    [Fact]
    public void Snooze_postpones_the_next_alert_and_it_fires_when_the_snooze_ends()
    {
        var d = new PolicyDriver();
        d.Sit(25);
        d.Policy.Snooze(d.NowMs, 0); // configured 15 min: until 40:00
        Assert.True(d.Policy.Snoozed);
        d.Sit(30);
        Assert.Equal(new double[] { 40, 50 }, d.AlertMinutes);
        Assert.Equal(AlertReason.SnoozeEnded, d.Alerts[0].Reason);
        Assert.Equal(1, d.Policy.SnoozeHeld);
        Assert.False(d.Policy.Snoozed);
    }

    [Fact]
    public void Snooze_with_explicit_minutes_after_an_alert_delays_the_repeat()
    {
        var d = new PolicyDriver();
        d.Sit(31);
        d.Policy.Snooze(d.NowMs, 20); // until 51:00; the 40:00 repeat waits
        d.Sit(30);
        Assert.Equal(new double[] { 30, 51, 61 }, d.AlertMinutes);
        Assert.Equal(AlertReason.SnoozeEnded, d.Alerts[1].Reason);
    }

    [Fact]
    public void Dismiss_restarts_escalation_and_waits_one_repeat_interval()
    {
        var d = new PolicyDriver();
        d.Sit(45);                         // alerts 30, 40
        d.Policy.Dismiss(d.NowMs);         // at 45: next at 55, buzz back to 1
        d.Sit(22);
        Assert.Equal(new double[] { 30, 40, 55, 65 }, d.AlertMinutes);
        Assert.Equal(new[] { 1, 2, 1, 2 }, d.Alerts.Select(a => a.Buzz));
        // Still the spell's third and fourth alert: repeats, as the Alert payload says.
        Assert.Equal(new[] { 0, 1, 2, 3 }, d.Alerts.Select(a => a.Repeat));
        Assert.Equal(AlertReason.Repeat, d.Alerts[2].Reason);
    }

    [Fact]
    public void An_alert_waiting_after_activity_through_a_short_lie_still_waits_the_grace_of_a_movement_on_getting_up()
    {
        // Due at 30:00, waiting after a movement at 29:50; lying 30:20–30:40 does not age it past
        // the defer limit (5 min): a movement on getting up, at 30:41, holds it the grace (60 s).
        var d = new PolicyDriver();
        d.SitUntilTheFirstAlertWaitsAfterActivity();
        d.Lie(20 / 60.0);
        d.Step(activation: true);
        d.Sit(3);
        var a = Assert.Single(d.Alerts);
        Assert.Equal(AlertReason.AfterActivity, a.Reason);
        Assert.Equal(31 + 41 / 60.0, a.AtMin, 6);
    }

    [Fact]
    public void Dismiss_drops_an_alert_waiting_after_activity_and_the_next_comes_a_repeat_interval_later()
    {
        // Due at 30 min, waiting after a movement at 29:50; dismissed at 30:20: nothing is pending
        // (Live's flag, next alert in 10 min), and the next alert, at 40:20, is the spell's first,
        // on time, not one that waited after activity.
        var d = new PolicyDriver();
        d.SitUntilTheFirstAlertWaitsAfterActivity();   // due at 30:00, waiting after a movement at 29:50
        Assert.True(d.Policy.AlertPending);
        d.Policy.Dismiss(d.NowMs);
        Assert.False(d.Policy.AlertPending);
        Assert.Equal(10 * 60000, d.Policy.NextAlertInMs(d.NowMs));
        d.Sit(11);
        var next = Assert.Single(d.Alerts);
        Assert.Equal(40 + 20 / 60.0, next.AtMin, 6);
        Assert.Equal(AlertReason.Threshold, next.Reason);
    }

    [Fact]
    public void A_new_spell_escalates_from_one_pulse_whatever_was_dismissed_in_the_last()
    {
        // Alerts at 30 and 40, dismissed at 45, then a pump break: the new spell's alerts buzz
        // 1, 2 as any spell's do.
        var d = new PolicyDriver();
        d.Sit(45);
        d.Policy.Dismiss(d.NowMs);
        d.Walk(1);
        d.Sit(41);
        Assert.Equal(new[] { 1, 2, 1, 2 }, d.Alerts.Select(a => a.Buzz));
    }

    [Fact]
    public void The_first_alert_of_a_new_spell_reports_no_alert_hidden_in_the_last()
    {
        // Lying from 20 to 35 min hides the 30-min alert; a pump break then starts a new spell,
        // whose first alert says none was suppressed in it (the Alert payload's last field).
        var d = new PolicyDriver();
        d.Sit(20);
        d.Lie(15);
        Assert.Equal(1, d.Policy.SuppressedThisSpell);
        d.Walk(1);
        d.Sit(31);
        Assert.Single(d.Alerts);
        Assert.Equal(0, d.Policy.LastSuppressed);
    }

    [Fact]
    public void Dismiss_before_the_first_alert_does_not_bring_it_forward()
    {
        // Dismissing at 5 min (a notification from before, cleared on the phone) with nothing
        // due: the first alert stays at 30 min (it came at 15 before), then every 10.
        var d = new PolicyDriver();
        d.Sit(5);
        d.Policy.Dismiss(d.NowMs);
        d.Sit(36);
        Assert.Equal(new double[] { 30, 40 }, d.AlertMinutes);
        Assert.Equal(AlertReason.Threshold, d.Alerts[0].Reason);
        // And between repeats, a dismiss only ever moves the next one later: at 42 min, the 50
        // repeat moves to 52.
        d.Sit(1);
        d.Policy.Dismiss(d.NowMs);
        d.Sit(11);
        Assert.Equal(new double[] { 30, 40, 52 }, d.AlertMinutes);
    }

    [Fact]
    public void Quiet_hours_suppress_and_count_alerts_and_need_a_known_time()
    {
        var unknown = new PolicyDriver();
        unknown.Sit(45);
        Assert.Equal(2, unknown.Alerts.Count); // no time known: no quiet hours

        var d = new PolicyDriver();
        d.SetClock(19, 45);
        d.Sit(30 + 12 * 60 + 35); // 19:45 → 08:50 next day, never moving
        // 20:15 would be the first alert: quiet. Everything until 08:00 is suppressed; the first
        // alert after quiet hours is the first 10-min slot at or after 08:00.
        Assert.True(d.Alerts.Count > 0);
        Assert.Equal(12 * 60 + 20.0, d.Alerts[0].AtMin); // 08:05 next day
        Assert.Equal(AlertReason.Threshold, d.Alerts[0].Reason); // suppressed ones do not escalate
        Assert.Equal(71, d.Policy.SuppressedQuiet); // 20:15, 20:25, … 07:55
        Assert.Equal(71, d.Policy.SuppressedThisSpell);
    }

    [Fact]
    public void Lying_suspends_the_spell_counts_the_alerts_it_hides_and_resumes_when_upright()
    {
        var d = new PolicyDriver();
        d.Sit(20);
        d.Lie(60);   // spell frozen at 20 min; 30, 40, … 70 would have fallen due: 6 hidden
        Assert.Empty(d.Alerts);
        Assert.Equal(6, d.Policy.SuppressedNotWorn);
        Assert.Equal(1200, d.Policy.SpellSeconds);
        d.Sit(15);
        Assert.Equal(new double[] { 90 }, d.AlertMinutes); // 10 more minutes of sitting
    }

    [Fact]
    public void The_alert_after_lying_reports_the_alerts_lying_hid_in_its_spell()
    {
        // As Lying_suspends_…: six alerts hidden while lying; the alert at 90 min carries them
        // (the Alert payload's suppressed field).
        var d = new PolicyDriver();
        d.Sit(20);
        d.Lie(60);
        Assert.Equal(6, d.Policy.SuppressedThisSpell);
        d.Sit(15);
        Assert.Single(d.Alerts);
        Assert.Equal(6, d.Policy.LastSuppressed);
    }

    [Fact]
    public void A_pump_break_while_lying_starts_the_count_of_hidden_alerts_afresh()
    {
        // Lying from 20 min on: 30 … 80 hidden (6). Ankle pumps in bed make a pump break at 81:
        // a new spell, whose first alert would fall due 30 min later, still lying: hidden too.
        var d = new PolicyDriver();
        d.Sit(20);
        d.Policy.SetSuspended(true);
        d.Sit(60);
        Assert.Equal(6, d.Policy.SuppressedNotWorn);
        d.Walk(1);
        d.Sit(35);
        Assert.Equal(7, d.Policy.SuppressedNotWorn);
        Assert.Empty(d.Alerts);
    }

    [Fact]
    public void An_alert_is_never_right_after_activity_but_waits_at_most_the_defer_limit()
    {
        var d = new PolicyDriver();
        d.Sit(29.5);
        d.Fidget(5);          // 29:31–29:35: no pump break
        d.Sit(5);
        Assert.Equal(AlertReason.AfterActivity, d.Alerts[0].Reason);
        Assert.Equal(30 + 35 / 60.0, d.Alerts[0].AtMin, 6); // 60 s after the last activation

        var f = new PolicyDriver();
        f.Sit(29.5);
        for (int i = 0; i < 20; i++) { f.Fidget(1); f.Sit(50 / 60.0); } // one tap every 51 s, never a break
        Assert.NotEmpty(f.Alerts);
        Assert.Equal(35.0, f.Alerts[0].AtMin, 6); // deferred the 5-min maximum, then told anyway
        Assert.Equal(2, f.Policy.ActivityDeferred); // the 45:00 repeat was deferred too
    }

    [Fact]
    public void An_alert_found_due_two_seconds_or_more_after_its_time_puts_the_next_repeat_a_full_interval_after_it()
    {
        // sedentary-policy.md rule 5: found 2 s late (no evaluation from 29:59 to 30:02), the alert
        // is late and the next repeat comes at 40:02; found 1 s late it is on time: 40:00.
        var late = new PolicyDriver();
        late.Sit(29 + 59 / 60.0);
        late.Step(3000);                         // 30:02
        late.Sit(11);
        Assert.Equal(30 + 2 / 60.0, late.Alerts[0].AtMin, 6);
        Assert.Equal(40 + 2 / 60.0, late.Alerts[1].AtMin, 6);

        var onTime = new PolicyDriver();
        onTime.Sit(29 + 59 / 60.0);
        onTime.Step(2000);                       // 30:01
        onTime.Sit(11);
        Assert.Equal(30 + 1 / 60.0, onTime.Alerts[0].AtMin, 6);
        Assert.Equal(40.0, onTime.Alerts[1].AtMin, 6);
    }

    [Fact]
    public void An_alert_that_waited_a_second_after_activity_puts_the_next_repeat_a_full_interval_after_it()
    {
        // sedentary-policy.md rule 5, "when it waited": an activation at 29:01 holds the 30:00 alert
        // until 30:01 (60 s grace); it fires then, after activity, and the next repeat is at 40:01.
        var d = new PolicyDriver();
        d.Sit(29);
        d.Step(activation: true);                // 29:01
        d.Sit(11);
        Assert.Equal(AlertReason.AfterActivity, d.Alerts[0].Reason);
        Assert.Equal(30 + 1 / 60.0, d.Alerts[0].AtMin, 6);
        Assert.Equal(40 + 1 / 60.0, d.Alerts[1].AtMin, 6);
    }

    [Fact]
    public void A_config_change_that_makes_a_waiting_alert_due_at_that_very_moment_keeps_its_defer_limit()
    {
        // Due at 30:00, held by taps every 51 s (never a pump break). At 31:00 exactly the threshold
        // goes to 31 min: the alert is due at that very millisecond, so it stays pending and its
        // 5-min defer limit still counts from 30:00 — told at 35:00, not restarted to 36:01.
        var d = new PolicyDriver();
        d.Sit(29.5);
        d.Fidget(1);                             // 29:31
        d.Sit(50 / 60.0);
        d.Fidget(1);                             // 30:22
        d.Sit(38 / 60.0);                        // 31:00
        Assert.True(d.Policy.AlertPending);
        Assert.Equal(31 * 60_000, d.Policy.SpellMs);
        d.Policy.Configure(new MonitorSettings { AlertAfterMin = 31 });
        Assert.True(d.Policy.AlertPending);
        for (int i = 0; i < 8; i++) { d.Fidget(1); d.Sit(50 / 60.0); }
        Assert.Equal(AlertReason.AfterActivity, d.Alerts[0].Reason);
        Assert.Equal(35.0, d.Alerts[0].AtMin, 6);
        Assert.Equal(1, d.Policy.ActivityDeferred);
    }

    [Fact]
    public void Setting_the_clock_neither_fires_nor_loses_an_alert()
    {
        var a = new PolicyDriver();
        var b = new PolicyDriver();
        a.SetClock(9, 0);
        b.SetClock(9, 0);
        a.Sit(25); b.Sit(25);
        b.SetClock(13, 37);     // the phone corrects the time (outside quiet hours)
        b.Sit(0.5);
        b.SetClock(10, 2);      // and back
        b.Sit(24.5); a.Sit(25);
        Assert.Equal(a.AlertMinutes, b.AlertMinutes);
        Assert.Equal(new double[] { 30, 40, 50 }, b.AlertMinutes);
    }

    [Fact]
    public void A_config_change_moves_a_pending_first_alert_and_keeps_the_spell()
    {
        var d = new PolicyDriver();
        d.Sit(20);
        var s = new MonitorSettings { AlertAfterMin = 45 };
        d.Policy.Configure(s);
        d.Sit(30);
        Assert.Equal(new double[] { 45 }, d.AlertMinutes);
    }

    [Fact]
    public void A_pump_break_is_acknowledged_with_a_tick_only_when_the_wearer_may_be_buzzed()
    {
        // The device's short tick at a new pump break (DeviceListener.OnSpellEnded) asks this.
        var d = new PolicyDriver();
        d.Sit(1);
        Assert.True(d.Policy.MayAcknowledgeBreak);
        d.Policy.Snooze(d.NowMs, 15);
        Assert.False(d.Policy.MayAcknowledgeBreak);          // snoozed: no buzz at all
        d.Policy.Dismiss(d.NowMs);
        Assert.True(d.Policy.MayAcknowledgeBreak);
        d.Policy.SetSuspended(true);
        d.Sit(1);
        Assert.False(d.Policy.MayAcknowledgeBreak);          // lying: ankle pumps in bed
        d.Policy.SetSuspended(false);
        d.Sit(1);
        Assert.True(d.Policy.MayAcknowledgeBreak);

        var night = new PolicyDriver();
        night.SetClock(2, 59);                               // default quiet hours 20:00–08:00
        night.Sit(1);
        Assert.False(night.Policy.MayAcknowledgeBreak);      // a walk to the bathroom at 3 a.m.
        night.SetClock(8, 0);
        night.Sit(1);
        Assert.True(night.Policy.MayAcknowledgeBreak);
    }

    [Fact]
    public void A_config_change_after_a_dismiss_before_the_first_alert_takes_both_bounds_anew()
    {
        // Dismissed at 25 min: the first alert is due at max(threshold, 25 + repeat) = 35.
        var t = new PolicyDriver();
        t.Sit(25);
        t.Policy.Dismiss(t.NowMs);
        t.Policy.Configure(new MonitorSettings { AlertAfterMin = 60 });   // max(60, 35): 60, not 35 + 30
        t.Sit(46);
        Assert.Equal(new double[] { 60, 70 }, t.AlertMinutes);
        Assert.Equal(AlertReason.Threshold, t.Alerts[0].Reason);

        var r = new PolicyDriver();
        r.Sit(25);
        r.Policy.Dismiss(r.NowMs);
        r.Policy.Configure(new MonitorSettings { RepeatEveryMin = 20 });  // max(30, 25 + 20): 45, not 35
        r.Sit(41);
        Assert.Equal(new double[] { 45, 65 }, r.AlertMinutes);
    }

    [Fact]
    public void A_new_threshold_after_a_dismiss_between_repeats_leaves_the_next_repeat_where_it_was()
    {
        // Alerts at 30 and 40, dismissed at 45: the next repeat is due at 55. A Config write moving
        // the threshold to 60 moves only a first alert still to come: the repeat stays at 55.
        var d = new PolicyDriver();
        d.Sit(45);
        d.Policy.Dismiss(d.NowMs);
        d.Policy.Configure(new MonitorSettings { AlertAfterMin = 60 });
        d.Sit(21);
        Assert.Equal(new double[] { 30, 40, 55, 65 }, d.AlertMinutes);
    }

    [Fact]
    public void A_config_change_after_a_quiet_hours_suppression_keeps_the_schedule_it_set()
    {
        // Dismissed at 5 min (19:35): the first alert stays at 30 min, 20:00, and is suppressed by
        // the quiet hours; the next is due at 40. Quiet hours switched off at 31 min: it comes at 40,
        // not at once (the dismiss's bound no longer applies once the schedule has moved on).
        var d = new PolicyDriver();
        d.SetClock(19, 30);
        d.Sit(5);
        d.Policy.Dismiss(d.NowMs);
        d.Sit(26);
        Assert.Equal(1, d.Policy.SuppressedQuiet);
        d.Policy.Configure(new MonitorSettings { QuietStartMin = 0, QuietEndMin = 0 });
        d.Sit(10);
        Assert.Equal(new double[] { 40 }, d.AlertMinutes);
    }

    [Fact]
    public void A_config_change_after_the_first_alert_forgets_a_dismiss_from_before_it()
    {
        // Dismissed at 5 min: the first alert stays at 30, the next is due at 40. A Config write at
        // 31 min that changes neither interval moves nothing: the dismiss bounded only the first.
        var d = new PolicyDriver();
        d.Sit(5);
        d.Policy.Dismiss(d.NowMs);
        d.Sit(26);
        d.Policy.Configure(new MonitorSettings { SnoozeMin = 20 });
        d.Sit(10);
        Assert.Equal(new double[] { 30, 40 }, d.AlertMinutes);
    }

    [Fact]
    public void A_snooze_asked_for_before_the_first_sample_is_kept()
    {
        // A Control write (or the button) while the sensor is still coming up: the monitor's clock
        // is 0 until the first sample, and the policy starts then.
        var p = new AlertPolicy(new MonitorSettings { AlertAfterMin = 5 });
        p.Snooze(0, 15);
        p.Start(0);
        Assert.True(p.Snoozed);
        int first = -1;
        for (int s = 1; s <= 20 * 60 && first < 0; s++) if (p.Evaluate(s * 1000) != AlertReason.None) first = s;
        Assert.Equal(15 * 60, first);
        Assert.Equal(AlertReason.SnoozeEnded, p.LastReason);
    }

    [Fact]
    public void A_config_change_reaches_an_alert_already_due_and_waiting()
    {
        // Due at 30 min, waiting after a movement at 29:50; at 30:20 the threshold goes to 60 min:
        // the waiting alert is no longer due, and the first one comes at 60 (it fired at 30:50).
        var d = new PolicyDriver();
        d.SitUntilTheFirstAlertWaitsAfterActivity();   // due at 30:00, waiting after a movement at 29:50
        Assert.True(d.Policy.AlertPending);
        d.Policy.Configure(new MonitorSettings { AlertAfterMin = 60 });
        Assert.False(d.Policy.AlertPending);
        d.Sit(35);
        Assert.Equal(new double[] { 60 }, d.AlertMinutes);
        Assert.Equal(AlertReason.Threshold, d.Alerts[0].Reason);
    }

    [Fact]
    public void An_alert_waiting_after_activity_is_not_also_counted_suppressed_while_lying()
    {
        // Due at 30 min, deferred by a movement at 29:50; the wearer lies down at 30:20 for 5 min
        // (less than a repeat interval), then is upright: the waiting alert is delivered and was
        // not a not-worn suppression.
        var d = new PolicyDriver();
        d.SitUntilTheFirstAlertWaitsAfterActivity();   // due at 30:00, waiting after a movement at 29:50
        Assert.Empty(d.Alerts);
        d.Lie(5);
        d.Sit(2);
        Assert.Equal(0, d.Policy.SuppressedNotWorn);
        var first = Assert.Single(d.Alerts);
        Assert.Equal(AlertReason.AfterActivity, first.Reason);
        Assert.Equal(0, d.Policy.LastSuppressed);
    }

    [Fact]
    public void A_movement_just_before_a_snooze_ends_gets_its_grace()
    {
        // Snoozed at 25 min until 40 (the alert fell due at 30 and waits); a movement at 39:55:
        // the held alert fires 60 s after it, not at 40:00 (the deferral limit counts from the
        // snooze's end, not from 30 min).
        var d = new PolicyDriver();
        d.Sit(25);
        d.Policy.Snooze(d.NowMs, 15);
        d.Sit(14);
        for (int i = 0; i < 54; i++) d.Step();
        d.Step(activation: true);               // 39:55
        d.Sit(5);
        var first = d.Alerts[0];
        Assert.InRange(first.AtMin, 40.9, 41.0);
        Assert.Equal(AlertReason.SnoozeEnded, first.Reason);
    }

    [Fact]
    public void A_config_change_moves_a_pending_repeat_by_the_new_interval()
    {
        // The first alert at 30 min; at 31 min the repeat interval goes from 10 to 30 min: the
        // repeat already scheduled (40 min) moves to 60 min, and the next after it to 90.
        var d = new PolicyDriver();
        d.Sit(31);
        d.Policy.Configure(new MonitorSettings { RepeatEveryMin = 30 });
        d.Sit(60);
        Assert.Equal(new double[] { 30, 60, 90 }, d.AlertMinutes);
        // And shortened: from 30 to 5 min at 61 min, the repeat due at 90 moves to 65.
        var e = new PolicyDriver(new MonitorSettings { RepeatEveryMin = 30 });
        e.Sit(61);
        e.Policy.Configure(new MonitorSettings { RepeatEveryMin = 5 });
        e.Sit(10);
        Assert.Equal(new double[] { 30, 60, 65, 70 }, e.AlertMinutes);
    }

    [Fact]
    public void After_a_first_alert_suppressed_by_quiet_hours_a_config_change_moves_the_repeat_not_the_threshold()
    {
        // 19:45: the first alert (20:15, 30 min) falls in quiet hours and is suppressed; the next
        // is due one repeat interval later. A new repeat interval moves that one, as it moves a
        // repeat after a first alert that fired (ble-protocol.md: when a write takes effect).
        var longer = QuietFrom1945();
        longer.Policy.Configure(new MonitorSettings { RepeatEveryMin = 20, QuietEndMin = 20 * 60 + 30 });
        Assert.Equal(50 * 60_000, longer.Policy.NextAlertSpellMs);   // 30 + 20, not 30 + 10
        longer.Sit(20);
        Assert.Equal(new double[] { 50 }, longer.AlertMinutes);    // 20:35, after quiet hours now ending at 20:30

        // A new threshold does not move it: the threshold's alert has passed (suppressed).
        var later = QuietFrom1945();
        later.Policy.Configure(new MonitorSettings { AlertAfterMin = 60 });
        Assert.Equal(40 * 60_000, later.Policy.NextAlertSpellMs);    // still 30 + 10, not 40 + 30

        // A pump break starts a new spell whose first alert is the threshold's again.
        later.Walk(1);
        Assert.Equal(0, later.Policy.SpellSeconds);
        later.Policy.Configure(new MonitorSettings { AlertAfterMin = 45 });
        Assert.Equal(45 * 60_000, later.Policy.NextAlertSpellMs);
    }

    private static PolicyDriver QuietFrom1945()
    {
        var d = new PolicyDriver();
        d.SetClock(19, 45);
        d.Sit(31);                                                  // 20:16, quiet since 20:00
        Assert.Empty(d.Alerts);
        Assert.Equal(1, d.Policy.SuppressedQuiet);
        Assert.Equal(40 * 60_000, d.Policy.NextAlertSpellMs);
        return d;
    }

    [Fact]
    public void Quiet_hours_take_in_their_first_minute_and_end_at_their_last_across_midnight_or_not()
    {
        // The first alert falls due 30 min after the clock is set: suppressed from the quiet hours'
        // start minute on, heard again from their end minute; 00:00 lies in hours across midnight.
        static bool Heard(MonitorSettings s, int hours, int minutes)
        {
            var d = new PolicyDriver(s);
            d.SetClock(hours, minutes);
            d.Sit(30);
            Assert.Equal(d.Alerts.Count == 1 ? 0 : 1, d.Policy.SuppressedQuiet);
            return d.Alerts.Count == 1;
        }
        var night = new MonitorSettings();                               // 20:00–08:00
        Assert.True(Heard(night, 19, 29));                               // due 19:59
        Assert.False(Heard(night, 19, 30));                              // due 20:00
        Assert.False(Heard(night, 23, 30));                              // due 00:00
        Assert.False(Heard(night, 7, 29));                               // due 07:59
        Assert.True(Heard(night, 7, 30));                                // due 08:00
        var lunch = new MonitorSettings { QuietStartMin = 13 * 60, QuietEndMin = 14 * 60 };
        Assert.True(Heard(lunch, 12, 29));                               // due 12:59
        Assert.False(Heard(lunch, 12, 30));                              // due 13:00
        Assert.False(Heard(lunch, 13, 29));                              // due 13:59
        Assert.True(Heard(lunch, 13, 30));                               // due 14:00
    }

    [Fact]
    public void A_dismiss_at_the_very_start_of_a_spell_still_bounds_its_first_alert_after_a_config_change()
    {
        // Dismissed at spell 0 (the first sample): the first alert is due at max(threshold, 0 + repeat).
        var d = new PolicyDriver();
        d.Policy.Dismiss(d.NowMs);
        d.Policy.Configure(new MonitorSettings { AlertAfterMin = 5 });   // max(5, 0 + 10): 10, not 5
        d.Sit(21);
        Assert.Equal(new double[] { 10, 20 }, d.AlertMinutes);
    }

    [Fact]
    public void A_second_closed_after_the_fact_reports_the_spell_at_that_second_and_the_frozen_spell_while_lying()
    {
        // The monitor closes a second after a late activation may have moved the policy past it
        // (CalfPumpMonitor's OnSecond): the spell is the one at that second; while lying it is frozen.
        var d = new PolicyDriver();
        d.Sit(2);
        Assert.Equal(120, d.Policy.SpellSecondsAt(d.NowMs));
        Assert.Equal(119, d.Policy.SpellSecondsAt(d.NowMs - 1000));
        d.Policy.SetSuspended(true);
        d.Sit(1);
        Assert.Equal(120, d.Policy.SpellSecondsAt(d.NowMs - 30000));
    }

    [Fact]
    public void The_next_alert_reads_as_due_now_once_its_time_has_passed_before_the_second_that_fires_it()
    {
        // Live is read between the policy's once-a-second evaluations: at 29:59 the first alert is
        // 1 s away; read 1.5 s later it is due (0), not "none" (negative) until 30:00 is evaluated.
        var d = new PolicyDriver();
        d.Sit(30 - 1 / 60.0);
        Assert.Equal(500, d.Policy.NextAlertInMs(d.NowMs + 500));
        Assert.Equal(0, d.Policy.NextAlertInMs(d.NowMs + 1500));
    }

    [Fact]
    public void Wall_clock_calendar_round_trips_and_knows_weekdays()
    {
        Assert.Equal(0, WallClock.DaysFromCivil(2000, 1, 1));
        Assert.Equal(6, WallClock.DayOfWeek(0)); // Saturday
        Assert.Equal(1, WallClock.DayOfWeek(WallClock.DaysFromCivil(2026, 1, 5))); // Monday
        for (int day = 0; day < 25000; day += 7)
        {
            WallClock.CivilFromDays(day, out int y, out int m, out int dd);
            Assert.Equal(day, WallClock.DaysFromCivil(y, m, dd));
            Assert.Equal(new DateTime(2000, 1, 1).AddDays(day), new DateTime(y, m, dd));
        }
    }

    [Fact]
    public void Wall_clock_survives_the_32_bit_wrap()
    {
        var c = new WallClock();
        int now = int.MaxValue - 1000;
        Assert.True(c.Set(now, 3600));
        for (int h = 0; h < 24 * 60; h++) { now = unchecked(now + 3_600_000); c.Maintain(now); }
        Assert.Equal(3600 + 24 * 60 * 3600, c.LocalSeconds(now));
        Assert.Equal(60, c.MinuteOfDay(now));
        Assert.False(c.Set(now, -1));
    }

    [Fact]
    public void After_weeks_on_the_charger_the_next_walk_is_a_pump_break_and_the_alert_comes_on_time()
    {
        // Worn, then left on its charger (not worn: no alerts) for 25 days, then worn again: a walk,
        // then a long sit. 25 days is more than 2^31 ms, so the walk's first activation reads, as a
        // 32-bit difference, as coming before the last one of 25 days ago.
        var d = new PolicyDriver();
        d.Walk(1);
        d.Lie(25 * 24 * 60);
        int breaks = 0;
        for (int i = 0; i < 60; i++)
        {
            d.NowMs = unchecked(d.NowMs + 1000);
            d.ElapsedMs += 1000;
            if (d.Policy.OnActivation(d.NowMs)) breaks++;
            d.Policy.Evaluate(d.NowMs);
        }
        double walkEnd = d.Minutes;
        d.Sit(35);

        Assert.Equal(1, breaks);   // the walk ends the spell, once: the wearer hears its acknowledgement
        var alert = Assert.Single(d.Alerts);
        Assert.Equal(walkEnd + 30, alert.AtMin, 4);   // not held 5 min as if activity had just happened
        Assert.Equal(AlertReason.Threshold, alert.Reason);
        Assert.Equal(1800, alert.SpellS);
    }

    [Fact]
    public void After_exactly_49_7_days_on_the_charger_one_step_is_no_pump_break()
    {
        // A walk (a pump break), then 2^32 ms on the charger less a few seconds: the 32-bit clock
        // has come round, so one step then lies, as a difference, 18 s after the walk's last
        // activations — with them, ten within a minute. It is one step: the spell goes on and the
        // first alert comes 30 min after the device is worn again, as after any other night.
        var d = new PolicyDriver();
        d.Walk(1);                         // activations at 1..60 s, the last ten at 51..60 s
        d.Lie(4_294_959 / 60.0);           // 2^32 ms less 8.3 s later: now 4 294 959 s + 60 s
        double upright = d.Minutes;
        d.Fidget(1);                       // at 52 s + 2^32 ms + 0.7 s
        d.Sit(35);
        var alert = Assert.Single(d.Alerts);
        Assert.Equal(upright + 30, alert.AtMin, 4);
        Assert.Equal(AlertReason.Threshold, alert.Reason);
    }

    [Fact]
    public void An_alert_waiting_when_the_device_went_on_its_charger_for_weeks_waits_no_longer_than_the_defer_limit_after()
    {
        // Due at 30 min and waiting after a movement at 29:50; the device goes on its charger (lying,
        // not worn) for 25 days — more than 2^31 ms, so the time it fell due reads, as a 32-bit
        // difference, as one still to come. Worn again, the wearer taps a foot every 50 s, never a
        // pump break: the alert that waited 25 days is told at once, not held for as long as they move.
        var d = new PolicyDriver();
        d.SitUntilTheFirstAlertWaitsAfterActivity();   // due at 30:00, waiting after a movement at 29:50
        Assert.Empty(d.Alerts);
        d.Lie(25 * 24 * 60);
        double upright = d.Minutes;
        for (int i = 0; i < 12; i++) { d.Fidget(1); d.Sit(49 / 60.0); }   // 10 min
        var alert = Assert.Single(d.Alerts);
        Assert.Equal(upright + 1 / 60.0, alert.AtMin, 4);
        Assert.Equal(AlertReason.AfterActivity, alert.Reason);
    }
}
