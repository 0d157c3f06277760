using System.Text;
using CalfMonitor.Core.Recording;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Tests.Recording;

/// <summary>
/// What the device sends in record mode, produced by the core's own <see cref="TraceRecorder"/>
/// (the code that runs on the ESP32) from a synthetic ankle signal: a slow gait-like swing on the
/// gyro and gravity plus a little motion on the accelerometer. Link faults (lost, cut or noisy
/// lines) are applied to these bytes by the tests; sensor gaps are real gaps in the sample times
/// fed to the recorder.
/// </summary>
public static class DeviceStream
{
    public const string FirmwareSource = "CalfMonitor firmware 0.1.0";

    /// <summary>Sample period at the firmware's 50 Hz, ms.</summary>
    public const int PeriodMs = 1000 / SensorConfig.DefaultSampleRateHz;

    private sealed class Bytes : ITraceOutput
    {
        public readonly List<byte> All = new();
        public void Write(byte[] data, int length) => All.AddRange(data.AsSpan(0, length).ToArray());
    }

    /// <summary>One recording of <paramref name="rows"/> samples. <paramref name="gapAfter"/>: the
    /// sensor loses <paramref name="gapSamples"/> samples after that many rows (a FIFO overflow).</summary>
    public static string Recording(int rows, int? gapAfter = null, int gapSamples = 25, int startMs = 123_456)
    {
        var output = new Bytes();
        var recorder = new TraceRecorder(output, TraceRecorder.DefaultBatchBytes);
        recorder.Begin(SensorConfig.Default(MountingSite.Shank), FirmwareSource);
        int t = startMs;
        for (int k = 0; k < rows; k++)
        {
            if (gapAfter == k) t += gapSamples * PeriodMs;
            double phase = 2 * Math.PI * k / 55.0;   // ~1.1 s stride
            recorder.OnSample(k, t,
                (int)(300 * Math.Sin(phase)), (int)(-4096 + 200 * Math.Cos(phase)), (int)(150 * Math.Sin(2 * phase)),
                (int)(2500 * Math.Sin(phase)), (int)(-120 * Math.Cos(phase)), (int)(60 * Math.Sin(3 * phase)));
            t += PeriodMs;
            if (k % 5 == 4) recorder.Flush();   // the firmware flushes after every poll (~100 ms)
        }
        recorder.End();
        return Encoding.ASCII.GetString(output.All.ToArray());
    }

    /// <summary>Lines of <paramref name="text"/> (split on '\n', final empty piece dropped).</summary>
    public static List<string> Lines(string text)
    {
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>The header lines of a recording (7: format line to column line).</summary>
    public const int HeaderLines = 7;

    public static string Join(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));
}
