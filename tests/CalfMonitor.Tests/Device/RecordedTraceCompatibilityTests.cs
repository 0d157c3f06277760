using System.Collections.Generic;
using System.Linq;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Recording;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;
using Xunit;

namespace CalfMonitor.Tests.Device;

/// <summary>What record mode writes is what the simulator's trace reader accepts.</summary>
public class RecordedTraceCompatibilityTests
{
    private sealed class ByteOutput : ITraceOutput
    {
        public readonly List<byte> Bytes = new();
        public void Write(byte[] data, int length) => Bytes.AddRange(data.Take(length));
    }

    [Fact]
    public void A_recording_through_the_emulated_sensor_reads_back_in_the_simulator()
    {
        var output = new ByteOutput();
        var recorder = new TraceRecorder(output, TraceRecorder.DefaultBatchBytes);
        var rig = new SamplerRig(site: MountingSite.Shank);
        rig.Emu.Source = (k, v) =>
        {
            v[0] = (short)(k % 65536 - 32768); v[1] = short.MaxValue; v[2] = short.MinValue;
            v[3] = (short)(k % 7 - 3); v[4] = (short)(-k % 1000); v[5] = 0;
        };
        var sampler = new Mpu6050Sampler(rig.Emu, rig.Config, new SampleSinkPair(rig.Log, recorder));
        recorder.Begin(rig.Config, "CalfMonitor firmware 0.1.0");
        long t = rig.T;
        void Step(int dt) { t += dt; rig.Emu.AdvanceTo(t); sampler.Poll((int)t); recorder.Flush(); }
        for (int i = 0; i < 100; i++) Step(100);
        Step(3000);   // an overflow: a gap in t_ms
        for (int i = 0; i < 100; i++) Step(100);
        recorder.End();

        using var tmp = new TempDir();
        string path = tmp.FileBytes("recorded.csv", output.Bytes.ToArray());
        using var reader = new NativeTraceReader(path);
        Assert.Equal(50, reader.Header.SampleRateHz);
        Assert.Equal(8, reader.Header.AccelRangeG);
        Assert.Equal(2000, reader.Header.GyroRangeDps);
        Assert.Equal(MountingSite.Shank, reader.Header.Mounting);
        Assert.Equal("CalfMonitor firmware 0.1.0", reader.Header.Source);
        Assert.Equal(new[] { "seq" }, reader.Header.ExtraColumns);

        var rows = reader.ReadRows().ToList();
        var sent = rig.Log.Samples;
        Assert.Equal(sent.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(sent[i].TimeMs - sent[0].TimeMs, rows[i].TimeMs);
            Assert.Equal(sent[i].V, new[] { rows[i].Ax, rows[i].Ay, rows[i].Az, rows[i].Gx, rows[i].Gy, rows[i].Gz });
            Assert.Equal(i.ToString(), rows[i].Extra![0]);
        }
        Assert.Empty(reader.Warnings);
        using var again = new NativeTraceReader(path);
        var replayed = new CalfMonitor.Simulator.Replay.ReplayRunner().Run(again);
        Assert.Equal(1, replayed.Gaps);   // the overflow gap, reported as a gap
        Assert.Contains("recorded.csv:", Assert.Single(replayed.Warnings, w => w.Contains("gap of")));
        Assert.Contains("accel_saturation", replayed.SensorFaultKinds);   // two accelerometer axes sit at the rails
    }

    [Fact]
    public void A_source_with_characters_beyond_ascii_reads_back_with_question_marks()
    {
        var output = new ByteOutput();
        var recorder = new TraceRecorder(output, TraceRecorder.DefaultBatchBytes);
        var config = SensorConfig.Default(MountingSite.Foot);
        recorder.Begin(config, "CalfMonitor firmware 0.1.0, Z\u00fcrich 20\u00b0C");
        recorder.OnSample(0, 5000, 1, 2, 3, 4, 5, 6);
        recorder.OnSample(1, 5020, -1, -2, -3, -4, -5, -6);
        recorder.End();

        using var tmp = new TempDir();
        using var reader = new NativeTraceReader(tmp.FileBytes("recorded.csv", output.Bytes.ToArray()));
        Assert.Equal("CalfMonitor firmware 0.1.0, Z?rich 20?C", reader.Header.Source);
        Assert.Equal(MountingSite.Foot, reader.Header.Mounting);
        var rows = reader.ReadRows().ToList();
        Assert.Equal(new long[] { 0, 20 }, rows.Select(r => r.TimeMs));
        Assert.Equal(new short[] { -1, -2, -3, -4, -5, -6 }, new[] { rows[1].Ax, rows[1].Ay, rows[1].Az, rows[1].Gx, rows[1].Gy, rows[1].Gz });
        Assert.Empty(reader.Warnings);
    }
}
