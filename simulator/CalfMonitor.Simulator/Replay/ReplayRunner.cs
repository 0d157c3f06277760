using CalfMonitor.Core;
using CalfMonitor.Core.Events;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Replay;

/// <summary>
/// Replays a recording through the core exactly as the device would: converted to the device's
/// sample rate and ranges (<see cref="DeviceSignalAdapter"/>), fed sample by sample to one
/// <see cref="CalfPumpMonitor"/> with the low 32 bits of the millisecond clock. Streams: memory
/// does not grow with the trace's length, except for the event lists it returns.
/// </summary>
public sealed class ReplayRunner
{
    /// <summary>How often the device's main loop polls the sensor, ms (firmware Program.cs): the
    /// steps in which it closes a sensor outage's seconds.</summary>
    public const int DevicePollMs = 100;

    private readonly MonitorSettings _settings;

    public ReplayRunner(MonitorSettings? settings = null) => _settings = settings ?? new MonitorSettings();

    /// <summary>Optional observer of every device sample and the monitor after it was fed
    /// (plots, BLE traces); called after the monitor processed the sample.</summary>
    public Action<DeviceSample, CalfPumpMonitor>? OnSample { get; set; }

    /// <summary>Optional observer of the monitor's events, called alongside the collector.</summary>
    public IMonitorListener? Listener { get; set; }

    // Fully optimised at once: the loop runs once per replay, so tiered compilation would leave
    // it in unoptimised code for the whole of a long trace (calfmon bench: replay_over_parse).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public ReplayResult Run(ISampleSource source, MountingSite? mounting = null, int deviceRateHz = SensorConfig.DefaultSampleRateHz)
    {
        var site = mounting ?? source.Info.Site;
        if (_settings.Mounting != MonitorSettings.MountingFromSensor) site = _settings.Mounting == MonitorSettings.MountingFoot ? MountingSite.Foot : MountingSite.Shank; // --config "mounting"
        var sensor = new SensorConfig(deviceRateHz, SensorConfig.DefaultAccelRangeG, SensorConfig.DefaultGyroRangeDps, site);
        var adapter = new DeviceSignalAdapter(sensor);
        var result = new ReplayResult
        {
            Input = source.Path,
            InputFormat = source.Info.Format,
            Mounting = site == MountingSite.Foot ? "foot" : "shank",
            InputRateHz = source.Info.RateHz,
            DeviceRateHz = deviceRateHz,
        };
        var collector = new Collector(result, Listener);
        var monitor = new CalfPumpMonitor(sensor, _settings, collector);
        collector.Policy = monitor.Policy;
        long first = 0, last = 0;
        bool any = false;
        foreach (var s in adapter.Convert(source))
        {
            if (!any)
            {
                first = s.TimeMs;
                collector.StartMs = s.TimeMs;
                any = true;
            }
            else if (s.TimeMs - last > CalfPumpMonitor.SensorOutageAfterMs && s.TimeMs - last <= CalfPumpMonitor.MaxReplayedGapS * 1000L)
            {
                // A gap this long is, on the device, a sensor out of order for that long, and its
                // main loop closes the monitor's seconds as it polls (CalfPumpMonitor.SensorOutage):
                // the same here, so the gap's alerts come when the device's would. (A longer jump
                // is a clock jump, closed at once.)
                for (long t = last + DevicePollMs; t < s.TimeMs; t += DevicePollMs) monitor.SensorOutage(unchecked((int)t));
            }
            collector.PreviousMs = result.DeviceSamples > 0 ? collector.Current.TimeMs : s.TimeMs;
            collector.Current = s;
            collector.RememberRow(result.DeviceSamples, s.SourceRow);
            monitor.OnSample(unchecked((int)s.TimeMs), s.Ax, s.Ay, s.Az, s.Gx, s.Gy, s.Gz);
            OnSample?.Invoke(s, monitor);
            last = s.TimeMs;
            result.DeviceSamples++;
        }
        if (!any) throw adapter.NoSamples(source, "replay");
        // The trace's last half second is still in the conditioner's look-ahead: detect in it, as
        // the core does before a gap, instead of dropping it.
        monitor.EndOfInput();
        collector.NoteSuppression();
        // Every data row read, also the last few a resampled input may end on between two
        // device samples (the nearest row of the last device sample can be one before the last).
        result.InputSamples = adapter.SourceSamples;
        result.DurationS = (last - first) / 1000.0 + 1.0 / deviceRateHz;
        // The core's count; the adapter told the same steps gaps with the same definition and
        // wrote one warning for each.
        result.Gaps = monitor.Gaps;
        result.BridgedDropouts = adapter.BridgedDropouts;
        result.BridgedSamples = adapter.BridgedSamples;
        // A bout still held at the end of the trace was never confirmed: isolated, like any other;
        // so are full cycles the rhythm filter still holds behind small ones, and the small ones it
        // holds are unrhythmic.
        int heldSmall = monitor.Sets.HeldSmall;
        result.IsolatedCycles = monitor.Bouts.IsolatedCycles + monitor.Bouts.Held + monitor.Sets.Held - heldSmall;
        result.UnrhythmicSmallCycles = monitor.Sets.UnrhythmicCycles + heldSmall;
        result.RecountedCycles = monitor.Bouts.RecountedCycles;
        collector.StillHeld(monitor);
        int partialSeconds = (int)((last - first) / 1000 % 60);
        if (partialSeconds > 0 || monitor.Rate.ActivationsThisMinute > 0)
        {
            // The minute still open: cut short unless the last sample's period completes it (an
            // hour of samples at 50 Hz ends 20 ms before the hour, its last minute whole).
            long coveredMs = last - first + 1000 / deviceRateHz;
            result.Minutes.Add(new MinuteCount(monitor.Rate.MinuteIndex, monitor.Rate.ActivationsThisMinute,
                monitor.Policy.SpellSeconds, coveredMs % 60000 != 0));
        }
        result.LongestSpellS = Math.Max(collector.LongestSpellS, monitor.Policy.SpellSeconds);
        result.Warnings.AddRange(source.Warnings);
        result.Warnings.AddRange(adapter.GapWarnings);
        var h = monitor.Health;
        result.SensorFaults = new SensorFaultCounts(h.FaultSpells, h.FaultySamples, h.SaturatedSamples, h.GarbageSamples, h.StuckSamples, h.AccelSaturatedSamples, h.Faults);
        result.SensorFaultKinds.AddRange(result.SensorFaults.Kinds(result.DeviceSamples));
        foreach (var kind in result.SensorFaultKinds) result.Warnings.Add($"{source.Path}: {SensorWarning(kind, result.SensorFaults, deviceRateHz)}");
        return result;
    }

