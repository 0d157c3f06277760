using System.Globalization;
using System.Text.Json;

namespace CalfMonitor.Simulator.Input;

/// <summary>
/// A moment of an IPOL trial. The JSON gives PacketCounter values; this holds the counter, the
/// time it stands for (counter / rate, the same clock as <see cref="IpolReader"/>'s TimeS) and the
/// 0-based data row of that counter in the foot file — null when the foot file is not at hand or
/// that very packet was lost.
/// </summary>
public readonly record struct IpolMoment(long Counter, double TimeS, long? Row);

/// <summary>One swing phase: toe-off (just after the push-off, i.e. the plantarflexion) then heel strike.</summary>
public readonly record struct IpolSwing(IpolMoment ToeOff, IpolMoment HeelStrike);

/// <summary>A [start, end] pair of PacketCounter values.</summary>
public readonly record struct IpolSpan(IpolMoment Start, IpolMoment End);

/// <summary>
/// The annotation of one IPOL trial (<c>S-T.json</c>): subject fields, trial and U-turn
/// boundaries and, per foot, the <c>[toe-off, heel-strike]</c> pair of every swing phase.
/// Fields may be JSON arrays or the same arrays written as strings ("[[527, 574], …]"); both are read.
/// </summary>
public sealed class IpolTrial
{
    private IpolTrial(string jsonPath) => JsonPath = jsonPath;

    public string JsonPath { get; }
    public int? Subject { get; private init; }
    public int? Trial { get; private init; }
    public string? Filename { get; private init; }
    public int? Age { get; private init; }
    public string? Gender { get; private init; }
    public double? HeightCm { get; private init; }
    public double? WeightKg { get; private init; }

    /// <summary>Rate used for the times: from the foot files' <c>Acquisition frequency</c> line, else 100 Hz.</summary>
    public double RateHz { get; private init; }

    public IpolSpan? TrialBoundaries { get; private init; }
    public IpolSpan? UTurnBoundaries { get; private init; }
    public IReadOnlyList<IpolSwing> LeftFootEvents { get; private init; } = Array.Empty<IpolSwing>();
    public IReadOnlyList<IpolSwing> RightFootEvents { get; private init; } = Array.Empty<IpolSwing>();

    /// <summary>The swing phases of one foot.</summary>
    public IReadOnlyList<IpolSwing> Events(Leg leg) => leg == Leg.Right ? RightFootEvents : LeftFootEvents;

    /// <summary>
    /// Reads a trial. <paramref name="path"/> is the JSON, the trial prefix, or one of its .txt files.
    /// Rows are looked up in <c>_rf.txt</c> / <c>_lf.txt</c> beside it when they exist (the
    /// boundaries use the right foot's rows).
    /// </summary>
    public static IpolTrial Load(string path)
    {
        string prefix = TrialPrefix(path);
        string json = prefix + ".json";
        var right = CounterRows(prefix + "_rf.txt");
        var left = CounterRows(prefix + "_lf.txt");
        double rate = right?.Rate ?? left?.Rate ?? IpolReader.NominalRateHz;
        if (right != null && left != null && right.Value.Rate != left.Value.Rate)
        {
            throw new InputException(json, 0, $"the foot files disagree on the rate ({right.Value.Rate} vs {left.Value.Rate} Hz)");
        }

        JsonDocument doc;
        // UTF-8 (refused at the line of a byte that is not, as the config and sidecar readers
        // do); NaN and Infinity become null, which adds a character per NaN but keeps the lines.
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(NonFiniteToNull(ReadUtf8(json)));
        try
        {
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            // In plain words, at the editor's line: not the parser's "isFinalBlock" and 0-based
            // "LineNumber: … | BytePositionInLine: …".
            throw InputException.FromJson(json, e, utf8);
        }
        using (doc)
        {
            var root = doc.RootElement;
            var lines = KeyLines(utf8, out long rootLine);
            if (root.ValueKind != JsonValueKind.Object) throw new InputException(json, rootLine, "the JSON must be an object");
            var reader = new FieldReader(json, root, lines);
            IpolMoment M(long c, Dictionary<long, long>? rows) =>
                new(c, c / rate, rows != null && rows.TryGetValue(c, out long r) ? r : null);
            IpolSpan? Span(string name)
            {
                var p = reader.Pair(name);
                return p == null ? null : new IpolSpan(M(p.Value.A, right?.Rows), M(p.Value.B, right?.Rows));
            }
            IReadOnlyList<IpolSwing> Swings(string name, Dictionary<long, long>? rows) =>
                reader.Pairs(name).Select(p => new IpolSwing(M(p.A, rows), M(p.B, rows))).ToArray();

            return new IpolTrial(json)
            {
                Subject = reader.Int("Subject"),
                Trial = reader.Int("Trial"),
                Filename = reader.Text("Filename"),
                Age = reader.Int("Age"),
                Gender = reader.Text("Gender"),
                HeightCm = reader.Number("Height"),
                WeightKg = reader.Number("Weight"),
                RateHz = rate,
                TrialBoundaries = Span("TrialBoundaries"),
                UTurnBoundaries = Span("UTurnBoundaries"),
                LeftFootEvents = Swings("LeftFootEvents", left?.Rows),
                RightFootEvents = Swings("RightFootEvents", right?.Rows),
            };
        }
    }

