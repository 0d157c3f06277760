namespace CalfMonitor.Core.Sedentary
{
    /// <summary>
    /// Stage 4: sedentary spells and the alert decision.
    /// <para>A pump break is at least <see cref="MonitorSettings.BreakActivations"/> activations
    /// within <see cref="MonitorSettings.BreakWindowS"/>; it ends at its last activation. A
    /// sedentary spell runs from the start, or from the end of the last pump break, until the
    /// next pump break; standing still is sedentary too, as the calf pump is idle either way. An
    /// alert is due when the spell reaches <see cref="MonitorSettings.AlertAfterMin"/> and then
    /// every <see cref="MonitorSettings.RepeatEveryMin"/> while it continues.</para>
    /// <para>Times are wrapping 32-bit millisecond counters; only differences are used, so the
    /// wrap after 49.7 days is harmless. A difference reads right up to 2^31 ms (24.9 days); a
    /// break older than that is not taken for one still under way.</para>
    /// </summary>
    public sealed class SedentaryTracker
    {
        private readonly int[] _recent = new int[MonitorSettings.MaxBreakActivations];
        private int _needed;
        private int _windowMs;
        private int _firstAlertMs;
        private int _repeatMs;

        private int _recentCount;
        private int _recentHead;
        private int _spellStartMs;
        private int _nextAlertMs;
        private int _alertsThisSpell;
        private bool _inBreak;

        /// <summary>Prepares the tracker for one set of settings.</summary>
        public SedentaryTracker(MonitorSettings settings)
        {
            Configure(settings);
        }

        /// <summary>Takes new break and alert parameters (a Config write). The current spell goes
        /// on; the activation ring starts over, as its length may have changed.</summary>
        public void Configure(MonitorSettings settings)
        {
            _needed = settings.BreakActivations;
            _windowMs = settings.BreakWindowS * 1000;
            _firstAlertMs = settings.AlertAfterMin * 60000;
            _repeatMs = settings.RepeatEveryMin * 60000;
            _recentCount = 0;
            _recentHead = 0;
        }

        /// <summary>Starts the first spell at <paramref name="timeMs"/>.</summary>
        public void Start(int timeMs)
        {
            _recentCount = 0;
            _recentHead = 0;
            _inBreak = false;
            StartSpell(timeMs);
        }

        /// <summary>When the current spell started (ms, wrapping).</summary>
        public int SpellStartMs { get { return _spellStartMs; } }

        /// <summary>When the next alert is due (ms, wrapping).</summary>
        public int NextAlertMs { get { return _nextAlertMs; } }

        /// <summary>Alerts raised in the current spell.</summary>
        public int AlertsThisSpell { get { return _alertsThisSpell; } }

        /// <summary>True once a pump break has been seen; with <see cref="SpellStartMs"/> less than
        /// one window ago the break is still under way.</summary>
        public bool InBreak { get { return _inBreak; } }

        /// <summary>Length of the current spell at <paramref name="timeMs"/>, seconds.</summary>
        public int SpellSeconds(int timeMs)
        {
            return (timeMs - _spellStartMs) / 1000;
        }

        /// <summary>
        /// Records an activation. When it completes or extends a pump break, the spell restarts at
        /// this activation and any pending repeat is cancelled. Returns true only when this begins a
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
            StartSpell(timeMs);
            return !continuing;
        }

        /// <summary>True when an alert is due at <paramref name="timeMs"/>; the next one is then
        /// scheduled one repeat interval later.</summary>
        public bool AlertDue(int timeMs)
        {
            if (timeMs - _nextAlertMs < 0) return false;
            _alertsThisSpell++;
            _nextAlertMs += _repeatMs;
            return true;
        }

        private void StartSpell(int timeMs)
        {
            _spellStartMs = timeMs;
            _nextAlertMs = timeMs + _firstAlertMs;
            _alertsThisSpell = 0;
        }
    }
}
