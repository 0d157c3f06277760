using CalfMonitor.Core;
using CalfMonitor.Core.Sedentary;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Alerts;

public class PostureTests
{
    /// <summary>Counts per g at the device's ±8 g range.</summary>
    private const int G = 4096;

    /// <summary>Upright with gravity on Z, then 120 s lying still on X (or on Y): suspended.</summary>
    private static PostureMonitor SuspendedLyingStill(bool onY = false)
    {
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(0, 0, G, true, false);
        for (int i = 0; i < 120; i++) p.OnSecond(onY ? 0 : G, onY ? G : 0, 300, true, false);   // lying still
        Assert.True(p.Suspended);
        return p;
    }

    /// <summary>A walking second as the posture sees it: moving, stepping, the block's end reading
    /// gravity along <paramref name="up"/> — or, every <paramref name="signEvery"/>-th second, 1.8 g
    /// (a swing or a heel strike: a walk's sign).</summary>
    private static bool Walk(PostureMonitor p, int second, (int X, int Y, int Z) up, int signEvery = 3)
    {
        bool sign = second % signEvery == 0;
        int k = sign ? 18 : 10;
        return p.OnSecond(up.X * k / 10, up.Y * k / 10, up.Z * k / 10, false, true);
    }

    [Fact]
    public void Horizontal_and_still_for_the_documented_time_suspends_and_upright_resumes()
    {
        var p = new PostureMonitor(new MonitorSettings(), G);
        Assert.False(p.OnSecond(0, 0, 4096, true, false));           // reference: Z up
        for (int i = 0; i < 119; i++) Assert.False(p.OnSecond(4096, 0, 300, true, false));
        Assert.False(p.Upright);
        Assert.True(p.OnSecond(4096, 0, 300, true, false));           // 120 s
        Assert.True(p.OnSecond(4000, 500, 0, false, false));          // turning over in bed: still lying
        Assert.False(p.OnSecond(100, 0, 4000, false, false));         // sitting up
        Assert.True(p.Upright);
    }

    [Fact]
    public void Only_consecutive_still_horizontal_seconds_suspend()
    {
        // 100 s lying still, then one upright second (or one moving second, turning over): the
        // count of still seconds starts again, and 120 more are needed.
        foreach (var (x, z, still) in new[] { (0, G, true), (G, 300, false) })
        {
            var p = new PostureMonitor(new MonitorSettings(), G);
            p.OnSecond(0, 0, G, true, false);
            for (int i = 0; i < 100; i++) p.OnSecond(G, 0, 300, true, false);
            Assert.False(p.OnSecond(x, 0, z, still, false));
            for (int i = 0; i < 119; i++) Assert.False(p.OnSecond(G, 0, 300, true, false));
            Assert.True(p.OnSecond(G, 0, 300, true, false));
        }
    }

    [Theory]
    [InlineData(G)]
    [InlineData(16384)]   // the MPU6050 at ±2 g: the squared products are largest
    [InlineData(2048)]    // at ±16 g
    public void The_angle_limit_is_sixty_degrees_from_the_reference_whichever_the_sign(int countsPerG)
    {
        var p = new PostureMonitor(new MonitorSettings(), countsPerG);
        p.OnSecond(0, countsPerG, 0, true, false);
        // 55° from Y: upright; 65°: horizontal. Upside down (180°) is still along the limb.
        p.OnSecond((int)(countsPerG * Math.Sin(55 * Math.PI / 180)), (int)(countsPerG * Math.Cos(55 * Math.PI / 180)), 0, true, false);
        Assert.True(p.Upright);
        p.OnSecond((int)(countsPerG * Math.Sin(65 * Math.PI / 180)), (int)(countsPerG * Math.Cos(65 * Math.PI / 180)), 0, true, false);
        Assert.False(p.Upright);
        p.OnSecond(0, -countsPerG, 0, true, false);
        Assert.True(p.Upright);
    }