    /// <summary>The line (1-based, as editors count) of each key of the top-level object — the
    /// last one where a key is given twice, as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
    /// reads it — so that a field's error names its line; <paramref name="rootLine"/>: where the
    /// JSON starts. <paramref name="utf8"/> has parsed already.</summary>
    private static Dictionary<string, long> KeyLines(byte[] utf8, out long rootLine)
    {
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8);
        rootLine = 0;
        long line = 1;
        int counted = 0;     // bytes whose line ends are in line
        while (reader.Read())
        {
            bool key = reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1;
            if (!key && rootLine > 0) continue;
            int at = (int)reader.TokenStartIndex;
            line += utf8.AsSpan(counted, at - counted).Count((byte)'\n');
            counted = at;
            if (rootLine == 0) rootLine = line;
            if (key) lines[reader.GetString()!] = line;
        }
        return lines;
    }

    /// <summary>
    /// Python's json module writes a missing height or weight as a bare <c>NaN</c> (subjects 2
    /// and 10), which is not JSON. Outside strings, <c>NaN</c>, <c>Infinity</c> and
    /// <c>-Infinity</c> become <c>null</c> (= unknown).
    /// </summary>
    internal static string NonFiniteToNull(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        bool inString = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < text.Length) sb.Append(text[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            string? token = Starts(text, i, "-Infinity") ?? Starts(text, i, "Infinity") ?? Starts(text, i, "NaN");
            if (token != null)
            {
                sb.Append("null");
                i += token.Length - 1;
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();

        static string? Starts(string t, int at, string word) =>
            string.CompareOrdinal(t, at, word, 0, word.Length) == 0 ? word : null;
    }

    /// <summary>"…/1-1" for "…/1-1.json", "…/1-1_rf.txt", "…/1-1" and the like.</summary>
    public static string TrialPrefix(string path)
    {
        foreach (var end in new[] { ".json", "_rf.txt", "_lf.txt", "_lb.txt" })
        {
            if (path.EndsWith(end, StringComparison.OrdinalIgnoreCase)) return path[..^end.Length];
        }
        return path;
    }

    /// <summary>The file's text (after any UTF-8 byte-order mark), which must be UTF-8.</summary>
    private static string ReadUtf8(string file)
    {
        if (!File.Exists(file)) throw new InputException(file, 0, "no such file");
        try
        {
            ReadOnlySpan<byte> bytes = File.ReadAllBytes(file);
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
            InputException.RequireUtf8(file, bytes);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(file, 0, $"cannot be read ({IoWords.Why(e)})");
        }
    }

    /// <summary>PacketCounter → 0-based data row of a foot file, or null when the file is absent.</summary>
    private static (double Rate, Dictionary<long, long> Rows)? CounterRows(string footFile)
    {
        if (!File.Exists(footFile)) return null;
        using var reader = new IpolReader(footFile);
        var rows = new Dictionary<long, long>();
        foreach (var p in reader.ReadPackets()) rows[p.Counter] = p.Sample.Row;
        return (reader.RateHz, rows);
    }

    /// <summary>Reads typed fields, accepting arrays that were written as strings.</summary>
    private sealed class FieldReader(string file, JsonElement root, Dictionary<string, long> keyLines)
    {
        private bool TryGet(string name, out JsonElement e)
        {
            if (!root.TryGetProperty(name, out e) || e.ValueKind == JsonValueKind.Null) return false;
            return true;
        }

        public int? Int(string name)
        {
            double? d = Number(name);
            if (d == null) return null;
            if (d != Math.Floor(d.Value) || Math.Abs(d.Value) > int.MaxValue) throw Bad(name, "must be a whole number");
            return (int)d.Value;
        }

        public double? Number(string name)
        {
            if (!TryGet(name, out var e)) return null;
            if (e.ValueKind == JsonValueKind.Number) return e.GetDouble();
            if (e.ValueKind == JsonValueKind.String
                && double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return d;
            throw Bad(name, "must be a number");
        }

        public string? Text(string name)
        {
            if (!TryGet(name, out var e)) return null;
            return e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText();
        }

        /// <summary>A [a, b] pair, or null when the field is absent.</summary>
        public (long A, long B)? Pair(string name)
        {
            if (!TryGet(name, out var e)) return null;
            using var d = Unstring(name, e);
            return ReadPair(name, d?.RootElement ?? e);
        }

        /// <summary>A list of [a, b] pairs (empty when the field is absent).</summary>
        public List<(long A, long B)> Pairs(string name)
        {
            var list = new List<(long, long)>();
            if (!TryGet(name, out var e)) return list;
            using var d = Unstring(name, e);
            var arr = d?.RootElement ?? e;
            if (arr.ValueKind != JsonValueKind.Array) throw Bad(name, "must be a list of [toe-off, heel-strike] pairs");
            foreach (var item in arr.EnumerateArray())
            {
                using var inner = Unstring(name, item);
                list.Add(ReadPair(name, inner?.RootElement ?? item));
            }
            return list;
        }

        /// <summary>Parses a string holding JSON ("[1, 2]"); null when the element is not a string.</summary>
        private JsonDocument? Unstring(string name, JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.String) return null;
            try
            {
                return JsonDocument.Parse(e.GetString()!);
            }
            catch (JsonException)
            {
                throw Bad(name, $"is a string that does not hold a JSON array: '{NativeTraceReader.Shorten(e.GetString()!)}'");
            }
        }

        private (long, long) ReadPair(string name, JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 2) throw Bad(name, "must hold [start, end] pairs of two PacketCounter values");
            long a = Counter(name, e[0]), b = Counter(name, e[1]);
            if (b < a) throw Bad(name, $"pair [{Written(e[0])}, {Written(e[1])}] ends before it starts");
            return (a, b);
        }

        /// <summary>A PacketCounter value: whole, non-negative and at most
        /// <see cref="IpolReader.MaxCounter"/> (as in the foot files), so that no value turns into
        /// another on the way to a whole number (1e300 is refused, not read as 2^63 − 1).</summary>
        private long Counter(string name, JsonElement e)
        {
            double d;
            if (e.ValueKind == JsonValueKind.Number) d = e.GetDouble();
            else if (e.ValueKind != JsonValueKind.String || !double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                throw Bad(name, $"holds '{NativeTraceReader.Shorten(e.GetRawText())}' where a PacketCounter value belongs");
            if (!double.IsFinite(d) || d < 0 || d != Math.Floor(d) || d > IpolReader.MaxCounter)
            {
                throw Bad(name, $"holds {Written(e)}: PacketCounter values are whole, non-negative and at most 1e15");
            }
            return (long)d;
        }

        /// <summary>A value as the file writes it (a string's text without its quotes).</summary>
        private static string Written(JsonElement e) =>
            NativeTraceReader.Shorten(e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText());

        /// <summary>At the line of the field's key.</summary>
        private InputException Bad(string name, string problem) =>
            new(file, keyLines.TryGetValue(name, out long line) ? line : 0, $"'{name}' {problem}");
    }
}
