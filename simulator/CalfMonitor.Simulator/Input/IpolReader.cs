using System.Globalization;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Simulator.Input;

/// <summary>One packet of an IPOL foot file: its PacketCounter and the sample made from it.</summary>
public readonly record struct IpolPacket(long Counter, SourceSample Sample);

/// <summary>
/// Reads one foot sensor of the IPOL reference gait dataset (Voisard et al., 2023):
/// <c>S-T_rf.txt</c> / <c>S-T_lf.txt</c>, a line <c>Acquisition frequency: 100 Hz</c>, a
/// tab-separated header line, then <c>PacketCounter Acc_X … Gyr_Z Mag_X …</c> rows.
/// <para>Samples are placed by PacketCounter (TimeS = counter / rate), not by row: the files
/// lose packets (real radio dropouts) and some start at counter 1 or 2. A run of missing packets
/// is a step in time, which the replay tells a gap or a bridged dropout (DeviceSignalAdapter);
/// a counter that repeats the previous row is a duplicated packet, dropped with a warning; a
/// counter that goes back is an error.</para>
/// <para>Units: acceleration m/s² with gravity → g; gyroscope rad/s (whatever the original
/// documentation says, the magnitudes prove it) → °/s.</para>
/// </summary>
public sealed class IpolReader : ISampleSource, IDisposable
{
    /// <summary>Standard gravity, m/s² per g (the value the sensor maker uses).</summary>
    public const double StandardGravity = 9.80665;

    /// <summary>Degrees per radian, for the gyro's rad/s.</summary>
    public const double DegreesPerRadian = 180.0 / Math.PI;

    /// <summary>The dataset's documented rate; used for the events when no foot file is at hand.</summary>
    public const double NominalRateHz = 100.0;

    /// <summary>Prefix of the rate line.</summary>
    public const string RateLinePrefix = "Acquisition frequency";

