using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Storage;
using CalfMonitor.Simulator.Ble;
using Xunit;

namespace CalfMonitor.Tests.Companion;

/// <summary>
/// The companion page in headless Chromium against the real device logic: every Bluetooth read
/// and write the page makes is answered by <see cref="CalfMonitorGatt"/> over a replayed office
/// hour (<see cref="ReplayedDevice"/>), through Chromium's Bluetooth emulation.
/// </summary>
[Collection("Companion browser")] // one Chromium at a time: the CI machine has 2 cores
public class CompanionBrowserTests
{
    private static string Duration(int s) =>
        s >= 3600 ? $"{s / 3600} h {s % 3600 / 60:00} min" : s >= 60 ? $"{s / 60} min {s % 60:00} s" : $"{s} s";

    [SkippableFact]
    public async Task Connect_sets_the_clock_shows_the_replayed_values_and_the_history_chart()
    {
        CompanionSession.SkipWithoutChromium();
        await using var s = await CompanionSession.StartAsync(1280, 900);
        s.Device.AdvanceTo(60); // the whole office hour
        Assert.False(s.Device.Monitor.Policy.Clock.IsKnown);

        await s.ConnectAsync();

        // The clock: written on connection as local time (Current Time 0x2A2B), now known to the device.
        Assert.Contains(s.Device.Writes, w => w.Characteristic == "current-time" && w.Code == 0);
        var clock = s.Device.Monitor.Policy.Clock;
        Assert.True(clock.IsKnown);
        double deviceLocal = clock.LocalSeconds(s.Device.NowMs);
        double hostLocal = (DateTime.Now - new DateTime(2000, 1, 1)).TotalSeconds;
        Assert.InRange(deviceLocal, hostLocal - 120, hostLocal + 5);
        Assert.Contains("Clock known", await s.Text("#flags"));

        // Now: exactly the device's Live values.
        var live = new LivePayload();
        var bytes = s.Device.LiveNow();
        Assert.Equal(AttError.Ok, live.TryDecode(bytes, 0, bytes.Length));
        Assert.Equal(live.ActivationsLastMinute.ToString(), await s.Text("#m-minute"));
        Assert.Equal(live.ActivationsToday.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-US")), await s.Text("#m-today"));
        Assert.Equal(Duration(live.SpellSeconds), await s.Text("#m-spell"));
        Assert.True(live.SpellSeconds > 30 * 60, "the office hour ends in a long sit");
        Assert.Contains(live.ActivationsToday > 200 ? "Worn" : "?", await s.Text("#flags"));
        Assert.Contains($"Alerts today: {live.AlertsToday}.", await s.Text("#alerts-summary"));
        Assert.Contains(s.Device.Monitor.Sensor.Mounting == CalfMonitor.Core.Sensing.MountingSite.Foot ? "shoe clip (foot)" : "shank strap", await s.Text("#site-line"));
        Assert.Equal("0.1.0", await s.Text("#d-firmware"));
        Assert.Equal("87 %", await s.Text("#d-battery"));

        // Today: 90 History chunks read in order after a snapshot; the chart sums the device's minutes.
        var ops = s.Peripheral.Operations.ToArray();
        Assert.Equal(HistoryChunkCount, ops.Count(o => o == "read history"));
        int total = 0, activeMinutes = 0;
        for (int i = 0; i < 1440; i++)
        {
            int c = s.Device.Monitor.History.Get(i);
            if (c < 0 || c == DailyHistory.NoData) continue;
            total += c;
            if (c > 0) activeMinutes++;
        }
        Assert.True(total > 150, $"history holds the hour's activations ({total})");
        string chart = await s.Page.EvaluateExpressionAsync<string>("document.getElementById('chart').getAttribute('aria-label')");
        Assert.Contains($"{total} in all", chart);
        Assert.Matches(@"[1-9]\d* sedentary spells? of 10 minutes or more", chart);
        int bars = await s.Page.EvaluateExpressionAsync<int>("document.querySelectorAll('#chart rect.bar').length");
        Assert.Equal(activeMinutes, bars); // one bar per minute with activations
        await s.ScreenshotAsync("companion-desktop.png");
    }

    private const int HistoryChunkCount = 90;
}
