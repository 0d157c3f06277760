using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Events;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Core.Storage;
using CalfMonitor.Simulator.Cli;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Tests.Companion;

/// <summary>
/// The device the browser talks to: the embedded office-hour trace replayed through a real
/// <see cref="CalfPumpMonitor"/>, with <see cref="CalfMonitorGatt"/> serving every read and write.
/// The test moves the device's time forward (<see cref="AdvanceTo"/>); after the trace ends the
/// wearer keeps sitting still (the last posture held, gyro at rest). Thread-safe: the browser's
/// requests arrive on the CDP reader thread.
/// </summary>
public sealed class ReplayedDevice : IMonitorListener
{
    private readonly object _lock = new();
    private readonly List<DeviceSample> _samples;
    private readonly int _periodMs;
    private readonly SensorConfig _sensor;
    private int _next;
    private int _nowMs;
    private readonly byte[] _buffer = new byte[CalfMonitorGatt.MaxPayload];

    public CalfPumpMonitor Monitor { get; private set; }
    public CalfMonitorGatt Gatt { get; private set; }

    /// <summary>The device's motor, wired to the GATT as the firmware wires it (Control "try a
    /// buzz" plays on it); <see cref="MotorOnMs"/> runs it.</summary>
    public CalfMonitor.Core.Device.MotorPattern Motor { get; } = new();

    /// <summary>Runs the motor's tick (10 ms, as the firmware's loop) for <paramref name="ms"/> from
    /// the motor's clock <paramref name="fromMs"/>; returns how long it was on, ms.</summary>
    public int MotorOnMs(int fromMs, int ms)
    {
        lock (_lock)
        {
            int on = 0;
            for (int t = fromMs; t < fromMs + ms; t += 10) if (Motor.IsOn(t)) on += 10;
            return on;
        }
    }

    /// <summary>Alert notification payloads (hex) the device sent, with the device time.</summary>
    public List<(int TimeMs, string Hex)> Alerts { get; } = new();

    /// <summary>Every write the browser made: (characteristic, hex, ATT code answered).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Characteristic, string Hex, int Code)> Writes { get; } = new();

    public ReplayedDevice()
    {
        var source = Inputs.OpenEmbedded();
        var sensor = new SensorConfig(SensorConfig.DefaultSampleRateHz, SensorConfig.DefaultAccelRangeG, SensorConfig.DefaultGyroRangeDps, source.Info.Site);
        _sensor = sensor;
        _samples = new DeviceSignalAdapter(sensor).Convert(source).ToList();
        _periodMs = 1000 / sensor.SampleRateHz;
        Monitor = new CalfPumpMonitor(sensor, new MonitorSettings(), this);
        Gatt = new CalfMonitorGatt(Monitor, LoadStatus.Ok) { Motor = Motor };
    }

    /// <summary>A power cycle: a new monitor and GATT server with the settings the flash kept, so
    /// the alert sequence, today's counts and the clock start over (the time is unknown again),
    /// and the wearer's trace plays again from its start (<see cref="AdvanceTo"/> counts from there).</summary>
    public void Restart()
    {
        lock (_lock)
        {
            var stored = Gatt.Config.Clone();
            Monitor = new CalfPumpMonitor(_sensor, stored, this);
            Gatt = new CalfMonitorGatt(Monitor, LoadStatus.Ok) { Motor = Motor };
            Motor.Stop();
            _next = 0;
            _nowMs = 0;
        }
    }

    /// <summary>Length of the replayed trace, ms.</summary>
    public int TraceMs => (int)(_samples[^1].TimeMs - _samples[0].TimeMs);

    public int NowMs { get { lock (_lock) return _nowMs; } }

    /// <summary>Feeds samples up to <paramref name="minutes"/> minutes after the trace's start.</summary>
    public void AdvanceTo(double minutes)
    {
        lock (_lock)
        {
            long end = _samples[0].TimeMs + (long)(minutes * 60_000);
            while (true)
            {
                DeviceSample s;
                if (_next < _samples.Count) s = _samples[_next];
                else
                {
                    // After the trace: the last posture held still (gyro at rest, one count of noise).
                    var last = _samples[^1];
                    long t = last.TimeMs + (long)(_next - _samples.Count + 1) * _periodMs;
                    short noise = (short)(_next % 2);
                    s = last with { TimeMs = t, Gx = noise, Gy = 0, Gz = (short)-noise };
                }
                if (s.TimeMs > end) break;
                _nowMs = unchecked((int)s.TimeMs);
                Monitor.OnSample(_nowMs, s.Ax, s.Ay, s.Az, s.Gx, s.Gy, s.Gz);
                _next++;
            }
        }
    }

    /// <summary>Runs a GATT read: returns the bytes.</summary>
    public byte[] Read(Func<CalfMonitorGatt, byte[], int, int> read)
    {
        lock (_lock)
        {
            int n = read(Gatt, _buffer, _nowMs);
            return _buffer.AsSpan(0, n).ToArray();
        }
    }

    /// <summary>Runs a GATT write: returns the ATT code (0 accepted).</summary>
    public int Write(string characteristic, byte[] data, Func<CalfMonitorGatt, byte[], int, int> write)
    {
        lock (_lock)
        {
            int code = write(Gatt, data.Length == 0 ? new byte[1] : data, _nowMs);
            if (data.Length == 0) code = AttError.InvalidLength;
            Writes.Enqueue((characteristic, Convert.ToHexString(data), code));
            return code;
        }
    }

    /// <summary>The main loop's save of an accepted Config write, with the outcome the flash gives
    /// (<paramref name="saved"/> false: it refused, as a full or failing drive would).</summary>
    public void Save(bool saved)
    {
        lock (_lock)
        {
            Gatt.TakeConfigToSave();
            Gatt.SaveDone(saved, _nowMs);
        }
    }

    /// <summary>The Live payload now, as the device would notify it.</summary>
    public byte[] LiveNow() => Read((g, b, now) => g.ReadLive(b, 0, now));

    public void OnActivation(int timeMs, int sampleNumber) { }
    public void OnSpellEnded(int timeMs, int endedSpellSeconds) { }
    public void OnSecond(int timeMs, int activationsLast60s, int spellSeconds) { }
    public void OnMinute(int minuteIndex, int activations) { }
    public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason) { }

    public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason)
    {
        // Called inside AdvanceTo (under the lock): the notification the device sends now.
        var b = new byte[AlertPayload.Length];
        int n = Gatt.EncodeAlert(b, 0);
        Alerts.Add((timeMs, global::CalfMonitor.Simulator.Ble.BleText.Hex(b, n)));
    }
}
