namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// Drives the vibration motor from the main loop's clock: an alert is a few long pulses, an
    /// acknowledgement (pump break done) one short pulse. The snooze button stops a running pattern
    /// and silences alerts for <see cref="SnoozeMs"/>. Plain integer state, no allocation; the
    /// device glue only copies <see cref="IsOn"/> to the motor pin every tick.
    /// </summary>
    public sealed class MotorPattern
    {
        /// <summary>Alert pulse length, ms: long enough to notice through a sock and trouser leg.</summary>
        public const int AlertPulseMs = 400;

        /// <summary>Pause between alert pulses, ms: pulses must read as separate buzzes.</summary>
        public const int AlertGapMs = 300;

        /// <summary>Pulses in one alert.</summary>
        public const int AlertPulses = 3;

        /// <summary>Acknowledgement pulse, ms: a short tick, clearly not an alert.</summary>
        public const int AckPulseMs = 150;

        /// <summary>Snooze length, ms: one repeat interval of the default policy (10 min).</summary>
        public const int SnoozeMs = 10 * 60 * 1000;

        private bool _running;
        private int _startMs;
        private int _pulseMs;
        private int _pulses;
        private bool _snoozed;
        private int _snoozeEndMs;
        private int _alerts;
        private int _suppressed;

        /// <summary>Alerts that vibrated.</summary>
        public int Alerts { get { return _alerts; } }

        /// <summary>Alerts swallowed by a snooze.</summary>
        public int Suppressed { get { return _suppressed; } }

        /// <summary>True while a pattern is running.</summary>
        public bool Running { get { return _running; } }

        /// <summary>Starts the alert pattern, unless snoozed.</summary>
        public void Alert(int nowMs)
        {
            if (IsSnoozed(nowMs))
            {
                _suppressed++;
                return;
            }
            _alerts++;
            Start(nowMs, AlertPulseMs, AlertPulses);
        }

        /// <summary>One short pulse, unless an alert is running or the device is snoozed.</summary>
        public void Acknowledge(int nowMs)
        {
            if (IsSnoozed(nowMs) || (_running && _pulses > 1)) return;
            Start(nowMs, AckPulseMs, 1);
        }

        /// <summary>Button press: stop what runs, silence alerts for <see cref="SnoozeMs"/>.</summary>
        public void Snooze(int nowMs)
        {
            _running = false;
            _snoozed = true;
            _snoozeEndMs = nowMs + SnoozeMs;
        }

        /// <summary>True while alerts are silenced.</summary>
        public bool IsSnoozed(int nowMs)
        {
            if (_snoozed && nowMs - _snoozeEndMs >= 0) _snoozed = false;
            return _snoozed;
        }

        /// <summary>Motor state for this tick.</summary>
        public bool IsOn(int nowMs)
        {
            if (!_running) return false;
            int t = nowMs - _startMs;
            int cycle = _pulseMs + AlertGapMs;
            if (t < 0) return false;
            if (t >= (_pulses - 1) * cycle + _pulseMs)
            {
                _running = false;
                return false;
            }
            return t % cycle < _pulseMs;
        }

        private void Start(int nowMs, int pulseMs, int pulses)
        {
            _running = true;
            _startMs = nowMs;
            _pulseMs = pulseMs;
            _pulses = pulses;
        }
    }
}
