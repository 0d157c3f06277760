using System.Globalization;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Events;
using CalfMonitor.Core.Storage;

namespace CalfMonitor.Simulator.Ble;

/// <summary>
/// What the device would have sent over BLE during a replay, encoded by the core's
/// <see cref="CalfMonitorGatt"/>: a Live notification once a second (a subscribed phone; none
/// while the sensor is out, <see cref="CalfPumpMonitor.InSensorOutage"/>) and an
/// Alert notification for each alert. One line each:
/// <c>t=12.000s  Live   notify    02 03 …  {decoded}</c>.
/// </summary>
public sealed class BleTrace : IMonitorListener
{
    private readonly TextWriter _out;
    private readonly byte[] _buffer = new byte[CalfMonitorGatt.MaxPayload];
    private CalfMonitorGatt? _gatt;
    private CalfPumpMonitor? _monitor;
    private int _startMs;
    private readonly bool _live;

    public BleTrace(TextWriter output, bool liveEverySecond = true)
    {
        _out = output;
        _live = liveEverySecond;
    }

    /// <summary>Live notifications written.</summary>
    public int Notifications { get; private set; }

    /// <summary>Alert notifications written.</summary>
    public int AlertNotifications { get; private set; }

    /// <summary>Attaches to the monitor once it has seen its first sample.</summary>
    public void Attach(CalfPumpMonitor monitor, int startMs, int configLoadStatus = LoadStatus.Ok)
    {
        _gatt = new CalfMonitorGatt(monitor, configLoadStatus);
        _monitor = monitor;
        _startMs = startMs;
    }

    public void OnActivation(int timeMs, int sampleNumber) { }
    public void OnSpellEnded(int timeMs, int endedSpellSeconds) { }
    public void OnMinute(int minuteIndex, int activations) { }
    public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason) { }

    public void OnSecond(int timeMs, int activationsLast60s, int spellSeconds)
    {
        // No Live while a replayed sensor outage lasts, as on the device (DeviceListener).
        if (_gatt == null || !_live || _monitor!.InSensorOutage) return;
        int n = _gatt.ReadLive(_buffer, 0, timeMs);
        Notifications++;
        Line(timeMs, "Live", "notify", "live", n);
    }

    public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason)
    {
        if (_gatt == null) return;
        int n = _gatt.EncodeAlert(_buffer, 0);
        AlertNotifications++;
        Line(timeMs, "Alert", "notify", "alert", n);
    }

    private void Line(int timeMs, string name, string kind, string characteristic, int n)
    {
        var bytes = _buffer.AsSpan(0, n).ToArray();
        var (_, text) = BleText.Decode(characteristic, bytes);
        double t = unchecked(timeMs - _startMs) / 1000.0;
        _out.WriteLine($"t={t.ToString("0.000", CultureInfo.InvariantCulture)}s  {name,-6} {kind,-9} {BleText.Hex(bytes, n)}  {{{text}}}");
    }
}
