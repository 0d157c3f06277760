using System.Linq;
using CalfMonitor.Core.Device;
using Xunit;

namespace CalfMonitor.Tests.Device;

public class MotorPatternTests
{
    private static string Trace(MotorPattern m, int fromMs, int toMs)
        => new string(Enumerable.Range(0, (toMs - fromMs) / 10).Select(i => m.IsOn(fromMs + i * 10) ? '#' : '.').ToArray());

    [Fact]
    public void An_alert_is_three_long_pulses()
    {
        var m = new MotorPattern();
        m.Alert(1000);
        string t = Trace(m, 1000, 3500);
        string expected = new string('#', 40) + new string('.', 30) + new string('#', 40) + new string('.', 30) + new string('#', 40) + new string('.', 70);
        Assert.Equal(expected, t);
        Assert.False(m.Running);
    }

    [Fact]
    public void Snooze_stops_the_motor_and_swallows_alerts_for_ten_minutes()
    {
        var m = new MotorPattern();
        m.Alert(0);
        Assert.True(m.IsOn(100));
        m.Snooze(200);
        Assert.False(m.IsOn(210));
        m.Alert(60_000);
        Assert.False(m.IsOn(60_010));
        Assert.Equal(1, m.Suppressed);
        m.Alert(200 + MotorPattern.SnoozeMs);
        Assert.True(m.IsOn(200 + MotorPattern.SnoozeMs + 10));
        Assert.Equal(2, m.Alerts);
    }

    [Fact]
    public void An_acknowledgement_is_one_short_pulse_and_never_cuts_an_alert()
    {
        var m = new MotorPattern();
        m.Acknowledge(0);
        Assert.Equal(new string('#', 15) + new string('.', 15), Trace(m, 0, 300));
        m.Alert(1000);
        m.Acknowledge(1100);
        Assert.Equal(3 * 40 + 0, Trace(m, 1000, 3500).Count(c => c == '#'));
    }

    [Fact]
    public void Works_across_the_wrap_of_the_tick_count()
    {
        var m = new MotorPattern();
        int start = int.MaxValue - 500;
        m.Alert(start);
        int on = 0;
        for (int i = 0; i < 250; i++) if (m.IsOn(unchecked(start + i * 10))) on++;
        Assert.Equal(120, on);
    }
}