    /// <summary>The rate line in any case, with any white space around and between its words.</summary>
    private static readonly System.Text.RegularExpressions.Regex RateLine =
        new(@"^\s*acquisition\s+frequency(?<rest>.*)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>True for an IPOL foot file's first line, <c>Acquisition frequency: 100 Hz</c>
    /// (<c>acquisition  frequency : 100 Hz</c> too); <paramref name="rest"/> is what follows the
    /// two words.</summary>
    public static bool IsRateLine(string line, out string rest)
    {
        var m = RateLine.Match(line);
        rest = m.Success ? m.Groups["rest"].Value : "";
        return m.Success;
    }

    private static readonly string[] Channels = { "Acc_X", "Acc_Y", "Acc_Z", "Gyr_X", "Gyr_Y", "Gyr_Z" };
    private const string CounterColumn = "PacketCounter";

    /// <summary>Largest PacketCounter accepted (in the foot files and the trial JSON): far above
    /// any recording, small enough that every whole number up to it is exact as a double.</summary>
    public const double MaxCounter = 1e15;

    private readonly LineReader _lines;
    private readonly List<string> _warnings = new();
    private readonly int[] _channel = new int[6];
    private readonly int _counter;
    private readonly int _columns;
    private bool _read;

    /// <summary>Opens a foot file, or the foot file of a trial.</summary>
    /// <param name="path">A foot file (<c>S-T_rf.txt</c>/<c>S-T_lf.txt</c>), or a trial's JSON
    /// (<c>S-T.json</c>) or prefix (<c>…/S-T</c>); the last two need <paramref name="leg"/>.</param>
    /// <param name="leg">Which foot. With a foot file it must agree with the file name.</param>
    public IpolReader(string path, Leg? leg = null)
    {
        Path = path;
        FootFile = ResolveFootFile(path, leg);
        Leg = LegOfFile(FootFile) ?? leg;
        _lines = LineReader.Open(FootFile);
        try
        {
            RateHz = ReadRate();
            string? header = _lines.ReadLine();
            if (header == null) throw new InputException(FootFile, _lines.LineNumber, "header only: no column line and no samples");
            string[] names = header.TrimEnd().Split('\t').Select(s => s.Trim()).ToArray();
            _columns = names.Length;
            _counter = Find(names, CounterColumn);
            for (int i = 0; i < 6; i++) _channel[i] = Find(names, Channels[i]);
        }
        catch
        {
            _lines.Dispose();
            throw;
        }
        string foot = Leg switch { Input.Leg.Left => "left foot", Input.Leg.Right => "right foot", _ => "foot" };
        Info = new SourceInfo("ipol", RateHz, MountingSite.Foot,
            $"IPOL gait {System.IO.Path.GetFileName(FootFile)}, {foot} dorsum, {RateHz.ToString(CultureInfo.InvariantCulture)} Hz", null);
    }

    /// <summary>The path as the user gave it.</summary>
    public string Path { get; }

    /// <summary>The foot file actually read.</summary>
    public string FootFile { get; }

    /// <summary>The foot, from the file name (or as asked when the name does not tell).</summary>
    public Leg? Leg { get; }

    /// <summary>From the <c>Acquisition frequency</c> line.</summary>
    public double RateHz { get; }

    public SourceInfo Info { get; }
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Where the row last read is, FOOTFILE:LINE.</summary>
    public string Where() => $"{FootFile}:{_lines.LineNumber}";

    /// <summary>PacketCounter of the first packet (0, 1 or 2 in the dataset); set once read.</summary>
    public long FirstCounter { get; private set; } = -1;

    /// <summary>Packets missing between the first and last packet; complete once read.</summary>
    public long MissingPackets { get; private set; }

    /// <summary>
    /// The foot file for <paramref name="path"/>: the path itself when it is a <c>.txt</c>,
    /// else <c>{prefix}_rf.txt</c> / <c>{prefix}_lf.txt</c> for a <c>.json</c> or a bare prefix.
    /// </summary>
    public static string ResolveFootFile(string path, Leg? leg)
    {
        if (path == StandardInput.Name) return path;
        if (path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            if (path.EndsWith("_lb.txt", StringComparison.OrdinalIgnoreCase))
            {
                throw new InputException(path, 0, "is the lower-back sensor; give the foot file (_rf.txt or _lf.txt) — only foot mounting is supported for IPOL");
            }
            var named = LegOfFile(path);
            if (named != null && leg != null && named != leg)
            {
                throw new InputException(path, 0, $"is the {named.ToString()!.ToLowerInvariant()} foot, but --leg {leg.ToString()!.ToLowerInvariant()} was asked");
            }
            return path;
        }
        bool json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        if (!json && File.Exists(path))
        {
            // Neither a foot file nor a trial's .json or prefix: do not go looking for PATH_rf.txt.
            throw new InputException(path, 0, "not an IPOL foot file: IPOL files are named <n>-<n>_<lf|rf|lb>.txt (give the foot file, _rf or _lf) or the trial's <n>-<n>.json");
        }
        string prefix = json ? path[..^".json".Length] : path;
        if (leg == null) throw new InputException(path, 0, "an IPOL trial has two foot files: say which with --leg left|right");
        return prefix + (leg == Input.Leg.Right ? "_rf.txt" : "_lf.txt");
    }

    /// <summary>Right for <c>*_rf.txt</c>, Left for <c>*_lf.txt</c>, else null.</summary>
    public static Leg? LegOfFile(string path)
    {
        if (path.EndsWith("_rf.txt", StringComparison.OrdinalIgnoreCase)) return Input.Leg.Right;
        if (path.EndsWith("_lf.txt", StringComparison.OrdinalIgnoreCase)) return Input.Leg.Left;
        return null;
    }

    private double ReadRate()
    {
        string? line = _lines.ReadLine();
        if (line == null) throw new InputException(FootFile, 0, "empty file");
        if (!IsRateLine(line, out string rest))
        {
            throw new InputException(FootFile, 1, $"not an IPOL foot file: the first line must be '{RateLinePrefix}: <n> Hz', got '{NativeTraceReader.Shorten(line)}'");
        }
        rest = rest.Trim().TrimStart(':').Trim();
        if (rest.EndsWith("Hz", StringComparison.OrdinalIgnoreCase)) rest = rest[..^2].Trim();
        if (!double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out double hz) || !double.IsFinite(hz) || hz < 1 || hz > 10_000)
        {
            throw new InputException(FootFile, 1, $"acquisition frequency must be from 1 to 10000 Hz, got '{NativeTraceReader.Shorten(rest)}'");
        }
        return hz;
    }