    [Theory]
    [InlineData(20_000, 20_000, 20_000)]
    [InlineData(0, 30_000, 0)]
    public void A_first_reading_of_several_g_is_a_reference_the_angle_test_still_judges(int x, int y, int z)
    {
        // Switched on at a heel strike: the first block's end reads 8.5 g along the board's
        // diagonal, or 7.3 g along its Y (at ±8 g). Only its direction matters: a reading of
        // about 1 g along it is upright, either way round, as is another such jolt, and one
        // across it horizontal (the angle test's products are kept within a long).
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(x, y, z, false, false);
        double n = Math.Sqrt((double)x * x + (double)y * y + (double)z * z);
        int Along(int v) => (int)(v / n * (G - 4));
        p.OnSecond(Along(x), Along(y), Along(z), true, false);
        Assert.True(p.Upright);
        p.OnSecond(-Along(x), -Along(y), -Along(z), true, false);
        Assert.True(p.Upright);
        p.OnSecond(x, y, z, false, false);                            // another such jolt
        Assert.True(p.Upright);
        // Across: (y, -x, 0) for the diagonal, X for Y.
        if (x != 0) p.OnSecond(G * 707 / 1000, -G * 707 / 1000, 0, true, false);
        else p.OnSecond(G, 0, 0, true, false);
        Assert.False(p.Upright);
    }

    [Fact]
    public void The_reference_is_learnt_while_walking()
    {
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(4096, 0, 0, true, false);                         // switched on lying on a desk
        for (int i = 0; i < 30; i++) Walk(p, i, (0, 0, G));           // then walked with Z up
        Assert.InRange(p.ReferenceZ, 4000, 4096);
        p.OnSecond(0, 0, 4096, true, false);
        Assert.True(p.Upright);
    }

    [Theory]
    [InlineData(false, 13, 7, 300)]
    [InlineData(true, 13, 7, 300)]
    [InlineData(false, 15, 5, 0)]
    [InlineData(true, 15, 5, 0)]
    public void Stepping_without_a_walks_sign_teaches_nothing(bool onY, int highTenthsG, int lowTenthsG, int z)
    {
        // Ankle pumps in bed: stepping (activations), moving, but the block's end reads gravity
        // within half a g (1.3 g and 0.7 g at most; or exactly 1.5 g and 0.5 g, the limits, which
        // are not beyond them): the lying orientation is not learnt, whichever axis it lies on.
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(0, 0, G, true, false);                             // upright reference
        for (int i = 0; i < 300; i++)
        {
            int a = G * (i % 2 == 0 ? highTenthsG : lowTenthsG) / 10;
            p.OnSecond(onY ? 0 : a, onY ? a : 0, z, false, true);
        }
        Assert.Equal((0, 0, G), (p.ReferenceX, p.ReferenceY, p.ReferenceZ));
        Assert.False(p.Upright);
    }

    [Theory]
    [InlineData(PostureMonitor.GaitMemoryS - 1, true)]
    [InlineData(PostureMonitor.GaitMemoryS, false)]
    public void A_walks_sign_lets_stepping_seconds_teach_for_the_gait_memory_only(int pumpsFromS, bool learns)
    {
        // A walk's sign, then sitting still, then ankle pumps lying down (stepping, moving, the
        // block's end within half a g of gravity). Stepping seconds within GaitMemoryS (10 s) of
        // the sign are taken for walking and teach an untrusted reference; from the tenth second
        // on they teach nothing, however long the pumping goes on.
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(0, 0, G, true, false);                             // upright reference
        p.OnSecond(0, 0, G * 18 / 10, false, true);                   // a walk's sign (second 0)
        for (int i = 1; i < pumpsFromS; i++) p.OnSecond(0, 0, G, true, false);
        for (int i = 0; i < 300; i++) p.OnSecond(G * (i % 2 == 0 ? 13 : 7) / 10, 0, 300, false, true);
        if (learns) Assert.NotEqual(0, p.ReferenceX);
        else Assert.Equal((0, 0, G), (p.ReferenceX, p.ReferenceY, p.ReferenceZ));
    }

