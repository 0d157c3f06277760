using System.Globalization;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Simulator.Input;

/// <summary>
/// Reads one HuGaDB v1/v2 recording (Chereshnev &amp; Kertész-Farkas, 2017): three '#' header lines
/// (<c>#Activity</c>, <c>#ActivityID</c>, <c>#Date</c>), a tab-separated column line, then one row of
/// raw int16 counts per sample, 39 columns, the last one the activity code <c>act</c>.
/// <para>The six channels of one sensor (e.g. <c>acc_rs_x … gyro_rs_z</c> for the right shin) are
/// picked by column NAME. The files hold no timestamps: row n is at n / rate seconds.</para>
/// <para>Validation: every row must have as many fields as the column line and every field must be
/// an integer. The picked channels must lie in the int16 range (an error otherwise); a corrupt,
/// out-of-range value in a channel that is not read is only a warning, because the release has a
/// few (e.g. a thigh gyro in <c>walking_06_03</c>) and the shin data of those rows is fine.</para>
/// </summary>
public sealed class HugadbReader : ISampleSource, IDisposable
{
    /// <summary>Sample rate implied by the upstream tables (samples ÷ minutes); not in the files.</summary>
    public const double DefaultRateHz = 58.8;

    /// <summary>Accelerometer sensitivity: the release records at ±2 g, so 16384 counts = 1 g.</summary>
    public const double CountsPerG = 16384.0;

    /// <summary>Gyro sensitivity: ±2000 °/s full scale, 16.4 counts per °/s (MPU6050 datasheet).</summary>
    public const double CountsPerDps = 16.4;

    /// <summary>Name of the activity-code column.</summary>
    public const string ActivityColumn = "act";

    /// <summary>Activity code → name, as in the release's ReadMe.</summary>
    public static IReadOnlyDictionary<int, string> Activities { get; } = new Dictionary<int, string>
    {
        [1] = "walking", [2] = "running", [3] = "going_up", [4] = "going_down",
        [5] = "sitting", [6] = "sitting_down", [7] = "standing_up", [8] = "standing",
        [9] = "bicycling", [10] = "up_by_elevator", [11] = "down_by_elevator", [12] = "sitting_in_car",
    };

    private static readonly string[] Axes = { "x", "y", "z" };

    private readonly LineReader _lines;
    private readonly List<string> _warnings = new();
    private readonly int[] _channel = new int[6];   // field index of ax, ay, az, gx, gy, gz
    private readonly int _act;
    private readonly int _columns;
    private bool _read;

    /// <param name="path">The recording (.txt).</param>
    /// <param name="leg">Which leg's sensor to read.</param>
    /// <param name="sensor">Shank → the shin sensor (<c>rs</c>/<c>ls</c>), Foot → the foot sensor (<c>rf</c>/<c>lf</c>).</param>
    /// <param name="rateHz">Sample rate to assume (the files do not state one).</param>
    public HugadbReader(string path, Leg leg, MountingSite sensor, double rateHz = DefaultRateHz)
    {
        if (!double.IsFinite(rateHz) || rateHz < 1 || rateHz > 10_000)
        {
            throw new InputException(path, 0, $"sample rate must be from 1 to 10000 Hz, got {rateHz.ToString(CultureInfo.InvariantCulture)}");
        }
        Path = path;
        Leg = leg;
        RateHz = rateHz;
        SiteCode = SiteCodeOf(leg, sensor);
        _lines = LineReader.Open(path);
        try
        {
            string[] names = ReadHeader();
            _columns = names.Length;
            for (int i = 0; i < 6; i++)
            {
                string name = (i < 3 ? "acc_" : "gyro_") + SiteCode + "_" + Axes[i % 3];
                _channel[i] = Find(names, name);
            }
            _act = Find(names, ActivityColumn);
        }
        catch
        {
            _lines.Dispose();
            throw;
        }
        string site = sensor == MountingSite.Foot ? "foot" : "shin";
        Info = new SourceInfo("hugadb", rateHz, sensor,
            $"HuGaDB {System.IO.Path.GetFileName(path)}, {leg.ToString().ToLowerInvariant()} {site} (acc_{SiteCode}_*, gyro_{SiteCode}_*), {rateHz.ToString(CultureInfo.InvariantCulture)} Hz assumed",
            ActivityColumn);

        if (sensor == MountingSite.Shank)
        {
            var quality = ReadShinGyroQuality(path);
            if (quality != null && !quality.IsTrusted(leg))
            {
                _warnings.Add($"{path}: {ShinGyroQualityFile} flags the {leg.ToString().ToLowerInvariant()} shin gyro as amplified (~8–10× too high, clipping): do not trust its amplitudes");
            }
        }
    }

