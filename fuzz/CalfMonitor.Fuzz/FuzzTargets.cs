using System.Text;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Core.Storage;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Replay;

namespace CalfMonitor.Fuzz;

/// <summary>
/// One entry per fuzz target. Each takes arbitrary bytes and must return normally or throw the
/// documented <see cref="InputException"/> (readers); the BLE decoders and the config loader
/// return status codes and must never throw. Any other exception is a crash.
/// </summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["native"] = Native,
        ["hugadb"] = Hugadb,
        ["ipol"] = IpolFoot,
        ["ipol-json"] = IpolJson,
        ["gaitmap"] = Gaitmap,
        ["gaitmap-strides"] = GaitmapStridesCsv,
        ["ble-live"] = BleLive,
        ["ble-alert"] = BleAlert,
        ["ble-config"] = BleConfig,
        ["ble-control"] = BleControl,
        ["ble-history"] = BleHistory,
        ["ble-time"] = BleCurrentTime,
        ["config-image"] = ConfigImageLoad,
    };

    /// <summary>Runs <paramref name="target"/> on <paramref name="data"/>; a documented rejection
    /// (<see cref="InputException"/>) is a normal outcome.</summary>
    public static void Run(string target, byte[] data)
    {
        try
        {
            All[target](data);
        }
        catch (InputException)
        {
            // The documented way to reject bad input: one line, exit code 2.
        }
    }

    private static string? _dir;

    /// <summary>A private folder for the file-based readers (tmpfs when there is one).</summary>
    private static string Dir
    {
        get
        {
            if (_dir != null) return _dir;
            string root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
            _dir = Path.Combine(root, $"calfmon-fuzz-{Environment.ProcessId}");
            Directory.CreateDirectory(_dir);
            return _dir;
        }
    }

    private static string WriteFile(string name, byte[] data)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    private static void Replay(ISampleSource source)
    {
        try
        {
            new ReplayRunner().Run(source);
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }
    }

    /// <summary>Native trace: header, rows, and the full replay through the core.</summary>
    public static void Native(byte[] data)
    {
        var lines = new LineReader("fuzz.csv", new StreamReader(new MemoryStream(data), new UTF8Encoding(false), true));
        Replay(new NativeTraceReader("fuzz.csv", lines));
    }

    public static void Hugadb(byte[] data)
    {
        string path = WriteFile("fuzz-hugadb.txt", data);
        Replay(new HugadbReader(path, Leg.Right, MountingSite.Shank));
        Replay(new HugadbReader(path, Leg.Left, MountingSite.Foot));
    }

    public static void IpolFoot(byte[] data)
    {
        Replay(new IpolReader(WriteFile("1-1_rf.txt", data)));
    }

    public static void IpolJson(byte[] data)
    {
        string dir = Dir;
        string txt = Path.Combine(dir, "1-1_rf.txt");
        if (File.Exists(txt)) File.Delete(txt);
        IpolTrial.Load(WriteFile("1-1.json", data));
    }

    public static void Gaitmap(byte[] data)
    {
        string path = WriteFile("fuzz-gaitmap.csv", data);
        Replay(new GaitmapReader(path, Leg.Left));
        Replay(new GaitmapReader(path, Leg.Right));
    }

    public static void GaitmapStridesCsv(byte[] data)
    {
        GaitmapStrides.Read(WriteFile("fuzz-strides.csv", data));
    }

    /// <summary>Sniffing the format of an arbitrary file (calfmon's default --input-format auto).</summary>
    public static void Sniff(byte[] data)
    {
        SourceFactory.Sniff(WriteFile("fuzz-sniff.csv", data));
    }

    /// <summary>The decoders read from an offset too: the payload is placed after a prefix.</summary>
    private static void Decode(byte[] data, Func<byte[], int, int, int> decode)
    {
        decode(data, 0, data.Length);
        var shifted = new byte[data.Length + 3];
        Array.Copy(data, 0, shifted, 3, data.Length);
        decode(shifted, 3, data.Length);
    }

    public static void BleLive(byte[] data)
    {
        var p = new LivePayload();
        Decode(data, p.TryDecode);
        var buf = new byte[LivePayload.Length];
        p.Encode(buf, 0);
    }

    public static void BleAlert(byte[] data)
    {
        var p = new AlertPayload();
        Decode(data, p.TryDecode);
        p.Encode(new byte[64], 0);
    }

    public static void BleConfig(byte[] data)
    {
        var s = new MonitorSettings();
        Decode(data, (b, o, n) => ConfigPayload.TryDecode(b, o, n, s));
        // What the device does with a write: apply it to a running monitor.
        var gatt = new CalfMonitorGatt(NewMonitor(), LoadStatus.Ok);
        if (gatt.WriteConfig(data, 0, data.Length) == AttError.Ok)
        {
            var buf = new byte[64];
            int n = gatt.ReadConfig(buf, 0);
            var back = new MonitorSettings();
            if (ConfigPayload.TryDecode(buf, 0, n, back) != AttError.Ok) throw new InvalidDataException("config written but its read-back does not decode");
        }
    }

    public static void BleControl(byte[] data)
    {
        var c = new ControlCommand();
        Decode(data, c.TryDecode);
        var gatt = new CalfMonitorGatt(NewMonitor(), LoadStatus.Ok);
        gatt.WriteControl(data, 0, data.Length, 123_456);
        gatt.ReadLive(new byte[LivePayload.Length], 0, 124_000);
    }

    public static void BleHistory(byte[] data)
    {
        var h = new HistoryChunk();
        Decode(data, h.TryDecode);
    }

    public static void BleCurrentTime(byte[] data)
    {
        Decode(data, (b, o, n) => CurrentTime.TryDecode(b, o, n, out _));
        var gatt = new CalfMonitorGatt(NewMonitor(), LoadStatus.Ok);
        gatt.WriteCurrentTime(data, 0, data.Length, 5_000);
        gatt.ReadCurrentTime(new byte[32], 0, 6_000);
    }

    /// <summary>The persisted-config loader, then what boot does with its result: build the monitor.</summary>
    public static void ConfigImageLoad(byte[] data)
    {
        var s = new MonitorSettings();
        Decode(data, (b, o, n) => ConfigImage.Load(b, o, n, s));
        if (!s.IsValid) throw new InvalidDataException("ConfigImage.Load left invalid settings in force");
        new CalfPumpMonitor(new SensorConfig(SensorConfig.DefaultSampleRateHz, SensorConfig.DefaultAccelRangeG,
            SensorConfig.DefaultGyroRangeDps, MountingSite.Shank), s, new NullListener());
    }

    private static CalfPumpMonitor NewMonitor()
    {
        // Nothing from the instrumented assemblies may run before Fuzzer.Run: no static state here.
        var m = new CalfPumpMonitor(new SensorConfig(SensorConfig.DefaultSampleRateHz, SensorConfig.DefaultAccelRangeG,
            SensorConfig.DefaultGyroRangeDps, MountingSite.Shank), new MonitorSettings(), new NullListener());
        m.OnSample(1000, 0, 0, 4096, 0, 0, 0);
        return m;
    }

    private sealed class NullListener : CalfMonitor.Core.Events.IMonitorListener
    {
        public void OnActivation(int timeMs, int sampleNumber) { }
        public void OnSpellEnded(int timeMs, int endedSpellSeconds) { }
        public void OnSecond(int timeMs, int activationsLast60s, int spellSeconds) { }
        public void OnMinute(int minuteIndex, int activations) { }
        public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason) { }
    }
}
