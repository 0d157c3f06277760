namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// Tells the device's one button apart from the main loop's clock: a press released after at
    /// least <see cref="DebounceMs"/> and before <see cref="HoldMs"/> is a short press (snooze);
    /// one held for <see cref="HoldMs"/> is a hold (record mode on/off), reported once, the moment
    /// it is reached, and its release is not also a press. Timed by the clock, not by counting
    /// loop ticks: a tick is a 10 ms sleep plus whatever the loop did, so 300 ticks take longer
    /// than 3 s. Plain integer state, no allocation.
    /// </summary>
    public sealed class ButtonGesture
    {
        /// <summary>Shortest press that counts, ms: contact bounce lasts under 10 ms.</summary>
        public const int DebounceMs = 30;

        /// <summary>A hold, ms: far longer than a press, short enough to wait for on purpose.</summary>
        public const int HoldMs = 3000;

        /// <summary><see cref="Update"/>: nothing to do.</summary>
        public const int None = 0;

        /// <summary><see cref="Update"/>: a short press ended (snooze, stop the buzz).</summary>
        public const int Press = 1;

        /// <summary><see cref="Update"/>: the button has been held for <see cref="HoldMs"/>.</summary>
        public const int Hold = 2;

        private bool _down;
        private bool _holdReported;
        private int _downSinceMs;

        /// <summary>Feeds the button's state at <paramref name="nowMs"/> (may wrap); returns
        /// <see cref="None"/>, <see cref="Press"/> (on release) or <see cref="Hold"/> (once per hold).</summary>
        public int Update(bool pressed, int nowMs)
        {
            if (pressed)
            {
                if (!_down)
                {
                    _down = true;
                    _holdReported = false;
                    _downSinceMs = nowMs;
                    return None;
                }
                if (_holdReported || nowMs - _downSinceMs < HoldMs) return None;
                _holdReported = true;
                return Hold;
            }
            if (!_down) return None;
            _down = false;
            if (_holdReported) return None;
            return nowMs - _downSinceMs >= DebounceMs ? Press : None;
        }
    }
}
