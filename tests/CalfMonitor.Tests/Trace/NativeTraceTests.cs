using System.Text;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Trace;

public class NativeTraceTests
{
    public const string Header = "# calfmon-trace 1\n# sample_rate_hz: 50\n# accel_range_g: 8\n# gyro_range_dps: 2000\n# mounting: shank\n# source: test\nt_ms,ax,ay,az,gx,gy,gz\n";

    [Fact]
    public void Round_trips_rows_header_and_extra_columns_exactly()
    {
        var header = new TraceHeader(100, 4, 500, MountingSite.Foot, "round trip", new[] { "label", "truth" });
        var rng = new Random(7);
        var rows = Enumerable.Range(0, 500).Select(i => new TraceRow(i * 10L,
            (short)rng.Next(short.MinValue, short.MaxValue + 1), short.MinValue, short.MaxValue,
            (short)rng.Next(-3000, 3000), (short)-1, (short)0, new[] { i % 7 == 0 ? "walking" : "sitting", (i % 2).ToString() })).ToList();
        var sw = new StringWriter();
        using (var w = new NativeTraceWriter(sw, header))
        {
            foreach (var r in rows) w.Write(r);
        }
        using var tmp = new TempDir();
        string path = tmp.File("rt.csv", sw.ToString());
        using var reader = new NativeTraceReader(path);
        Assert.Equal(header.SampleRateHz, reader.Header.SampleRateHz);
        Assert.Equal(header.AccelRangeG, reader.Header.AccelRangeG);
        Assert.Equal(header.GyroRangeDps, reader.Header.GyroRangeDps);
        Assert.Equal(header.Mounting, reader.Header.Mounting);
        Assert.Equal(header.Source, reader.Header.Source);
        Assert.Equal(header.ExtraColumns, reader.Header.ExtraColumns);
        var back = reader.ReadRows().ToList();
        Assert.Equal(rows.Count, back.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i] with { Extra = null }, back[i] with { Extra = null });
            Assert.Equal(rows[i].Extra, back[i].Extra);
        }
        // Writing what was read gives the same text: the format is stable under diff.
        var again = new StringWriter();
        using (var w = new NativeTraceWriter(again, reader.Header))
        {
            foreach (var r in back) w.Write(r);
        }
        Assert.Equal(sw.ToString(), again.ToString());
    }

    [Fact]
    public void Physical_units_convert_back_to_the_same_counts()
    {
        using var tmp = new TempDir();
        string path = tmp.File("a.csv", Header + "0,-32768,1,4096,32767,-164,7\n20,5,6,7,8,9,10\n");
        using var reader = new NativeTraceReader(path);
        var adapter = new DeviceSignalAdapter(SensorConfig.Default(MountingSite.Shank));
        var s = adapter.Convert(reader).ToList();
        Assert.Equal(new DeviceSample(0, -32768, 1, 4096, 32767, -164, 7, 0, null), s[0]);
        Assert.Equal(new DeviceSample(20, 5, 6, 7, 8, 9, 10, 1, null), s[1]);
    }

    [Fact]
    public void Accepts_bom_crlf_and_a_missing_final_newline()
    {
        using var tmp = new TempDir();
        string text = (Header + "0,1,2,3,4,5,6\n20,1,2,3,4,5,6").Replace("\n", "\r\n");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        string path = tmp.FileBytes("bom.csv", bytes);
        using var reader = new NativeTraceReader(path);
        Assert.Equal(2, reader.ReadRows().Count());
    }

    [Fact]
    public void Accepts_cr_only_line_ends()
    {
        using var tmp = new TempDir();
        string path = tmp.File("mac.csv", (Header + "0,1,2,3,4,5,6\n20,1,2,3,4,5,6\n").Replace("\n", "\r"));
        using var reader = new NativeTraceReader(path);
        Assert.Equal(50, reader.Header.SampleRateHz);
        var rows = reader.ReadRows().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(20, rows[1].TimeMs);
    }

    [Fact]
    public void Accepts_blank_lines_inside_the_header()
    {
        using var tmp = new TempDir();
        string path = tmp.File("blank.csv", Header.Replace("# gyro_range_dps", "\n  \n# gyro_range_dps") + "0,1,2,3,4,5,6\n");
        using var reader = new NativeTraceReader(path);
        Assert.Equal(2000, reader.Header.GyroRangeDps);
        Assert.Single(reader.ReadRows());
    }

    [Fact]
    public void Header_keys_are_read_whatever_their_case()
    {
        using var tmp = new TempDir();
        string path = tmp.File("upper.csv", Header.Replace("sample_rate_hz: 50", "SAMPLE_RATE_HZ: 100").Replace("mounting: shank", "Mounting: Foot") + "0,1,2,3,4,5,6\n10,1,2,3,4,5,6\n");
        using var reader = new NativeTraceReader(path);
        Assert.Equal(100, reader.Header.SampleRateHz);
        Assert.Equal(MountingSite.Foot, reader.Header.Mounting);
        string twice = tmp.File("twice.csv", Header.Replace("# source: test", "# source: a\n# Source: b") + "0,1,2,3,4,5,6\n");
        var e = Assert.Throws<InputException>(() => new NativeTraceReader(twice));
        Assert.Equal(7, e.Line);
        Assert.Contains("header key 'Source' given twice", e.Message);
    }

    [Fact]
    public void A_gap_is_a_warning_with_file_and_line_and_is_replayed()
    {
        using var tmp = new TempDir();
        string path = tmp.File("gap.csv", Header + "0,0,0,4096,0,0,0\n20,0,0,4096,0,0,0\n1020,0,0,4096,0,0,0\n");
        using var reader = new NativeTraceReader(path);
        var r = new CalfMonitor.Simulator.Replay.ReplayRunner().Run(reader);
        Assert.Equal(3, r.InputSamples);
        Assert.Equal(1, r.Gaps);
        var w = Assert.Single(r.Warnings);
        Assert.Contains("gap.csv:10: gap of 1000 ms", w);
    }

    // ---- text that is not UTF-8 ----

    /// <summary>A stream that hands on one byte per read, as a slow pipe may: every character
    /// of more than one byte arrives split.</summary>
    private sealed class OneByteAtATime(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static InputException NotUtf8(byte[] bytes)
    {
        using var tmp = new TempDir();
        string path = tmp.FileBytes("l1.csv", bytes);
        return Assert.Throws<InputException>(() =>
        {
            using var reader = new NativeTraceReader(path);
            reader.ReadRows().ToList();
        });
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused_at_their_line_not_read_as_replacement_characters()
    {
        string rows = "0,1,2,3,4,5,6,walk\n20,1,2,3,4,5,6,st\u00e9nd\n40,1,2,3,4,5,6,walk\n";
        string text = Header.Replace("gz\n", "gz,label\n") + rows;
        var e = NotUtf8(Latin1(text));
        Assert.Equal(9, e.Line);
        Assert.Equal("not UTF-8 text (byte 0xE9); save the file as UTF-8", e.Problem);
        // Line ends counted as the reader counts them: CRLF and a CR alone are one line end each.
        Assert.Equal(9, NotUtf8(Latin1(text.Replace("\n", "\r\n"))).Line);
        Assert.Equal(9, NotUtf8(Latin1(text.Replace("\n", "\r"))).Line);
        // In the header (the source key), and far beyond the first block read.
        Assert.Equal(6, NotUtf8(Latin1(Header.Replace("source: test", "source: caf\u00e9") + "0,1,2,3,4,5,6\n")).Line);
        var many = new StringBuilder(Header.Replace("gz\n", "gz,label\n"));
        for (int i = 0; i < 20000; i++) many.Append(i * 20).Append(",1,2,3,4,5,6,walk\n");
        many.Append("400000,1,2,3,4,5,6,st\u00e9nd\n");
        Assert.Equal(20008, NotUtf8(Latin1(many.ToString())).Line);
        // A character cut off by the end of the file (the first two bytes of '→').
        var cut = Encoding.UTF8.GetBytes(Header + "0,1,2,3,4,5,6\n").Concat(new byte[] { 0xE2, 0x86 }).ToArray();
        var c = NotUtf8(cut);
        Assert.Equal(9, c.Line);
        Assert.Contains("(byte 0xE2)", c.Message);
        // An error on an earlier line is still told first.
        Assert.Contains("ax must be a whole number", NotUtf8(Latin1(Header + "0,x,2,3,4,5,6\n\u00e9\n")).Message);
    }

    [Fact]
    public void Utf8_split_across_reads_and_utf16_with_a_byte_order_mark_are_read()
    {
        string text = Header.Replace("gz\n", "gz,label\n") + "0,1,2,3,4,5,6,gehen→\n20,1,2,3,4,5,6,stéhen 🦶\n";
        var stream = new Utf8CheckedStream("split.csv", new OneByteAtATime(Encoding.UTF8.GetBytes(text)));
        using (var reader = new NativeTraceReader("split.csv", new LineReader("split.csv", new StreamReader(stream, new UTF8Encoding(false)), stream)))
        {
            Assert.Equal(new[] { "gehen→", "stéhen 🦶" }, reader.ReadRows().Select(r => r.Extra![0]));
        }
        using var tmp = new TempDir();
        string path = tmp.FileBytes("u16.csv", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray());
        using var u16 = new NativeTraceReader(path);
        Assert.Equal(new[] { "gehen→", "stéhen 🦶" }, u16.ReadRows().Select(r => r.Extra![0]));
    }
}
