using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Core.Storage;
using Xunit;

namespace CalfMonitor.Tests.Ble;

/// <summary>
/// Issue 11 item 4: the mounting site is a Config setting; a write takes effect at once (the
/// detection is rebuilt for the new site), the counts so far are kept and Live shows the site.
/// </summary>
public class MountingSwitchTests
{
    private static byte[] ConfigV2(int mounting, int alertAfterMin = 30)
    {
        var b = new byte[ConfigPayload.Length];
        ConfigPayload.Encode(new MonitorSettings { Mounting = mounting, AlertAfterMin = alertAfterMin }, b, 0);
        return b;
    }

    private static int LiveSite(CalfMonitorGatt g, int t)
    {
        var b = new byte[LivePayload.Length];
        g.ReadLive(b, 0, t);
        return b[18];
    }

    /// <summary>Activations a fresh monitor for <paramref name="site"/> counts in the same movement.</summary>
    private static int FreshCount(MountingSite site, Action<CalfPumpMonitor, int> feed)
    {
        var m = Signals.Monitor(new RecordingListener(), site);
        feed(m, 0);
        return m.Activations;
    }

    // Seated heel raises that turn the segment by 5°: a steady rhythm of small shank cycles counts
    // on the shank (≥ 2° in a rhythm); on the foot 5° is below the 7° ankle minimum.
    private static void SmallRaises(CalfPumpMonitor m, int t0)
    {
        int t = t0;
        Signals.Sinusoid(m, ref t, 40, 0.5, 5);
        Signals.Still(m, ref t, 5);
    }

    [Fact]
    public void The_same_small_raises_count_on_the_shank_and_not_on_the_foot()
    {
        Assert.InRange(FreshCount(MountingSite.Shank, SmallRaises), 15, 21);
        Assert.Equal(0, FreshCount(MountingSite.Foot, SmallRaises));
    }

