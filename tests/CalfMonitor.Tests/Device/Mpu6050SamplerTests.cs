using System;
using System.Linq;
using CalfMonitor.Core;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Device;

public class Mpu6050SamplerTests
{
    [Theory]
    [InlineData(50, 19, 4)]
    [InlineData(100, 9, 3)]
    public void Configuration_sequence_writes_the_documented_register_values(int rateHz, int divider, int dlpf)
    {
        var rig = new SamplerRig(rateHz);
        rig.Run(1000);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);

        var expected = new (int Reg, int Value)[]
        {
            (0x6B, 0x80),      // DEVICE_RESET
            (0x6B, 0x01),      // wake, PLL with X gyro clock
            (0x19, divider),   // SMPLRT_DIV: 1 kHz / (1 + div)
            (0x1A, dlpf),      // CONFIG.DLPF_CFG
            (0x1B, 0x18),      // GYRO_CONFIG: ±2000 °/s
            (0x1C, 0x10),      // ACCEL_CONFIG: ±8 g
            (0x37, 0x00),      // INT_PIN_CFG
            (0x38, 0x10),      // INT_ENABLE: FIFO_OFLOW_EN
            (0x23, 0x78),      // FIFO_EN: XG, YG, ZG, ACCEL
            (0x6A, 0x04),      // USER_CTRL: FIFO_RESET with FIFO_EN = 0
            (0x6A, 0x40),      // USER_CTRL: FIFO_EN
        };
        Assert.Equal(expected, rig.Emu.Writes.Select(w => (w.Reg, w.Value)).ToArray());
        // The reset is given time to settle before the chip is touched again.
        Assert.True(rig.Emu.Writes[1].Ms - rig.Emu.Writes[0].Ms >= Mpu6050Sampler.ResetSettleMs);
    }

    [Theory]
    [InlineData(250, 2, 0x00, 0x00)]
    [InlineData(500, 4, 0x08, 0x08)]
    [InlineData(1000, 16, 0x10, 0x18)]
    [InlineData(2000, 8, 0x18, 0x10)]
    public void Range_registers_follow_the_configuration(int dps, int g, int gyroConfig, int accelConfig)
    {
        Assert.Equal(gyroConfig, Mpu6050Sampler.GyroConfigValue(dps));
        Assert.Equal(accelConfig, Mpu6050Sampler.AccelConfigValue(g));
    }

    [Theory]
    [InlineData(20, 5)]
    [InlineData(25, 5)]
    [InlineData(40, 4)]
    [InlineData(50, 4)]
    [InlineData(83, 4)]
    [InlineData(84, 3)]        // 42 Hz is exactly half: still the widest allowed
    [InlineData(100, 3)]
    [InlineData(125, 3)]
    [InlineData(195, 3)]
    [InlineData(196, 2)]       // 98 Hz is exactly half
    [InlineData(200, 2)]
    public void Dlpf_bandwidth_stays_below_half_the_sample_rate(int rateHz, int dlpf)
    {
        Assert.Equal(dlpf, Mpu6050Sampler.DlpfConfig(rateHz));
        int[] gyroBandwidthHz = { 256, 188, 98, 42, 20, 10, 5 };
        Assert.True(gyroBandwidthHz[dlpf] * 2 <= rateHz);
    }

    [Fact]
    public void Rates_that_are_not_whole_milliseconds_are_refused_at_start_up()
    {
        var emu = new EmulatedMpu6050();
        Assert.Throws<ArgumentException>(() => new Mpu6050Sampler(emu, new SensorConfig(60, 8, 2000, MountingSite.Foot), new SampleLog()));
        Assert.Throws<ArgumentException>(() => new Mpu6050Sampler(emu, new SensorConfig(300, 8, 2000, MountingSite.Foot), new SampleLog()));
    }

    [Theory]
    [InlineData(50)]
    [InlineData(100)]
    public void Samples_arrive_at_the_configured_rate_stamped_by_the_sensor_clock(int rateHz)
    {
        var rig = new SamplerRig(rateHz);
        rig.Run(60_000);
        var s = rig.Log.Samples;
        Assert.InRange(s.Count, 60 * rateHz - rateHz / 5, 60 * rateHz);
        int period = 1000 / rateHz;
        Assert.Equal(period, rig.Sampler.PeriodMs);
        for (int i = 0; i < s.Count; i++)
        {
            Assert.Equal(i, s[i].Seq);
            Assert.Equal(i * period, s[i].TimeMs);
        }
        Assert.Equal(0, rig.Monitor.Gaps);
        Assert.Equal(0, rig.Sampler.Overflows + rig.Sampler.Faults);
    }

    [Fact]
    public void Fifo_decoding_is_bit_exact_including_int16_extremes()
    {
        short[] edge = { short.MinValue, short.MaxValue, -1, 0, 1, -256, 255, 256, -255, 0x7F00, unchecked((short)0x80FF), -12345 };
        var rig = new SamplerRig();
        rig.Emu.Source = (k, v) =>
        {
            SamplerRig.NumberedSource(k, v);
            v[2] = edge[k % edge.Length];
            v[3] = edge[(k + 3) % edge.Length];
            v[4] = edge[(k + 5) % edge.Length];
            v[5] = edge[(k + 7) % edge.Length];
        };
        rig.Run(10_000, pollMs: 130);
        Assert.True(rig.Log.Samples.Count > 400);
        foreach (var s in rig.Log.Samples)
        {
            var generated = rig.Emu.Generated[(int)SamplerRig.NumberOf(s.V)].Values;
            Assert.Equal(generated, s.V);
        }
        var seen = rig.Log.Samples.SelectMany(s => s.V.Skip(2)).ToHashSet();
        Assert.Contains(short.MinValue, seen);
        Assert.Contains(short.MaxValue, seen);
    }

    [Fact]
    public void Every_axis_is_decoded_bit_exact_the_y_axis_too()
    {
        // The numbered source keeps the Y axis at 0 for the first 30 000 samples, so the test above
        // never sees its high byte: here the sample's number is in X alone and Y takes the extremes.
        short[] edge = { short.MinValue, short.MaxValue, -1, 0, 1, -256, 255, 256, -255, 0x7F00, unchecked((short)0x80FF), -12345 };
        var rig = new SamplerRig();
        rig.Emu.Source = (k, v) =>
        {
            v[0] = (short)(k % 30000);
            for (int axis = 1; axis < 6; axis++) v[axis] = edge[(k + 2 * axis) % edge.Length];
        };
        rig.Run(10_000, pollMs: 130);
        Assert.True(rig.Log.Samples.Count > 400);
        foreach (var s in rig.Log.Samples) Assert.Equal(rig.Emu.Generated[s.V[0]].Values, s.V);
        var seenY = rig.Log.Samples.Select(s => s.V[1]).ToHashSet();
        Assert.Contains(short.MinValue, seenY);
        Assert.Contains(short.MaxValue, seenY);
    }

    [Fact]
    public void Big_endian_helper_decodes_signed_values()
    {
        Assert.Equal(-32768, Mpu6050Sampler.ReadInt16BigEndian(new byte[] { 0x80, 0x00 }, 0));
        Assert.Equal(32767, Mpu6050Sampler.ReadInt16BigEndian(new byte[] { 0x7F, 0xFF }, 0));
        Assert.Equal(-1, Mpu6050Sampler.ReadInt16BigEndian(new byte[] { 0, 0xFF, 0xFF }, 1));
        Assert.Equal(256, Mpu6050Sampler.ReadInt16BigEndian(new byte[] { 0x01, 0x00 }, 0));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 350)]
    [InlineData(3, -250)]
    public void No_sample_is_dropped_or_duplicated_over_a_long_run_with_irregular_polls(int seed, int clockErrorPpm)
    {
        // Start close to the wrap of the int tick count, so the wall clock wraps mid-run.
        var rig = new SamplerRig(50, startMs: int.MaxValue - 600_000L);
        rig.Emu.ClockErrorPpm = clockErrorPpm * 10;   // up to ±0.35 %: the chip's oscillator, not ours
        rig.RunIrregular(30 * 60_000, new Random(seed), 10, 1200);
        var s = rig.Log.Samples;
        double expected = 30 * 60 * 50 / (1 + clockErrorPpm * 10 / 1e6);
        Assert.InRange(s.Count, expected - 70, expected + 1);
        long first = SamplerRig.NumberOf(s[0].V);
        for (int i = 0; i < s.Count; i++)
        {
            Assert.Equal(first + i, SamplerRig.NumberOf(s[i].V));   // every sample, once, in order
            Assert.Equal(i, s[i].Seq);
            Assert.Equal(i * 20, s[i].TimeMs);                     // the sensor's clock, not the poll times
        }
        Assert.True(rig.Emu.SamplesGenerated - (first + s.Count) <= 60, "only the last poll's worth is still in the FIFO");
        Assert.Equal(0, rig.Sampler.Overflows);
        Assert.Equal(0, rig.Monitor.Gaps);
    }

    [Fact]
    public void Fifo_overflow_gives_the_monitor_a_gap_of_the_lost_span_and_the_fifo_recovers()
    {
        var rig = new SamplerRig();
        rig.Run(10_000);
        int before = rig.Log.Samples.Count;
        rig.Step(3000);   // 150 samples at 50 Hz: more than the 85 frames the FIFO holds
        Assert.True(rig.Emu.BytesDropped > 0);
        Assert.Equal(1, rig.Sampler.Overflows);
        rig.Run(10_000);

        var s = rig.Log.Samples;
        var errors = rig.StampErrorsMs();
        double offset = errors[0];
        // Stamps stay within one period of the true sample time, before and after the gap.
        Assert.All(errors, e => Assert.InRange(e - offset, -20.0, 20.0));
        // Exactly one jump, spanning the lost samples.
        var jumps = Enumerable.Range(1, s.Count - 1).Where(i => s[i].TimeMs - s[i - 1].TimeMs != 20).ToList();
        Assert.Single(jumps);
        int j = jumps[0];
        Assert.Equal(before, j);
        long lostTrue = SamplerRig.NumberOf(s[j].V) - SamplerRig.NumberOf(s[j - 1].V);
        Assert.InRange((s[j].TimeMs - s[j - 1].TimeMs) / 20, lostTrue - 1, lostTrue + 1);
        Assert.InRange(s[j].Seq - s[j - 1].Seq, lostTrue - 1, lostTrue + 1);
        Assert.Equal(1, rig.Monitor.Gaps);
        // After the reset every sample arrives again.
        for (int i = j + 1; i < s.Count; i++) Assert.Equal(SamplerRig.NumberOf(s[i - 1].V) + 1, SamplerRig.NumberOf(s[i].V));
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
    }

    [Fact]
    public void A_fifo_that_lost_frame_alignment_is_reset_instead_of_decoded()
    {
        var rig = new SamplerRig();
        rig.Run(5000);
        rig.Emu.AdvanceTo(rig.T + 50);
        rig.Emu.DropFifoByte();
        rig.Run(5000);
        Assert.Equal(1, rig.Sampler.Overflows);
        // Nothing misaligned was delivered: every sample is one that was generated, values intact.
        foreach (var s in rig.Log.Samples)
        {
            long k = SamplerRig.NumberOf(s.V);
            Assert.InRange(k, 0, rig.Emu.SamplesGenerated - 1);
            Assert.Equal(rig.Emu.Generated[(int)k].Values, s.V);
        }
        // And the samples after the reset were delivered: the last is from the last poll. (Only
        // "not empty" was asserted, which the 5 s before the fault satisfy alone: a FIFO left
        // disabled by the reset passed.)
        var delivered = rig.Log.Samples;
        long last = SamplerRig.NumberOf(delivered[^1].V);
        Assert.True(rig.Emu.SamplesGenerated - 1 - last <= 5, $"the last sample delivered is {last}, {rig.Emu.SamplesGenerated} generated");
        // 10 s at 50 Hz, less what the reset threw away (485 today, deterministic: the emulator's
        // clock and the polls are fixed; the room is two polls either way).
        Assert.InRange(delivered.Count, 475, 495);
        Assert.True(rig.Emu.SamplesGenerated - 1 - SamplerRig.NumberOf(rig.Log.Samples[^1].V) <= 60, "only the last poll's worth is still in the FIFO");
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
    }

    [Fact]
    public void A_short_nack_burst_costs_no_sample()
    {
        var rig = new SamplerRig();
        rig.Run(5000);
        rig.Emu.NackUntilMs = rig.T + 150;   // one or two polls fail
        rig.Run(10_000);
        Assert.True(rig.Sampler.Faults > 0);
        Assert.Equal(0, rig.Sampler.Reinits);
        Assert.Equal(0, rig.Monitor.Gaps);
        var s = rig.Log.Samples;
        for (int i = 1; i < s.Count; i++) Assert.Equal(SamplerRig.NumberOf(s[i - 1].V) + 1, SamplerRig.NumberOf(s[i].V));
        // Every sample, from the first to those of the last poll (none stopped after the burst).
        Assert.NotEmpty(s);
        Assert.True(rig.Emu.SamplesGenerated - (SamplerRig.NumberOf(s[0].V) + s.Count) <= 60, "only the last poll's worth is still in the FIFO");
    }

    [Fact]
    public void A_long_nack_burst_reinitialises_once_and_the_monitor_sees_a_gap()
    {
        var rig = new SamplerRig(numbered: false);
        rig.Run(60_000);
        rig.Emu.NackUntilMs = rig.T + 2500;
        rig.Run(60_000);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        Assert.Equal(1, rig.Sampler.Reinits);
        Assert.Equal(1, rig.Monitor.Gaps);                 // the one re-initialisation's, counted once
        Assert.Empty(rig.Listener.Activations);   // a still sensor stays still across the fault
        var s = rig.Log.Samples;
        int bigJumps = Enumerable.Range(1, s.Count - 1).Count(i => s[i].TimeMs - s[i - 1].TimeMs > 20);
        Assert.Equal(1, bigJumps);
        // The lost span is about the outage: 2.5 s plus the backoff until the chip answered.
        int gap = Enumerable.Range(1, s.Count - 1).Select(i => s[i].TimeMs - s[i - 1].TimeMs).Max();
        Assert.InRange(gap, 2500, 6000);
    }

    [Fact]
    public void A_silent_chip_is_retried_with_a_growing_bounded_backoff_and_picked_up_when_it_returns()
    {
        var rig = new SamplerRig();
        rig.Run(60_000);
        rig.Emu.Silent = true;
        int attemptsBefore = rig.Sampler.InitAttempts;
        int nacksBefore = rig.Emu.Nacks;
        rig.Run(15 * 60_000);
        Assert.Equal(SensorState.Absent, rig.Sampler.State);
        int attempts = rig.Sampler.InitAttempts - attemptsBefore;
        // Immediate, then 1, 2, 4, 8, 16, 32, 60, 60 … s: about 20 attempts in 15 minutes, never a tight loop.
        Assert.InRange(attempts, 15, 24);
        Assert.True(rig.Emu.Nacks - nacksBefore < 40, "the bus is probed a few times a minute at most");

        rig.Emu.Silent = false;
        rig.Run(61_000 + 1000);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        rig.Run(5000);
        Assert.Equal(1, rig.Monitor.Gaps);                 // one for the whole outage, none more when it ends
        var s = rig.Log.Samples;
        var errors = rig.StampErrorsMs();
        Assert.All(errors, e => Assert.InRange(e - errors[0], -20.0, 20.0));
    }

    [Fact]
    public void Retry_intervals_double_from_one_second_to_a_minute()
    {
        var rig = new SamplerRig();
        rig.Emu.Silent = true;
        var attemptTimes = new System.Collections.Generic.List<long>();
        int last = 0;
        long end = rig.T + 10 * 60_000;
        while (rig.T < end)
        {
            rig.Step(10);
            if (rig.Sampler.InitAttempts != last) { last = rig.Sampler.InitAttempts; attemptTimes.Add(rig.T); }
        }
        var intervals = attemptTimes.Zip(attemptTimes.Skip(1), (a, b) => b - a).ToList();
        long[] expected = { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000 };
        for (int i = 0; i < expected.Length; i++) Assert.InRange(intervals[i], expected[i], expected[i] + 20);
        Assert.All(intervals, d => Assert.InRange(d, 1000, 60020));
    }

    [Fact]
    public void A_wall_clock_that_jumps_back_does_not_postpone_the_next_attempt_for_days()
    {
        var emu = new EmulatedMpu6050 { Silent = true };
        var sampler = new Mpu6050Sampler(emu, SensorConfig.Default(MountingSite.Foot), new SampleLog());
        sampler.Poll(1_000_000);
        Assert.Equal(1, sampler.InitAttempts);
        emu.Silent = false;
        int t = 1_000_000 - 3_600_000;   // an hour back
        // The chip samples meanwhile (a FIFO that stays empty is a stopped sensor: FifoStallTests).
        for (int i = 0; i < 30; i++)
        {
            emu.AdvanceTo((i + 1) * 100L);
            sampler.Poll(t += 100);
        }
        Assert.Equal(SensorState.Ok, sampler.State);
    }

    [Theory]
    [InlineData(0x00)]   // a part that reads 0 there
    [InlineData(0x12)]   // ICM-20602: not a chip sold as an MPU-6050, not configured
    [InlineData(0xFF)]
    public void A_who_am_i_of_no_supported_chip_is_reported_absent_and_never_configured(int whoAmI)
    {
        var rig = new SamplerRig();
        rig.Emu.WhoAmI = whoAmI;
        rig.Run(5 * 60_000);
        Assert.Equal(SensorState.Absent, rig.Sampler.State);
        Assert.Equal(whoAmI, rig.Sampler.ChipIdentity);
        Assert.Empty(rig.Log.Samples);
        Assert.All(rig.Emu.Writes, w => Assert.Equal((0x6B, 0x80), (w.Reg, w.Value)));
        Assert.InRange(rig.Sampler.InitAttempts, 5, 12);
        Assert.Empty(rig.Listener.Activations);
    }

    [Fact]
    public void A_brown_out_of_the_sensor_is_detected_and_recovered()
    {
        var rig = new SamplerRig(numbered: false);
        rig.Run(60_000);
        rig.Emu.BrownOut();
        rig.Run(60_000);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        Assert.Equal(1, rig.Sampler.Reinits);
        Assert.Equal(1, rig.Monitor.Gaps);
        Assert.Empty(rig.Listener.Activations);
        Assert.InRange(rig.Log.Samples.Count, 120 * 50 - 30, 120 * 50);   // ~0.5 s lost: detection + reset settle
    }

    [Fact]
    public void A_sensor_that_browns_out_after_every_start_backs_off_instead_of_looping()
    {
        var rig = new SamplerRig(numbered: false);
        int lastReinits = -1;
        long end = rig.T + 10 * 60_000;
        while (rig.T < end)
        {
            rig.Step(100);
            if (rig.Sampler.State == SensorState.Ok && rig.Sampler.Reinits != lastReinits)
            {
                lastReinits = rig.Sampler.Reinits;
                rig.Step(100);
                rig.Emu.BrownOut();   // dies again right after it came up
            }
        }
        // Immediate first retry after a stable run is not granted: 1, 2, 4 … 60 s apart.
        Assert.InRange(rig.Sampler.InitAttempts, 10, 20);
        Assert.Empty(rig.Listener.Activations);
    }

    [Fact]
    public void Samples_through_the_emulated_sensor_count_the_same_activations_as_a_direct_feed()
    {
        var rig = new SamplerRig(numbered: false);
        double countsPerDps = rig.Config.GyroCountsPer10Dps / 10.0;
        rig.Emu.Source = (k, v) =>
        {
            double t = k / 50.0;
            double dps = t < 3 ? 0 : 10 * 2 * Math.PI * 1.0 * Math.Cos(2 * Math.PI * 1.0 * t);   // 20° peak-to-peak, 1 Hz
            v[0] = 0; v[1] = 0; v[2] = 4096;
            v[3] = 0; v[4] = (short)Math.Round(dps * countsPerDps); v[5] = 0;
        };
        rig.Run(45_000, pollMs: 110);
        Assert.InRange(rig.Listener.Activations.Count, 38, 42);
    }

    [Fact]
    public void Poll_allocates_nothing()
    {
        var rig = new SamplerRig(numbered: false);
        rig.Emu.KeepLog = false;
        var listener = new CountingListener();
        var monitor = new CalfPumpMonitor(rig.Config, new MonitorSettings(), listener);
        var emu = rig.Emu;
        var sampler = new Mpu6050Sampler(emu, rig.Config, new MonitorSampleSink(monitor));
        long t = rig.T;
        void Step(int dt, ref long measured)
        {
            t += dt;
            emu.AdvanceTo(t);
            long before = GC.GetAllocatedBytesForCurrentThread();
            sampler.Poll(unchecked((int)t));
            measured += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long warm = 0;
        for (int i = 0; i < 2000; i++) Step(100, ref warm);
        Step(3000, ref warm);               // overflow path
        emu.BrownOut();
        for (int i = 0; i < 100; i++) Step(100, ref warm);   // re-initialisation path

        long measured = AllocationProbe.Min(3, () =>
        {
            long bytes = 0;              // Poll's own bytes, not the emulator's
            for (int i = 0; i < 5000; i++) Step(i % 7 == 0 ? 250 : 90, ref bytes);
            Step(3000, ref bytes);           // overflow again
            emu.NackUntilMs = t + 500;       // NACK burst
            for (int i = 0; i < 50; i++) Step(100, ref bytes);
            emu.BrownOut();                  // and a sensor reset
            for (int i = 0; i < 100; i++) Step(100, ref bytes);
            return bytes;
        });
        Assert.Equal(SensorState.Ok, sampler.State);
        Assert.True(sampler.Samples > 20_000);
        Assert.True(sampler.Overflows >= 4, "the overflow path was measured in every window");
        Assert.True(sampler.Reinits >= 4, "the re-initialisation path was measured in every window");
        Assert.Equal(0, measured);
    }

    private sealed class CountingListener : CalfMonitor.Core.Events.IMonitorListener
    {
        public int Events;
        public void OnActivation(int timeMs, int sampleNumber) => Events++;
        public void OnSpellEnded(int timeMs, int endedSpellSeconds) => Events++;
        public void OnSecond(int timeMs, int activationsLast60s, int spellSeconds) => Events++;
        public void OnMinute(int minuteIndex, int activations) => Events++;
        public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason) { }
        public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason) => Events++;
    }

    [Fact]
    public void A_steady_poll_is_four_bus_transfers_the_fifo_count_read_once()
    {
        // While all is well a poll reads INT_STATUS, USER_CTRL with PWR_MGMT_1, FIFO_COUNT and one
        // burst of frames: the count is read a second time only when it is not a whole number of
        // frames (a frame being written), never on every poll.
        var rig = new SamplerRig(50);
        rig.Run(2000);
        for (int i = 0; i < 10; i++)
        {
            int before = rig.Emu.Transactions;
            Assert.Equal(5, rig.Step(100));      // 5 frames at 50 Hz: one burst
            Assert.Equal(4, rig.Emu.Transactions - before);
        }
    }

    [Fact]
    public void Three_failed_polls_in_a_row_reinitialise_the_sensor_two_do_not()
    {
        var rig = new SamplerRig(50);
        rig.Run(2000);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        for (int i = 0; i < 2; i++)
        {
            rig.Emu.NackNext = 1;                 // the poll's first transfer fails
            rig.Step(100);
        }
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        rig.Emu.NackNext = 1;
        rig.Step(100);
        Assert.Equal(SensorState.Reinitialising, rig.Sampler.State);
    }

    [Theory]
    [InlineData(1)]   // USER_CTRL and PWR_MGMT_1: is the chip still configured?
    [InlineData(2)]   // FIFO_COUNT
    public void Three_polls_failing_at_a_later_transfer_reinitialise_the_sensor_two_do_not(int transfer)
    {
        // The poll's transfers: INT_STATUS, USER_CTRL + PWR_MGMT_1, FIFO_COUNT, then the FIFO.
        // A failure at any of the first three is a failed poll, whichever it is.
        var rig = new SamplerRig(50);
        rig.Run(2000);
        int samples = rig.Sampler.Samples;
        for (int i = 0; i < 2; i++)
        {
            rig.Emu.NackOneAfter = transfer;
            Assert.Equal(0, rig.Step(100));
        }
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        rig.Emu.NackOneAfter = transfer;
        rig.Step(100);
        Assert.Equal(SensorState.Reinitialising, rig.Sampler.State);
        Assert.Equal(samples, rig.Sampler.Samples);
    }

    [Fact]
    public void A_fifo_read_that_fails_is_followed_by_one_fifo_reset_and_sampling_goes_on()
    {
        // A burst that fails may have taken bytes out of the FIFO: its frame alignment is unknown,
        // so the next poll resets the FIFO (counted as an overflow, its span skipped) — once.
        var rig = new SamplerRig(50);
        rig.Run(2000);
        int samples = rig.Sampler.Samples;
        rig.Emu.NackFifoReadsNext = 1;
        rig.Run(3000);
        Assert.Equal(1, rig.Sampler.Overflows);
        Assert.InRange(rig.Sampler.Samples - samples, 140, 150);        // 3 s at 50 Hz, less a poll or two
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
    }

    [Fact]
    public void A_chip_that_does_not_keep_its_accelerometer_range_is_not_sampled_until_it_does()
    {
        // ±8 g asked (ACCEL_CONFIG 0x10); a chip left at ±2 g would read gravity four times too
        // large — posture and walk's signs wrong. The configuration is read back: not in use.
        var rig = new SamplerRig(50);
        rig.Emu.IgnoreWritesTo = 0x1C;
        rig.Run(5000);
        Assert.NotEqual(SensorState.Ok, rig.Sampler.State);
        Assert.Equal(0, rig.Sampler.Samples);
        rig.Emu.IgnoreWritesTo = -1;
        rig.Run(120_000);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        Assert.True(rig.Sampler.Samples > 0);
    }

    /// <summary>The transfers of one configuration after DEVICE_RESET on an MPU-6050: WHO_AM_I,
    /// eight register writes, the two read-backs, the FIFO reset and enable, the overflow flag's
    /// read; an MPU-6500 writes ACCEL_CONFIG2 too.</summary>
    private const int ConfigurationTransfers = 14;

    [Theory]
    [MemberData(nameof(ConfigurationTransferIndexes))]
    public void A_transfer_that_fails_during_the_configuration_retries_it_from_reset_after_the_backoff(int whoAmI, int failing)
    {
        // Whichever transfer of the configuration fails, the chip is not taken as running: the
        // attempt starts again from DEVICE_RESET one backoff (1 s) later, and then samples come.
        var rig = new SamplerRig(50, whoAmI: whoAmI);
        rig.Step(10);                                          // the first poll: DEVICE_RESET
        long firstReset = rig.T;
        rig.Emu.NackOneAfter = failing;                        // counted from the next transfer on
        long okAt = -1;
        long end = rig.T + 3000;
        while (rig.T < end)
        {
            rig.Step(10);
            if (okAt < 0 && rig.Sampler.State == SensorState.Ok) okAt = rig.T;
        }
        Assert.Equal(1, rig.Emu.Nacks);
        var resets = rig.Emu.Writes.Where(w => w.Reg == 0x6B && w.Value == 0x80).Select(w => w.Ms).ToList();
        Assert.Equal(2, resets.Count);
        Assert.InRange(resets[1] - firstReset, 1100, 1120);   // settle 100 ms, fail, back off 1 s
        Assert.InRange(okAt - resets[1], 100, 110);            // Ok only once the second configuration passed
        Assert.True(rig.Sampler.Samples > 0);
    }

    public static TheoryData<int, int> ConfigurationTransferIndexes()
    {
        var data = new TheoryData<int, int>();
        for (int i = 0; i < ConfigurationTransfers; i++) data.Add(0x68, i);
        for (int i = 0; i < ConfigurationTransfers + 1; i++) data.Add(0x70, i);
        return data;
    }

    [Theory]
    [InlineData(0x1C)]   // ACCEL_CONFIG: read back with the three registers before it
    [InlineData(0x23)]   // FIFO_EN: read back alone
    public void A_chip_that_never_keeps_its_configuration_is_retried_from_reset_with_the_growing_backoff(int register)
    {
        // Each attempt is DEVICE_RESET, the settle time, one configuration that does not read back,
        // then the backoff (1, 2, 4 … 60 s): never a configuration retried on every poll, never the
        // chip taken as running in between.
        var rig = new SamplerRig(50);
        rig.Emu.IgnoreWritesTo = register;
        long end = rig.T + 5 * 60_000;
        while (rig.T < end)
        {
            rig.Step(10);
            Assert.NotEqual(SensorState.Ok, rig.Sampler.State);
        }
        var resets = rig.Emu.Writes.Where(w => w.Reg == 0x6B && w.Value == 0x80).Select(w => w.Ms).ToList();
        var intervals = resets.Zip(resets.Skip(1), (a, b) => b - a).ToList();
        long[] expected = { 1100, 2100, 4100, 8100, 16100, 32100, 60100, 60100 };
        Assert.True(intervals.Count >= expected.Length, $"{resets.Count} resets in 5 minutes");
        for (int i = 0; i < expected.Length; i++) Assert.InRange(intervals[i], expected[i], expected[i] + 20);
        Assert.Equal(resets.Count, rig.Emu.Writes.Count(w => w.Reg == register));   // one configuration per reset
        Assert.Equal(0, rig.Sampler.Samples);
    }
}