    private int Find(string[] names, string name)
    {
        int i = Array.FindIndex(names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));   // PACKETCOUNTER too
        if (i < 0) throw new InputException(FootFile, _lines.LineNumber, $"the header line has no '{name}' column (expected PacketCounter Acc_X Acc_Y Acc_Z Gyr_X Gyr_Y Gyr_Z …)");
        return i;
    }

    public IEnumerable<SourceSample> ReadSamples() => ReadPackets().Select(p => p.Sample);

    /// <summary>The packets with their counters, validated, in order.</summary>
    public IEnumerable<IpolPacket> ReadPackets()
    {
        if (_read) throw new InvalidOperationException("a recording can be read once");
        _read = true;
        long last = -1;
        long row = 0;
        var v = new double[6];
        string? line;
        while ((line = _lines.ReadLine()) != null)
        {
            if (LineReader.IsBlank(line))
            {
                // Blank lines are tolerated only at the end of the file, any number of them.
                long blank = _lines.LineNumber;
                if (_lines.OnlyBlankLinesFollow()) break;
                throw new InputException(FootFile, blank, "blank line inside the data");
            }
            // White space at the end (a trailing tab) is no column, as on the header line.
            string[] f = line.TrimEnd().Split('\t');
            if (f.Length != _columns) throw new InputException(FootFile, _lines.LineNumber, $"expected {_columns} tab-separated columns, found {f.Length}");
            long counter = ParseCounter(f[_counter]);
            for (int i = 0; i < 6; i++) v[i] = ParseValue(f[_channel[i]], Channels[i]);
            if (last < 0)
            {
                FirstCounter = counter;
            }
            else if (counter == last)
            {
                // The same packet sent twice (the logger's retransmission): the first is kept.
                _warnings.Add($"{FootFile}:{_lines.LineNumber}: PacketCounter {counter} repeats the previous row; the duplicate packet is dropped");
                continue;
            }
            else if (counter < last)
            {
                throw new InputException(FootFile, _lines.LineNumber, $"PacketCounter goes backwards ({counter} after {last})");
            }
            else if (counter > last + 1)
            {
                // A gap in time; told a gap or a bridged dropout where it is replayed
                // (DeviceSignalAdapter), with the core's definition.
                MissingPackets += counter - last - 1;
            }
            last = counter;
            yield return new IpolPacket(counter, new SourceSample(row, counter / RateHz,
                v[0] / StandardGravity, v[1] / StandardGravity, v[2] / StandardGravity,
                v[3] * DegreesPerRadian, v[4] * DegreesPerRadian, v[5] * DegreesPerRadian, null));
            row++;
        }
        if (row == 0) throw new InputException(FootFile, _lines.LineNumber, "header only: the recording has no samples");
    }

    /// <summary>PacketCounter is written as a float ("308.0"): it must be a whole, non-negative number.</summary>
    private long ParseCounter(string field)
    {
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double c)
            || !double.IsFinite(c) || c < 0 || c != Math.Floor(c) || c > MaxCounter)
        {
            throw new InputException(FootFile, _lines.LineNumber, $"PacketCounter must be a whole non-negative number of at most 1e15, got '{NativeTraceReader.Shorten(field)}'");
        }
        return (long)c;
    }

    private double ParseValue(string field, string name)
    {
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
        {
            throw new InputException(FootFile, _lines.LineNumber, $"{name} must be a finite number, got '{NativeTraceReader.Shorten(field)}'");
        }
        return x;
    }

    public void Dispose() => _lines.Dispose();
}
