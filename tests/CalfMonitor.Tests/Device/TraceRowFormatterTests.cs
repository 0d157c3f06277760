using System;
using System.Collections.Generic;
using System.Text;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Recording;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Device;

public class TraceRowFormatterTests
{
    private static string Row(int t, int ax, int ay, int az, int gx, int gy, int gz, int seq)
    {
        var buffer = new byte[TraceRowFormatter.MaxRowBytes + 10];
        buffer.AsSpan().Fill((byte)'#');
        int n = TraceRowFormatter.WriteRow(buffer, 3, t, ax, ay, az, gx, gy, gz, seq);
        Assert.Equal((byte)'#', buffer[2]);
        Assert.Equal((byte)'#', buffer[3 + n]);
        return Encoding.ASCII.GetString(buffer, 3, n);
    }

    [Fact]
    public void Header_is_the_native_trace_header()
    {
        string expected =
            "# calfmon-trace 1\n" +
            "# sample_rate_hz: 50\n" +
            "# accel_range_g: 8\n" +
            "# gyro_range_dps: 2000\n" +
            "# mounting: shank\n" +
            "# source: CalfMonitor firmware 0.1.0\n" +
            "t_ms,ax,ay,az,gx,gy,gz,seq\n";
        Assert.Equal(expected, TraceRowFormatter.Header(SensorConfig.Default(MountingSite.Shank), "CalfMonitor firmware 0.1.0"));
        Assert.Contains("# mounting: foot\n", TraceRowFormatter.Header(new SensorConfig(100, 16, 1000, MountingSite.Foot), "x"));
        Assert.Contains("# sample_rate_hz: 100\n# accel_range_g: 16\n# gyro_range_dps: 1000\n", TraceRowFormatter.Header(new SensorConfig(100, 16, 1000, MountingSite.Foot), "x"));
    }

    [Fact]
    public void Rows_are_exact_ascii_lines()
    {
        Assert.Equal("0,12,-40,4096,3,-2,1,0\n", Row(0, 12, -40, 4096, 3, -2, 1, 0));
        Assert.Equal("20,0,0,0,0,0,0,1\n", Row(20, 0, 0, 0, 0, 0, 0, 1));
        Assert.Equal("1234567,-32768,32767,-1,10,-10,100,61728\n", Row(1234567, -32768, 32767, -1, 10, -10, 100, 61728));
    }

    [Fact]
    public void The_longest_row_fits_the_advertised_size()
    {
        string row = Row(int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue);
        Assert.Equal(TraceRowFormatter.MaxRowBytes, row.Length);
        Assert.Equal(string.Join(",", System.Linq.Enumerable.Repeat("-2147483648", 8)) + "\n", row);
    }

    [Fact]
    public void Integers_match_dotnet_formatting_including_extremes()
    {
        var buffer = new byte[16];
        var values = new List<int> { 0, 1, -1, 9, 10, -10, 99, 100, short.MinValue, short.MaxValue, int.MinValue, int.MaxValue, int.MinValue + 1, 1000000000, -1000000000 };
        var rng = new Random(5);
        for (int i = 0; i < 10000; i++) values.Add(rng.Next(int.MinValue, int.MaxValue));
        foreach (int v in values)
        {
            int n = TraceRowFormatter.WriteInt(buffer, 2, v);
            Assert.Equal(v.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.ASCII.GetString(buffer, 2, n));
        }
    }

    [Fact]
    public void Ascii_writer_replaces_other_characters()
    {
        var buffer = new byte[8];
        int n = TraceRowFormatter.WriteAscii(buffer, 1, "a°b\u0080\u007f");
        // The bytes themselves: .NET's ASCII decoder would turn a stray 0xB0 into '?' as well.
        Assert.Equal(new byte[] { (byte)'a', (byte)'?', (byte)'b', (byte)'?', 0x7F }, buffer.AsSpan(1, n).ToArray());
    }

    private sealed class CollectingOutput : ITraceOutput
    {
        public readonly List<byte> Bytes = new();
        public readonly List<int> Lengths = new();
        public int Writes;
        public void Write(byte[] data, int length) { Writes++; Lengths.Add(length); for (int i = 0; i < length; i++) Bytes.Add(data[i]); }
        public string Text => Encoding.ASCII.GetString(Bytes.ToArray());
    }

