namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// Tells the device's one button apart from the main loop's clock: a press read as pressed
    /// over at least <see cref="DebounceMs"/> and released before <see cref="HoldMs"/> is a short
    /// press (snooze);
    /// one held for <see cref="HoldMs"/> is a hold (record mode on/off), reported once, the moment
    /// it is reached, and its release is not also a press. Timed by the clock, not by counting
    /// loop ticks: a tick is a 10 ms sleep plus whatever the loop did, so 300 ticks take longer
    /// than 3 s. Plain integer state, no allocation.
    /// </summary>
    public sealed class ButtonGesture
    {
        /// <summary>Shortest press that counts, ms between the first and the last read that found
        /// the button pressed: three reads of the 10 ms loop. Contact bounce lasts under 10 ms, and
        /// a glitch seen by one read never counts, however long the loop's next tick takes.</summary>
        public const int DebounceMs = 20;

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
        private int _lastDownMs;

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
                    _lastDownMs = nowMs;
                    return None;
                }
                _lastDownMs = nowMs;
                if (_holdReported || nowMs - _downSinceMs < HoldMs) return None;
                _holdReported = true;
                return Hold;
            }
            if (!_down) return None;
            _down = false;
            if (_holdReported) return None;
            return _lastDownMs - _downSinceMs >= DebounceMs ? Press : None;
        }
    }
}
