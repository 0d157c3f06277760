using System.Text;
using System.Text.Json;
using CalfMonitor.Core;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Ble;

/// <summary>
/// <c>calfmon replay --config FILE</c>: a small JSON object whose keys are the
/// <see cref="MonitorSettings"/> fields in snake_case (docs/sedentary-policy.md), e.g.
/// <c>{ "alert_after_min": 45, "quiet_start_min": 1260 }</c>, and <c>"mounting": "shank"</c> or
/// <c>"foot"</c> (the Config characteristic's byte 20; it overrides the trace's site). Missing keys
/// keep their defaults (no mounting: the trace's site).
/// An unknown key, a non-integer value, an out-of-range value or broken JSON is an
/// <see cref="InputException"/> naming the file and line (exit code 2).
/// </summary>
public static class ConfigFile
{
    private static readonly (string Key, Func<MonitorSettings, int> Get, Action<MonitorSettings, int> Set, int Min, int Max)[] Fields =
    {
        ("min_ankle_range_deg", s => s.MinAnkleRangeDeg, (s, v) => s.MinAnkleRangeDeg = v, 2, 45),
        ("min_shank_range_deg", s => s.MinShankRangeDeg, (s, v) => s.MinShankRangeDeg = v, 2, 45),
        ("break_activations", s => s.BreakActivations, (s, v) => s.BreakActivations = v, 1, MonitorSettings.MaxBreakActivations),
        ("break_window_s", s => s.BreakWindowS, (s, v) => s.BreakWindowS = v, 10, 600),
        ("alert_after_min", s => s.AlertAfterMin, (s, v) => s.AlertAfterMin = v, 1, 240),
        ("repeat_every_min", s => s.RepeatEveryMin, (s, v) => s.RepeatEveryMin = v, 1, 240),
        ("snooze_min", s => s.SnoozeMin, (s, v) => s.SnoozeMin = v, 1, 240),
        ("max_buzz_pulses", s => s.MaxBuzzPulses, (s, v) => s.MaxBuzzPulses = v, 1, 10),
        ("quiet_start_min", s => s.QuietStartMin, (s, v) => s.QuietStartMin = v, 0, 1439),
        ("quiet_end_min", s => s.QuietEndMin, (s, v) => s.QuietEndMin = v, 0, 1439),
        ("not_worn_still_s", s => s.NotWornStillS, (s, v) => s.NotWornStillS = v, 30, 3600),
        ("horizontal_angle_deg", s => s.HorizontalAngleDeg, (s, v) => s.HorizontalAngleDeg = v, 30, 85),
        ("activity_grace_s", s => s.ActivityGraceS, (s, v) => s.ActivityGraceS = v, 0, 255),
        ("activity_defer_max_s", s => s.ActivityDeferMaxS, (s, v) => s.ActivityDeferMaxS = v, 0, 1800),
    };

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The JSON key of <see cref="MonitorSettings.Mounting"/>.</summary>
    public const string MountingKey = "mounting";

    /// <summary>All fields as key=value.</summary>
    public static string Describe(MonitorSettings s) =>
        string.Join(' ', Fields.Select(f => $"{f.Key}={f.Get(s)}")) + $" {MountingKey}={BleText.SiteName(s.Mounting)}";