    [Fact]
    public void Walking_while_judged_lying_ends_the_suspension_and_teaches_the_reference()
    {
        // Switched on lying on a desk (X down), then strapped on and sat still: a seated shank
        // (Z down) is 90° from that reference, so it is taken for lying and suspended.
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(G, 0, 0, true, false);
        for (int i = 0; i < 120; i++) p.OnSecond(0, 0, G, true, false);
        Assert.True(p.Suspended);
        // A walk: its first two signs do not end the suspension, the third does.
        Assert.True(Walk(p, 0, (0, 0, G)));
        Assert.True(Walk(p, 1, (0, 0, G)));
        Assert.True(Walk(p, 3, (0, 0, G)));
        Assert.False(Walk(p, 6, (0, 0, G)));
        for (int i = 7; i < 40; i++) Assert.False(Walk(p, i, (0, 0, G)));
        Assert.InRange(p.ReferenceZ, 4000, 4096);
        // Sitting still again is upright now: the next sedentary spell counts.
        for (int i = 0; i < 300; i++) Assert.False(p.OnSecond(0, 0, G, true, false));
        Assert.True(p.Upright);
    }

    [Fact]
    public void A_still_second_teaches_nothing_even_while_stepping()
    {
        // Activations reach the rate meter up to a few seconds after their strides (the bout filter
        // holds them): a wearer already lying still then is stepping by the count, within seconds
        // of a walk's sign, but a still block is no walk.
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(0, 0, G, true, false);
        Walk(p, 0, (0, 0, G));                                        // a walk's sign
        for (int i = 0; i < 5; i++) p.OnSecond(G, 0, 300, true, true); // lying still, "stepping"
        Assert.Equal((0, 0, G), (p.ReferenceX, p.ReferenceY, p.ReferenceZ));
        Assert.False(p.Upright);
    }

    [Fact]
    public void A_new_suspension_needs_three_walk_signs_of_its_own_whatever_the_last_one_saw()
    {
        // Lying still (suspended), two walk's signs (a kick in bed with a counted activation): not
        // the three that end a suspension. Up, then lying still again: a new suspension, and its
        // first walk's sign is its first, not the third.
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(0, 0, G, true, false);                                // reference: Z up
        for (int i = 0; i < 120; i++) p.OnSecond(G, 0, 300, true, false);
        Assert.True(p.Suspended);
        Assert.True(p.OnSecond(G * 18 / 10, 0, 0, false, true));
        Assert.True(p.OnSecond(G * 18 / 10, 0, 0, false, true));
        Assert.False(p.OnSecond(0, 0, G, true, false));                  // upright: resumed
        for (int i = 0; i < 120; i++) p.OnSecond(G, 0, 300, true, false);
        Assert.True(p.Suspended);
        Assert.True(p.OnSecond(G * 18 / 10, 0, 0, false, true));
        Assert.True(p.OnSecond(G * 18 / 10, 0, 0, false, true));
        Assert.False(p.OnSecond(G * 18 / 10, 0, 0, false, true));        // its third
    }

    [Fact]
    public void A_walking_second_that_moves_an_untrusted_reference_is_judged_against_the_reference_it_moved()
    {
        // Switched on with Z up, then walking with the shank 65° from that: an untrusted reference
        // learns from the reading (a quarter of the way, to about 15°), and against that the
        // reading is 50° away: upright (Live's upright flag), not horizontal, in that very second.
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(0, 0, G, true, false);
        p.OnSecond(0, 0, G * 18 / 10, false, true);                      // a walk's sign
        Assert.False(p.OnSecond(3712, 0, 1731, false, true));            // 65° from Z, |a| = 1 g
        Assert.InRange(p.ReferenceX, 900, 950);
        Assert.True(p.Upright);
    }

    [Fact]
    public void A_walking_reading_pointing_away_from_an_untrusted_reference_is_judged_against_the_reference_it_moved()
    {
        // Switched on with Z up, then walking with the board the other way round and the shank
        // 55° from that line (125° from Z): upright before the reference learns. The quarter step
        // toward a reading more than 90° away turns the reference about 19° toward X, and the
        // reading is then 74° from its line: horizontal in that very second.
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(0, 0, G, true, false);
        p.OnSecond(0, 0, G * 18 / 10, false, true);                      // a walk's sign
        p.OnSecond(3355, 0, -2349, false, true);                         // 125° from Z, |a| = 1 g
        Assert.InRange(p.ReferenceX, 800, 900);
        Assert.False(p.Upright);
    }

