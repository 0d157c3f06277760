using CalfMonitor.Core.Events;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CalfMonitor.Simulator.Replay;

/// <summary>Text and JSON renderings of replay results (formats documented in docs/simulator.md).</summary>
public static class ReplayReport
{
    /// <summary>One JSON object per result; a JSON array when there are several.</summary>
    public static string Json(IReadOnlyList<ReplayResult> results)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteJson(results, text);
        return text.ToString();
    }

    /// <summary><see cref="Json"/>, streamed to <paramref name="output"/> in pieces of about
    /// <see cref="JsonChunkBytes"/>: a day's result (thousands of activations, 1440 minutes) is
    /// never held whole, so the JSON output adds no memory that grows with the trace.</summary>
    public static void WriteJson(IReadOnlyList<ReplayResult> results, TextWriter output)
    {
        using var stream = new TextWriterStream(output);
        using var w = new Utf8JsonWriter(stream, Cli.JsonOutput.Writer());
        if (results.Count == 1) WriteOne(w, results[0]);
        else
        {
            w.WriteStartArray();
            foreach (var r in results) WriteOne(w, r);
            w.WriteEndArray();
        }
    }

    /// <summary>Bytes the JSON writer buffers before they go to the output (small: well below
    /// the large-object heap's 85 000 bytes).</summary>
    private const int JsonChunkBytes = 16 * 1024;

    private static void FlushWhenFull(Utf8JsonWriter w)
    {
        if (w.BytesPending >= JsonChunkBytes) w.Flush();
    }

    /// <summary>UTF-8 bytes from the JSON writer, decoded into a text writer as they come.</summary>
    private sealed class TextWriterStream(TextWriter output) : CalfMonitor.Simulator.Cli.WriteOnlyStream
    {
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private char[] _chars = new char[JsonChunkBytes + 16];

        public override void Write(ReadOnlySpan<byte> bytes)
        {
            int need = _decoder.GetCharCount(bytes, flush: false);
            if (need > _chars.Length) _chars = new char[need];
            int n = _decoder.GetChars(bytes, _chars, flush: false);
            output.Write(_chars, 0, n);
        }

        public override void Flush() => output.Flush();
    }

    private static void WriteOne(Utf8JsonWriter w, ReplayResult r)
    {
        w.WriteStartObject();
        w.WriteString("input", r.Input);
        w.WriteString("input_format", r.InputFormat);
        w.WriteString("mounting", r.Mounting);
        w.WriteNumber("samples", r.InputSamples);
        w.WriteNumber("sample_rate_hz", Math.Round(r.InputRateHz, 3));
        w.WriteNumber("device_samples", r.DeviceSamples);
        w.WriteNumber("device_rate_hz", r.DeviceRateHz);
        w.WriteNumber("duration_s", Math.Round(r.DurationS, 3));
        w.WriteStartArray("activations");
        foreach (var a in r.Activations)
        {
            w.WriteStartObject();
            w.WriteNumber("sample", a.Sample);
            w.WriteNumber("t", Math.Round(a.TimeS, 3));
            w.WriteEndObject();
            FlushWhenFull(w);
        }
        w.WriteEndArray();
        w.WriteStartArray("not_counted");
        foreach (var c in r.NotCounted)
        {
            w.WriteStartObject();
            w.WriteNumber("sample", c.Sample);
            w.WriteNumber("t", Math.Round(c.TimeS, 3));
            w.WriteString("reason", c.ReasonName);
            w.WriteEndObject();
            FlushWhenFull(w);
        }
        w.WriteEndArray();
        w.WriteStartArray("alerts");
        foreach (var a in r.Alerts)
        {
            w.WriteStartObject();
            w.WriteNumber("t", Math.Round(a.TimeS, 3));
            w.WriteNumber("spell_s", a.SpellS);
            w.WriteNumber("repeat", a.Repeat);
            w.WriteNumber("reason", a.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("suppressed_alerts");
        foreach (var a in r.SuppressedAlerts)
        {
            w.WriteStartObject();
            w.WriteNumber("t", Math.Round(a.TimeS, 3));
            w.WriteNumber("spell_s", a.SpellS);
            w.WriteString("reason", a.ReasonName);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("pump_breaks");
        foreach (var b in r.SpellsEnded)
        {
            w.WriteStartObject();
            w.WriteNumber("t", Math.Round(b.TimeS, 3));
            w.WriteNumber("ended_spell_s", b.SpellS);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("minutes");
        foreach (var m in r.Minutes)
        {
            w.WriteStartObject();
            w.WriteNumber("minute", m.Minute);
            w.WriteNumber("activations", m.Activations);
            if (m.Partial) w.WriteBoolean("partial", true);
            w.WriteEndObject();
            FlushWhenFull(w);
        }
        w.WriteEndArray();
        w.WriteStartObject("summary");
        w.WriteNumber("activations", r.Activations.Count);
        w.WriteNumber("activations_per_min", Math.Round(PerMinute(r), 2));
        w.WriteNumber("alerts", r.Alerts.Count);
        w.WriteNumber("suppressed_alerts", r.SuppressedAlerts.Count);
        w.WriteNumber("pump_breaks", r.SpellsEnded.Count);
        w.WriteNumber("longest_spell_s", r.LongestSpellS);
        w.WriteNumber("gaps", r.Gaps);
        w.WriteNumber("bridged_dropouts", r.BridgedDropouts);
        w.WriteNumber("bridged_samples", r.BridgedSamples);
        w.WriteStartObject("sensor_faults");
        w.WriteStartArray("kinds");
        foreach (var k in r.SensorFaultKinds) w.WriteStringValue(k);
        w.WriteEndArray();
        w.WriteNumber("fault_spells", r.SensorFaults.FaultSpells);
        w.WriteNumber("faulty_samples", r.SensorFaults.FaultySamples);
        w.WriteNumber("saturated_samples", r.SensorFaults.SaturatedSamples);
        w.WriteNumber("garbage_samples", r.SensorFaults.GarbageSamples);
        w.WriteNumber("stuck_samples", r.SensorFaults.StuckSamples);
        w.WriteNumber("accel_saturated_samples", r.SensorFaults.AccelSaturatedSamples);
        w.WriteEndObject();
        w.WriteNumber("isolated_cycles", r.IsolatedCycles);
        w.WriteNumber("unrhythmic_small_cycles", r.UnrhythmicSmallCycles);
        w.WriteNumber("recounted_cycles", r.RecountedCycles);
        w.WriteEndObject();
        w.WriteStartArray("warnings");
        foreach (var s in r.Warnings) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static double PerMinute(ReplayResult r) => r.DurationS > 0 ? r.Activations.Count * 60.0 / r.DurationS : 0;

    /// <summary>Longest bar of the text timeline, activations (a walk makes 50–65 a minute).</summary>
    private const int BarMax = 40;

    /// <summary>The text timeline's legend for its <c>sedentary_min</c> column.</summary>
    internal const string SedentaryLegend = "  (sedentary_min: the sedentary spell at the minute's end, in whole minutes, as the device counts it; a pump break ends it)";

    /// <summary>A per-minute timeline and a summary, for people.</summary>
    public static string Text(ReplayResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"{r.Input}  ({r.InputFormat}, {r.Mounting}, {r.InputSamples} samples at {r.InputRateHz.ToString("0.###", inv)} Hz → {r.DeviceSamples} at {r.DeviceRateHz} Hz)");
        sb.AppendLine();
        sb.AppendLine("minute  activations  sedentary_min  events");
        var alertsByMinute = r.Alerts.ToLookup(a => (int)(a.TimeS / 60));
        var breaksByMinute = r.SpellsEnded.ToLookup(b => (int)(b.TimeS / 60));
        var suppressedByMinute = r.SuppressedAlerts.ToLookup(a => (int)(a.TimeS / 60));
        foreach (var m in r.Minutes)
        {
            var events = new List<string>();
            foreach (var b in breaksByMinute[m.Minute]) events.Add($"pump break (ended a {FormatDuration(b.SpellS)} sedentary spell)");
            foreach (var a in alertsByMinute[m.Minute]) events.Add(a.Repeat == 0 ? $"ALERT {a.SpellS / 60} min sedentary" : $"ALERT repeat {a.Repeat}, {a.SpellS / 60} min sedentary");
            foreach (var a in suppressedByMinute[m.Minute]) events.Add($"alert suppressed ({a.ReasonText}), {a.SpellS / 60} min sedentary");
            // One # an activation, drawn up to BarMax; a longer bar ends in '+'.
            string bar = m.Activations > BarMax ? new string('#', BarMax) + "+" : new string('#', m.Activations);
            sb.Append(m.Minute.ToString(inv).PadLeft(6)).Append(m.Partial ? "*" : " ")
              .Append(m.Activations.ToString(inv).PadLeft(12)).Append(' ')
              .Append((m.SpellSAtEnd / 60).ToString(inv).PadLeft(14)).Append("  ")
              .Append(bar);
            if (events.Count > 0) sb.Append(bar.Length > 0 ? "  " : "").Append(string.Join("; ", events));
            sb.AppendLine();
        }
        // Minute 0 already reads 1: the column is the spell at the minute's end (newcomer audit).
        if (r.Minutes.Count > 0) sb.AppendLine(SedentaryLegend);
        if (r.Minutes.Any(m => m.Partial)) sb.AppendLine("  (* minute cut short by the end of the trace)");
        if (r.Minutes.Any(m => m.Activations > BarMax)) sb.AppendLine($"  (# one activation; + more than {BarMax} in the minute)");
        sb.AppendLine();
        sb.AppendLine("summary");
        sb.AppendLine($"  duration            {FormatDuration(r.DurationS)}");
        sb.AppendLine($"  activations         {r.Activations.Count}  ({PerMinute(r).ToString("0.0", inv)}/min on average)");
        sb.AppendLine($"  pump breaks         {r.SpellsEnded.Count}");
        sb.AppendLine($"  longest spell       {FormatDuration(r.LongestSpellS)}");
        sb.AppendLine($"  alerts              {r.Alerts.Count}" + (r.Alerts.Count > 0 ? "  at " + string.Join(", ", r.Alerts.Select(a => FormatDuration(a.TimeS))) : ""));
        if (r.SuppressedAlerts.Count > 0)
        {
            sb.AppendLine($"  suppressed alerts   {r.SuppressedAlerts.Count}  at " + string.Join(", ", r.SuppressedAlerts.Select(a => $"{FormatDuration(a.TimeS)} ({a.ReasonText})")));
        }
        sb.AppendLine($"  isolated cycles     {r.IsolatedCycles}  (single movements outside a bout of {CalfMonitor.Core.Bouts.PumpBoutFilter.MinBoutCycles}; not activations){NotCountedAt(r, NotCountedReason.Isolated)}");
        sb.AppendLine($"  unrhythmic small    {r.UnrhythmicSmallCycles}  (small cycles in no steady rhythm of {CalfMonitor.Core.Bouts.RhythmicSetFilter.MinSetCycles}; not activations){NotCountedAt(r, NotCountedReason.Unrhythmic)}");
        if (r.RecountedCycles > 0) sb.AppendLine($"  recounted           {r.RecountedCycles}  (a stride counted twice while the orientation was learnt; not activations){NotCountedAt(r, NotCountedReason.Recounted)}");
        sb.AppendLine($"  gaps                {r.Gaps}" + (r.Gaps > 0 ? $"  (over {CalfMonitor.Core.CalfPumpMonitor.GapThresholdMs(r.DeviceRateHz)} ms without samples: replayed as gaps, each listed below)" : ""));
        if (r.BridgedDropouts > 0) sb.AppendLine($"  bridged             {r.BridgedDropouts} short dropouts ({r.BridgedSamples} samples)");
        sb.AppendLine($"  sensor faults       {(r.SensorFaultKinds.Count == 0 ? "none" : string.Join(", ", r.SensorFaultKinds) + "  (see the warnings)")}");
        foreach (var w in r.Warnings) sb.AppendLine($"  warning: {w}");
        return sb.ToString();
    }

    /// <summary>Most times of cycles not counted that one summary line lists (the JSON has all).</summary>
    public const int NotCountedTimesShown = 8;

    /// <summary>"  at 8m02s, 8m17s" for the cycles set aside for <paramref name="reason"/>, in time
    /// order; the first <see cref="NotCountedTimesShown"/>, then how many more.</summary>
    private static string NotCountedAt(ReplayResult r, int reason)
    {
        var times = r.NotCounted.Where(c => c.Reason == reason).Select(c => c.TimeS).Order().ToList();
        if (times.Count == 0) return "";
        string shown = string.Join(", ", times.Take(NotCountedTimesShown).Select(FormatDuration));
        return "  at " + shown + (times.Count > NotCountedTimesShown ? $", … ({times.Count - NotCountedTimesShown} more: --format json lists all)" : "");
    }

    public static string FormatDuration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m{t.Seconds:00}s" : $"{t.Minutes}m{t.Seconds:00}s";
    }
}
