using CalfMonitor.Core.Storage;

namespace CalfMonitor.Core.Ble
{
    /// <summary>
    /// Everything the GATT server does with bytes, so the device only moves them: each read
    /// handler fills the caller's buffer and returns the length; each write handler returns an
    /// ATT error code (0 = accepted) for RespondWithProtocolError and changes nothing on an error.
    /// Preallocated buffers; no allocation after construction except a Config write (one
    /// settings object), which is rare. Not thread-safe: the device calls it from the thread that
    /// feeds the monitor, or under one lock with it.
    /// </summary>
    public sealed class CalfMonitorGatt
    {
        /// <summary>A buffer this long, bytes, holds every payload a handler writes (the longest, a
        /// Config read, is 21): the 29-byte Config image's length, with room to spare.</summary>
        public const int MaxPayload = ConfigImage.Length;

        private readonly CalfPumpMonitor _monitor;
        private readonly MonitorSettings _config;
        private readonly LivePayload _live = new LivePayload();
        private readonly AlertPayload _alert = new AlertPayload();
        private readonly ControlCommand _command = new ControlCommand();
        private readonly byte[] _snapshot = new byte[DailyHistory.Minutes];
        private int _historyCursor;

        /// <summary>Serves <paramref name="monitor"/>; <paramref name="configLoadStatus"/> is the
        /// <see cref="SettingsStore.Boot"/> outcome at boot (raises the "config defaulted" flag).</summary>
        public CalfMonitorGatt(CalfPumpMonitor monitor, int configLoadStatus)
        {
            _monitor = monitor;
            _config = monitor.Settings;
            ConfigDefaulted = LoadStatus.RaisesFlag(configLoadStatus);
        }

        /// <summary>The configuration as last written (what the device persists).</summary>
        public MonitorSettings Config { get { return _config; } }

        /// <summary>Set by a successful Config write; the device saves the configuration
        /// (<see cref="SaveDue"/>, <see cref="TakeConfigToSave"/>, <see cref="SaveDone"/>).</summary>
        public bool ConfigChanged;

        /// <summary>Wait before saving again after the flash refused a save, ms: a busy or full
        /// internal drive gets a few seconds; settings are written rarely.</summary>
        public const int SaveRetryMs = 5000;

        /// <summary>Longest wait between saves the flash keeps refusing, ms. The wait doubles after
        /// each refusal up to this: a refused save on a full LittleFS drive still erases a block
        /// (littlefs 2.11, measured: the same block once per attempt), so retrying every 5 s would
        /// spend that block's 10⁵ erase cycles in 6 days; hourly, 24 a day.</summary>
        public const int SaveRetryMaxMs = 3600000;

        private bool _saveFailed;
        private int _nextSaveMs;
        private int _retryWaitMs = SaveRetryMs;

        /// <summary>A Config write waits to be saved, and no retry wait runs. <paramref name="nowMs"/>
        /// is the caller's clock (any, the same in <see cref="SaveDone"/>).</summary>
        public bool SaveDue(int nowMs)
        {
            return ConfigChanged && (!_saveFailed || nowMs - _nextSaveMs >= 0);
        }

        /// <summary>The configuration to save; clears <see cref="ConfigChanged"/> (a write that comes
        /// meanwhile sets it again and is saved next).</summary>
        public MonitorSettings TakeConfigToSave()
        {
            ConfigChanged = false;
            return _config.Clone();
        }

        /// <summary>The outcome of a save: a refused one is tried again <see cref="SaveRetryMs"/>
        /// later, each further refusal waiting twice as long, up to <see cref="SaveRetryMaxMs"/>
        /// (the settings are in force already; until a save succeeds they would not survive a
        /// restart). A save that succeeds ends the waits.</summary>
        public void SaveDone(bool saved, int nowMs)
        {
            _saveFailed = !saved;
            if (saved)
            {
                _retryWaitMs = SaveRetryMs;
                return;
            }
            ConfigChanged = true;
            _nextSaveMs = nowMs + _retryWaitMs;
            _retryWaitMs = _retryWaitMs > SaveRetryMaxMs / 2 ? SaveRetryMaxMs : _retryWaitMs * 2;
        }

        /// <summary>The stored configuration was unusable at boot (cleared by a Config write).</summary>
        public bool ConfigDefaulted;

        /// <summary>The settings in force would not survive a restart: defaults after unusable
        /// storage at boot (<see cref="ConfigDefaulted"/>), or a save the flash refused and no save
        /// has succeeded since (it is retried, <see cref="SaveRetryMs"/>, <see cref="SaveRetryMaxMs"/>). Live flag bit 6.</summary>
        public bool SettingsNotStored { get { return ConfigDefaulted || _saveFailed; } }

        /// <summary>The device's watch on the sensor (Live byte 19 bit 7: sensor not answering);
        /// null where nothing watches it (the simulator), and the bit stays clear.</summary>
        public Device.SensorFaultNotice SensorFault;

        /// <summary>The device's vibration motor, which Control 0x07 (try a buzz) plays; null where
        /// there is none (the simulator), and a try is accepted and plays nothing.</summary>
        public Device.MotorPattern Motor;

        /// <summary>Record mode (Control 0x05): the device streams or logs raw samples while on.</summary>
        public bool RecordMode;