    [Theory]
    [InlineData(MountingSite.Foot, MonitorSettings.MountingShank)]
    [InlineData(MountingSite.Shank, MonitorSettings.MountingFoot)]
    public void A_config_write_switches_the_site_at_once_keeping_the_counts(MountingSite from, int to)
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l, from);
        var g = new CalfMonitorGatt(m, LoadStatus.Ok);
        int t = 0;
        Signals.Sinusoid(m, ref t, 30, 1.0, 30);              // a walk: counted on either site
        Signals.Still(m, ref t, 70);
        int today = m.ActivationsToday, spell = m.Policy.SpellSeconds, minutes = l.Minutes.Count;
        Assert.True(today > 20);
        Assert.Equal(CalfPumpMonitor.WireSite(from), LiveSite(g, t));

        Assert.Equal(AttError.Ok, g.WriteConfig(ConfigV2(to), 0, ConfigPayload.Length));
        Assert.Equal(to, LiveSite(g, t));
        Assert.Equal(to == MonitorSettings.MountingFoot ? MountingSite.Foot : MountingSite.Shank, m.Sensor.Mounting);
        Assert.Equal((today, spell, 1), (m.ActivationsToday, m.Policy.SpellSeconds, m.SiteChanges));
        var read = new byte[ConfigPayload.Length];
        g.ReadConfig(read, 0);
        Assert.Equal(to, read[20]);

        // From now on it counts as a monitor built for the new site.
        int before = m.Activations;
        SmallRaises(m, t);
        Assert.Equal(FreshCount(m.Sensor.Mounting, SmallRaises), m.Activations - before);
        Assert.True(l.Minutes.Count > minutes);                // the per-minute history went on
        Assert.Equal(today + m.Activations - before, m.ActivationsToday);
    }

    [Fact]
    public void A_version_1_write_leaves_the_site_and_does_not_rebuild()
    {
        var m = Signals.Monitor(new RecordingListener(), MountingSite.Foot);
        var g = new CalfMonitorGatt(m, LoadStatus.Ok);
        var v1 = new byte[ConfigPayload.Version1Length];
        ConfigPayload.EncodeVersion1(new MonitorSettings { AlertAfterMin = 45 }, v1, 0);
        var detector = m.Detector;
        Assert.Equal(AttError.Ok, g.WriteConfig(v1, 0, v1.Length));
        Assert.Equal((MonitorSettings.MountingFoot, 0, 45), (m.Mounting, m.SiteChanges, m.Settings.AlertAfterMin));
        Assert.Same(detector, m.Detector);
    }

    [Fact]
    public void A_new_minimum_range_takes_effect_at_once()
    {
        var m = Signals.Monitor(new RecordingListener(), MountingSite.Foot);
        int t = 0;
        var settings = m.Settings;
        settings.MinAnkleRangeDeg = 4;                          // 5° raises now count on the foot
        Assert.True(m.ApplySettings(settings));
        int before = m.Activations;
        SmallRaises(m, t);
        Assert.True(m.Activations - before >= 15, $"{m.Activations - before} activations");
    }

    [Fact]
    public void Settings_made_in_code_take_the_sensor_site_and_an_explicit_one_wins()
    {
        Assert.Equal(MonitorSettings.MountingFoot, Signals.Monitor(new RecordingListener(), MountingSite.Foot).Mounting);
        var m = Signals.Monitor(new RecordingListener(), MountingSite.Foot, new MonitorSettings { Mounting = MonitorSettings.MountingShank });
        Assert.Equal((MonitorSettings.MountingShank, MountingSite.Shank), (m.Mounting, m.Sensor.Mounting));
    }

    /// <summary>A site change may allocate (rare); the per-sample path after it still does not.</summary>
    [Fact]
    public void After_a_switch_samples_allocate_nothing()
    {
        var m = Signals.Monitor(new RecordingListener(), MountingSite.Foot);
        int t = 0;
        Signals.Sinusoid(m, ref t, 10, 1.0, 30);
        var s = m.Settings;
        s.Mounting = MonitorSettings.MountingShank;
        Assert.True(m.ApplySettings(s));
        Signals.Sinusoid(m, ref t, 10, 1.0, 30);
        // The fewest of three windows: the runtime's one-off allocations on this thread under
        // load are not the core's (see AllocationProbe); an allocation per sample is in all three.
        long allocated = AllocationProbe.MinBytes(3, () =>
        {
            for (int i = 0; i < 500; i++)
            {
                m.OnSample(t, 0, 0, 4096, 0, i % 7 * 100, 0);
                t += 20;
            }
        });
        Assert.Equal(0, allocated);
    }

    /// <summary>A site change decides what the filters hold (as at a clock jump): a lone movement
    /// still held for its bout is told to the listener as isolated, with its own time, at the
    /// change — not lost with the old detection, nor left waiting for a bout on the new site.</summary>
    [Fact]
    public void A_cycle_held_for_its_bout_at_a_site_change_is_told_as_isolated_then()
    {
        var heard = new RecordingListener();
        var m = Signals.Monitor(heard, MountingSite.Foot);
        int t = 0;
        Signals.Still(m, ref t, 3);
        int raiseMs = t;
        Signals.Sinusoid(m, ref t, 1, 1.0, 30);
        Signals.Still(m, ref t, 1);
        Assert.Equal(1, m.Bouts.Held + m.Sets.Held);
        Assert.Empty(heard.NotCounted);
        var s = m.Settings;
        s.Mounting = MonitorSettings.MountingShank;
        Assert.True(m.ApplySettings(s));
        var told = Assert.Single(heard.NotCounted);
        Assert.Equal(CalfMonitor.Core.Events.NotCountedReason.Isolated, told.Reason);
        Assert.InRange(told.TimeMs, raiseMs, raiseMs + 1000);
        Assert.Equal((0, 0, 1), (m.Bouts.Held, m.Sets.Held, m.Bouts.IsolatedCycles));
        Assert.Empty(heard.Activations);
    }
}