    public static MonitorSettings Load(string path)
    {
        Cli.Inputs.RequirePath("--config", path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Named with the option, as its other failures are: a trace path that does not exist
            // says "FILE: no such file", and which of the two was meant stayed a guess.
            throw new Cli.UsageException($"--config {path}: no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Named with the option, as --plot's and --out's failures are ("FILE: permission
            // denied" from the generic handler did not say which option; newcomer audit).
            throw new Cli.UsageException($"--config {path}: cannot be read ({IoWords.Why(e)})");
        }
        return Parse(path, bytes);
    }

    public static MonitorSettings Parse(string path, byte[] utf8)
    {
        // A UTF-8 byte-order mark (Windows editors write one) is a benign variation, as in traces
        // and sidecars; line numbers count from the text after it.
        if (utf8.AsSpan().StartsWith(Bom)) utf8 = utf8[Bom.Length..];
        InputException.RequireUtf8(path, utf8);
        var settings = new MonitorSettings();
        var seen = new HashSet<string>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InputException(path, LineAt(utf8, reader.TokenStartIndex), "expected a JSON object of settings, e.g. { \"alert_after_min\": 45 }");
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string key = reader.GetString() ?? "";
                long line = LineAt(utf8, reader.TokenStartIndex);
                var field = Fields.FirstOrDefault(f => f.Key == key);
                if (field.Key == null && key != MountingKey)
                {
                    throw new InputException(path, line, $"unknown setting '{key}' (known: {string.Join(", ", Fields.Select(f => f.Key))}, {MountingKey})");
                }
                if (!seen.Add(key)) throw new InputException(path, line, $"'{key}' given twice");
                reader.Read();
                line = LineAt(utf8, reader.TokenStartIndex);
                if (key == MountingKey)
                {
                    string? site = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    // The same names as every command and the trace header: shin or shank, foot, any case.
                    settings.Mounting = (site == null ? null : Cli.Sites.TryParse(site)) switch
                    {
                        MountingSite.Shank => MonitorSettings.MountingShank,
                        MountingSite.Foot => MonitorSettings.MountingFoot,
                        _ => throw new InputException(path, line, $"'{MountingKey}' must be \"shin\" (or \"shank\") or \"foot\", not {(site == null ? "a number or other non-text value" : "\"" + Echo.Safe(site, 40) + "\"")}"),
                    };
                    continue;
                }
                if (reader.TokenType != JsonTokenType.Number)
                {
                    throw new InputException(path, line, $"'{key}' must be a whole number");
                }
                if (!reader.TryGetInt32(out int value))
                {
                    // 45.5, 4.5e1, 99999999999, 1e400: a fraction is not a whole number; a whole
                    // number too large for the field (or for a double) is out of range.
                    string raw = NativeTraceReader.Shorten(Encoding.UTF8.GetString(reader.ValueSpan));
                    bool finite = reader.TryGetDouble(out double d) && double.IsFinite(d);
                    if (finite && d != Math.Floor(d)) throw new InputException(path, line, $"'{key}' must be a whole number, got {raw}");
                    if (!finite || d < field.Min || d > field.Max)
                    {
                        throw new InputException(path, line, $"'{key}' is out of range ({field.Min}…{field.Max}), got {raw}");
                    }
                    value = (int)d;
                }
                if (value < field.Min || value > field.Max)
                {
                    throw new InputException(path, line, $"'{key}' must be between {field.Min} and {field.Max}, not {value}");
                }
                field.Set(settings, value);
            }
            if (reader.Read()) throw new InputException(path, LineAt(utf8, reader.TokenStartIndex), "unexpected content after the settings object");
        }
        catch (JsonException e)
        {
            throw InputException.FromJson(path, e, utf8);
        }
        if (!settings.IsValid) throw new InputException(path, 0, "the settings are not a valid combination");
        return settings;
    }

    private static long LineAt(byte[] utf8, long index) => 1 + utf8.AsSpan(0, (int)Math.Min(index, utf8.Length)).Count((byte)'\n');

    /// <summary>The settings as a config file (for docs and tests).</summary>
    public static string ToJson(MonitorSettings s)
    {
        var sb = new StringBuilder("{\n");
        for (int i = 0; i < Fields.Length; i++)
        {
            bool last = i + 1 == Fields.Length && s.Mounting == MonitorSettings.MountingFromSensor;
            sb.Append("  \"").Append(Fields[i].Key).Append("\": ").Append(Fields[i].Get(s)).Append(last ? "\n" : ",\n");
        }
        if (s.Mounting != MonitorSettings.MountingFromSensor)
        {
            sb.Append("  \"").Append(MountingKey).Append("\": \"").Append(BleText.SiteName(s.Mounting)).Append("\"\n");
        }
        return sb.Append("}\n").ToString();
    }
}
