using CalfMonitor.Core;
using CalfMonitor.Core.Sedentary;
using Xunit;

namespace CalfMonitor.Tests.Alerts;

public class PostureTests
{
    [Fact]
    public void Horizontal_and_still_for_the_documented_time_suspends_and_upright_resumes()
    {
        var p = new PostureMonitor(new MonitorSettings());
        Assert.False(p.OnSecond(0, 0, 4096, true, false));           // reference: Z up
        for (int i = 0; i < 119; i++) Assert.False(p.OnSecond(4096, 0, 300, true, false));
        Assert.False(p.Upright);
        Assert.True(p.OnSecond(4096, 0, 300, true, false));           // 120 s
        Assert.True(p.OnSecond(4000, 500, 0, false, false));          // turning over in bed: still lying
        Assert.False(p.OnSecond(100, 0, 4000, false, false));         // sitting up
        Assert.True(p.Upright);
    }

    [Fact]
    public void The_angle_limit_is_sixty_degrees_from_the_reference_whichever_the_sign()
    {
        var p = new PostureMonitor(new MonitorSettings());
        p.OnSecond(0, 4096, 0, true, false);
        // 55° from Y: upright; 65°: horizontal. Upside down (180°) is still along the limb.
        p.OnSecond((int)(4096 * Math.Sin(55 * Math.PI / 180)), (int)(4096 * Math.Cos(55 * Math.PI / 180)), 0, true, false);
        Assert.True(p.Upright);
        p.OnSecond((int)(4096 * Math.Sin(65 * Math.PI / 180)), (int)(4096 * Math.Cos(65 * Math.PI / 180)), 0, true, false);
        Assert.False(p.Upright);
        p.OnSecond(0, -4096, 0, true, false);
        Assert.True(p.Upright);
    }

    [Fact]
    public void The_reference_is_learnt_while_walking()
    {
        var p = new PostureMonitor(new MonitorSettings());
        p.OnSecond(4096, 0, 0, true, false);                         // switched on lying on a desk
        for (int i = 0; i < 30; i++) p.OnSecond(0, 0, 4096, false, true); // then walked with Z up
        Assert.InRange(p.ReferenceZ, 4000, 4096);
        p.OnSecond(0, 0, 4096, true, false);
        Assert.True(p.Upright);
    }

    [Fact]
    public void The_monitor_suspends_its_spell_when_the_sensor_lies_still_and_horizontal()
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Still(m, ref t, 10 * 60);                            // upright, Z gravity
        var sensor = m.Sensor;
        for (int i = 0; i < 40 * 60 * sensor.SampleRateHz; i++)      // 40 min on its side
        {
            m.OnSample(t, sensor.AccelCountsPerG, 0, 0, 0, 0, 0);
            t += 1000 / sensor.SampleRateHz;
        }
        Assert.Empty(l.Alerts);
        Assert.True(m.Policy.Suspended);
        Assert.InRange(m.Policy.SpellSeconds, 12 * 60 - 2, 12 * 60 + 2);   // 10 min + 2 min before suspension
        Assert.True(m.Policy.SuppressedNotWorn >= 2);
        Signals.Still(m, ref t, 19 * 60);                            // upright again: 18 more minutes to 30
        Assert.Single(l.Alerts);
        Assert.InRange(l.Alerts[0].SpellS, 1799, 1801);
    }
}