    public string Path { get; }
    public SourceInfo Info { get; }
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Where the row last read is, FILE:LINE.</summary>
    public string Where() => $"{Path}:{_lines.LineNumber}";
    public Leg Leg { get; }
    public double RateHz { get; }

    /// <summary>Two-letter sensor code in the column names: rs, ls, rf or lf.</summary>
    public string SiteCode { get; }

    /// <summary>Activity names from the <c>#Activity</c> line (the sequence the recording follows).</summary>
    public IReadOnlyList<string> DeclaredActivities { get; private set; } = Array.Empty<string>();

    /// <summary>The two-letter code of a sensor in the column names.</summary>
    public static string SiteCodeOf(Leg leg, MountingSite sensor) =>
        (leg == Leg.Right ? "r" : "l") + (sensor == MountingSite.Foot ? "f" : "s");

    /// <summary>The activity name for an <c>act</c> code, or null for an unknown code.</summary>
    public static string? ActivityName(int code) => Activities.TryGetValue(code, out var n) ? n : null;

    /// <summary>True for a HuGaDB file's first line, <c>#Activity</c> then the activities: in
    /// any case, with white space before or after the '#' (<c>  # activity</c>);
    /// <paramref name="activities"/> is the rest of the line.</summary>
    public static bool IsActivityLine(string line, out string activities)
    {
        const string name = "activity";
        activities = "";
        string t = line.TrimStart();
        if (!t.StartsWith('#')) return false;
        string body = t[1..].TrimStart();
        if (!body.StartsWith(name, StringComparison.OrdinalIgnoreCase)) return false;
        activities = body[name.Length..];
        return true;
    }

    private string[] ReadHeader()
    {
        string? line = _lines.ReadLine();
        if (line == null) throw new InputException(Path, 0, "empty file");
        if (!IsActivityLine(line, out string activities))
        {
            throw new InputException(Path, 1, $"not a HuGaDB file: the first line must start with '#Activity', got '{NativeTraceReader.Shorten(line)}'");
        }
        DeclaredActivities = activities.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        while ((line = _lines.ReadLine()) != null && line.StartsWith('#')) { }
        if (line == null) throw new InputException(Path, _lines.LineNumber, "header only: no column line and no samples");
        string[] names = line.TrimEnd().Split('\t');
        for (int i = 0; i < names.Length; i++) names[i] = names[i].Trim();
        return names;
    }