    [Fact]
    public void A_reading_exactly_at_the_angle_limit_is_upright_and_one_beyond_it_horizontal()
    {
        // The reference along X + Y, the reading along X + Z: exactly 60° apart (cos = 1/2), also
        // once both are scaled for the products. Horizontal is more than the angle, so upright; a
        // reading tilted a few counts further is horizontal.
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(2896, 2896, 0, true, false);
        p.OnSecond(2896, 0, 2896, true, false);
        Assert.True(p.Upright);
        p.OnSecond(2892, 0, 2900, true, false);
        Assert.False(p.Upright);
    }

    [Fact]
    public void A_site_change_forgets_the_posture_and_the_next_reading_is_the_reference()
    {
        // Suspended lying still (the reference Z), then the strap is moved to another site: the
        // posture is forgotten at once (upright, not suspended, as at power-on), the next reading
        // (along Y) is the new reference, and lying still across it is lying again.
        var p = SuspendedLyingStill();
        p.Reset();
        Assert.False(p.Suspended);
        Assert.True(p.Upright);
        p.OnSecond(0, G, 0, true, false);
        Assert.Equal((0, G, 0), (p.ReferenceX, p.ReferenceY, p.ReferenceZ));
        for (int i = 0; i < 119; i++) Assert.False(p.OnSecond(G, 0, 300, true, false));
        Assert.True(p.OnSecond(G, 0, 300, true, false));
    }

    [Fact]
    public void Jolts_without_steps_do_not_end_a_suspension()
    {
        // A bumpy car ride or a shaken bed while lying: the block's end reads 1.8 g, but no
        // activation was counted (not stepping): no walk's sign, however many.
        var p = SuspendedLyingStill();
        for (int i = 0; i < 10; i++) Assert.True(p.OnSecond(G * 18 / 10, 0, 540, false, false));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ankle_pumps_in_bed_do_not_end_a_suspension(bool onY)
    {
        // Lying with gravity on the board's X or its Y: the block's end reads 1.4 g and 0.6 g,
        // within half a g of gravity, so no walk's sign, whichever axis carries it.
        var p = SuspendedLyingStill(onY);
        for (int i = 0; i < 600; i++)
        {
            int a = G * (i % 2 == 0 ? 14 : 6) / 10;
            Assert.True(p.OnSecond(onY ? 0 : a, onY ? a : 0, 300, false, true));
        }
        Assert.Equal((0, 0, G), (p.ReferenceX, p.ReferenceY, p.ReferenceZ));
    }

    [Fact]
    public void The_monitor_suspends_its_spell_when_the_sensor_lies_still_and_horizontal()
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Still(m, ref t, 10 * 60);                            // upright, Z gravity
        var sensor = m.Sensor;
        for (int i = 0; i < 45 * 60 * sensor.SampleRateHz; i++)      // 45 min on its side
        {
            m.OnSample(t, sensor.AccelCountsPerG, 0, 0, 0, 0, 0);
            t += 1000 / sensor.SampleRateHz;
        }
        Assert.Empty(l.Alerts);
        Assert.True(m.Policy.Suspended);
        Assert.InRange(m.Policy.SpellSeconds, 12 * 60 - 2, 12 * 60 + 2);   // 10 min + 2 min before suspension
        // Suspended at a 12 min spell, the shadow spell reaches 12 + 43 = 55 min: the alerts at 30,
        // 40 and 50 min would have fallen due, each counted once (the next, at 60, is 5 min away).
        Assert.Equal(3, m.Policy.SuppressedNotWorn);
        Assert.InRange(m.Policy.MsUntilSuppression, 5 * 60_000 - 2_000, 5 * 60_000 + 2_000);
        Signals.Still(m, ref t, 19 * 60);                            // upright again: 18 more minutes to 30
        Assert.Single(l.Alerts);
        Assert.InRange(l.Alerts[0].SpellS, 1799, 1801);
    }

