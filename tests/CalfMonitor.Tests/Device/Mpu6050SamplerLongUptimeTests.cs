using System;
using CalfMonitor.Core;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sedentary;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Device;

/// <summary>
/// The sampler on a device that runs for weeks: its times are wrapping 32-bit milliseconds, and a
/// difference reads right only under 2^31 ms (24.9 days). Weeks of polls are kept cheap: while the
/// sensor is fine, a stand-in answers the FIFO with one frame a poll (<see cref="OneFrameBus"/>) and
/// the sampler is polled once a second — the path it takes is the regular one (Ok, a frame drained);
/// while it is out, the chip sleeps and the rig polls every 10 s.
/// </summary>
public class Mpu6050SamplerLongUptimeTests
{
    private const long Day = 86_400_000;

    /// <summary>The emulated chip, except that while <see cref="Shortcut"/> is on its FIFO holds one
    /// frame at every poll (without producing weeks of 50 Hz samples); everything else — the
    /// configuration the sampler checks, INT_STATUS, a brown-out — is the emulator's.</summary>
    private sealed class OneFrameBus : II2cBus
    {
        private readonly EmulatedMpu6050 _emu;
        public bool Shortcut;
        public OneFrameBus(EmulatedMpu6050 emu) { _emu = emu; }
        public bool Write(byte[] data, int length) => _emu.Write(data, length);
        public bool WriteRead(byte[] write, int writeLength, byte[] read, int readLength)
        {
            if (!Shortcut || writeLength != 1 || (write[0] != 0x72 && write[0] != 0x74))
                return _emu.WriteRead(write, writeLength, read, readLength);
            if (write[0] == 0x72) { read[0] = 0; read[1] = Mpu6050Sampler.FifoFrameBytes; }
            else { Array.Clear(read, 0, readLength); read[4] = 0x10; }   // az = 4096: 1 g at ±8 g
            return true;
        }
    }

    private sealed class CountingSink : ISampleSink
    {
        public int Samples;
        public void OnSample(int sequence, int timeMs, int ax, int ay, int az, int gx, int gy, int gz) => Samples++;
        public void OnClockRate(int ratePpm) { }
    }

    [Fact]
    public void A_sensor_fine_for_weeks_that_then_glitches_is_retried_at_once()
    {
        var emu = new EmulatedMpu6050 { KeepLog = false };
        var bus = new OneFrameBus(emu);
        var sink = new CountingSink();
        var sampler = new Mpu6050Sampler(bus, new SensorConfig(50, 8, 2000, MountingSite.Shank), sink);
        long t = 5000;
        for (int i = 0; i < 20; i++) { t += 100; emu.AdvanceTo(t); sampler.Poll(unchecked((int)t)); }
        Assert.Equal(SensorState.Ok, sampler.State);

        // 25 days fine (more than 2^31 ms), polled once a second, a frame each time.
        bus.Shortcut = true;
        long end = t + 25 * Day;
        while (t < end) { t += 1000; sampler.Poll(unchecked((int)t)); }
        Assert.Equal(SensorState.Ok, sampler.State);

        // Then a brown-out: the sensor lost its configuration. It ran fine far longer than
        // StableRunMs, so it is retried now, not after a backoff.
        bus.Shortcut = false;
        emu.BrownOut();       // asleep: the emulator's clock catches up without producing samples
        emu.AdvanceTo(t);
        t += 100;
        emu.AdvanceTo(t);
        sampler.Poll(unchecked((int)t));
        Assert.Equal(SensorState.Reinitialising, sampler.State);
        Assert.Equal(unchecked((int)t), sampler.NextAttemptMs);
        int before = sink.Samples;
        long glitch = t;
        while (sink.Samples == before && t < glitch + 5000) { t += 100; emu.AdvanceTo(t); sampler.Poll(unchecked((int)t)); }
        Assert.Equal(SensorState.Ok, sampler.State);
        Assert.True(t - glitch <= 500, $"samples again {t - glitch} ms after the glitch");
    }

    /// <summary>When the last sample delivered was made (the emulator's clock) minus its stamp, ms,
    /// modulo 2^32 as the stamps are.</summary>
    private static int StampOffsetMs(SamplerRig rig)
    {
        var last = rig.Log.Samples[^1];
        long madeMs = rig.Emu.Generated[(int)SamplerRig.NumberOf(last.V)].Ns / 1_000_000;
        return unchecked((int)madeMs - last.TimeMs);
    }

    [Fact]
    public void A_sensor_out_for_weeks_keeps_the_device_clock_running_and_its_samples_come_back_stamped_on_time()
    {
        var rig = new SamplerRig();
        rig.Run(60_000);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        var policy = rig.Monitor.Policy;
        int setSeconds = WallClock.DaysFromCivil(2026, 1, 5) * WallClock.DaySeconds + 9 * 3600;
        Assert.True(policy.SetTime(rig.Monitor.NowMs, setSeconds));
        long setAt = rig.T;
        int offsetBefore = StampOffsetMs(rig);   // the stamps start at the first sample, not at 0

        // The sensor browns out and stops answering for 25.5 days (more than 2^31 ms): the device
        // goes on polling it, and the monitor's seconds go on with the sampler's stamp (StampAt).
        rig.Emu.BrownOut();
        rig.Emu.Silent = true;
        long outageEnd = rig.T + 25 * Day + Day / 2;
        int lastNow = rig.Monitor.NowMs;
        int stalled = 0;
        while (rig.T < outageEnd)
        {
            rig.Step(10_000);
            int now = rig.Monitor.NowMs;
            if (rig.Monitor.InSensorOutage && unchecked(now - lastNow) < 9_000) stalled++;
            lastNow = now;
        }
        Assert.True(rig.Monitor.InSensorOutage);
        Assert.Equal(0, stalled);   // the device's seconds never stood still, nor went back

        // The sensor answers again: its samples carry the time they were made, and the device's
        // clock (quiet hours, "today") reads the real time.
        rig.Emu.Silent = false;
        int logged = rig.Log.Samples.Count;
        long back = rig.T;
        while (rig.Sampler.State != SensorState.Ok && rig.T < back + Mpu6050Sampler.MaxBackoffMs + 1000) rig.Step(100);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        rig.Run(1_000);
        Assert.True(rig.Log.Samples.Count > logged);
        Assert.InRange(StampOffsetMs(rig) - offsetBefore, -200, 200);
        int expected = setSeconds + (int)((rig.T - setAt) / 1000);
        Assert.InRange(policy.Clock.LocalSeconds(rig.Monitor.NowMs), expected - 3, expected + 3);
    }
}
