using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Sedentary;
using CalfMonitor.Core.Storage;
using Xunit;

namespace CalfMonitor.Tests.Ble;

/// <summary>
/// Alerts are notified (never acknowledged): a phone that was away learns what it missed from the
/// Live payload (alerts today, last sequence) and the Alert read (the newest alert), by the rule in
/// docs/ble-protocol.md.
/// </summary>
public class AlertDeliveryTests
{
    private static (CalfPumpMonitor Monitor, CalfMonitorGatt Gatt, RecordingListener Events) Make(MonitorSettings? settings = null)
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l, settings: settings);
        return (m, new CalfMonitorGatt(m, LoadStatus.Ok), l);
    }

    private static LivePayload Live(CalfMonitorGatt g, int t)
    {
        var b = new byte[LivePayload.Length];
        Assert.Equal(LivePayload.Length, g.ReadLive(b, 0, t));
        var p = new LivePayload();
        Assert.Equal(AttError.Ok, p.TryDecode(b, 0, b.Length));
        return p;
    }

    private static AlertPayload ReadAlert(CalfMonitorGatt g)
    {
        var b = new byte[AlertPayload.Length];
        Assert.Equal(AlertPayload.Length, g.ReadAlert(b, 0));
        var p = new AlertPayload();
        Assert.Equal(AttError.Ok, p.TryDecode(b, 0, b.Length));
        return p;
    }

    /// <summary>The client's side of the rule: alerts missed between the remembered sequence and
    /// Live's last sequence (mod 65536), at most "alerts today" of them when counting today's.</summary>
    private static int Missed(int remembered, LivePayload live) => (live.LastAlertSequence - remembered) & 0xFFFF;

    [Fact]
    public void Before_any_alert_live_says_none_and_the_alert_read_is_reason_zero()
    {
        var (m, g, _) = Make();
        int t = 0;
        Signals.Still(m, ref t, 10);
        var live = Live(g, t);
        Assert.Equal((0, 0, 30 * 60 - 10), (live.AlertsToday, live.LastAlertSequence, live.NextAlertS));
        Assert.Equal(MonitorSettings.MountingFoot, live.Mounting);
        Assert.Equal(LivePayload.SiteNoGuess, live.GuessedSite);
        var b = new byte[AlertPayload.Length];
        g.ReadAlert(b, 0);
        Assert.Equal("01 00 00 00 00 00 00 00 00 00", PayloadTests.Hex(b, b.Length));
    }

    [Fact]
    public void A_phone_away_for_three_alerts_learns_how_many_it_missed_and_reads_the_newest()
    {
        var (m, g, l) = Make(new MonitorSettings { AlertAfterMin = 2, RepeatEveryMin = 1 });
        int t = 0;
        Signals.Still(m, ref t, 125);              // first alert at 120 s: the phone gets it
        Assert.Single(l.Alerts);
        // The notification's bytes are the read's (this compared the notification with a copy of itself).
        var notification = new byte[AlertPayload.Length];
        Assert.Equal(AlertPayload.Length, g.EncodeAlert(notification, 0));
        var read = new byte[AlertPayload.Length];
        Assert.Equal(AlertPayload.Length, g.ReadAlert(read, 0));
        Assert.Equal(PayloadTests.Hex(notification, notification.Length), PayloadTests.Hex(read, read.Length));
        var notified = new AlertPayload();
        Assert.Equal(AttError.Ok, notified.TryDecode(notification, 0, notification.Length));
        int remembered = notified.Sequence;
        Assert.Equal(1, remembered);

        Signals.Still(m, ref t, 185);               // away: alerts at 180, 240, 300 s
        Assert.Equal(4, l.Alerts.Count);
        var live = Live(g, t);
        Assert.Equal(3, Missed(remembered, live));
        Assert.Equal(4, live.AlertsToday);
        Assert.True(Missed(remembered, live) <= live.AlertsToday);
        var newest = ReadAlert(g);
        Assert.Equal(live.LastAlertSequence, newest.Sequence);
        Assert.Equal((AlertReason.Repeat, 3, 5), (newest.Reason, newest.RepeatIndex, newest.SpellMinutes));
        // Reading again returns the same bytes (a read does not consume the alert).
        Assert.Equal(newest.Sequence, ReadAlert(g).Sequence);
        // Next alert: the 6-minute repeat, 360 s into the spell.
        Assert.Equal(360 - t / 1000, live.NextAlertS);
    }

    [Fact]
    public void Missed_count_wraps_modulo_65536()
    {
        var live = new LivePayload { LastAlertSequence = 2 };
        Assert.Equal(4, Missed(65534, live));
    }

    [Fact]
    public void Reset_today_clears_alerts_today_but_not_the_sequence()
    {
        var (m, g, _) = Make(new MonitorSettings { AlertAfterMin = 1, RepeatEveryMin = 1 });
        int t = 0;
        Signals.Still(m, ref t, 130);
        Assert.Equal((2, 2), (Live(g, t).AlertsToday, Live(g, t).LastAlertSequence));
        Assert.Equal(AttError.Ok, g.WriteControl(PayloadTests.Hex("01 04"), 0, 2, t));
        Assert.Equal((0, 2), (Live(g, t).AlertsToday, Live(g, t).LastAlertSequence));
    }

    [Fact]
    public void Alerts_today_start_again_at_local_midnight_while_the_sequence_goes_on()
    {
        var (m, g, l) = Make(new MonitorSettings { AlertAfterMin = 1, RepeatEveryMin = 1, QuietStartMin = 0, QuietEndMin = 0 });
        int t = 0;
        Signals.Still(m, ref t, 1);
        var cts = new byte[CurrentTime.Length];
        // The first sample (t = 0, the spell's start) is 23:57:00; alerts every minute of the spell.
        CurrentTime.Encode(cts, 0, WallClock.DaysFromCivil(2026, 1, 5) * 86400 + 23 * 3600 + 57 * 60 + 1, 1);
        Assert.Equal(AttError.Ok, g.WriteCurrentTime(cts, 0, cts.Length, t));
        Signals.Still(m, ref t, 150);                  // alerts at 23:58:00 and 23:59:00
        Assert.Equal((2, 2), (Live(g, t).AlertsToday, Live(g, t).LastAlertSequence));
        Signals.Still(m, ref t, 90);                   // midnight; alerts at 00:00:00 and 00:01:00
        var live = Live(g, t);
        Assert.Equal(4, live.LastAlertSequence);
        Assert.Equal(4, l.Alerts.Count);
        Assert.Equal(2, live.AlertsToday);             // today's only: the one at midnight sharp counts for the new day
    }

    [Fact]
    public void Next_alert_counts_down_includes_the_snooze_and_is_none_while_not_worn()
    {
        var (m, g, _) = Make();
        int t = 0;
        Signals.Still(m, ref t, 60);
        Assert.Equal(29 * 60, Live(g, t).NextAlertS);
        Assert.Equal(AttError.Ok, g.WriteControl(PayloadTests.Hex("01 01 3c"), 0, 3, t)); // snooze 60 min
        Assert.Equal(60 * 60, Live(g, t).NextAlertS);
        m.Policy.SetSuspended(true);
        Assert.Equal(LivePayload.NoAlertScheduled, Live(g, t).NextAlertS);
    }
}