    [Fact]
    public void Recorder_writes_header_then_rows_relative_to_the_first_sample()
    {
        var output = new CollectingOutput();
        var recorder = new TraceRecorder(output, 256);
        var config = SensorConfig.Default(MountingSite.Shank);
        recorder.Begin(config, "CalfMonitor firmware 0.1.0");
        recorder.OnSample(500, 10_000, 12, -40, 4096, 3, -2, 1);
        recorder.OnSample(501, 10_020, -32768, 32767, 0, 0, 0, 0);
        recorder.OnSample(505, 10_100, 1, 2, 3, 4, 5, 6);   // 3 samples lost by the sensor: t jumps, seq does not
        recorder.Flush();
        Assert.Equal(TraceRowFormatter.Header(config, "CalfMonitor firmware 0.1.0")
            + "0,12,-40,4096,3,-2,1,0\n"
            + "20,-32768,32767,0,0,0,0,1\n"
            + "100,1,2,3,4,5,6,2\n", output.Text);
        Assert.Equal(3, recorder.Rows);
    }

    [Fact]
    public void Recorder_follows_record_mode_and_starts_anew_when_the_mounting_changes()
    {
        var output = new CollectingOutput();
        var recorder = new TraceRecorder(output, 256);
        var shank = SensorConfig.Default(MountingSite.Shank);
        recorder.Follow(false, shank, "s");
        Assert.False(recorder.Recording);
        recorder.Follow(true, shank, "s");
        Assert.True(recorder.Recording);                        // what the status LED shows
        recorder.OnSample(1, 20, 1, 1, 1, 1, 1, 1);
        recorder.Follow(true, shank, "s");                      // nothing changed: same recording
        recorder.OnSample(2, 40, 2, 2, 2, 2, 2, 2);
        var foot = SensorConfig.Default(MountingSite.Foot);    // a Config write moved it to the shoe
        recorder.Follow(true, foot, "s");
        recorder.OnSample(3, 60, 3, 3, 3, 3, 3, 3);
        recorder.Follow(false, foot, "s");
        recorder.OnSample(4, 80, 4, 4, 4, 4, 4, 4);
        Assert.False(recorder.Recording);
        Assert.Equal(TraceRowFormatter.Header(shank, "s") + "0,1,1,1,1,1,1,0\n20,2,2,2,2,2,2,1\n"
            + TraceRowFormatter.Header(foot, "s") + "0,3,3,3,3,3,3,0\n", output.Text);
    }

    [Fact]
    public void Recorder_ignores_samples_outside_a_recording_and_restarts_at_zero()
    {
        var output = new CollectingOutput();
        var recorder = new TraceRecorder(output, 256);
        var config = SensorConfig.Default(MountingSite.Foot);
        recorder.OnSample(1, 20, 1, 1, 1, 1, 1, 1);
        recorder.Flush();                                       // the firmware flushes after every poll, recording or not
        Assert.Empty(output.Bytes);
        Assert.Equal(0, output.Writes);                         // not even an empty write
        recorder.Begin(config, "a");
        recorder.OnSample(2, 40, 1, 1, 1, 1, 1, 1);
        recorder.End();
        recorder.OnSample(3, 60, 1, 1, 1, 1, 1, 1);
        recorder.Begin(config, "b");
        recorder.OnSample(9, 180, 2, 2, 2, 2, 2, 2);
        recorder.End();
        Assert.Equal(TraceRowFormatter.Header(config, "a") + "0,1,1,1,1,1,1,0\n" + TraceRowFormatter.Header(config, "b") + "0,2,2,2,2,2,2,0\n", output.Text);
        Assert.False(recorder.Recording);
    }

    [Fact]
    public void Recorder_flushes_full_batches_and_allocates_nothing_per_sample()
    {
        var output = new CollectingOutput();
        var recorder = new TraceRecorder(output, TraceRecorder.DefaultBatchBytes);
        recorder.Begin(SensorConfig.Default(MountingSite.Foot), "test");
        for (int i = 0; i < 100; i++) recorder.OnSample(i, i * 20, i, -i, 4096, 1, 2, 3);   // warm-up
        recorder.Flush();
        output.Bytes.Clear();
        output.Bytes.Capacity = 1 << 20;
        output.Lengths.Clear();
        output.Lengths.Capacity = 1 << 12;
        int next = 100;
        long allocated = AllocationProbe.MinBytes(3, () =>
        {
            for (int end = next + 3000; next < end; next++) recorder.OnSample(next, next * 20, short.MinValue, short.MaxValue, -next, next, -1, 0);
        });
        recorder.Flush();
        Assert.Equal(0, allocated);
        string[] lines = output.Text.TrimEnd('\n').Split('\n');
        Assert.Equal(9000, lines.Length);
        Assert.Equal("2000,-32768,32767,-100,100,-1,0,100", lines[0]);
        Assert.Equal("181980,-32768,32767,-9099,9099,-1,0,9099", lines[^1]);
        Assert.True(output.Writes > 9000 * 30 / TraceRecorder.DefaultBatchBytes);
        // Full batches: every write but the last had no room for another row of the longest kind.
        for (int i = 0; i < output.Lengths.Count - 1; i++)
            Assert.True(output.Lengths[i] > TraceRecorder.DefaultBatchBytes - TraceRowFormatter.MaxRowBytes, $"write {i}: {output.Lengths[i]} bytes");
    }