    /// <summary>Lying still, gravity on X (or on Y: <paramref name="onY"/>).</summary>
    private static void LieStill(CalfPumpMonitor m, ref int t, int seconds, bool onY = false)
    {
        int g = m.Sensor.AccelCountsPerG;
        for (int i = 0; i < seconds * m.Sensor.SampleRateHz; i++, t += 1000 / m.Sensor.SampleRateHz)
            m.OnSample(t, onY ? 0 : g, onY ? g : 0, 0, 0, 0, 0);
    }

    /// <summary>How the wearer gets from a walk into bed.</summary>
    private delegate void ToBed(CalfPumpMonitor m, ref int t);

    /// <summary>Sitting a minute, a 45 s walk (at 1/1.1 Hz, so that the block ends meet every phase
    /// of the stride), <paramref name="toBed"/>, 15 min lying still, then 35 min sitting up: lying
    /// must be suspended without an alert, and the sit must alert once, at 30 min.</summary>
    private static void WalkThenBedThenSit(ToBed toBed)
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l, MountingSite.Shank, new MonitorSettings { QuietStartMin = 0, QuietEndMin = 0 });
        int t = 0;
        Signals.Still(m, ref t, 60);
        Signals.Sinusoid(m, ref t, 45, 1.0 / 1.1, 40, swingG: 1.5);
        Assert.True(m.Activations >= 30);
        toBed(m, ref t);
        LieStill(m, ref t, 15 * 60);
        Assert.True(m.Policy.Suspended);
        Assert.Empty(l.Alerts);
        Signals.Still(m, ref t, 35 * 60);                            // sitting up
        Assert.False(m.Policy.Suspended);
        Assert.Single(l.Alerts);
        Assert.InRange(l.Alerts[0].SpellS, 1799, 1801);
    }

    [Fact]
    public void Lying_down_right_after_a_walk_is_lying_and_the_next_sit_alerts()
    {
        // The walk's last minute is a pump break still under way when the wearer lies down; that
        // minute used to teach the lying leg as upright, so sitting later was "lying": no alert, ever.
        WalkThenBedThenSit((CalfPumpMonitor m, ref int t) => { });
    }

    /// <summary>Moving without strides (the gyro wanders ±8 °/s): lying (gravity on X) and settling
    /// in, or upright (gravity on Z: sitting on the bed's edge).</summary>
    private static void Settle(CalfPumpMonitor m, ref int t, int seconds, bool lying = true)
    {
        int g = m.Sensor.AccelCountsPerG;
        double countsPerDps = m.Sensor.GyroCountsPer10Dps / 10.0;
        var rng = new Random(4);
        int w() => (int)Math.Round((rng.NextDouble() * 2 - 1) * 8 * countsPerDps);
        for (int i = 0; i < seconds * m.Sensor.SampleRateHz; i++, t += 1000 / m.Sensor.SampleRateHz)
            m.OnSample(t, lying ? g : 0, 0, lying ? 0 : g, w(), w(), w());
    }

    [Fact]
    public void Going_to_bed_right_after_a_walk_is_not_learnt_as_upright()
    {
        // Going to bed after a walk: two seconds on the bed's edge, then lying down and settling in
        // for a few seconds: moving, a walk's sign seconds old and the minute's count still a pump
        // break's, but no stride counted in the last two seconds: not stepping, so the lying leg is
        // not learnt as upright.
        WalkThenBedThenSit((CalfPumpMonitor m, ref int t) =>
        {
            Settle(m, ref t, 2, lying: false);
            Settle(m, ref t, 8);
        });
    }

    [Fact]
    public void Switched_on_lying_on_a_desk_then_worn_the_first_walk_teaches_upright()
    {
        // Powered on flat on a desk (Y down), strapped on, sat for 5 minutes: the seated shank is
        // 90° from the desk's "upright", taken for lying, suspended; walking (which swings the
        // shank about Y and accelerates it along X, both at 90° from Y too) used to leave it so
        // for good (nothing is learnt while suspended, and walking while "lying" did not end it).
        var l = new RecordingListener();
        var m = DeskStartThenWalk(l, new MonitorSettings { QuietStartMin = 0, QuietEndMin = 0 }, out int t);
        Signals.Still(m, ref t, 35 * 60);
        Assert.False(m.Policy.Suspended);
        Assert.Single(l.Alerts);
        Assert.InRange(l.Alerts[0].SpellS, 1799, 1801);
    }

    [Fact]
    public void A_trusted_reference_learns_nothing_that_looks_horizontal_to_it()
    {
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(0, 0, G, true, false);
        for (int i = 0; i < 2 * PostureMonitor.TrustedAfterS; i++) Walk(p, i, (0, 0, G));   // a walk teaches Z
        // Still stepping a second after the last stride, the wearer already lying (X down) and
        // settling in, the limb thrown about (a sign, then gravity): nothing is learnt.
        Walk(p, 0, (G, 0, 0));
        for (int i = 1; i < 3; i++) Walk(p, i, (G, 0, 0));
        Assert.Equal((0, 0, G), (p.ReferenceX, p.ReferenceY, p.ReferenceZ));
        // An untrusted reference (power-on) does learn from such readings.
        var fresh = new PostureMonitor(new MonitorSettings(), G);
        fresh.OnSecond(0, 0, G, true, false);
        Walk(fresh, 0, (G, 0, 0));
        Walk(fresh, 1, (G, 0, 0));
        Assert.True(fresh.ReferenceX > 0);
    }

    [Fact]
    public void Walking_that_ends_a_suspension_makes_the_reference_learn_afresh()
    {
        // A walk taught Z; later the strap was turned 90° (X is now along the limb): sitting still
        // looks horizontal, is suspended; the next walk ends it and, the reference being wrong, is
        // learnt from although it looks horizontal to the old one.
        var p = new PostureMonitor(new MonitorSettings(), G);
        p.OnSecond(0, 0, G, true, false);
        for (int i = 0; i < 20; i++) Walk(p, i, (0, 0, G));
        for (int i = 0; i < 130; i++) p.OnSecond(G, 0, 0, true, false);
        Assert.True(p.Suspended);
        for (int i = 0; i < 40; i++) Walk(p, i, (G, 0, 0));
        Assert.False(p.Suspended);
        Assert.InRange(p.ReferenceX, 4000, 4096);
        for (int i = 0; i < 300; i++) Assert.False(p.OnSecond(G, 0, 0, true, false));
    }

    [Fact]
    public void Lying_down_and_settling_within_a_second_of_the_last_stride_is_lying()
    {
        // The last stride is counted about 0.6 s late, so its activation is still within two
        // seconds while the wearer is already lying down and settling in: with the walk's reference
        // trusted, those seconds teach nothing.
        WalkThenBedThenSit((CalfPumpMonitor m, ref int t) => Settle(m, ref t, 8));
    }

    [Fact]
    public void Walking_is_walking_whatever_the_pump_break_setting()
    {
        // Stepping is an activation in the last two seconds, not the wearer's pump-break count: at
        // the largest setting (60 in a minute) a walk still ends a wrong suspension and teaches.
        DeskStartThenWalk(new RecordingListener(), new MonitorSettings
        {
            QuietStartMin = 0, QuietEndMin = 0, BreakActivations = MonitorSettings.MaxBreakActivations,
        }, out _);
    }

    /// <summary>A minute flat on a desk (Y down), then worn on the shank (Z along it) and 5 min of
    /// sitting, taken for lying; then a 90 s walk, which must end that and teach Z as upright.
    /// Returns the monitor, with the time after the walk in <paramref name="t"/>.</summary>
    private static CalfPumpMonitor DeskStartThenWalk(RecordingListener l, MonitorSettings settings, out int t)
    {
        var m = Signals.Monitor(l, MountingSite.Shank, settings);
        t = 0;
        LieStill(m, ref t, 60, onY: true);
        Signals.Still(m, ref t, 5 * 60);
        Assert.True(m.Policy.Suspended);
        Signals.Sinusoid(m, ref t, 90, 1.0 / 1.1, 40, swingG: 1.5);
        Assert.False(m.Policy.Suspended);
        Assert.True(m.Posture.ReferenceZ > 4 * (System.Math.Abs(m.Posture.ReferenceX) + System.Math.Abs(m.Posture.ReferenceY)));
        return m;
    }
}
