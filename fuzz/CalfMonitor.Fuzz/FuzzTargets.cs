using System.Text;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Core.Storage;
using CalfMonitor.Simulator.Ble;
using CalfMonitor.Simulator.Checking;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Recording;
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
        ["config-json"] = ConfigJson,
        ["sidecar"] = Sidecar,
        ["convert"] = Convert,
        ["ble-decode"] = BleDecode,
        ["record"] = Record,
        ["insole-pressure"] = InsolePressureFile,
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

    /// <summary>Runs <paramref name="target"/> on its seeds, their truncations and bit flips
    /// (the inputs FuzzRegressionTests runs in CI, which must not crash), once: what runs for
    /// the first time in a process takes other branches than later (static constructors, cached
    /// lambdas), and the fuzzer should not see that as an input's variable behaviour.</summary>
    public static void WarmUp(string target)
    {
        int i = 0;
        foreach (var input in Variations(target))
        {
            try
            {
                Run(target, input);
            }
            catch (Exception e)
            {
                // SharpFuzz ignores what its set-up run throws: end the process loudly instead
                // (afl-fuzz then fails to start), so that no crash goes unseen.
                Environment.FailFast($"calfmon-fuzz: warm-up input {i} of {target} crashed: {e.GetType().Name}: {e.Message}");
            }
            i++;
        }
    }

    /// <summary>The seeds of <paramref name="target"/>, about 40 truncations of each and 200
    /// mutations of 1–4 flipped bits (a fixed series: the same inputs every time).</summary>
    public static IEnumerable<byte[]> Variations(string target)
    {
        var rng = new Random(11);
        foreach (var (_, seed) in Seeds.For(target))
        {
            yield return seed;
            for (int n = 0; n <= seed.Length; n += Math.Max(1, seed.Length / 40)) yield return seed[..n];
            for (int k = 0; k < 200 && seed.Length > 0; k++)
            {
                var m = (byte[])seed.Clone();
                for (int b = 0; b < 1 + k % 4; b++) m[rng.Next(m.Length)] ^= (byte)(1 << rng.Next(8));
                yield return m;
            }
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
            // A folder of this name already there was left by an earlier process with the same
            // ID (IDs are reused; afl-fuzz ends its target with SIGKILL, which skips the clean-up
            // below): start from an empty one, so that no other target's file lies beside the
            // input (the IPOL readers look for files beside theirs).
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
            Directory.CreateDirectory(_dir);
            // Removed when the process ends normally (a test run), so runs do not leave folders
            // behind in tmpfs; fuzz/run.sh removes those of fuzzer targets that are gone.
            string dir = _dir;
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
            return _dir;
        }
    }

    private static string WriteFile(string name, byte[] data)
    {
        string path = Path.Combine(Dir, name);
        try
        {
            File.WriteAllBytes(path, data);
        }
        catch (DirectoryNotFoundException)
        {
            // Removed under us by fuzz/run.sh's clean-up (its check that this ID's process was
            // gone came just before this process took the ID): make it again.
            Directory.CreateDirectory(Dir);
            File.WriteAllBytes(path, data);
        }
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
        var motor = new CalfMonitor.Core.Device.MotorPattern();
        gatt.Motor = motor;                                  // a try a buzz plays, as on the device
        gatt.WriteControl(data, 0, data.Length, 123_456);
        gatt.ReadLive(new byte[LivePayload.Length], 0, 124_000);
        for (int ms = 0; ms < 5000; ms += 10) motor.IsOn(ms);
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

    /// <summary>The <c>calfmon replay --config FILE</c> settings file.</summary>
    public static void ConfigJson(byte[] data)
    {
        ConfigFile.Parse("fuzz-config.json", data);
    }

    /// <summary>A <c>calfmon check</c> sidecar (TRACE.expect.json).</summary>
    public static void Sidecar(byte[] data)
    {
        Expectations.Parse("fuzz.expect.json", data);
    }

    /// <summary>An insole pressure file (<c>calfmon evaluate --insole-pressure</c>), read for both
    /// feet and diagnosed against a trace of as many rows: the first half standing, a swing and
    /// a miss in the second half.</summary>
    public static void InsolePressureFile(byte[] data)
    {
        string path = WriteFile("Press.csv", data);
        foreach (var leg in new[] { Leg.Right, Leg.Left })
        {
            var feet = CalfMonitor.Simulator.Evaluation.InsolePressure.Read(path, leg);
            var times = Enumerable.Range(0, feet.Length).Select(i => i / 100.0).ToList();
            var standing = times.Select((_, i) => i < feet.Length / 2).ToList();
            double mid = times[^1] * 0.75;
            CalfMonitor.Simulator.Evaluation.InsolePressure.Diagnose(path, feet, times, standing,
                new[] { new CalfMonitor.Simulator.Evaluation.TrueSwing(mid, mid + 0.4) }, new[] { mid }, new[] { mid - 0.3, times[0] });
        }
    }

    /// <summary><c>calfmon convert FILE --out -</c> through the command line (format sniffed, as by
    /// default): the CLI turns bad input into exit code 2 itself, so any other code but 0 is a
    /// crash, as is an exception that escapes. What a conversion that succeeds writes must read
    /// back as a native trace: a refusal of its own output is a crash too.</summary>
    public static void Convert(byte[] data)
    {
        string path = WriteFile("fuzz-convert.trace.csv", data);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CalfMonitor.Simulator.Program.Run(new[] { "convert", path, "--out", "-" }, stdout, stderr);
        if (code is not (0 or 2)) throw new InvalidOperationException($"calfmon convert exited with {code}: {stderr}");
        if (code != 0) return;
        var lines = new LineReader("converted", new StringReader(stdout.ToString()));
        try
        {
            foreach (var _ in new NativeTraceReader("converted", lines).ReadSamples()) { }
        }
        catch (InputException e)
        {
            throw new InvalidDataException($"calfmon convert wrote a trace its reader refuses: {e.Message}");
        }
    }

    /// <summary><c>calfmon ble decode CHARACTERISTIC HEX</c>: the hex parser, then every
    /// characteristic's decoder and its text on the parsed bytes.</summary>
    public static void BleDecode(byte[] data)
    {
        string text = new UTF8Encoding(false).GetString(data);
        var bytes = BleText.ParseHex(text);
        if (bytes == null || bytes.Length == 0) return;
        foreach (var name in BleText.Names)
        {
            BleText.Decode(name, bytes);
        }
        BleText.Hex(bytes, bytes.Length);
    }

    /// <summary><c>calfmon record</c>: the bytes a device (or noise on the serial link) sends,
    /// captured into segments. The capture never throws for bad input, and what it writes must
    /// read back as a native trace: a rejection of its own output is a crash too.</summary>
    public static void Record(byte[] data)
    {
        var segments = new List<MemoryStream>();
        var capture = new TraceCapture(new CaptureOptions { PortName = "fuzz-port" }, n =>
        {
            var s = new MemoryStream();
            segments.Add(s);
            return ($"fuzz-{n}.trace.csv", s);
        }, null);
        capture.Run(new MemoryStream(data), CancellationToken.None);
        foreach (var s in segments)
        {
            var lines = new LineReader("segment", new StreamReader(new MemoryStream(s.ToArray()), new UTF8Encoding(false), true));
            try
            {
                foreach (var _ in new NativeTraceReader("segment", lines).ReadSamples()) { }
            }
            catch (InputException e) when (!e.Problem.StartsWith("the rows from here on step", StringComparison.Ordinal))
            {
                // Rows that step at another rate than their header are recorded as the device sent
                // them and refused by the reader with its own message (docs/robustness.md); any
                // other refusal of the capture's output is a crash.
                throw new InvalidDataException($"the capture wrote a trace its reader refuses: {e.Message}");
            }
        }
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
        public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason) { }
        public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason) { }
    }
}