    /// <summary>One sensor-fault warning: what the watch saw, for how long, and what it did.</summary>
    private static string SensorWarning(string kind, SensorFaultCounts f, int rateHz)
    {
        string S(int samples) => (samples / (double)rateHz).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " s";
        return kind switch
        {
            "saturation" => $"sensor fault: a gyro axis held full scale ({S(f.SaturatedSamples)} at the rail): saturated or shorted sensor; {S(f.FaultySamples)} of samples kept from the detector",
            "garbage" => $"sensor fault: {f.GarbageSamples} {(f.GarbageSamples == 1 ? "sample" : "samples")} with implausible gyro jumps (garbage); kept from the detector",
            // StuckSamples counts only the samples past the StuckMs a repetition must last to be one.
            "stuck" => $"sensor fault: readings repeated exactly for longer than {S(SensorHealth.StuckMs * rateHz / 1000)} ({S(f.StuckSamples)} beyond that in all; stuck: a live sensor always shows noise): dead or disconnected sensor?",
            _ => $"sensor fault: accelerometer at full scale for {S(f.AccelSaturatedSamples)}: saturated or shorted sensor?",
        };
    }

    /// <summary>Turns the core's integer events into the report's records.</summary>
    private sealed class Collector : IMonitorListener
    {
        private readonly ReplayResult _r;
        private readonly IMonitorListener? _next;
        private int _lastSpellS;

        public Collector(ReplayResult r, IMonitorListener? next)
        {
            _r = r;
            _next = next;
        }

        public long StartMs;
        public DeviceSample Current;
        /// <summary>Time of the sample before <see cref="Current"/> (the same at the first).</summary>
        public long PreviousMs;
        public CalfMonitor.Core.Sedentary.AlertPolicy? Policy;
        private int _suppressions;

        /// <summary>Records the policy's latest suppression when its count grew (at most one a
        /// second: polled once a second, after the policy ran).</summary>
        public void NoteSuppression()
        {
            var p = Policy;
            if (p == null || p.Suppressions == _suppressions) return;
            _suppressions = p.Suppressions;
            _r.SuppressedAlerts.Add(new SuppressedAlertEvent(Seconds(p.LastSuppressionMs), p.LastSuppressionSpellSeconds, p.LastSuppressionReason));
        }
        public int LongestSpellS;

