using System.Globalization;
using System.Text;

namespace CalfMonitor.Simulator.Recording;

/// <summary>What a <see cref="TraceCapture"/> did: counts of everything kept, lost, skipped or
/// dropped, and why it stopped. Nothing the device sent is unaccounted for.</summary>
public sealed class CaptureSummary
{
    /// <summary>Why the capture ended.</summary>
    public CaptureStop Stop { get; set; }

    /// <summary>The error message behind <see cref="CaptureStop.InputError"/> or <see cref="CaptureStop.OutputError"/>.</summary>
    public string? StopDetail { get; set; }

    /// <summary>True once a complete, valid trace header arrived.</summary>
    public bool HeaderSeen { get; set; }

    /// <summary>Files written, one per device recording (segment), in order.</summary>
    public List<string> Files { get; } = new();

    /// <summary>Rows written to the files, all segments.</summary>
    public long RowsWritten { get; set; }

    /// <summary>Sample rate from the (last) header, Hz; 0 before any header.</summary>
    public int SampleRateHz { get; set; }

    /// <summary>Sum over segments of last t_ms − first t_ms, ms.</summary>
    public long SampleSpanMs { get; set; }

    /// <summary>Wall-clock time from the first header to the stop.</summary>
    public TimeSpan WallClock { get; set; }

    /// <summary>Rows missing by seq (jumps in seq): lines lost on the link, or garbled and dropped.</summary>
    public long LinesLost { get; set; }

    /// <summary>Number of seq jumps behind <see cref="LinesLost"/>.</summary>
    public long SeqJumps { get; set; }

    /// <summary>Steps in t_ms over 1.5 periods (the sensor lost samples on the device).</summary>
    public long SensorGaps { get; set; }

    /// <summary>Total length of the sensor gaps, ms.</summary>
    public long SensorGapMs { get; set; }

    /// <summary>Lines inside the data that failed the row rules: dropped and reported.</summary>
    public long MalformedLines { get; set; }

    /// <summary>Lines skipped while waiting for a header: before the first one, and device output
    /// between a recording's last row and the next magic line.</summary>
    public long PreambleLines { get; set; }

    /// <summary>Headers that were rejected (the capture then waited for the next magic line).</summary>
    public long HeaderErrors { get; set; }

    /// <summary>The last header rejection, for the "no header" message.</summary>
    public string? LastHeaderError { get; set; }

    /// <summary>New recordings the device started during the capture (second and later magic lines).</summary>
    public long Restarts { get; set; }

    /// <summary>Every warning, in order (the console shows the first few of each kind).</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>The summary block printed to stderr when the capture ends.</summary>
    public string Text()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        string why = Stop switch
        {
            CaptureStop.EndOfStream => "the input ended",
            CaptureStop.Cancelled => "interrupted (Ctrl+C / SIGTERM)",
            CaptureStop.Duration => "--duration reached",
            CaptureStop.Samples => "--samples reached",
            CaptureStop.InputError => $"the port failed ({StopDetail})",
            CaptureStop.NoHeader => "no trace header arrived within --wait",
            CaptureStop.OutputError => $"the output could not be written ({StopDetail})",
            _ => Stop.ToString(),
        };
        sb.Append("calfmon: record stopped: ").Append(why).Append('\n');
        string files = Files.Count switch
        {
            0 => "none (no rows arrived)",
            1 => Files[0],
            _ => $"{string.Join(", ", Files)} ({Files.Count} recordings: the device restarted)",
        };
        Line(sb, "file", files);
        Line(sb, "rows written", RowsWritten.ToString(inv));
        double rowsSeconds = SampleRateHz > 0 ? (double)RowsWritten / SampleRateHz : 0;
        Line(sb, "duration", string.Format(inv, "{0:0.0} s of samples (t_ms span {1:0.0} s), {2:0.0} s wall-clock", rowsSeconds, SampleSpanMs / 1000.0, WallClock.TotalSeconds));
        Line(sb, "lines lost (seq)", LinesLost == 0 ? "0" : $"{LinesLost} in {SeqJumps} jump{(SeqJumps == 1 ? "" : "s")} of seq: rows the device sent that are not in the file");
        Line(sb, "sensor gaps", SensorGaps == 0 ? "0" : string.Format(inv, "{0} ({1:0.00} s in all): the sensor lost samples on the device; replay treats them as gaps", SensorGaps, SensorGapMs / 1000.0));
        Line(sb, "malformed lines", MalformedLines == 0 ? "0" : $"{MalformedLines} dropped (garbled or cut on the link, or stray text); their rows count as lost above when seq shows it");
        Line(sb, "preamble lines", $"{PreambleLines} skipped while waiting for a trace header (boot or debug output)");
        if (HeaderErrors > 0) Line(sb, "rejected headers", $"{HeaderErrors} (last: {LastHeaderError})");
        if (Restarts > 0) Line(sb, "device restarts", $"{Restarts}: each started a new file");
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string name, string value) =>
        sb.Append("  ").Append((name + ":").PadRight(18)).Append(value).Append('\n');
}
