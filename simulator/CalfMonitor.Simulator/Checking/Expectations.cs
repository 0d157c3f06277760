using System.Globalization;
using System.Text;
using System.Text.Json;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Replay;

namespace CalfMonitor.Simulator.Checking;

/// <summary>An inclusive range; either end may be open.</summary>
public readonly record struct Bounds(double? Min, double? Max)
{
    public bool Holds(double v) => (Min is not { } lo || v >= lo - 1e-9) && (Max is not { } hi || v <= hi + 1e-9);

    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        if (Min is { } a && Max is { } b) return a == b ? a.ToString(inv) : $"{a.ToString(inv)}…{b.ToString(inv)}";
        if (Min is { } lo) return "≥ " + lo.ToString(inv);
        if (Max is { } hi) return "≤ " + hi.ToString(inv);
        return "any";
    }
}

/// <summary>One expected alert: at <c>t</c> seconds from the start, give or take <c>tolerance_s</c>.</summary>
public readonly record struct ExpectedAlert(double TimeS, double ToleranceS);

/// <summary>The outcome of one expectation.</summary>
/// <param name="Check">What was checked (activations, alert 2, …).</param>
/// <param name="Expected">The expectation, readable.</param>
/// <param name="Actual">What the replay gave, readable.</param>
/// <param name="Pass">Whether it held.</param>
/// <param name="Difference">Why it failed, readable (empty when it passed).</param>
public sealed record CheckOutcome(string Check, string Expected, string Actual, bool Pass, string Difference = "");

/// <summary>
/// A sidecar <c>TRACE.expect.json</c>: what the replay of a trace must give, and optionally how
/// to read the trace (input options). Schema in docs/simulator.md.
/// </summary>
public sealed class Expectations
{
    /// <summary>Sidecar file suffix.</summary>
    public const string Suffix = ".expect.json";

    /// <summary>Tolerances written by <c>calfmon check --update</c>.</summary>
    public const double UpdateActivationsFraction = 0.03;
    public const double UpdateAlertToleranceS = 60;

    public static readonly IReadOnlyList<string> Keys = new[]
    {
        "description", "input_format", "leg", "sensor", "rate", "device_rate",
        "activations", "activations_per_min", "alerts", "extra_alerts_allowed", "alerts_count", "pump_breaks",
        "sensor_faults",
    };

    public string Path { get; init; } = "";
    public string? Description { get; init; }
    public string? InputFormat { get; init; }
    public string? Leg { get; init; }
    public string? Sensor { get; init; }
    public double? Rate { get; init; }
    public int? DeviceRate { get; init; }
    public Bounds? Activations { get; init; }
    public Bounds? ActivationsPerMin { get; init; }
    public IReadOnlyList<ExpectedAlert>? Alerts { get; init; }
    public bool ExtraAlertsAllowed { get; init; }
    public Bounds? AlertsCount { get; init; }
    public Bounds? PumpBreaks { get; init; }
    /// <summary>The sensor-fault kinds the replay must warn about, exactly ([] for none).</summary>
    public IReadOnlyList<string>? SensorFaults { get; init; }

    /// <summary>Whether it states anything to check.</summary>
    public bool HasChecks => Activations != null || ActivationsPerMin != null || Alerts != null || AlertsCount != null || PumpBreaks != null || SensorFaults != null;

