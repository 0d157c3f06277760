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

    /// <summary>Keeps what is written and counts the pieces it came in.</summary>
    private sealed class PiecesWriter : StringWriter
    {
        public int Pieces;
        public override void Write(char[] buffer, int index, int count) { Pieces++; base.Write(buffer, index, count); }
        public override void Write(ReadOnlySpan<char> buffer) { Pieces++; base.Write(buffer); }
    }

    /// <summary>The pieces, each about a chunk (16 KB, and at most an object more), make one
    /// well-formed document with every result. (This compared the output with
    /// <c>ReplayReport.Json</c>, which is this very <c>WriteJson</c> into a StringWriter: a value
    /// compared with itself, true whether the JSON came in pieces or whole.)</summary>
    [Fact]
    public void Streamed_json_comes_in_pieces_that_make_one_document()
    {
        var results = new[] { Day(3000), Day(1) };
        var text = new PiecesWriter();
        ReplayReport.WriteJson(results, text);
        int length = text.ToString().Length;
        Assert.True(text.Pieces >= length / (20 * 1024), $"{length} chars written in {text.Pieces} pieces");
        using var doc = JsonDocument.Parse(text.ToString());
        Assert.Equal(3000, doc.RootElement[0].GetProperty("activations").GetArrayLength());
        Assert.Equal(1440, doc.RootElement[0].GetProperty("minutes").GetArrayLength());
        Assert.Equal("a warning with ünïcode, split across chunks or not", doc.RootElement[1].GetProperty("warnings")[0].GetString());
    }
}
