using System;
using System.Collections.Generic;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Core.Storage;

namespace CalfMonitor.Tests.Device;

/// <summary>Every sample the sampler delivered.</summary>
public sealed class SampleLog : ISampleSink
{
    public List<(int Seq, int TimeMs, short[] V)> Samples { get; } = new();

    public void OnSample(int sequence, int timeMs, int ax, int ay, int az, int gx, int gy, int gz)
        => Samples.Add((sequence, timeMs, new[] { (short)ax, (short)ay, (short)az, (short)gx, (short)gy, (short)gz }));

    /// <summary>Every clock rate the sampler reported, ppm.</summary>
    public List<int> ClockRates { get; } = new();

    public void OnClockRate(int ratePpm) => ClockRates.Add(ratePpm);
}

/// <summary>Emulated sensor + sampler + monitor on an emulated clock, with the GATT server and
/// the sensor-fault notice on the motor, polled as the device's main loop polls them.</summary>
public sealed class SamplerRig
{
    /// <summary>Encodes the global sample number into ax/ay so tests can recover it.</summary>
    public static void NumberedSource(long k, short[] v)
    {
        v[0] = (short)(k % 30000);
        v[1] = (short)(k / 30000);
        v[2] = 4096;
        v[3] = (short)(k * 7 % 200 - 100);
        v[4] = (short)(k * 13 % 200 - 100);
        v[5] = (short)(k * 3 % 50 - 25);
    }

    public static long NumberOf(short[] v) => v[0] + 30000L * v[1];

    public EmulatedMpu6050 Emu { get; }
    public SampleLog Log { get; } = new();
    public RecordingListener Listener { get; } = new();
    public CalfPumpMonitor Monitor { get; }
    public Mpu6050Sampler Sampler { get; }
    public SensorConfig Config { get; }

    /// <summary>The motor the sensor-fault notice plays on (the rig's sedentary alerts go to
    /// <see cref="Listener"/> only).</summary>
    public MotorPattern Motor { get; } = new();
    public CalfMonitorGatt Gatt { get; }

    /// <summary>The notice, polled after every sensor poll as Program.cs polls it.</summary>
    public SensorFaultNotice Fault => Gatt.SensorFault;

    /// <summary>Wall clock, ms (the emulator's time; the sampler sees it as a wrapping int).</summary>
    public long T { get; private set; }

    /// <param name="whoAmI">The emulated chip's WHO_AM_I: 0x68 an MPU-6050, another value a chip
    /// of the MPU-6500 family (<see cref="EmulatedMpu6050"/>).</param>
    public SamplerRig(int rateHz = 50, long startMs = 5000, bool numbered = true, MountingSite site = MountingSite.Foot,
        int whoAmI = 0x68)
    {
        Emu = new EmulatedMpu6050(whoAmI);
        Config = new SensorConfig(rateHz, 8, 2000, site);
        if (numbered) Emu.Source = NumberedSource;
        Monitor = new CalfPumpMonitor(Config, new MonitorSettings(), Listener);
        Sampler = new Mpu6050Sampler(Emu, Config, new SampleSinkPair(Log, new MonitorSampleSink(Monitor)));
        Gatt = new CalfMonitorGatt(Monitor, LoadStatus.Ok);
        Gatt.SensorFault = new SensorFaultNotice(Monitor, Motor);
        T = startMs;
        Emu.AdvanceTo(T);
    }

    public int Step(int dtMs)
    {
        T += dtMs;
        Emu.AdvanceTo(T);
        int now = unchecked((int)T);
        int delivered = Sampler.Poll(now);
        // As the device's main loop does: while the sensor is out, the monitor's seconds go on.
        if (Sampler.State != SensorState.Ok) Monitor.SensorOutage(Sampler.StampAt(now));
        Gatt.SensorFault.Poll(now, Sampler.Samples);
        return delivered;
    }

    public void Run(long durationMs, int pollMs = 100)
    {
        long end = T + durationMs;
        while (T < end) Step(pollMs);
    }

    public void RunIrregular(long durationMs, Random rng, int minMs = 10, int maxMs = 600)
    {
        long end = T + durationMs;
        while (T < end) Step(rng.Next(minMs, maxMs + 1));
    }

    /// <summary>For every delivered sample: true generation time (ms) minus its stamp.</summary>
    public List<double> StampErrorsMs()
    {
        var result = new List<double>();
        foreach (var s in Log.Samples)
        {
            long k = NumberOf(s.V);
            result.Add(Emu.Generated[(int)k].Ns / 1e6 - s.TimeMs);
        }
        return result;
    }
}