    [Fact]
    public void Pending_bytes_are_the_rows_not_yet_sent()
    {
        var output = new CollectingOutput();
        var recorder = new TraceRecorder(output, 256);
        recorder.Begin(SensorConfig.Default(MountingSite.Shank), "s");
        Assert.Equal(0, recorder.PendingBytes);
        recorder.OnSample(0, 1000, 12, -40, 4096, 3, -2, 1);
        Assert.Equal("0,12,-40,4096,3,-2,1,0\n".Length, recorder.PendingBytes);
        recorder.Flush();
        Assert.Equal(0, recorder.PendingBytes);
    }

    [Fact]
    public void A_recording_begun_anew_sends_the_rows_pending_before_its_header()
    {
        var output = new CollectingOutput();
        var recorder = new TraceRecorder(output, 256);
        var config = SensorConfig.Default(MountingSite.Shank);
        recorder.Begin(config, "a");
        recorder.OnSample(1, 20, 1, 1, 1, 1, 1, 1);
        recorder.Begin(config, "b");                            // no End, no Flush in between
        recorder.OnSample(2, 40, 2, 2, 2, 2, 2, 2);
        recorder.End();
        Assert.Equal(TraceRowFormatter.Header(config, "a") + "0,1,1,1,1,1,1,0\n"
            + TraceRowFormatter.Header(config, "b") + "0,2,2,2,2,2,2,0\n", output.Text);
    }

    [Fact]
    public void A_batch_of_one_longest_row_is_the_smallest_accepted()
    {
        Assert.Equal("output", Assert.Throws<ArgumentNullException>(() => new TraceRecorder(null!, 256)).ParamName);
        Assert.Equal("batchBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new TraceRecorder(new CollectingOutput(), TraceRowFormatter.MaxRowBytes - 1)).ParamName);

        var output = new CollectingOutput();
        var recorder = new TraceRecorder(output, TraceRowFormatter.MaxRowBytes);
        var config = SensorConfig.Default(MountingSite.Shank);
        recorder.Begin(config, "s");
        recorder.OnSample(0, 0, int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue, int.MinValue);
        recorder.OnSample(1, 20, 1, 2, 3, 4, 5, 6);
        recorder.End();
        string longest = string.Join(",", System.Linq.Enumerable.Repeat("-2147483648", 6));
        Assert.Equal(TraceRowFormatter.Header(config, "s") + "0," + longest + ",0\n20,1,2,3,4,5,6,1\n", output.Text);
    }

    [Fact]
    public void Recorder_rows_from_the_sampler_show_an_overflow_as_a_time_jump_with_consecutive_seq()
    {
        var output = new CollectingOutput();
        var recorder = new TraceRecorder(output, 512);
        var rig = new SamplerRig();
        recorder.Begin(rig.Config, "test");
        output.Bytes.Clear();
        var sampler = new Mpu6050Sampler(rig.Emu, rig.Config, recorder);
        long t = rig.T;
        void Step(int dt) { t += dt; rig.Emu.AdvanceTo(t); sampler.Poll((int)t); recorder.Flush(); }
        for (int i = 0; i < 50; i++) Step(100);
        Step(3000);
        for (int i = 0; i < 50; i++) Step(100);
        string[] lines = output.Text.TrimEnd('\n').Split('\n');
        int jumps = 0;
        for (int i = 1; i < lines.Length; i++)
        {
            string[] a = lines[i - 1].Split(','), b = lines[i].Split(',');
            Assert.Equal(int.Parse(a[7]) + 1, int.Parse(b[7]));
            int dT = int.Parse(b[0]) - int.Parse(a[0]);
            Assert.True(dT >= 20 && dT % 20 == 0);
            if (dT != 20) jumps++;
        }
        Assert.Equal(1, jumps);
        Assert.StartsWith("0,", lines[0]);
    }
}