        /// <summary>Live value now.</summary>
        public int ReadLive(byte[] buffer, int offset, int nowMs)
        {
            var p = _monitor.Policy;
            int flags = 0;
            if (!p.Suspended) flags |= LivePayload.FlagWorn;
            if (_monitor.Posture.Upright) flags |= LivePayload.FlagUpright;
            if (p.Snoozed) flags |= LivePayload.FlagSnoozed;
            if (p.InQuietHours(nowMs)) flags |= LivePayload.FlagQuiet;
            if (p.Clock.IsKnown) flags |= LivePayload.FlagTimeKnown;
            if (RecordMode) flags |= LivePayload.FlagRecording;
            if (SettingsNotStored) flags |= LivePayload.FlagSettingsNotStored;
            if (p.AlertPending) flags |= LivePayload.FlagAlertPending;
            _live.Flags = flags;
            _live.ActivationsLastMinute = _monitor.Rate.ActivationsLastMinute;
            _live.ActivationsToday = _monitor.ActivationsToday;
            _live.SpellSeconds = p.SpellSeconds;
            _live.AlertsToday = p.AlertsToday;
            _live.LastAlertSequence = p.Sequence;
            int nextMs = p.NextAlertInMs(nowMs);
            // Whole seconds, rounded up: "0" only when the alert is due now.
            _live.NextAlertS = nextMs < 0 ? LivePayload.NoAlertScheduled : nextMs / 1000 + (nextMs % 1000 != 0 ? 1 : 0);
            _live.Mounting = _monitor.Mounting;
            _live.GuessedSite = LivePayload.SiteNoGuess;
            _live.SensorNotAnswering = SensorFault != null && SensorFault.NotAnswering;
            return _live.Encode(buffer, offset);
        }

        /// <summary>The Alert notification for the alert the monitor just raised.</summary>
        public int EncodeAlert(byte[] buffer, int offset)
        {
            return ReadAlert(buffer, offset);
        }

        /// <summary>Alert read: the last alert raised since power-on (the bytes of its
        /// notification), or reason 0 / sequence 0 before any.</summary>
        public int ReadAlert(byte[] buffer, int offset)
        {
            _alert.FromPolicy(_monitor.Policy);
            return _alert.Encode(buffer, offset);
        }

        /// <summary>Config read.</summary>
        public int ReadConfig(byte[] buffer, int offset)
        {
            return ConfigPayload.Encode(_config, buffer, offset);
        }

        /// <summary>Config write: applies fully or not at all.</summary>
        public int WriteConfig(byte[] data, int offset, int length)
        {
            var candidate = _config.Clone();
            int code = ConfigPayload.TryDecode(data, offset, length, candidate);
            if (code != AttError.Ok) return code;
            if (!_monitor.ApplySettings(candidate)) return AttError.ValueNotAllowed;
            _config.CopyFrom(candidate);
            ConfigChanged = true;
            ConfigDefaulted = false;
            return AttError.Ok;
        }

        /// <summary>Control write.</summary>
        public int WriteControl(byte[] data, int offset, int length, int nowMs)
        {
            int code = _command.TryDecode(data, offset, length);
            if (code != AttError.Ok) return code;
            switch (_command.Opcode)
            {
                case ControlCommand.OpSnooze:
                    _monitor.Policy.Snooze(nowMs, _command.Argument);
                    break;
                case ControlCommand.OpDismiss:
                    _monitor.Policy.Dismiss(nowMs);
                    break;
                case ControlCommand.OpSetTime:
                    _monitor.Policy.SetTime(nowMs, _command.Argument);
                    break;
                case ControlCommand.OpResetToday:
                    _monitor.ResetToday();
                    break;
                case ControlCommand.OpRecordMode:
                    RecordMode = _command.Argument == 1;
                    break;
                case ControlCommand.OpHistorySnapshot:
                    TakeSnapshot();
                    break;
                case ControlCommand.OpTryBuzz:
                    if (Motor != null) Motor.Try(_command.Argument, _config.MaxBuzzPulses);
                    break;
            }
            return AttError.Ok;
        }

        /// <summary>The device's button: a snooze of the configured length, from the monitor's own
        /// clock (<see cref="NowMs"/>).</summary>
        public void ButtonPressed()
        {
            _monitor.Policy.Snooze(_monitor.NowMs, 0);
        }

        /// <summary>The time to pass to the reads and writes below on the device: the monitor's
        /// clock (<see cref="CalfPumpMonitor.NowMs"/>, the sensor's sample clock), never the
        /// processor's tick count, which runs from another origin.</summary>
        public int NowMs { get { return _monitor.NowMs; } }

        /// <summary>Current Time (0x2A2B) write by the phone.</summary>
        public int WriteCurrentTime(byte[] data, int offset, int length, int nowMs)
        {
            int seconds;
            int code = CurrentTime.TryDecode(data, offset, length, out seconds);
            if (code != AttError.Ok) return code;
            _monitor.Policy.SetTime(nowMs, seconds);
            return AttError.Ok;
        }

        /// <summary>Current Time read: the local time, or ten zero bytes (year 0 = unknown).</summary>
        public int ReadCurrentTime(byte[] buffer, int offset, int nowMs)
        {
            var clock = _monitor.Policy.Clock;
            if (!clock.IsKnown) return CurrentTime.EncodeUnknown(buffer, offset);
            return CurrentTime.Encode(buffer, offset, clock.LocalSeconds(nowMs), 0);
        }

        /// <summary>Index of the chunk the next History read returns (0–89).</summary>
        public int HistoryCursor { get { return _historyCursor; } }

        /// <summary>History read / notify: the next chunk. Chunk 0 takes a new snapshot; after
        /// chunk 89 the cursor returns to 0.</summary>
        public int ReadHistory(byte[] buffer, int offset)
        {
            if (_historyCursor == 0) _monitor.History.CopyOldestFirst(_snapshot, 0);
            int length = HistoryChunk.Encode(buffer, offset, _snapshot, _historyCursor);
            _historyCursor = _historyCursor + 1 == HistoryChunk.ChunkCount ? 0 : _historyCursor + 1;
            return length;
        }

        private void TakeSnapshot()
        {
            _historyCursor = 0;
        }
    }
}