        // Input rows of the latest device samples, by device sample number: activations and
        // cycles set aside arrive after their sample (the conditioner's look-ahead, cycles held
        // until their rhythm or bout is decided), and a replay reports the row of the cycle
        // itself. A generous bound on how late: each filter holds fewer cycles than its minimum
        // (RhythmicSetFilter.MinSetCycles, PumpBoutFilter.MinBoutCycles), neighbours at most
        // PumpBoutFilter.MaxCycleGapMs apart, and decides a held cycle at most a gap after the
        // last: under 8 gaps, 64 s (the latest case found is about 50 s), plus the 0.5 s
        // look-ahead — 12 900 samples at the highest device rate (200 Hz). 16 384 (a power of
        // two, for the mask) are 82 s there. (4096, 20 s, gave late small cycles of a slow set
        // another row.)
        private readonly long[] _rows = new long[16384];

        public void RememberRow(long deviceSample, long row) => _rows[deviceSample & (_rows.Length - 1)] = row;

        // The monitor's int sample number and this long count agree modulo the ring's length.
        private long RowOf(int sampleNumber) => _rows[sampleNumber & (_rows.Length - 1)];

        // Event times are wrapping 32-bit clocks; the current sample's 64-bit time anchors them.
        // At a clock jump (a step over CalfPumpMonitor.MaxReplayedGapS) the cycles the filters
        // held are told while the sample after the jump is current, with times of the old
        // timeline: the sample before it anchors those (a jump of more than 2^31 ms would wrap
        // them to the wrong side of the current sample). Each time takes the nearer anchor.
        private double Seconds(int timeMs)
        {
            int fromCurrent = unchecked(timeMs - (int)Current.TimeMs);
            int fromPrevious = unchecked(timeMs - (int)PreviousMs);
            long ms = Math.Abs((long)fromPrevious) < Math.Abs((long)fromCurrent)
                ? PreviousMs + fromPrevious
                : Current.TimeMs + fromCurrent;
            return (ms - StartMs) / 1000.0;
        }

        public void OnActivation(int timeMs, int sampleNumber)
        {
            _r.Activations.Add(new ActivationEvent(RowOf(sampleNumber), Seconds(timeMs)));
            _next?.OnActivation(timeMs, sampleNumber);
        }

        public void OnSpellEnded(int timeMs, int endedSpellSeconds)
        {
            _r.SpellsEnded.Add(new SpellEndEvent(Seconds(timeMs), endedSpellSeconds));
            LongestSpellS = Math.Max(LongestSpellS, endedSpellSeconds);
            _next?.OnSpellEnded(timeMs, endedSpellSeconds);
        }

        public void OnSecond(int timeMs, int activationsLast60s, int spellSeconds)
        {
            _lastSpellS = spellSeconds;
            NoteSuppression();
            _next?.OnSecond(timeMs, activationsLast60s, spellSeconds);
        }

        public void OnMinute(int minuteIndex, int activations)
        {
            _r.Minutes.Add(new MinuteCount(minuteIndex, activations, _lastSpellS, false));
            _next?.OnMinute(minuteIndex, activations);
        }

        public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason)
        {
            _r.Alerts.Add(new AlertEvent(Seconds(timeMs), spellSeconds, repeatIndex, reason));
            _next?.OnAlert(timeMs, spellSeconds, repeatIndex, reason);
        }

        public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason)
        {
            NotCounted(timeMs, sampleNumber, reason);
            _next?.OnCycleNotCounted(timeMs, sampleNumber, reason);
        }

        private void NotCounted(int timeMs, int sampleNumber, int reason) =>
            _r.NotCounted.Add(new NotCountedCycle(RowOf(sampleNumber), Seconds(timeMs), reason));

        /// <summary>The cycles the filters still hold when the trace ends, oldest first: never
        /// confirmed, so isolated (full cycles, and the bout's) or unrhythmic (small ones), as the
        /// summary counts them.</summary>
        public void StillHeld(CalfPumpMonitor monitor)
        {
            var bouts = monitor.Bouts;
            for (int i = 0; i < bouts.Held; i++) NotCounted(bouts.HeldTimeMs(i), bouts.HeldSample(i), NotCountedReason.Isolated);
            var sets = monitor.Sets;
            for (int i = 0; i < sets.Held; i++)
            {
                NotCounted(sets.HeldTimeMs(i), sets.HeldSample(i), sets.HeldIsSmall(i) ? NotCountedReason.Unrhythmic : NotCountedReason.Isolated);
            }
        }
    }
}
