namespace CalfMonitor.Core.Sedentary
{
    /// <summary>
    /// Stage 4: pump breaks, which end sedentary spells.
    /// <para>A pump break is at least <see cref="MonitorSettings.BreakActivations"/> activations
    /// within <see cref="MonitorSettings.BreakWindowS"/>; it ends at its last activation. A
    /// sedentary spell runs from the start, or from the end of the last pump break, until the
    /// next pump break; standing still is sedentary too, as the calf pump is idle either way.
    /// <see cref="AlertPolicy"/> measures the spell (lying excluded) and decides the alerts.</para>
    /// <para>Times are wrapping 32-bit millisecond counters; only differences are used, so the
    /// wrap after 49.7 days is harmless. A difference reads right up to 2^31 ms (24.9 days); a
    /// break older than that is not taken for one still under way, and <see cref="Advance"/>
    /// forgets activations a day old, before a difference could wrap round to a small one.</para>
    /// </summary>
    public sealed class SedentaryTracker
    {
        /// <summary>Activations and a break this old are forgotten, ms (one day): far past any break
        /// window (at most 600 s) and any activation's delay (a cycle held until its bout or set is
        /// confirmed: seconds), far short of 2^32 ms (49.7 days), after which a 32-bit difference
        /// comes round small again and one activation would read as the end of a new break.</summary>
        public const int ForgetAfterMs = 86400 * 1000;

        private readonly int[] _recent = new int[MonitorSettings.MaxBreakActivations];
        private int _needed;
        private int _windowMs;

        private int _recentCount;
        private int _recentHead;
        private int _spellStartMs;
        private bool _inBreak;

        /// <summary>Prepares the tracker for one set of settings.</summary>
        public SedentaryTracker(MonitorSettings settings)
        {
            Configure(settings);
        }

        /// <summary>Takes new break parameters (a Config write). The current spell goes
        /// on; the activation ring starts over, as its length may have changed.</summary>
        public void Configure(MonitorSettings settings)
        {
            _needed = settings.BreakActivations;
            _windowMs = settings.BreakWindowS * 1000;
            _recentCount = 0;
            _recentHead = 0;
        }

        /// <summary>Starts the first spell at <paramref name="timeMs"/>.</summary>
        public void Start(int timeMs)
        {
            _recentCount = 0;
            _recentHead = 0;
            _inBreak = false;
            _spellStartMs = timeMs;
        }

        /// <summary>When the current spell started (ms, wrapping): the start, or the last activation
        /// of the last pump break.</summary>
        public int SpellStartMs { get { return _spellStartMs; } }

        /// <summary>
        /// Records an activation. When it completes or extends a pump break, the spell restarts at
        /// this activation. Returns true only when this begins a
        /// new break, i.e. ends a spell; an activation that extends a break already under way (the
        /// previous break activation at most one window ago) returns false.
        /// </summary>
        public bool OnActivation(int timeMs)
        {
            // The break goes on when its last activation is at most a window away, either way (an
            // activation may be reported after a later one). Farther is a break long past: after
            // 2^31 ms (24.9 days) without an activation the 32-bit difference reads negative.
            int sinceBreakMs = timeMs - _spellStartMs;
            bool continuing = _inBreak && sinceBreakMs <= _windowMs && sinceBreakMs >= -_windowMs;
            _recent[_recentHead] = timeMs;
            _recentHead = _recentHead + 1 == _needed ? 0 : _recentHead + 1;
            if (_recentCount < _needed) _recentCount++;
            // With the ring full, _recentHead is the oldest of the last N activations. A negative
            // span (the clock went back between them) is no evidence of a break.
            int span = timeMs - _recent[_recentHead];
            bool isBreak = _recentCount == _needed && span >= 0 && span <= _windowMs;
            if (!isBreak) return false;
            _inBreak = true;
            _spellStartMs = timeMs;
            return !continuing;
        }

        /// <summary>Lets time pass up to <paramref name="timeMs"/>: activations older than
        /// <see cref="ForgetAfterMs"/> can make no break with the next one and are forgotten, and
        /// a break that old is over. To be called at least once a day (the alert policy calls it
        /// every second); cheap.</summary>
        public void Advance(int timeMs)
        {
            if (_inBreak && timeMs - _spellStartMs > ForgetAfterMs) _inBreak = false;
            if (_recentCount == 0) return;
            int newest = _recent[_recentHead == 0 ? _needed - 1 : _recentHead - 1];
            if (timeMs - newest <= ForgetAfterMs) return;
            _recentCount = 0;
            _recentHead = 0;
        }
    }
}
