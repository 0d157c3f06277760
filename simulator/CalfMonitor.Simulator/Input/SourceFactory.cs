using System.Globalization;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Simulator.Input;

/// <summary>Which leg's sensor to read from a multi-sensor recording.</summary>
public enum Leg
{
    Left,
    Right,
}

/// <summary>
/// Opens any supported recording as an <see cref="ISampleSource"/>: the native trace format or a
/// dataset format (HuGaDB, IPOL, gaitmap), named or sniffed from the file's first lines.
/// </summary>
public static class SourceFactory
{
    /// <summary>Accepted values of <c>--input-format</c>.</summary>
    public static readonly IReadOnlyList<string> Formats = new[] { "native", "hugadb", "ipol", "gaitmap", "auto" };

    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <param name="inputFormat">native, hugadb, ipol, gaitmap or auto.</param>
    /// <param name="leg">Which leg's sensor (ignored by native traces, which hold one sensor); null
    /// when not asked: an IPOL foot file's own (<c>_lf</c>, <c>_rf</c>), else the right.</param>
    /// <param name="sensor">Shank or foot; null for the format's default (HuGaDB: shin). IPOL and
    /// gaitmap hold foot sensors only.</param>
    /// <param name="rateHz">Overrides the assumed rate of HuGaDB and gaitmap files (a gaitmap file
    /// whose first column is time in seconds gives its own, which a given rate must match); native
    /// and IPOL files state their own rate, so giving one for them is an error.</param>
    public static ISampleSource Open(string path, string inputFormat, Leg? leg, MountingSite? sensor, double? rateHz)
    {
        string format = (inputFormat ?? "").Trim().ToLowerInvariant();
        if (!Formats.Contains(format))
        {
            throw new InputException(path, 0, $"unknown input format '{inputFormat}' (use {string.Join(", ", Formats)})");
        }
        if (StandardInput.IsDash(path)) path = StandardInput.Name;
        if (format == "auto") format = Sniff(path);
        switch (format)
        {
            case "native":
            {
                NoRate(path, rateHz, "a native trace states its sample rate in its header");
                var reader = new NativeTraceReader(path);
                if (sensor != null && sensor != reader.Header.Mounting)
                {
                    reader.Dispose();
                    throw new InputException(path, 0, $"the trace header says mounting {Name(reader.Header.Mounting)}, but --sensor {Name(sensor.Value)} was asked");
                }
                return reader;
            }
            case "hugadb":
                return new HugadbReader(path, leg ?? Leg.Right, sensor ?? MountingSite.Shank, rateHz ?? HugadbReader.DefaultRateHz);
            case "ipol":
                FootOnly(path, sensor, "IPOL");
                NoRate(path, rateHz, "an IPOL file states its rate on its 'Acquisition frequency' line");
                // A foot file is one leg's, named in it; a trial (.json, prefix) holds both. Standard
                // input is a foot file's rows, whose leg nothing names unless --leg does.
                bool footFile = path == StandardInput.Name || path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);
                return new IpolReader(path, leg ?? (footFile ? null : Leg.Right));
            default: // gaitmap
                FootOnly(path, sensor, "gaitmap");
                return new GaitmapReader(path, leg ?? Leg.Right, rateHz);
        }
    }

    /// <summary>
    /// Tells the format from the first lines: native (<c># calfmon-trace 1</c>), HuGaDB
    /// (<c>#Activity</c>), IPOL (<c>Acquisition frequency</c>, or a trial's .json/prefix), gaitmap
    /// (two comma-separated header rows, the second naming acc_x and gyr_x; or the single-sensor
    /// layout's one row: an empty first cell, then acc_x … gyr_z among the names).
    /// </summary>
    public static string Sniff(string path)
    {
        if (path == StandardInput.Name)
        {
            var peeked = StandardInput.Peek(2);
            if (peeked.Count == 0) throw new InputException(path, 0, "empty: nothing arrived on standard input");
            return Sniff(path, peeked[0], peeked.Count > 1 ? peeked[1] : null);
        }
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            string prefix = IpolTrial.TrialPrefix(path);
            if (File.Exists(prefix + "_rf.txt") || File.Exists(prefix + "_lf.txt")) return "ipol";
        }
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
        {
            string prefix = IpolTrial.TrialPrefix(path);
            if (File.Exists(prefix + "_rf.txt") || File.Exists(prefix + "_lf.txt")) return "ipol";
        }
        using var lines = LineReader.Open(path);
        string? first = lines.ReadLine();
        if (first == null) throw new InputException(path, 0, "empty file: cannot tell its format");
        return Sniff(path, first, lines.ReadLine());
    }

    /// <summary>Tells the format from the first two lines (<paramref name="second"/> null when there is none).</summary>
    private static string Sniff(string path, string first, string? second)
    {
        // The same lines, in any case and spacing, as each reader accepts.
        if (TraceHeaderParser.IsMagic(first)) return "native";
        TraceHeaderParser.RejectOtherVersion(path, first);
        if (HugadbReader.IsActivityLine(first, out _)) return "hugadb";
        if (IpolReader.IsRateLine(first, out _)) return "ipol";
        if (GaitmapReader.IsSingleSensorHeader(first))
        {
            return "gaitmap";     // the single-sensor layout: pandas' unnamed index column, then the axes
        }
        if (second != null)
        {
            var axes = second.Split(',').Select(c => c.Trim()).ToArray();
            if (first.Split(',').Length == axes.Length && axes.Contains("acc_x", StringComparer.OrdinalIgnoreCase)
                && axes.Contains("gyr_x", StringComparer.OrdinalIgnoreCase) && !first.Contains("acc_x", StringComparison.OrdinalIgnoreCase))
            {
                return "gaitmap";
            }
        }
        throw new InputException(path, 1,
            $"cannot tell the format from '{Echo.Safe(first)}': expected '# {TraceHeader.Magic}' (native), '#Activity' (HuGaDB), " +
            $"'{IpolReader.RateLinePrefix}: …' (IPOL) or gaitmap's CSV header rows (sensor/axis, or one row ',index,acc_x,…,gyr_z'); give --input-format");
    }

    private static void FootOnly(string path, MountingSite? sensor, string dataset)
    {
        if (sensor == MountingSite.Shank)
        {
            throw new InputException(path, 0, $"{dataset} recordings have foot sensors only: --sensor shin/shank is not available (use --sensor foot or leave it out)");
        }
    }

    private static void NoRate(string path, double? rateHz, string why)
    {
        if (rateHz != null)
        {
            throw new InputException(path, 0, $"--rate {rateHz.Value.ToString(CultureInfo.InvariantCulture)} cannot be applied: {why}");
        }
    }

    private static string Name(MountingSite s) => s == MountingSite.Foot ? "foot" : "shank";
}