    private int Find(string[] names, string name)
    {
        int i = Array.FindIndex(names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));   // ACC_RS_X too
        if (i < 0)
        {
            throw new InputException(Path, _lines.LineNumber, $"the column line has no '{name}' column (HuGaDB columns are acc_XX_x … gyro_XX_z for XX = rf, rs, rt, lf, ls, lt, then act)");
        }
        return i;
    }

    public IEnumerable<SourceSample> ReadSamples()
    {
        if (_read) throw new InvalidOperationException("a recording can be read once");
        _read = true;
        var value = new int[_columns];
        long row = 0;
        string? line;
        while ((line = _lines.ReadLine()) != null)
        {
            if (LineReader.IsBlank(line))
            {
                // Blank lines are tolerated only at the end of the file, any number of them.
                long blank = _lines.LineNumber;
                if (_lines.OnlyBlankLinesFollow()) break;
                throw new InputException(Path, blank, "blank line inside the data");
            }
            // White space at the end (a trailing tab) is no column, as on the column line.
            string[] f = line.TrimEnd().Split('\t');
            if (f.Length != _columns)
            {
                throw new InputException(Path, _lines.LineNumber, $"expected {_columns} tab-separated columns, found {f.Length}");
            }
            for (int i = 0; i < f.Length; i++) value[i] = ParseField(f[i], i);
            string label = LabelOf(value[_act], f[_act]);
            yield return new SourceSample(row, row / RateHz,
                value[_channel[0]] / CountsPerG, value[_channel[1]] / CountsPerG, value[_channel[2]] / CountsPerG,
                value[_channel[3]] / CountsPerDps, value[_channel[4]] / CountsPerDps, value[_channel[5]] / CountsPerDps,
                label);
            row++;
        }
        if (row == 0) throw new InputException(Path, _lines.LineNumber, "header only: the recording has no samples");
    }

    /// <summary>Parses one field; range-checks the fields that are read (see the class remarks).</summary>
    private int ParseField(string field, int index)
    {
        if (!long.TryParse(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                CultureInfo.InvariantCulture, out long v))
        {
            // A whole number too long for 64 bits is out of range, not "not a number".
            if (NativeTraceReader.IsWholeNumber(field, out _)) v = field.TrimStart().StartsWith('-') ? long.MinValue : long.MaxValue;
            else throw new InputException(Path, _lines.LineNumber, $"column {index + 1} must be a whole number of counts, got '{NativeTraceReader.Shorten(field)}'");
        }
        // Any code outside int is unknown (LabelOf quotes it as the file writes it).
        if (index == _act) return v is >= 1 and <= int.MaxValue ? (int)v : 0;
        if (v < short.MinValue || v > short.MaxValue)
        {
            string written = NativeTraceReader.Shorten(field.Trim());
            if (Array.IndexOf(_channel, index) >= 0)
            {
                throw new InputException(Path, _lines.LineNumber, $"column {index + 1} = {written} is outside the int16 range of the sensor (-32768…32767)");
            }
            _warnings.Add($"{Path}:{_lines.LineNumber}: column {index + 1} = {written} is outside the int16 range (corrupt value in a channel that is not read; ignored)");
            return 0;
        }
        return (int)v;
    }

    /// <summary>The activity of a code; an unknown one is quoted as the file writes it.</summary>
    private string LabelOf(int code, string written)
    {
        return ActivityName(code)
            ?? throw new InputException(Path, _lines.LineNumber, $"unknown activity code act = {NativeTraceReader.Shorten(written.Trim())} (known: 1–12)");
    }

    public void Dispose() => _lines.Dispose();

    // ---- shin-gyro-quality.csv ----

    /// <summary>File name of the shin-gyro quality table that sits beside the recordings.</summary>
    public const string ShinGyroQualityFile = "shin-gyro-quality.csv";

    /// <summary>
    /// The quality flags of a recording from the <see cref="ShinGyroQualityFile"/> in the same
    /// folder, or null when that table is absent or does not list the recording (it lists only
    /// files with walking).
    /// </summary>
    public static HugadbShinQuality? ReadShinGyroQuality(string recordingPath)
    {
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(recordingPath));
        if (dir == null) return null;
        string table = System.IO.Path.Combine(dir, ShinGyroQualityFile);
        if (!File.Exists(table)) return null;
        return ReadShinGyroQualityTable(table).TryGetValue(System.IO.Path.GetFileName(recordingPath), out var q) ? q : null;
    }

    /// <summary>Reads the whole quality table: recording file name → flags.</summary>
    public static IReadOnlyDictionary<string, HugadbShinQuality> ReadShinGyroQualityTable(string csvPath)
    {
        var result = new Dictionary<string, HugadbShinQuality>(StringComparer.Ordinal);
        using var lines = LineReader.Open(csvPath);
        string? header = lines.ReadLine();
        if (header == null) throw new InputException(csvPath, 0, "empty file");
        string[] names = header.Split(',').Select(s => s.Trim()).ToArray();
        int file = Column(names, "file"), rs = Column(names, "flag_rs"), ls = Column(names, "flag_ls");
        string? line;
        while ((line = lines.ReadLine()) != null)
        {
            if (line.Trim().Length == 0) continue;
            string[] f = line.Split(',');
            if (f.Length != names.Length) throw new InputException(csvPath, lines.LineNumber, $"expected {names.Length} columns, found {f.Length}");
            result[f[file].Trim()] = new HugadbShinQuality(f[file].Trim(), Flag(f[rs], "flag_rs"), Flag(f[ls], "flag_ls"));
        }
        return result;

        int Column(string[] n, string name)
        {
            int i = Array.IndexOf(n, name);
            if (i < 0) throw new InputException(csvPath, 1, $"header has no '{name}' column");
            return i;
        }

        bool Flag(string s, string name) => s.Trim() switch
        {
            "0" => false,
            "1" => true,
            _ => throw new InputException(csvPath, lines.LineNumber, $"{name} must be 0 or 1, got '{NativeTraceReader.Shorten(s)}'"),
        };
    }
}

/// <summary>One row of <c>shin-gyro-quality.csv</c>: a flag set means that leg's shin gyro reads
/// ~8–10× too high and clips, so its amplitudes must not be trusted.</summary>
public sealed record HugadbShinQuality(string File, bool RightShinAmplified, bool LeftShinAmplified)
{
    /// <summary>True when the shin gyro of <paramref name="leg"/> is not flagged.</summary>
    public bool IsTrusted(Leg leg) => leg == Leg.Right ? !RightShinAmplified : !LeftShinAmplified;
}
