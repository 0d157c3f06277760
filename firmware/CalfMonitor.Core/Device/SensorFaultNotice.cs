using CalfMonitor.Core.Sedentary;

namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// Tells the wearer that the device cannot sense: a sensor missing from power-on (no answer on
    /// the bus, a dead module, a WHO_AM_I refused by <see cref="SensorChip"/>), one that never gives
    /// a first sample (a FIFO that never fills), or one that stopped giving samples. Such a device
    /// cannot tell whether its wearer sits, so it says so instead of staying silent (the sensor
    /// missing from power-on gives the monitor no clock: it never alerts) or only alerting as if
    /// they sat (<see cref="CalfPumpMonitor.SensorOutage"/>, which goes on unchanged):
    /// <list type="bullet">
    /// <item><see cref="NotAnswering"/> (BLE Live byte 19 bit 7, docs/ble-protocol.md) once no sample
    /// has come for <see cref="NotAnsweringAfterMs"/>, counted from the last sample or from power-on
    /// (the first poll);</item>
    /// <item>the motor's sensor-fault rattle (<see cref="MotorPattern.SensorFault"/>) once no
    /// sample has come for <see cref="NoticeAfterMs"/>, then again every <see cref="RepeatMs"/> while
    /// none comes: never in quiet hours (a notice falling due in them waits for their end), never
    /// cutting a pattern that plays (it waits for its end), and at most one in any
    /// <see cref="RepeatMs"/>, so a wire that keeps coming and going is not a buzz per dropout.
    /// The button stops the rattle as it stops an alert; the next comes an hour later.</item>
    /// </list>
    /// Timed by the processor's clock (the main loop's), which runs while the sensor's clock does
    /// not. The local time for quiet hours is the alert policy's, copied onto that clock whenever
    /// the phone sets it (<see cref="WallClock.Changes"/>): before the first sample the monitor's
    /// clock stands still, and the policy's own time with it. Called once per sensor poll, never
    /// per sample; plain integer state, no allocation.
    /// </summary>
    public sealed class SensorFaultNotice
    {
        /// <summary>No sample for this long, ms, and the sensor is reported as not answering (Live):
        /// the time after which the monitor counts an outage (<see cref="CalfPumpMonitor.SensorOutageAfterMs"/>),
        /// longer than the re-initialisation after a brown-out or a burst of bus errors; a working
        /// sensor gives its first sample well within it after power-on (one 100 ms reset settle).</summary>
        public const int NotAnsweringAfterMs = CalfPumpMonitor.SensorOutageAfterMs;

        /// <summary>No sample for this long, ms, and the motor tells the wearer: by then the sampler
        /// has tried five initialisations (at 0, 1, 3, 7, 15 s of its backoff) and every recovery a
        /// working chip makes is over; short enough that a wearer who just switched the device on and
        /// is fastening the strap still has it in hand.</summary>
        public const int NoticeAfterMs = 30000;

        /// <summary>Least time between two notices, ms: an hour. Sparse enough not to nag (a
        /// sedentary alert comes at most every 10 min by default) and to cost the battery nothing
        /// (1.65 s of motor an hour), often enough that a wearer who ignored one is told again
        /// within the hour of wearing a device that does not work.</summary>
        public const int RepeatMs = 3600000;

        private readonly CalfPumpMonitor _monitor;
        private readonly MotorPattern _motor;
        private readonly ProcessorLocalTime _localTime = new ProcessorLocalTime();

        private bool _polled;
        private int _samples;
        private int _lastSampleMs;      // processor time of the poll that found the last new sample
        private bool _notAnswering;
        private bool _faulted;          // no sample for NoticeAfterMs (latched: no int wrap)
        private bool _recentNotice;     // a notice played less than RepeatMs ago (latched likewise)
        private int _lastNoticeMs;
        private int _notices;

        /// <summary>Watches the sensor for <paramref name="monitor"/> (its quiet hours and local
        /// time) and plays the notice on <paramref name="motor"/>.</summary>
        public SensorFaultNotice(CalfPumpMonitor monitor, MotorPattern motor)
        {
            if (monitor == null) throw new System.ArgumentNullException("monitor");
            if (motor == null) throw new System.ArgumentNullException("motor");
            _monitor = monitor;
            _motor = motor;
        }

        /// <summary>No sample has come for <see cref="NotAnsweringAfterMs"/> (since power-on, or
        /// since the last one): the device is not measuring. Live byte 19 bit 7.</summary>
        public bool NotAnswering { get { return _notAnswering; } }

        /// <summary>No sample has come for <see cref="NoticeAfterMs"/>: the notice is due, or has
        /// been played, in this fault.</summary>
        public bool Faulted { get { return _faulted; } }

        /// <summary>Notices played since power-on.</summary>
        public int Notices { get { return _notices; } }

        /// <summary>Processor time of the last notice played (meaningful once <see cref="Notices"/> &gt; 0).</summary>
        public int LastNoticeMs { get { return _lastNoticeMs; } }

        /// <summary>Call after every sensor poll: <paramref name="nowMs"/> is the processor's clock
        /// (may wrap), <paramref name="samplesDelivered"/> the sampler's running count of samples
        /// (<see cref="Mpu6050Sampler.Samples"/>). Returns true when it started the notice now.</summary>
        public bool Poll(int nowMs, int samplesDelivered)
        {
            if (!_polled || samplesDelivered != _samples)
            {
                // Power-on (the first poll), or the sensor gave samples: the silence starts now.
                _polled = true;
                _samples = samplesDelivered;
                _lastSampleMs = nowMs;
                _notAnswering = false;
                _faulted = false;
            }
            int silentMs = nowMs - _lastSampleMs;
            if (silentMs >= NotAnsweringAfterMs) _notAnswering = true;
            if (silentMs >= NoticeAfterMs) _faulted = true;
            if (_recentNotice && nowMs - _lastNoticeMs >= RepeatMs) _recentNotice = false;

            var policy = _monitor.Policy;
            // The phone may have set the time since the last poll (under the same lock as this call).
            _localTime.Follow(policy.Clock, _monitor.NowMs, nowMs);

            if (!_faulted || _recentNotice) return false;
            if (policy.IsQuietMinute(_localTime.MinuteOfDay(nowMs))) return false;
            if (_motor.Playing(nowMs)) return false;
            _motor.SensorFault(nowMs);
            _notices++;
            _lastNoticeMs = nowMs;
            _recentNotice = true;
            return true;
        }
    }
}
