using CalfMonitor.Core.Sedentary;
using Xunit;

namespace CalfMonitor.Tests.Alerts;

/// <summary>The policy's local time carried on the processor's clock (what the sensor-fault and
/// low-battery notices consult for quiet hours while the monitor's clock may stand still).</summary>
public class ProcessorLocalTimeTests
{
    private const int HourMs = 3_600_000;
    private const int SevenOClockS = 7 * 3600;   // local time the phone sets: 2000-01-01 07:00

    [Fact]
    public void Copies_the_time_when_it_is_set_or_forgotten_and_keeps_it_running_between()
    {
        var policyClock = new WallClock();
        var local = new ProcessorLocalTime();
        int processorMs = 5_000;

        local.Follow(policyClock, 0, processorMs);
        Assert.Equal(-1, local.MinuteOfDay(processorMs));            // nothing set yet

        Assert.True(policyClock.Set(1_000, SevenOClockS));            // monitor's clock at 1 s
        local.Follow(policyClock, 1_000, processorMs);
        Assert.Equal(7 * 60, local.MinuteOfDay(processorMs));

        // The monitor's clock stands still (no samples); the processor's runs on 90 minutes.
        processorMs += 90 * 60_000;
        local.Follow(policyClock, 1_000, processorMs);
        Assert.Equal(8 * 60 + 30, local.MinuteOfDay(processorMs));

        policyClock.Forget();
        local.Follow(policyClock, 1_000, processorMs);
        Assert.Equal(-1, local.MinuteOfDay(processorMs));
    }

    /// <summary>The processor's millisecond counter wraps after 49.7 days, and a difference of it
    /// leaves the int after 24.8: a device whose time was set once must still tell quiet hours
    /// weeks later (its time is only kept if the reference moves forward as it runs).</summary>
    [Fact]
    public void Keeps_the_minute_of_the_day_for_sixty_days_across_the_counter_wrap()
    {
        var policyClock = new WallClock();
        var local = new ProcessorLocalTime();
        int processorMs = int.MaxValue - 10 * HourMs;                // wraps on the first day
        Assert.True(policyClock.Set(0, SevenOClockS));
        local.Follow(policyClock, 0, processorMs);

        for (int hour = 1; hour <= 60 * 24; hour++)
        {
            processorMs = unchecked(processorMs + HourMs);
            local.Follow(policyClock, 0, processorMs);
            Assert.Equal((7 + hour) % 24 * 60, local.MinuteOfDay(processorMs));
        }
    }
}
