namespace CalfMonitor.Core.Ble
{
    /// <summary>
    /// When the Battery Level characteristic (0x2A19) is notified: at the first tick after a client
    /// subscribes, then on a change of level, at most once every <see cref="IntervalMs"/>.
    /// <para>Times are the device's wrapping 32-bit millisecond clock. While the level stands
    /// still the schedule is kept current, so that weeks at one level (on the charger) cannot age
    /// it past 2^31 ms (24.9 days), where the difference reads negative and the next change would
    /// wait as long again.</para>
    /// </summary>
    public sealed class BatteryNotifySchedule
    {
        /// <summary>Battery Level notifications at most this often, ms: the level moves over hours.</summary>
        public const int IntervalMs = 60000;

        private bool _subscribed;
        private int _nextMs;
        private int _notifiedPercent = -1;

        /// <summary>True while a client is subscribed.</summary>
        public bool Subscribed { get { return _subscribed; } }

        /// <summary>A client subscribed (true) or the last one left (false), at <paramref name="nowMs"/>.
        /// A new subscription is served at the next tick: its timer starts now, not at 0 — "now − 0 ≥ 0"
        /// is false for 24.9 days out of 49.7.</summary>
        public void SetSubscribed(bool subscribed, int nowMs)
        {
            if (subscribed && !_subscribed) _nextMs = nowMs;
            _subscribed = subscribed;
            _notifiedPercent = -1;
        }

        /// <summary>True when <paramref name="percent"/> is to be notified now; it is then taken as
        /// notified. Called every tick of the device's loop.</summary>
        public bool Due(int nowMs, int percent)
        {
            if (!_subscribed || nowMs - _nextMs < 0) return false;
            if (percent == _notifiedPercent)
            {
                _nextMs = nowMs;
                return false;
            }
            _notifiedPercent = percent;
            _nextMs = nowMs + IntervalMs;
            return true;
        }
    }
}
