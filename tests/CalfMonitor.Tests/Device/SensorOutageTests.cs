using System.Linq;
using CalfMonitor.Core;
using CalfMonitor.Core.Device;
using Xunit;

namespace CalfMonitor.Tests.Device;

/// <summary>
/// A sensor that comes loose (a broken wire in the strap: every transfer NACKed) for longer than
/// <see cref="CalfPumpMonitor.SensorOutageAfterMs"/>: the device closes the monitor's seconds on
/// its own clock (<see cref="CalfPumpMonitor.SensorOutage"/>, driven by <see cref="SamplerRig"/> as
/// the main loop drives it), so the outage is counted as sitting, as a gap is, and its alerts
/// fire on time instead of once the sensor is back — or never, while it stays loose.
/// </summary>
public class SensorOutageTests
{
    private const int MinuteMs = 60_000;

    [Fact]
    public void A_sensor_that_comes_loose_alerts_as_if_the_wearer_sat_still_and_on_time()
    {
        // The oracle: the same still sensor, never lost.
        var still = new SamplerRig(numbered: false);
        still.Run(75 * MinuteMs);

        var loose = new SamplerRig(numbered: false);
        loose.Run(10 * MinuteMs);
        loose.Emu.Silent = true;              // the wire breaks ten minutes in…
        loose.Run(60 * MinuteMs);
        Assert.NotEqual(SensorState.Ok, loose.Sampler.State);
        Assert.True(loose.Monitor.InSensorOutage);
        loose.Emu.Silent = false;             // …and is mended an hour later
        loose.Run(5 * MinuteMs);
        Assert.Equal(SensorState.Ok, loose.Sampler.State);
        Assert.False(loose.Monitor.InSensorOutage);

        AssertCountedAsSitting(still, loose);
        // One gap for the whole outage.
        Assert.Equal(1, loose.Monitor.Gaps);
    }

    /// <summary>The outage was counted as the still sensor's sitting: alerts at 30, 40, 50, 60 and
    /// 70 minutes, each within a second of the still sensor's and with its repeat index, and the
    /// monitor's clock went on through the outage without a jump back or ahead.</summary>
    internal static void AssertCountedAsSitting(SamplerRig still, SamplerRig outage)
    {
        Assert.Equal(5, still.Listener.Alerts.Count);
        Assert.Equal(still.Listener.Alerts.Count, outage.Listener.Alerts.Count);
        for (int i = 0; i < still.Listener.Alerts.Count; i++)
        {
            Assert.InRange(outage.Listener.Alerts[i].TimeMs - still.Listener.Alerts[i].TimeMs, -1000, 1000);
            Assert.Equal(still.Listener.Alerts[i].Repeat, outage.Listener.Alerts[i].Repeat);
        }
        var seconds = outage.Listener.Seconds.Select(s => s.TimeMs).ToList();
        Assert.All(Enumerable.Range(1, seconds.Count - 1), i => Assert.Equal(1000, seconds[i] - seconds[i - 1]));
        Assert.InRange(seconds.Count, still.Listener.Seconds.Count - 2, still.Listener.Seconds.Count + 2);
    }

    [Fact]
    public void A_re_initialisation_of_a_second_is_one_ordinary_gap_closed_by_the_next_sample()
    {
        var rig = new SamplerRig(numbered: false);
        rig.Run(MinuteMs);
        rig.Emu.NackUntilMs = rig.T + 1500;   // 1.5 s of NACKs: three failed polls, then a restart
        rig.Run(MinuteMs);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        Assert.Equal(1, rig.Sampler.Reinits);
        Assert.Equal(1, rig.Monitor.Gaps);
        Assert.False(rig.Monitor.InSensorOutage);
        Assert.Empty(rig.Listener.Alerts);
    }

    [Fact]
    public void The_outage_begins_once_the_last_sample_is_five_seconds_old()
    {
        var rig = new SamplerRig(numbered: false);
        rig.Run(MinuteMs);
        int lastSample = rig.Log.Samples[^1].TimeMs;
        rig.Emu.Silent = true;
        while (!rig.Monitor.InSensorOutage) rig.Step(100);
        int began = rig.Sampler.StampAt(unchecked((int)rig.T));
        Assert.InRange(began - lastSample, CalfPumpMonitor.SensorOutageAfterMs, CalfPumpMonitor.SensorOutageAfterMs + 150);
        Assert.Equal(began, rig.Monitor.NowMs);
    }

    [Fact]
    public void A_sensor_missing_from_power_on_has_no_clock_to_continue()
    {
        var rig = new SamplerRig(numbered: false);
        rig.Emu.Silent = true;
        rig.Run(45 * MinuteMs);
        Assert.Equal(SensorState.Absent, rig.Sampler.State);
        Assert.Empty(rig.Listener.Seconds);
        Assert.Empty(rig.Listener.Alerts);
        Assert.False(rig.Monitor.InSensorOutage);
    }
}
