using CalfMonitor.Core;
using CalfMonitor.Core.Sedentary;
using Xunit;

namespace CalfMonitor.Tests.Alerts;

/// <summary>Issue 14 item 5 (core part): every suppressed alert is observable with its time and reason.</summary>
public class SuppressionReportTests
{
    [Fact]
    public void Quiet_hours_suppression_is_counted_with_time_reason_and_spell()
    {
        var d = new PolicyDriver();
        d.SetClock(19, 30);
        Assert.Equal(SuppressionReason.None, d.Policy.LastSuppressionReason);
        d.Sit(45);                                // due at 30:00 = 20:00 local: quiet
        Assert.Empty(d.Alerts);
        Assert.Equal(2, d.Policy.Suppressions);   // 30:00 and 40:00
        Assert.Equal(SuppressionReason.QuietHours, d.Policy.LastSuppressionReason);
        Assert.Equal(40 * 60_000, d.Policy.LastSuppressionMs);
        Assert.Equal(40 * 60, d.Policy.LastSuppressionSpellSeconds);
    }

    [Fact]
    public void Not_worn_suppression_is_counted_with_time_reason_and_spell()
    {
        var d = new PolicyDriver();
        d.Sit(25);
        d.Lie(20);                                // the spell froze at 25 min; shadow dues at 30 and 40
        Assert.Empty(d.Alerts);
        Assert.Equal(2, d.Policy.Suppressions);
        Assert.Equal(SuppressionReason.NotWorn, d.Policy.LastSuppressionReason);
        Assert.Equal(40 * 60, d.Policy.LastSuppressionSpellSeconds);
        Assert.Equal(25 * 60_000 + 15 * 60_000, d.Policy.LastSuppressionMs);
    }
}
