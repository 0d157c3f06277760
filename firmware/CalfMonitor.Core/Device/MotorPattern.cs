using CalfMonitor.Core.Sedentary;

namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// Drives the vibration motor from the main loop's clock: an alert is the number of pulses the
    /// alert policy chose (<see cref="AlertPolicy.LastBuzzPulses"/>: 1 + repeat index, capped by
    /// max_buzz_pulses), <see cref="AlertPolicy.BuzzPulseMs"/> on and <see cref="AlertPolicy.BuzzGapMs"/>
    /// off, as docs/ble-protocol.md states; an acknowledgement (pump break done) is one short
    /// pulse. Whether an alert fires at all (snooze, quiet hours, not worn) is the policy's
    /// decision; the button only stops what is playing. Plain integer state, no allocation; the
    /// device glue copies <see cref="IsOn"/> to the motor pin every tick.
    /// </summary>
    public sealed class MotorPattern
    {
        /// <summary>Acknowledgement pulse, ms: a short tick, clearly not an alert pulse.</summary>
        public const int AckPulseMs = 150;

        /// <summary>Most pulses one alert may ask for (max_buzz_pulses is 1–10).</summary>
        public const int MaxPulses = 10;

        private bool _running;
        private int _startMs;
        private int _pulseMs;
        private int _pulses;
        private int _alerts;

        /// <summary>Alerts played.</summary>
        public int Alerts { get { return _alerts; } }

        /// <summary>True while a pattern is running.</summary>
        public bool Running { get { return _running; } }

        /// <summary>Plays an alert of <paramref name="pulses"/> pulses (clamped to 1..<see cref="MaxPulses"/>).</summary>
        public void Alert(int nowMs, int pulses)
        {
            if (pulses < 1) pulses = 1;
            if (pulses > MaxPulses) pulses = MaxPulses;
            _alerts++;
            Start(nowMs, AlertPolicy.BuzzPulseMs, pulses);
        }

        /// <summary>One short pulse, unless an alert is playing.</summary>
        public void Acknowledge(int nowMs)
        {
            if (_running && _pulseMs == AlertPolicy.BuzzPulseMs && IsOnOrPending(nowMs)) return;
            Start(nowMs, AckPulseMs, 1);
        }

        /// <summary>Stops whatever plays (the button).</summary>
        public void Stop()
        {
            _running = false;
        }

        /// <summary>Motor state for this tick; <paramref name="nowMs"/> may wrap.</summary>
        public bool IsOn(int nowMs)
        {
            if (!_running) return false;
            int t = nowMs - _startMs;
            int cycle = _pulseMs + AlertPolicy.BuzzGapMs;
            if (t < 0) return false;
            if (t >= (_pulses - 1) * cycle + _pulseMs)
            {
                _running = false;
                return false;
            }
            return t % cycle < _pulseMs;
        }

        private bool IsOnOrPending(int nowMs)
        {
            int t = nowMs - _startMs;
            return t >= 0 && t < (_pulses - 1) * (_pulseMs + AlertPolicy.BuzzGapMs) + _pulseMs;
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
