using CalfMonitor.Core.Sedentary;

namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// Drives the vibration motor from the main loop's clock: an alert is the number of pulses the
    /// alert policy chose (<see cref="AlertPolicy.LastBuzzPulses"/>: 1 + repeat index, capped by
    /// max_buzz_pulses), <see cref="AlertPolicy.BuzzPulseMs"/> on and <see cref="AlertPolicy.BuzzGapMs"/>
    /// off, as docs/ble-protocol.md states; an acknowledgement (pump break done) is one short
    /// pulse; the sensor-fault notice (<see cref="SensorFaultNotice"/>: the device cannot sense) is
    /// a fast rattle of <see cref="FaultPulses"/> short pulses, unlike either; the low-battery notice
    /// (<see cref="LowBatteryNotice"/>) is a slow hum of <see cref="LowBatteryPulses"/> long pulses,
    /// unlike all three. Whether an alert fires at all (snooze, quiet hours, not worn) is the policy's
    /// decision; the button only stops what is playing. A wearer may also ask to feel any of these
    /// once (<see cref="Try"/>, BLE Control "try a buzz"). Plain integer state, no allocation; the
    /// device glue copies <see cref="IsOn"/> to the motor pin every tick.
    /// </summary>
    public sealed class MotorPattern
    {
        /// <summary>Acknowledgement pulse, ms: a short tick, clearly not an alert pulse.</summary>
        public const int AckPulseMs = 150;

        /// <summary>Most pulses one alert may ask for (max_buzz_pulses is 1–10).</summary>
        public const int MaxPulses = 10;

        /// <summary>Sensor-fault pulse, ms: as short as the acknowledgement's tick, felt as a tick
        /// and not as an alert's 400 ms buzz.</summary>
        public const int FaultPulseMs = 150;

        /// <summary>Gap between sensor-fault pulses, ms: as long as the pulse, a rattle twice as
        /// quick as an alert's 400/200 ms rhythm.</summary>
        public const int FaultGapMs = 150;

        /// <summary>Pulses of the sensor-fault notice: six ticks in 1.65 s, more than an alert plays
        /// with the default settings (at most 3) and in a rhythm no alert has, so it is not taken
        /// for a "move now" that the device, which cannot sense, has no ground for.</summary>
        public const int FaultPulses = 6;

        /// <summary>Low-battery pulse, ms: 2.5 times an alert's 400 ms buzz, a long hum that no
        /// alert, tick or rattle has, so "charge me" is not taken for "move now".</summary>
        public const int LowBatteryPulseMs = 1000;

        /// <summary>Gap between low-battery pulses, ms: long enough (2.5 times an alert's 200 ms
        /// gap) that the two hums are felt as two slow beats, not one long buzz.</summary>
        public const int LowBatteryGapMs = 500;

        /// <summary>Pulses of the low-battery notice: two slow hums in 2.5 s, fewer and slower than
        /// any other pattern; played once or twice per discharge, it costs the cell nothing.</summary>
        public const int LowBatteryPulses = 2;

        /// <summary>Pattern a wearer may try (<see cref="Try"/>; BLE Control 0x07's argument): a
        /// reminder's first buzz, one alert pulse — what the first alert of a spell plays.</summary>
        public const int TryFirstReminder = 1;

        /// <summary>Pattern to try: a reminder at its strongest, max_buzz_pulses alert pulses — where
        /// the repeats of a long spell end.</summary>
        public const int TryStrongestReminder = 2;

        /// <summary>Pattern to try: the pump-break-done tick (<see cref="Acknowledge"/>).</summary>
        public const int TryBreakDone = 3;

        /// <summary>Pattern to try: the sensor-fault rattle (<see cref="SensorFault"/>).</summary>
        public const int TrySensorFault = 4;

        /// <summary>Pattern to try: the low-battery hum (<see cref="LowBattery"/>); the highest
        /// pattern number.</summary>
        public const int TryLowBattery = 5;

        private const int KindAlert = 0;
        private const int KindAcknowledge = 1;
        private const int KindFault = 2;
        private const int KindLowBattery = 3;
        private const int KindTry = 4;

        private bool _running;
        private int _startMs;
        private int _pulseMs;
        private int _pulses;
        private int _gapMs = AlertPolicy.BuzzGapMs;
        private int _kind;
        private int _alerts;
        private int _faults;
        private int _lowBatteries;
        private int _tryPattern;       // 0: no try waiting
        private int _tryReminderPulses;

        /// <summary>Alerts played.</summary>
        public int Alerts { get { return _alerts; } }

        /// <summary>Sensor-fault notices played.</summary>
        public int Faults { get { return _faults; } }

        /// <summary>Low-battery notices played.</summary>
        public int LowBatteries { get { return _lowBatteries; } }

        /// <summary>True while a pattern is running.</summary>
        public bool Running { get { return _running; } }

        /// <summary>Plays an alert of <paramref name="pulses"/> pulses (clamped to 1..<see cref="MaxPulses"/>).</summary>
        public void Alert(int nowMs, int pulses)
        {
            if (pulses < 1) pulses = 1;
            if (pulses > MaxPulses) pulses = MaxPulses;
            _alerts++;
            Start(nowMs, KindAlert, AlertPolicy.BuzzPulseMs, AlertPolicy.BuzzGapMs, pulses);
        }

        /// <summary>One short pulse, unless an alert, a notice (sensor fault, low battery) or a try is playing.</summary>
        public void Acknowledge(int nowMs)
        {
            if (_running && _kind != KindAcknowledge && IsOnOrPending(nowMs)) return;
            Start(nowMs, KindAcknowledge, AckPulseMs, AlertPolicy.BuzzGapMs, 1);
        }

        /// <summary>The sensor-fault notice: <see cref="FaultPulses"/> pulses of
        /// <see cref="FaultPulseMs"/>, <see cref="FaultGapMs"/> apart.</summary>
        public void SensorFault(int nowMs)
        {
            _faults++;
            Start(nowMs, KindFault, FaultPulseMs, FaultGapMs, FaultPulses);
        }

        /// <summary>The low-battery notice: <see cref="LowBatteryPulses"/> pulses of
        /// <see cref="LowBatteryPulseMs"/>, <see cref="LowBatteryGapMs"/> apart.</summary>
        public void LowBattery(int nowMs)
        {
            _lowBatteries++;
            Start(nowMs, KindLowBattery, LowBatteryPulseMs, LowBatteryGapMs, LowBatteryPulses);
        }

        /// <summary>Plays <paramref name="pattern"/> (<see cref="TryFirstReminder"/> …
        /// <see cref="TryLowBattery"/>) once because the wearer asked to feel it: not an alert or a
        /// notice, so no counter moves. It never cuts a pattern short: it starts at the first tick
        /// (<see cref="IsOn"/>) with nothing playing, and a second try before then takes the
        /// first's place. <see cref="Alert"/>, <see cref="SensorFault"/> or <see cref="LowBattery"/>
        /// called meanwhile cuts it short, as they cut any pattern; on the device only a reminder
        /// does, since the notices' own types (<see cref="SensorFaultNotice"/>,
        /// <see cref="LowBatteryNotice"/>) wait while anything plays (<see cref="Playing"/>). <paramref name="reminderPulses"/>: the strongest
        /// reminder's pulses, the settings' max_buzz_pulses (clamped to 1..<see cref="MaxPulses"/>).
        /// Returns false, and changes nothing, for a pattern number outside 1–5.</summary>
        public bool Try(int pattern, int reminderPulses)
        {
            if (pattern < TryFirstReminder || pattern > TryLowBattery) return false;
            _tryPattern = pattern;
            _tryReminderPulses = reminderPulses < 1 ? 1 : reminderPulses > MaxPulses ? MaxPulses : reminderPulses;
            return true;
        }

        /// <summary>A try waits for the motor (<see cref="Try"/>).</summary>
        public bool TryWaiting { get { return _tryPattern != 0; } }

        /// <summary>Stops whatever plays, and a try that waits (the button).</summary>
        public void Stop()
        {
            _running = false;
            _tryPattern = 0;
        }

        /// <summary>True while a pattern plays at <paramref name="nowMs"/> (a pulse or a gap of it).</summary>
        public bool Playing(int nowMs)
        {
            return _running && IsOnOrPending(nowMs);
        }

        /// <summary>Motor state for this tick; <paramref name="nowMs"/> may wrap.</summary>
        public bool IsOn(int nowMs)
        {
            if (!_running)
            {
                if (_tryPattern == 0) return false;
                StartTry(nowMs);
            }
            int t = nowMs - _startMs;
            int cycle = _pulseMs + _gapMs;
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
            return t >= 0 && t < (_pulses - 1) * (_pulseMs + _gapMs) + _pulseMs;
        }

        private void StartTry(int nowMs)
        {
            int pattern = _tryPattern;
            _tryPattern = 0;
            if (pattern == TryFirstReminder) Start(nowMs, KindTry, AlertPolicy.BuzzPulseMs, AlertPolicy.BuzzGapMs, 1);
            else if (pattern == TryStrongestReminder) Start(nowMs, KindTry, AlertPolicy.BuzzPulseMs, AlertPolicy.BuzzGapMs, _tryReminderPulses);
            else if (pattern == TryBreakDone) Start(nowMs, KindTry, AckPulseMs, AlertPolicy.BuzzGapMs, 1);
            else if (pattern == TrySensorFault) Start(nowMs, KindTry, FaultPulseMs, FaultGapMs, FaultPulses);
            else Start(nowMs, KindTry, LowBatteryPulseMs, LowBatteryGapMs, LowBatteryPulses);
        }

        private void Start(int nowMs, int kind, int pulseMs, int gapMs, int pulses)
        {
            _running = true;
            _startMs = nowMs;
            _kind = kind;
            _pulseMs = pulseMs;
            _gapMs = gapMs;
            _pulses = pulses;
        }
    }
}
