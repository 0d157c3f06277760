using CalfMonitor.Core.Storage;
using Xunit;

namespace CalfMonitor.Tests.Storage;

/// <summary>The day's history keeps real minutes: each second of the monitor's (sensor's) clock
/// adds the real time it lasted, so a sensor 1 % off does not shift the far end of the day by 14
/// minutes (docs/firmware.md).</summary>
public class DailyHistoryTests
{
    [Theory]
    [InlineData(0, 100)]
    [InlineData(10_000, 101)]      // real time 1 % faster than the sensor: 6000 of its seconds are 6060 s
    [InlineData(-10_000, 99)]      // 1 % slower: 5940 s
    public void A_minute_closes_once_a_real_minute_has_passed(int ratePpm, int minutes)
    {
        var h = new DailyHistory();
        int closed = 0;
        for (int s = 0; s < 6000; s++)
        {
            if (h.CloseSecond(ratePpm, 0)) closed++;
        }
        Assert.Equal(minutes, closed);
        Assert.Equal(minutes, h.Stored);
    }

    [Fact]
    public void A_minute_holds_the_activations_counted_while_it_lasted()
    {
        var h = new DailyHistory();
        int total = 0;                         // the monitor's running total of activations
        for (int s = 0; s < 180; s++)
        {
            // 1 activation a second in the first minute, none in the second, 2 a second in the third.
            total = unchecked(total + (s < 60 ? 1 : s < 120 ? 0 : 2));
            h.CloseSecond(0, total);
        }
        Assert.Equal(3, h.Stored);
        Assert.Equal(120, h.Get(0));
        Assert.Equal(0, h.Get(1));
        Assert.Equal(60, h.Get(2));
        Assert.Equal(-1, h.Get(3));
        // Saturates at MaxCount.
        total += 300;
        for (int s = 0; s < 60; s++) h.CloseSecond(0, total);
        Assert.Equal(DailyHistory.MaxCount, h.Get(0));
        // The total may wrap (after 2^31 activations): the difference still counts the minute.
        total = int.MaxValue - 10;
        for (int s = 0; s < 60; s++) h.CloseSecond(0, total);
        total = unchecked(total + 30);
        for (int s = 0; s < 60; s++) h.CloseSecond(0, total);
        Assert.Equal(30, h.Get(0));
    }

    [Fact]
    public void A_minute_of_more_than_254_activations_is_kept_as_254_never_as_the_no_data_mark()
    {
        // 0xFF is "no data" in the History characteristic (docs/ble-protocol.md): a minute with
        // 255 or more activations must not read as a minute the device did not record.
        var h = new DailyHistory();
        h.AddMinute(255);
        h.AddMinute(1000);
        Assert.Equal(DailyHistory.MaxCount, h.Get(0));
        Assert.Equal(DailyHistory.MaxCount, h.Get(1));
        var day = new byte[DailyHistory.Minutes];
        h.CopyOldestFirst(day, 0);
        Assert.Equal(new byte[] { DailyHistory.MaxCount, DailyHistory.MaxCount }, day[^2..]);
    }

    [Fact]
    public void After_more_than_a_day_the_last_1440_minutes_are_kept_in_order()
    {
        // The ring wraps: a device worn for 25 h still answers with its last 24 h, newest last,
        // and nothing older than a day reads as stored.
        var h = new DailyHistory();
        const int minutes = DailyHistory.Minutes + 60;
        for (int m = 0; m < minutes; m++) h.AddMinute(m % 200);
        Assert.Equal(DailyHistory.Minutes, h.Stored);
        for (int ago = 0; ago < DailyHistory.Minutes; ago++) Assert.Equal((minutes - 1 - ago) % 200, h.Get(ago));
        Assert.Equal(-1, h.Get(DailyHistory.Minutes));
        var day = new byte[DailyHistory.Minutes];
        h.CopyOldestFirst(day, 0);
        for (int i = 0; i < DailyHistory.Minutes; i++) Assert.Equal((60 + i) % 200, day[i]);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(-10_000)]
    public void Seconds_of_a_gap_closed_a_minute_at_a_time_add_the_real_time_each_lasted_as_one_by_one(int ratePpm)
    {
        // The monitor closes a gap's idle seconds up to a minute at a time (CloseSeconds): ten
        // hours of them end as many real minutes as the same seconds closed one by one.
        var one = new DailyHistory();
        var many = new DailyHistory();
        for (int s = 0; s < 36_000; s++) one.CloseSecond(ratePpm, 0);
        for (int k = 0; k < 600; k++) many.CloseSeconds(60, ratePpm, 0);
        Assert.Equal(ratePpm > 0 ? 606 : 594, one.Stored);
        Assert.Equal(one.Stored, many.Stored);
    }
}
