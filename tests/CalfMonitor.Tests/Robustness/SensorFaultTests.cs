using CalfMonitor.Core;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Robustness;

/// <summary>
/// Sensor faults fed through the core's input (raw int16 counts): stuck readings, saturation
/// runs, random garbage bursts and dropouts. The monitor counts no activation from them and
/// reports the fault (<see cref="CalfPumpMonitor.Health"/>). Bound: zero phantom activations —
/// none of these faults is a movement of the limb.
/// </summary>
public class SensorFaultTests
{
    public enum Fault { StuckMoving, SaturatedAll, SaturatedGy, SaturatedGyNegative, SaturatedGx, AlternatingSaturation, Garbage, GarbageGyroOnly, Dropouts }

    public static TheoryData<MountingSite, Fault> Cases()
    {
        var d = new TheoryData<MountingSite, Fault>();
        foreach (var site in new[] { MountingSite.Shank, MountingSite.Foot })
            foreach (var f in Enum.GetValues<Fault>()) d.Add(site, f);
        return d;
    }

    /// <summary>Ten 3-second episodes of <paramref name="fault"/>, each between 30 s of quiet sitting.</summary>
    private static (RecordingListener L, CalfPumpMonitor M) Run(MountingSite site, Fault fault, int rateHz = 50)
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l, site, rateHz: rateHz);
        int t = 1000, period = 1000 / rateHz;
        Signals.Still(m, ref t, 30, noiseDps: 0.3);
        var rng = new Random(5);
        int R() => rng.Next(-32768, 32768);
        for (int k = 0; k < 10; k++)
        {
            for (int i = 0; i < 3 * rateHz; i++)
            {
                int ax = 0, ay = 0, az = m.Sensor.AccelCountsPerG, gx = 0, gy = 0, gz = 0;
                switch (fault)
                {
                    case Fault.StuckMoving: ax = 100; az = 4000; gx = 500; gy = -300; gz = 200; break;   // frozen mid-movement (30 °/s)
                    case Fault.SaturatedAll: ax = ay = az = gx = gy = gz = 32767; break;
                    case Fault.SaturatedGy: gy = 32767; break;
                    case Fault.SaturatedGyNegative: gy = -32768; break;
                    case Fault.SaturatedGx: gx = 32767; break;
                    case Fault.AlternatingSaturation: gy = i / 10 % 2 == 0 ? 32767 : -32768; break;
                    case Fault.Garbage: if (i < rateHz / 2) { ax = R(); ay = R(); az = R(); gx = R(); gy = R(); gz = R(); } break;
                    case Fault.GarbageGyroOnly: if (i < rateHz / 2) { gx = R(); gy = R(); gz = R(); } break;
                    case Fault.Dropouts: if (i == 10) t += 100 * (k + 1) + 1000 * k * k; break;      // 0.1 s … 82 s lost
                }
                m.OnSample(t, ax, ay, az, gx, gy, gz);
                t += period;
            }
            Signals.Still(m, ref t, 30, noiseDps: 0.3, seed: k + 10);
        }
        return (l, m);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void No_phantom_activations_and_the_fault_is_reported(MountingSite site, Fault fault)
    {
        var (l, m) = Run(site, fault);
        Assert.Empty(l.Activations);
        var h = m.Health;
        int expectedBit = fault switch
        {
            Fault.StuckMoving => SensorHealth.FaultStuck,
            Fault.Garbage or Fault.GarbageGyroOnly => SensorHealth.FaultGarbage,
            Fault.Dropouts => SensorHealth.FaultDropout,
            _ => SensorHealth.FaultSaturation,
        };
        Assert.True((h.Faults & expectedBit) != 0, $"faults 0x{h.Faults:x}");
        if (fault == Fault.Dropouts)
        {
            Assert.Equal(10, m.Gaps);
            Assert.Equal(10, h.Dropouts);
            Assert.Equal(0, h.FaultSpells);
        }
        else
        {
            Assert.Equal(10, h.FaultSpells);   // one reported fault per episode
        }
        if (fault == Fault.SaturatedAll) Assert.True(h.AccelSaturatedSamples >= 10 * 150);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(100)]
    [InlineData(200)]
    public void No_phantom_activations_at_other_sample_rates(int rateHz)
    {
        foreach (var f in new[] { Fault.Garbage, Fault.AlternatingSaturation, Fault.StuckMoving })
        {
            var (l, m) = Run(MountingSite.Foot, f, rateHz);
            Assert.Empty(l.Activations);
            Assert.Equal(10, m.Health.FaultSpells);
        }
    }

    [Fact]
    public void Clean_movement_raises_no_fault_and_a_fault_costs_only_the_strides_it_covers()
    {
        // 60 strides of a 60° foot rotation at 1 Hz: all counted, nothing reported.
        var clean = new RecordingListener();
        var m = Signals.Monitor(clean, MountingSite.Foot);
        int t = 0;
        Signals.Still(m, ref t, 10, noiseDps: 0.3);
        Signals.Sinusoid(m, ref t, 60, 1.0, 60, noiseDps: 1);
        Signals.Still(m, ref t, 10, noiseDps: 0.3);
        int baseline = clean.Activations.Count;
        Assert.InRange(baseline, 58, 60);
        Assert.Equal(0, m.Health.FaultSpells);
        Assert.Equal(0, m.Health.Faults);

        // The same walk with a 0.5 s garbage burst in the middle: never more than the clean
        // count, at most the strides under the burst, its 0.25 s quarantine and the detector's
        // restart (2 s) fewer.
        var l = new RecordingListener();
        var f = Signals.Monitor(l, MountingSite.Foot);
        t = 0;
        Signals.Still(f, ref t, 10, noiseDps: 0.3);
        Signals.Sinusoid(f, ref t, 30, 1.0, 60, noiseDps: 1);
        var rng = new Random(3);
        for (int i = 0; i < 25; i++)
        {
            f.OnSample(t, rng.Next(-32768, 32768), rng.Next(-32768, 32768), rng.Next(-32768, 32768), rng.Next(-32768, 32768), rng.Next(-32768, 32768), rng.Next(-32768, 32768));
            t += 20;
        }
        Signals.Sinusoid(f, ref t, 29.5, 1.0, 60, noiseDps: 1, seed: 4);
        Signals.Still(f, ref t, 10, noiseDps: 0.3);
        Assert.InRange(l.Activations.Count, baseline - 4, baseline);
        Assert.Equal(1, f.Health.FaultSpells);
        Assert.True((f.Health.Faults & SensorHealth.FaultGarbage) != 0);
    }

    /// <summary>A running shank at foot strike: the forward swing peaks at 1100 °/s and the
    /// ground stops it within one sample. That fall of more than the jump limit is a rotation an
    /// impact stopped, not garbage: no fault, every stride counts. The same jump the other way
    /// (from 0 to 1100 °/s in one sample, which no muscle does) is still garbage.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_rotation_an_impact_stops_within_a_sample_is_no_fault_but_a_jump_up_is(bool jumpUp)
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l, MountingSite.Shank);
        int t = 0;
        Signals.Still(m, ref t, 10, noiseDps: 0.3);
        double countsPerDps = m.Sensor.GyroCountsPer10Dps / 10.0;
        // One 0.7 s stride: the swing ramps up to 1100 °/s over 0.12 s (66°), the impact stops it,
        // and the shank turns back through stance at 118 °/s for the other 0.56 s.
        var stride = new double[35];
        for (int i = 0; i < 6; i++) stride[i] = 1100.0 * (i + 1) / 6;
        for (int i = 7; i < 35; i++) stride[i] = -66.0 / 0.56;
        if (jumpUp) Array.Reverse(stride);
        var rng = new Random(7);
        int Noise() => rng.Next(-3, 4);     // a live sensor's few counts of noise
        for (int k = 0; k < 60; k++)
        {
            foreach (double dps in stride)
            {
                m.OnSample(t, 0, 0, m.Sensor.AccelCountsPerG, Noise(), (int)Math.Round(dps * countsPerDps) + Noise(), Noise());
                t += 20;
            }
        }
        Signals.Still(m, ref t, 10, noiseDps: 0.3);
        if (jumpUp)
        {
            Assert.True((m.Health.Faults & SensorHealth.FaultGarbage) != 0);
            Assert.InRange(m.Health.FaultSpells, 55, 60);
        }
        else
        {
            Assert.Equal(0, m.Health.Faults);
            Assert.InRange(l.Activations.Count, 58, 60);
        }
    }

    /// <summary>A glitch on the wire — one sample of garbage — keeps the quarantine, a quarter of a
    /// second of the clean samples after it (<see cref="SensorHealth.QuarantineMs"/>), from the
    /// detector, and no more: at 50 Hz the 12th clean sample reaches it again. (Longer would cut
    /// into the stride the glitch fell in; shorter would let the odd plausible sample inside a
    /// burst through.)</summary>
    [Fact]
    public void One_garbage_sample_holds_back_a_quarter_second_of_clean_samples_and_no_more()
    {
        var h = new SensorHealth(new SensorConfig(50, 8, 2000, MountingSite.Shank));
        // A live sensor at rest: a count or two of noise on the gyro.
        for (int i = 0; i < 50; i++) Assert.True(h.Check(0, 0, 4096, i % 3 - 1, 1 - i % 3, 0));
        Assert.False(h.Check(0, 0, 4096, 0, 20000, 0));   // 1220 °/s from rest in one sample
        Assert.True(h.FaultBegan);
        int held = 0;
        while (held < 50 && !h.Check(0, 0, 4096, held % 3 - 1, 1 - held % 3, 0))
        {
            Assert.False(h.FaultBegan);   // held back by the same fault, not a new one
            held++;
        }
        Assert.Equal(11, held);
        Assert.False(h.Faulted);
        Assert.Equal(1, h.FaultSpells);
        Assert.Equal(12, h.FaultySamples);
    }

    /// <summary>A 50 Hz sensor at rest, then a gyro axis turned to <paramref name="to"/> counts in
    /// steps well under the jump limit (a real rotation speeding up, not garbage).</summary>
    private static SensorHealth TurnedTo(int to)
    {
        var h = new SensorHealth(new SensorConfig(50, 8, 2000, MountingSite.Shank));
        for (int i = 0; i < 50; i++) Assert.True(h.Check(0, 0, 4096, i % 3 - 1, 1 - i % 3, 0));
        for (int k = 1; k <= 4; k++) Assert.True(h.Check(0, 0, 4096, to * k / 4, 0, 0));
        return h;
    }

    /// <summary>The gyro's rail is ±32767 (and −32768): held for the stuck time, 100 ms = 5 samples
    /// at 50 Hz, it is a fault from the fifth sample on; clips shorter than that go to the detector,
    /// also two of them with an off-rail sample between (a running shank clips for a sample or two
    /// at every stride: they must not add up).</summary>
    [Fact]
    public void A_rail_held_for_the_stuck_time_is_a_fault_and_short_clips_do_not_add_up()
    {
        var h = TurnedTo(-32000);
        for (int i = 0; i < 4; i++) Assert.True(h.Check(0, 0, 4096, -32767, 0, 0));
        Assert.False(h.Check(0, 0, 4096, -32767, 0, 0));
        Assert.True(h.FaultBegan);
        Assert.Equal(SensorHealth.FaultSaturation, h.Faults & SensorHealth.FaultSaturation);

        var g = TurnedTo(-32000);
        for (int i = 0; i < 4; i++) Assert.True(g.Check(0, 0, 4096, -32767, 0, 0));
        Assert.True(g.Check(0, 0, 4096, -32000, 0, 0));
        for (int i = 0; i < 4; i++) Assert.True(g.Check(0, 0, 4096, -32767, 0, 0));
        Assert.Equal(0, g.FaultSpells);
        Assert.Equal(8, g.SaturatedSamples);
    }

    /// <summary>Garbage is a jump beyond 1000 °/s to a magnitude at least as large; a rate of
    /// −610 °/s flipped to +610 °/s in one sample is one (an impact stops or turns a rotation back
    /// to a smaller rate, not to the same speed the other way).</summary>
    [Fact]
    public void A_jump_to_the_same_speed_the_other_way_is_garbage()
    {
        var h = TurnedTo(-10000);
        Assert.False(h.Check(0, 0, 4096, 10000, 0, 0));
        Assert.Equal(SensorHealth.FaultGarbage, h.Faults & SensorHealth.FaultGarbage);
        var g = TurnedTo(-10000);
        Assert.True(g.Check(0, 0, 4096, 9000, 0, 0));     // back to a smaller speed: an impact
    }

    /// <summary>A gyro repeating exactly (at 61 °/s, where a stuck reading is a fault) for five
    /// samples at 50 Hz is stuck; a run cut by a dropout starts afresh after it — the samples on
    /// either side of a gap are not compared, so repeats before it do not count towards one after.</summary>
    [Fact]
    public void A_repetition_cut_by_a_dropout_starts_counting_afresh()
    {
        var h = TurnedTo(1000);                       // the fourth step reads 1000 counts
        for (int i = 0; i < 3; i++) Assert.True(h.Check(0, 0, 4096, 1000, 0, 0));   // repeats 1–3
        h.OnGap();
        Assert.True(h.Check(0, 0, 4096, 1000, 0, 0));                              // not compared
        for (int i = 0; i < 4; i++) Assert.True(h.Check(0, 0, 4096, 1000, 0, 0));   // repeats 1–4
        Assert.Equal(0, h.FaultSpells);
        Assert.False(h.Check(0, 0, 4096, 1000, 0, 0));                             // the fifth: stuck
        Assert.Equal(SensorHealth.FaultStuck, h.Faults & SensorHealth.FaultStuck);
    }

    /// <summary>The first sample after a dropout is not compared with the last before it: the leg
    /// moved on while the samples were lost, so 1220 °/s after a gap at rest is no jump.</summary>
    [Fact]
    public void The_first_sample_after_a_dropout_is_not_taken_for_a_jump()
    {
        var h = new SensorHealth(new SensorConfig(50, 8, 2000, MountingSite.Shank));
        for (int i = 0; i < 50; i++) Assert.True(h.Check(0, 0, 4096, i % 3 - 1, 1 - i % 3, 0));
        h.OnGap();
        Assert.True(h.Check(0, 0, 4096, 20_000, 0, 0));
        Assert.Equal(0, h.Faults & SensorHealth.FaultGarbage);
        Assert.Equal(SensorHealth.FaultDropout, h.Faults & SensorHealth.FaultDropout);
    }

    /// <summary>"More than 1000 °/s" and "more than 5 °/s" at their exact values (2000 °/s range:
    /// 16.4 counts per °/s, so 16 400 and 82 counts): a rise of exactly 1000 °/s in one sample is
    /// motion; a reading stuck at exactly 5 °/s is reported but not held back, one count more is a fault.</summary>
    [Fact]
    public void The_jump_and_stuck_limits_are_exclusive()
    {
        var h = new SensorHealth(new SensorConfig(50, 8, 2000, MountingSite.Shank));
        for (int i = 0; i < 50; i++) Assert.True(h.Check(0, 0, 4096, i % 3 - 1, 1 - i % 3, 0));
        Assert.True(h.Check(0, 0, 4096, 16_400, 0, 0));
        Assert.Equal(0, h.Faults & SensorHealth.FaultGarbage);

        foreach (int counts in new[] { 82, 83 })
        {
            var g = TurnedTo(counts);
            for (int i = 0; i < 5; i++) g.Check(0, 0, 4096, counts, 0, 0);
            Assert.Equal(SensorHealth.FaultStuck, g.Faults & SensorHealth.FaultStuck);   // reported either way
            Assert.Equal(counts > 82 ? 1 : 0, g.FaultSpells);
        }
    }

    /// <summary>A sensor whose gyro reads exactly zero, over and over, is reported as stuck (a live
    /// MPU6050 always has a few counts of noise), but its samples go to the detector: at zero rate
    /// they cannot make a count.</summary>
    [Fact]
    public void A_gyro_stuck_at_zero_is_reported_and_not_held_back()
    {
        var h = new SensorHealth(new SensorConfig(50, 8, 2000, MountingSite.Shank));
        for (int i = 0; i < 50; i++) Assert.True(h.Check(0, 0, 4096, i % 3 - 1, 1 - i % 3, 0));
        for (int i = 0; i < 20; i++) Assert.True(h.Check(0, 0, 4096, 0, 0, 0));
        Assert.Equal(SensorHealth.FaultStuck, h.Faults & SensorHealth.FaultStuck);
        Assert.Equal(0, h.FaultSpells);
        // The last sample at rest read 0, 0, 0 too: these are its repeats 1 to 20, and the 5th
        // to the 20th lie past the stuck time (the simulator's report gives this count).
        Assert.Equal(16, h.StuckSamples);
    }

    /// <summary>A 50 Hz sensor at ±<paramref name="rangeDps"/> °/s after a second at rest (a count
    /// or two of noise; the last sample reads 0, 0, 0).</summary>
    private static SensorHealth AtRest(int rangeDps = 2000)
    {
        var h = new SensorHealth(new SensorConfig(50, 8, rangeDps, MountingSite.Shank));
        for (int i = 0; i < 50; i++) Assert.True(h.Check(0, 0, 4096, i % 3 - 1, 1 - i % 3, 0));
        return h;
    }

    /// <summary>One sample with gyro axis <paramref name="axis"/> (0 X, 1 Y, 2 Z) at
    /// <paramref name="counts"/> and the other two at 0, the board level.</summary>
    private static bool Gyro(SensorHealth h, int axis, int counts)
    {
        var g = new int[3];
        g[axis] = counts;
        return h.Check(0, 0, 4096, g[0], g[1], g[2]);
    }

    /// <summary>The first sample a watch sees is compared with nothing: a device switched on while
    /// the leg turns at 1220 °/s has not jumped.</summary>
    [Fact]
    public void The_first_sample_is_not_taken_for_a_jump()
    {
        var h = new SensorHealth(new SensorConfig(50, 8, 2000, MountingSite.Shank));
        Assert.True(h.Check(0, 0, 4096, 20_000, 0, 0));
        Assert.Equal(0, h.Faults);
    }

    /// <summary>1220 °/s from rest in one sample is garbage on each of the three gyro axes, and
    /// counted once (the simulator's report and its "garbage" message give this count).</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_jump_from_rest_is_garbage_on_every_axis_and_counted(int axis)
    {
        var h = AtRest();
        Assert.False(Gyro(h, axis, 20_000));
        Assert.True(h.FaultBegan);
        Assert.Equal(SensorHealth.FaultGarbage, h.Faults);
        Assert.Equal(1, h.GarbageSamples);
    }

    /// <summary>"More than 1000 °/s" at its exact value either way on each axis: a turn from
    /// +500 °/s to −500 °/s (8200 counts each, 16 400 apart) in one sample, or back, is motion.</summary>
    [Theory]
    [InlineData(0, 8200)]
    [InlineData(0, -8200)]
    [InlineData(1, 8200)]
    [InlineData(1, -8200)]
    [InlineData(2, 8200)]
    [InlineData(2, -8200)]
    public void A_jump_of_exactly_1000_dps_either_way_on_any_axis_is_motion(int axis, int from)
    {
        var h = AtRest();
        for (int k = 1; k <= 4; k++) Assert.True(Gyro(h, axis, from * k / 4));
        Assert.True(Gyro(h, axis, -from));
        Assert.Equal(0, h.Faults);
    }

    /// <summary>The gyro rail is a fault when held for the stuck time (5 samples at 50 Hz) on every
    /// axis, at +32767 and at −32767 alike, and at every gyro range: each of the five samples is
    /// counted as saturated.</summary>
    [Theory]
    [InlineData(0, 32767, 2000)]
    [InlineData(1, 32767, 2000)]
    [InlineData(1, -32767, 2000)]
    [InlineData(2, 32767, 2000)]
    [InlineData(2, -32767, 2000)]
    [InlineData(0, 32767, 1000)]
    [InlineData(0, 32767, 500)]
    [InlineData(0, 32767, 250)]
    [InlineData(0, -32768, 250)]
    public void A_rail_held_on_any_axis_either_way_at_any_range_is_a_fault_at_the_stuck_time(int axis, int rail, int rangeDps)
    {
        var h = AtRest(rangeDps);
        int sign = Math.Sign(rail);
        for (int k = 1; k <= 4; k++) Assert.True(Gyro(h, axis, sign * 8000 * k));   // a turn up to 32 000 counts
        for (int i = 0; i < 4; i++) Assert.True(Gyro(h, axis, rail));
        Assert.False(Gyro(h, axis, rail));
        Assert.True(h.FaultBegan);
        Assert.Equal(SensorHealth.FaultSaturation, h.Faults & SensorHealth.FaultSaturation);
        Assert.Equal(5, h.SaturatedSamples);
    }

    /// <summary>An accelerometer axis at either rail (+32767 or −32767) is counted and reported on
    /// each axis, and the sample still goes to the detector.</summary>
    [Theory]
    [InlineData(0, 32767)]
    [InlineData(0, -32767)]
    [InlineData(1, 32767)]
    [InlineData(1, -32767)]
    [InlineData(2, 32767)]
    [InlineData(2, -32767)]
    public void An_accelerometer_axis_at_either_rail_is_counted_but_not_held_back(int axis, int rail)
    {
        var h = AtRest();
        var a = new[] { 0, 0, 4096 };
        a[axis] = rail;
        Assert.True(h.Check(a[0], a[1], a[2], 1, 0, -1));
        Assert.Equal(1, h.AccelSaturatedSamples);
        Assert.Equal(SensorHealth.FaultAccelSaturation, h.Faults);
    }

    /// <summary>"More than 5 °/s" for a stuck reading at its exact value (82 counts at ±2000 °/s)
    /// on each axis and either sign: reported but not held back; one count further is held back.</summary>
    [Theory]
    [InlineData(0, -82)]
    [InlineData(1, 82)]
    [InlineData(1, -82)]
    [InlineData(2, 82)]
    [InlineData(2, -82)]
    public void A_reading_stuck_at_exactly_5_dps_on_any_axis_either_way_is_not_held_back(int axis, int counts)
    {
        foreach (int c in new[] { counts, counts + Math.Sign(counts) })
        {
            var h = AtRest();
            for (int k = 1; k <= 4; k++) Assert.True(Gyro(h, axis, c * k / 4));
            for (int i = 0; i < 5; i++) Gyro(h, axis, c);
            Assert.Equal(SensorHealth.FaultStuck, h.Faults & SensorHealth.FaultStuck);   // reported either way
            Assert.Equal(c == counts ? 0 : 1, h.FaultSpells);
        }
    }

    /// <summary>A gyro that freezes right after one axis turned (three samples of X turning, Y and Z
    /// steady) is stuck at its fifth repeat — the stuck time, 100 ms at 50 Hz — not later.</summary>
    [Fact]
    public void A_gyro_freezing_after_a_turn_of_one_axis_is_stuck_at_its_fifth_repeat()
    {
        var h = AtRest();
        for (int k = 1; k <= 3; k++) Assert.True(Gyro(h, 0, 1000 * k / 3));
        for (int i = 0; i < 4; i++) Assert.True(Gyro(h, 0, 1000));
        Assert.False(Gyro(h, 0, 1000));
        Assert.True(h.FaultBegan);
        Assert.Equal(SensorHealth.FaultStuck, h.Faults & SensorHealth.FaultStuck);
    }

    [Fact]
    public void Accelerometer_saturation_alone_is_reported_but_the_strides_still_count()
    {
        // Heel strikes beyond 8 g clip the accelerometer; the gyro is fine: count as usual.
        var l = new RecordingListener();
        var m = Signals.Monitor(l, MountingSite.Foot);
        int t = 0;
        Signals.Still(m, ref t, 10, noiseDps: 0.3);
        double countsPerDps = m.Sensor.GyroCountsPer10Dps / 10.0;
        for (int i = 0; i < 60 * 50; i++)
        {
            double dps = 30 * 2 * Math.PI * Math.Cos(2 * Math.PI * i / 50.0);
            int ax = i % 50 == 0 ? 32767 : 0;     // one clipped sample per stride
            m.OnSample(t, ax, 0, m.Sensor.AccelCountsPerG, 0, (int)Math.Round(dps * countsPerDps), 0);
            t += 20;
        }
        Signals.Still(m, ref t, 10, noiseDps: 0.3);
        Assert.InRange(l.Activations.Count, 58, 60);
        Assert.Equal(0, m.Health.FaultSpells);
        Assert.True((m.Health.Faults & SensorHealth.FaultAccelSaturation) != 0);
        Assert.Equal(60, m.Health.AccelSaturatedSamples);
        m.Health.ClearFaults();
        Assert.Equal(0, m.Health.Faults);
    }

    [Fact]
    public void A_sensor_stuck_for_an_hour_still_lets_the_alerts_come_on_time()
    {
        // The clock-driven stages keep running while the samples are faulty.
        var l = new RecordingListener();
        var m = Signals.Monitor(l, MountingSite.Shank);
        int t = 0;
        Signals.Still(m, ref t, 60, noiseDps: 0.3);
        for (int i = 0; i < 3600 * 50; i++)
        {
            m.OnSample(t, 100, 0, 4000, 500, -300, 200);
            t += 20;
        }
        Assert.Empty(l.Activations);
        Assert.True(m.Health.Faulted);
        Assert.Equal(1, m.Health.FaultSpells);
        Assert.NotEmpty(l.Alerts);
        Assert.InRange(l.Alerts[0].SpellS, 1799, 1801);
    }
}
