using System.Text;
using System.Text.Json;
using CalfMonitor.Simulator.Replay;
using Xunit;

namespace CalfMonitor.Tests.Bench;

/// <summary>A day's replay must not need more memory than an hour's (docs/performance.md): the
/// replay streams, and so does its JSON result.</summary>
public class ReplayMemoryTests
{
    private static ReplayResult Day(int activations)
    {
        var r = new ReplayResult { Input = "day.trace.csv", InputFormat = "native", Mounting = "shank", InputRateHz = 50, DeviceRateHz = 50, DurationS = 86_400 };
        for (int i = 0; i < activations; i++) r.Activations.Add(new ActivationEvent(50L * i, i * 0.86));
        for (int m = 0; m < 1440; m++) r.Minutes.Add(new MinuteCount(m, activations / 1440, 60 * m, false));
        r.Alerts.Add(new AlertEvent(1800, 1800, 0));
        r.Warnings.Add("a warning with ünïcode, split across chunks or not");
        return r;
    }

    /// <summary>Counts what is written and keeps none of it.</summary>
    private sealed class CountingWriter : TextWriter
    {
        public long Chars;
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => Chars++;
        public override void Write(char[] buffer, int index, int count) => Chars += count;
    }

    [Fact]
    public void The_json_of_a_day_is_written_in_pieces_not_held_whole()
    {
        var day = Day(100_000);
        ReplayReport.WriteJson([Day(10)], new CountingWriter());   // warm-up
        var output = new CountingWriter();
        long before = GC.GetAllocatedBytesForCurrentThread();
        ReplayReport.WriteJson([day], output);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(output.Chars > 5_000_000, $"{output.Chars} chars");
        // Held whole, the JSON would take its length in UTF-8 bytes and twice that as a string.
        Assert.True(allocated < 256 * 1024, $"writing {output.Chars} chars of JSON allocated {allocated / 1024} KiB");
    }

    [Fact]
    public void Streamed_json_is_the_same_document()
    {
        var results = new[] { Day(3000), Day(1) };
        var text = new StringWriter();
        ReplayReport.WriteJson(results, text);
        Assert.Equal(ReplayReport.Json(results), text.ToString());
        using var doc = JsonDocument.Parse(text.ToString());
        Assert.Equal(3000, doc.RootElement[0].GetProperty("activations").GetArrayLength());
        Assert.Equal(1440, doc.RootElement[0].GetProperty("minutes").GetArrayLength());
        Assert.Equal("a warning with ünïcode, split across chunks or not", doc.RootElement[1].GetProperty("warnings")[0].GetString());
    }
}