    /// <summary>The sidecar of <paramref name="trace"/>: <c>TRACE.expect.json</c> (the trace's full
    /// file name plus the suffix), else the name without its last extension plus the suffix; null when neither exists.
    /// Both at once is bad input: one of them would be ignored without a word (a hand-written
    /// <c>office.trace.expect.json</c> shadowed by an <c>office.trace.csv.expect.json</c> from <c>--update</c>).</summary>
    public static string? FindSidecar(string trace)
    {
        string full = trace + Suffix;
        string stem = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(trace) ?? "", System.IO.Path.GetFileNameWithoutExtension(trace)) + Suffix;
        bool stemExists = stem != full && File.Exists(stem) && !trace.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);
        if (File.Exists(full))
        {
            if (stemExists)
            {
                throw new InputException(trace, 0, $"has two sidecars, {System.IO.Path.GetFileName(full)} and {System.IO.Path.GetFileName(stem)}, " +
                                                   "and only one would be read: merge them into one and delete the other");
            }
            return full;
        }
        return stemExists ? stem : null;
    }

    /// <summary>Where <c>--update</c> writes a new sidecar.</summary>
    public static string SidecarPathFor(string trace) => FindSidecar(trace) ?? trace + Suffix;

    /// <summary>Reads and validates a sidecar; errors name the file and line.</summary>
    public static Expectations Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, 0, $"cannot be read ({IoWords.Why(e)})");
        }
        return Parse(path, bytes);
    }

    public static Expectations Parse(string path, byte[] utf8)
    {
        ReadOnlySpan<byte> bom = new byte[] { 0xEF, 0xBB, 0xBF };
        int offset = utf8.AsSpan().StartsWith(bom) ? 3 : 0;
        var data = utf8.AsMemory(offset);
        InputException.RequireUtf8(path, data.Span);
        var fields = new Dictionary<string, (JsonElement Value, long Line)>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(data.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new InputException(path, 1, "a sidecar must be one JSON object { … }");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                long line = LineOf(data.Span, reader.TokenStartIndex);
                string key = reader.GetString()!;
                if (!Keys.Contains(key)) throw new InputException(path, line, $"unknown key '{key}' (known: {string.Join(", ", Keys)})");
                if (fields.ContainsKey(key)) throw new InputException(path, line, $"key '{key}' given twice");
                reader.Read();
                var value = JsonElement.ParseValue(ref reader);
                fields[key] = (value, line);
            }
            if (reader.Read()) throw new InputException(path, LineOf(data.Span, reader.TokenStartIndex), "text after the JSON object");
        }
        catch (JsonException e)
        {
            throw InputException.FromJson(path, e, data.Span);
        }
        // The line of every value inside a key ("alerts[2]", "alerts[2].t", "activations.max"):
        // a sidecar as --update writes it holds one value a line, and an error names the value's.
        var lines = ValueLines(data.Span);
        long LineAt(string where, long keyLine) => lines.TryGetValue(where, out long l) ? l : keyLine;

        string? Str(string key)
        {
            if (!fields.TryGetValue(key, out var f)) return null;
            if (f.Value.ValueKind != JsonValueKind.String) throw new InputException(path, f.Line, $"'{key}' must be a string");
            return f.Value.GetString();
        }
        double? Num(string key, double min, double max)
        {
            if (!fields.TryGetValue(key, out var f)) return null;
            return Number(path, f.Line, key, f.Value, min, max);
        }
        Bounds? Range(string key, bool whole)
        {
            if (!fields.TryGetValue(key, out var f)) return null;
            return ParseBounds(path, f.Line, key, f.Value, whole, lines);
        }

        IReadOnlyList<ExpectedAlert>? alerts = null;
        if (fields.TryGetValue("alerts", out var al))
        {
            if (al.Value.ValueKind != JsonValueKind.Array) throw new InputException(path, al.Line, "'alerts' must be a list of {\"t\": seconds, \"tolerance_s\": seconds}");
            var list = new List<ExpectedAlert>();
            int i = 0;
            foreach (var a in al.Value.EnumerateArray())
            {
                string where = $"alerts[{i++}]";
                long line = LineAt(where, al.Line);
                if (a.ValueKind != JsonValueKind.Object) throw new InputException(path, line, $"{where} must be an object {{\"t\": seconds, \"tolerance_s\": seconds}}");
                double? t = null, tol = null;
                foreach (var p in a.EnumerateObject())
                {
                    if (p.Name == "t") t = Number(path, LineAt(where + ".t", line), where + ".t", p.Value, 0, 1e9);
                    else if (p.Name == "tolerance_s") tol = Number(path, LineAt(where + ".tolerance_s", line), where + ".tolerance_s", p.Value, 0, 1e9);
                    else throw new InputException(path, LineAt(where + "." + p.Name, line), $"unknown key '{p.Name}' in {where} (known: t, tolerance_s)");
                }
                if (t == null) throw new InputException(path, line, $"{where} lacks 't' (seconds from the start of the trace)");
                list.Add(new ExpectedAlert(t.Value, tol ?? UpdateAlertToleranceS));
            }
            alerts = list;
        }
        List<string>? faults = null;
        if (fields.TryGetValue("sensor_faults", out var sf))
        {
            string known = string.Join(", ", SensorFaultCounts.KindNames);
            if (sf.Value.ValueKind != JsonValueKind.Array) throw new InputException(path, sf.Line, $"'sensor_faults' must be a list of fault kinds ({known}), [] for none");
            faults = new List<string>();
            int i = 0;
            foreach (var k in sf.Value.EnumerateArray())
            {
                string? kind = k.ValueKind == JsonValueKind.String ? k.GetString() : null;
                if (kind == null || !SensorFaultCounts.KindNames.Contains(kind)) throw new InputException(path, LineAt($"sensor_faults[{i}]", sf.Line), $"'sensor_faults' holds {k.GetRawText()}: the kinds are {known}");
                i++;
                if (!faults.Contains(kind)) faults.Add(kind);
            }
        }
        bool extra = false;
        if (fields.TryGetValue("extra_alerts_allowed", out var ex))
        {
            if (ex.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new InputException(path, ex.Line, "'extra_alerts_allowed' must be true or false");
            extra = ex.Value.GetBoolean();
        }
        string? leg = Str("leg");
        if (leg is not (null or "left" or "right")) throw new InputException(path, fields["leg"].Line, $"'leg' must be \"left\" or \"right\", not \"{leg}\"");
        string? sensor = Str("sensor");
        if (sensor is not (null or "shin" or "shank" or "foot")) throw new InputException(path, fields["sensor"].Line, $"'sensor' must be \"shin\" (or \"shank\") or \"foot\", not \"{sensor}\"");
        string? format = Str("input_format");
        if (format != null && !SourceFactory.Formats.Contains(format)) throw new InputException(path, fields["input_format"].Line, $"'input_format' must be one of {string.Join(", ", SourceFactory.Formats)}, not \"{format}\"");
        double? deviceRate = Num("device_rate", 20, 200);
        if (deviceRate is { } dr && dr != Math.Floor(dr)) throw new InputException(path, fields["device_rate"].Line, "'device_rate' must be a whole number of Hz");

        return new Expectations
        {
            Path = path,
            Description = Str("description"),
            InputFormat = format,
            Leg = leg,
            Sensor = sensor,
            Rate = Num("rate", 1, 10000),
            DeviceRate = deviceRate is { } d ? (int)d : null,
            Activations = Range("activations", whole: true),
            ActivationsPerMin = Range("activations_per_min", whole: false),
            Alerts = alerts,
            ExtraAlertsAllowed = extra,
            AlertsCount = Range("alerts_count", whole: true),
            PumpBreaks = Range("pump_breaks", whole: true),
            SensorFaults = faults,
            KeyLines = fields.ToDictionary(f => f.Key, f => f.Value.Line, StringComparer.Ordinal),
        };
    }

    /// <summary>The line of each key the sidecar gives.</summary>
    public IReadOnlyDictionary<string, long> KeyLines { get; private init; } = new Dictionary<string, long>();

    /// <param name="whole">A count (activations, alerts, pump breaks): its bounds are whole
    /// numbers; 93.5 activations is a mistake in the sidecar, not an expectation that fails.</param>
    /// <param name="lines">The line of each value inside a key (<see cref="ValueLines"/>): a bound is told at its own line.</param>
    private static Bounds ParseBounds(string path, long line, string key, JsonElement v, bool whole, IReadOnlyDictionary<string, long> lines)
    {
        double Bound(string name, JsonElement value)
        {
            long at = lines.TryGetValue(name, out long l) ? l : line;
            double n = Number(path, at, name, value, 0, 1e12);
            if (whole && n != Math.Floor(n)) throw new InputException(path, at, $"'{name}' must be a whole number, got {NativeTraceReader.Shorten(value.GetRawText())}");
            return n;
        }
        if (v.ValueKind == JsonValueKind.Number)
        {
            double n = Bound(key, v);
            return new Bounds(n, n);
        }
        if (v.ValueKind != JsonValueKind.Object) throw new InputException(path, line, $"'{key}' must be {{\"min\": n, \"max\": n}} (either may be left out) or a number");
        double? min = null, max = null;
        foreach (var p in v.EnumerateObject())
        {
            if (p.Name == "min") min = Bound(key + ".min", p.Value);
            else if (p.Name == "max") max = Bound(key + ".max", p.Value);
            else throw new InputException(path, line, $"unknown key '{p.Name}' in '{key}' (known: min, max)");
        }
        if (min == null && max == null) throw new InputException(path, line, $"'{key}' needs \"min\", \"max\" or both");
        if (min > max) throw new InputException(path, line, $"'{key}': min {min} is above max {max}");
        return new Bounds(min, max);
    }

    private static double Number(string path, long line, string key, JsonElement v, double min, double max)
    {
        if (v.ValueKind != JsonValueKind.Number) throw new InputException(path, line, $"'{key}' must be a number");
        if (!v.TryGetDouble(out double d) || !double.IsFinite(d))
        {
            // 1e400: a number, but beyond any range.
            throw new InputException(path, line, string.Create(CultureInfo.InvariantCulture,
                $"'{key}' is out of range ({min}…{max}), got {NativeTraceReader.Shorten(v.GetRawText())}"));
        }
        if (d < min || d > max) throw new InputException(path, line, $"'{key}' must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got {NativeTraceReader.Shorten(v.GetRawText())}");   // as written (99999999999999999999, not 1E+20)
        return d;
    }

    /// <summary>The line each value below the top level starts on, by its path as the messages
    /// name it: "alerts[2]", "alerts[2].t", "activations.max", "sensor_faults[1]" (a member by
    /// the line of its name). Only called on a sidecar that parsed.</summary>
    private static Dictionary<string, long> ValueLines(ReadOnlySpan<byte> data)
    {
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new List<string>();     // the container path, one entry per open container below the top
        var index = new List<int>();       // next element index of each open array (-1 for an object)
        string? member = null;             // the member whose value comes next
        long counted = 0, line = 1;        // lines counted up to byte `counted`: tokens come in order, so one pass
        long Line(ReadOnlySpan<byte> d, long at)
        {
            for (; counted < at && counted < d.Length; counted++) if (d[(int)counted] == (byte)'\n') line++;
            return line;
        }
        while (reader.Read())
        {
            JsonTokenType type = reader.TokenType;
            if (type == JsonTokenType.EndObject || type == JsonTokenType.EndArray)
            {
                if (path.Count > 0) { path.RemoveAt(path.Count - 1); index.RemoveAt(index.Count - 1); }
                continue;
            }
            if (reader.CurrentDepth == 0) continue;                 // the sidecar's own braces
            string prefix = path.Count == 0 ? "" : path[^1];
            if (type == JsonTokenType.PropertyName)
            {
                member = prefix.Length == 0 ? reader.GetString()! : prefix + "." + reader.GetString();
                if (prefix.Length > 0) lines[member] = Line(data, reader.TokenStartIndex);
                continue;
            }
            string here;
            if (index.Count > 0 && index[^1] >= 0)
            {
                here = $"{prefix}[{index[^1]++}]";
                lines[here] = Line(data, reader.TokenStartIndex);
            }
            else here = member ?? "";
            if (type == JsonTokenType.StartObject) { path.Add(here); index.Add(-1); }
            else if (type == JsonTokenType.StartArray) { path.Add(here); index.Add(0); }
        }
        return lines;
    }

    private static long LineOf(ReadOnlySpan<byte> data, long index)
    {
        long line = 1;
        for (long i = 0; i < index && i < data.Length; i++) if (data[(int)i] == (byte)'\n') line++;
        return line;
    }

    /// <summary>Compares a replay with these expectations.</summary>
    public List<CheckOutcome> Evaluate(ReplayResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var list = new List<CheckOutcome>();
        void Count(string name, Bounds? b, double actual, string shown)
        {
            if (b is not { } bounds) return;
            bool ok = bounds.Holds(actual);
            string diff = ok ? "" : bounds.Min is { } lo && actual < lo
                ? $"{shown} is {(lo - actual).ToString("0.##", inv)} below the minimum {lo.ToString(inv)}"
                : $"{shown} is {(actual - bounds.Max!.Value).ToString("0.##", inv)} above the maximum {bounds.Max!.Value.ToString(inv)}";
            list.Add(new CheckOutcome(name, bounds.ToString(), shown, ok, diff));
        }
        Count("activations", Activations, r.Activations.Count, r.Activations.Count.ToString(inv));
        double perMin = Math.Round(ReplayReport.PerMinute(r), 2);
        Count("activations_per_min", ActivationsPerMin, perMin, perMin.ToString("0.##", inv));
        Count("alerts_count", AlertsCount, r.Alerts.Count, r.Alerts.Count.ToString(inv));
        Count("pump_breaks", PumpBreaks, r.SpellsEnded.Count, r.SpellsEnded.Count.ToString(inv));
        if (Alerts != null) list.AddRange(MatchAlerts(r, Alerts, ExtraAlertsAllowed));
        if (SensorFaults != null)
        {
            static string Show(IEnumerable<string> kinds) => kinds.Any() ? string.Join(", ", kinds) : "none";
            var expected = SensorFaultCounts.KindNames.Where(SensorFaults.Contains).ToList();
            var actual = SensorFaultCounts.KindNames.Where(r.SensorFaultKinds.Contains).ToList();
            bool ok = expected.SequenceEqual(actual);
            var missing = expected.Except(actual).ToList();
            var unexpected = actual.Except(expected).ToList();
            string diff = ok ? "" : string.Join("; ", new[]
            {
                missing.Count > 0 ? $"expected {Show(missing)}, not warned" : null,
                unexpected.Count > 0 ? $"warned of {Show(unexpected)}, not expected" : null,
            }.Where(x => x != null));
            list.Add(new CheckOutcome("sensor_faults", Show(expected), Show(actual), ok, diff));
        }
        return list;
    }

    /// <summary>Matches expected alerts one-to-one with actual ones: closest pairs within tolerance first.</summary>
    public static List<CheckOutcome> MatchAlerts(ReplayResult r, IReadOnlyList<ExpectedAlert> expected, bool extraAllowed)
    {
        var actual = r.Alerts.Select(a => a.TimeS).ToArray();
        var pairs = new List<(double Distance, int E, int A)>();
        for (int e = 0; e < expected.Count; e++)
        {
            for (int a = 0; a < actual.Length; a++)
            {
                double d = Math.Abs(actual[a] - expected[e].TimeS);
                if (d <= expected[e].ToleranceS + 1e-9) pairs.Add((d, e, a));
            }
        }
        var matchE = new int?[expected.Count];
        var usedA = new bool[actual.Length];
        foreach (var (_, e, a) in pairs.OrderBy(p => p.Distance).ThenBy(p => p.E))
        {
            if (matchE[e] != null || usedA[a]) continue;
            matchE[e] = a;
            usedA[a] = true;
        }
        var list = new List<CheckOutcome>();
        for (int e = 0; e < expected.Count; e++)
        {
            var x = expected[e];
            string exp = $"at {Fmt(x.TimeS)} ± {Fmt(x.ToleranceS)}";
            if (matchE[e] is { } a)
            {
                double off = actual[a] - x.TimeS;
                list.Add(new CheckOutcome($"alert {e + 1}", exp, $"at {Fmt(actual[a])} ({(off >= 0 ? "+" : "−")}{Fmt(Math.Abs(off))})", true));
            }
            else
            {
                int nearest = -1;
                for (int i = 0; i < actual.Length; i++)
                {
                    if (usedA[i]) continue;
                    if (nearest < 0 || Math.Abs(actual[i] - x.TimeS) < Math.Abs(actual[nearest] - x.TimeS)) nearest = i;
                }
                string got = nearest < 0 ? "none" : $"nearest unmatched at {Fmt(actual[nearest])}";
                string diff = nearest < 0
                    ? $"expected an alert at {Fmt(x.TimeS)} ± {Fmt(x.ToleranceS)}, none left to match"
                    : $"expected an alert at {Fmt(x.TimeS)} ± {Fmt(x.ToleranceS)}, nearest unmatched one is {Fmt(Math.Abs(actual[nearest] - x.TimeS))} {(actual[nearest] < x.TimeS ? "earlier" : "later")}";
                list.Add(new CheckOutcome($"alert {e + 1}", exp, got, false, diff));
            }
        }
        for (int a = 0; a < actual.Length; a++)
        {
            if (usedA[a]) continue;
            list.Add(extraAllowed
                ? new CheckOutcome("extra alert", "allowed", $"at {Fmt(actual[a])}", true)
                : new CheckOutcome("extra alert", "none", $"at {Fmt(actual[a])}", false,
                    $"unexpected alert at {Fmt(actual[a])} (list it under \"alerts\" or set \"extra_alerts_allowed\": true)"));
        }
        return list;
    }

    /// <summary>Seconds as 1h02m03s / 30m00s / 12.5 s.</summary>
    public static string Fmt(double s) => s < 60 ? s.ToString("0.#", CultureInfo.InvariantCulture) + " s" : ReplayReport.FormatDuration(s);

    /// <summary>The sidecar <c>--update</c> writes for <paramref name="r"/>: activations ±3 %
    /// (at least ±1), each alert ±60 s, keeping the input options and description of
    /// <paramref name="previous"/>.</summary>
    public static string UpdatedJson(ReplayResult r, Expectations? previous)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Cli.JsonOutput.Writer(relaxedEscaping: true)))
        {
            w.WriteStartObject();
            if (previous?.Description != null) w.WriteString("description", previous.Description);
            if (previous?.InputFormat != null) w.WriteString("input_format", previous.InputFormat);
            if (previous?.Leg != null) w.WriteString("leg", previous.Leg);
            if (previous?.Sensor != null) w.WriteString("sensor", previous.Sensor);
            if (previous?.Rate != null) w.WriteNumber("rate", previous.Rate.Value);
            if (previous?.DeviceRate != null) w.WriteNumber("device_rate", previous.DeviceRate.Value);
            int n = r.Activations.Count;
            int slack = Math.Max(1, (int)Math.Ceiling(n * UpdateActivationsFraction));
            w.WriteStartObject("activations");
            w.WriteNumber("min", Math.Max(0, n - slack));
            w.WriteNumber("max", n + slack);
            w.WriteEndObject();
            w.WriteStartArray("alerts");
            foreach (var a in r.Alerts)
            {
                w.WriteStartObject();
                w.WriteNumber("t", Math.Round(a.TimeS));
                w.WriteNumber("tolerance_s", UpdateAlertToleranceS);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (r.SensorFaultKinds.Count > 0 || previous?.SensorFaults != null)
            {
                w.WriteStartArray("sensor_faults");
                foreach (var k in r.SensorFaultKinds) w.WriteStringValue(k);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }
}
