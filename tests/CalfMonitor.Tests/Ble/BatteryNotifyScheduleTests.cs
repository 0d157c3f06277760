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

    [Fact]
    public void A_phone_that_subscribes_again_hears_the_level_at_once_though_it_has_not_changed()
    {
        // A phone that reconnects has lost what it was told: the level it last heard is no reason
        // to stay silent, and the minute since the last notification is no reason to wait.
        var s = new BatteryNotifySchedule();
        s.SetSubscribed(true, 0);
        Assert.True(s.Due(10, 80));
        s.SetSubscribed(false, 20_000);
        s.SetSubscribed(true, 30_000);
        Assert.True(s.Due(30_010, 80));
    }

    [Fact]
    public void A_phone_that_subscribes_after_25_days_of_uptime_hears_the_level_at_the_first_tick()
    {
        // 25 days in, the device's millisecond clock has passed 2^31 and reads negative: the new
        // subscription is timed from now, not from a 0 that now lies "in the future".
        var s = new BatteryNotifySchedule();
        int now = unchecked((int)(25L * 24 * 3600 * 1000));
        Assert.True(now < 0);
        s.SetSubscribed(true, now);
        Assert.True(s.Due(unchecked(now + 10), 90));
    }

    [Fact]
    public void A_phone_subscribing_at_1_percent_hears_it_at_once()
    {
        var s = new BatteryNotifySchedule();
        s.SetSubscribed(true, 0);
        Assert.True(s.Due(10, 1));
    }

    [Fact]
    public void A_second_phone_subscribing_within_the_minute_hears_the_level_once_the_minute_is_up()
    {
        // Notifications go to every subscribed client, at most once a minute: a second phone
        // subscribing 20 s after the first was told is told the level (unchanged) a minute after
        // that notification, not at once.
        var s = new BatteryNotifySchedule();
        s.SetSubscribed(true, 0);
        Assert.True(s.Due(10, 80));
        s.SetSubscribed(true, 20_000);
        Assert.False(s.Due(20_010, 80));
        Assert.False(s.Due(60_000, 80));
        Assert.True(s.Due(60_010, 80));
    }
}
