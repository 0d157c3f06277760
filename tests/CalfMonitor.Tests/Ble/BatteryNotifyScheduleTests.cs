using CalfMonitor.Core.Ble;
using Xunit;

namespace CalfMonitor.Tests.Ble;

/// <summary>The Battery Level notification's schedule, as the device's BLE loop asks it every tick.</summary>
public class BatteryNotifyScheduleTests
{
    [Fact]
    public void A_new_subscriber_hears_the_level_at_once_then_each_change_at_most_once_a_minute()
    {
        var s = new BatteryNotifySchedule();
        Assert.False(s.Due(0, 80));                     // nobody subscribed
        s.SetSubscribed(true, 1_000);
        Assert.True(s.Due(1_010, 80));                  // the level at the first tick
        Assert.False(s.Due(1_020, 80));
        Assert.False(s.Due(30_000, 79));                // a change within the minute waits
        Assert.True(s.Due(61_010, 79));                 // and is told a minute after the last
        Assert.False(s.Due(200_000, 79));               // no change: nothing
        Assert.True(s.Due(200_010, 78));                // a change after a quiet minute: at once
        s.SetSubscribed(false, 210_000);
        Assert.False(s.Due(400_000, 70));
        s.SetSubscribed(true, 500_000);
        Assert.True(s.Due(500_010, 70));                // a new subscription hears the level again
    }

    [Fact]
    public void After_weeks_at_one_level_the_next_change_is_told_at_once()
    {
        // A phone subscribed while the device sits on its charger at 100 % for 30 days: more
        // than 2^31 ms since the last notification, a difference that reads negative as an int.
        var s = new BatteryNotifySchedule();
        int now = 0;
        s.SetSubscribed(true, now);
        Assert.True(s.Due(now, 100));
        for (int minute = 0; minute < 30 * 24 * 60; minute++)
        {
            now = unchecked(now + 60_000);
            Assert.False(s.Due(now, 100));
        }
        now = unchecked(now + 10);
        Assert.True(s.Due(now, 99));
    }
}
