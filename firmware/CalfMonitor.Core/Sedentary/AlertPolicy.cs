namespace CalfMonitor.Core.Sedentary
{
    /// <summary>
    /// Stage 4b: which sedentary alerts reach the wearer (docs/sedentary-policy.md).
    /// <para>Spells and pump breaks come from <see cref="SedentaryTracker"/> unchanged. The policy
    /// measures the spell by adding up monotonic time, so that a suspension (lying / not worn)
    /// freezes it, and decides, when an alert falls due, whether it fires now, waits, or is
    /// suppressed:</para>
    /// <list type="number">
    /// <item>Suspended (lying / not worn): the spell does not grow; alerts that would have fallen
    /// due are counted in <see cref="SuppressedNotWorn"/>.</item>
    /// <item>Snoozed: the alert waits until the snooze ends and then fires (reason
    /// <see cref="AlertReason.SnoozeEnded"/>).</item>
    /// <item>Quiet hours (wall clock known): the alert is suppressed, counted in
    /// <see cref="SuppressedQuiet"/>, and the next one is due one repeat interval later.</item>
    /// <item>Activity: within <see cref="MonitorSettings.ActivityGraceS"/> of the last activation
    /// the alert waits, at most <see cref="MonitorSettings.ActivityDeferMaxS"/> (reason
    /// <see cref="AlertReason.AfterActivity"/>).</item>
    /// <item>Otherwise it fires; its buzz has min(1 + repeat index, MaxBuzzPulses) pulses.</item>
    /// </list>
    /// <para>After a clock jump (an alert found due <see cref="OnTimeToleranceMs"/> or more after its
    /// time) one alert fires and the next repeat is scheduled a full interval from then; a jump
    /// while not worn counts at most one suppression.</para>
    /// <para>Every suppression is observable: <see cref="Suppressions"/> counts them and
    /// <see cref="LastSuppressionReason"/>, <see cref="LastSuppressionMs"/> and
    /// <see cref="LastSuppressionSpellSeconds"/> describe the latest.</para>
    /// <para>Every time is the wrapping 32-bit millisecond counter and only differences of
    /// consecutive calls are used, so the wrap after 49.7 days is harmless and a wall-clock change
    /// never moves an alert; the last activation, the one time kept for longer, is forgotten once
    /// no grace can reach it (<see cref="MaxActivityGraceMs"/>), and the time an alert fell due,
    /// kept while it waits through lying, ages no further than every deferral (<see cref="MaxActivityDeferMs"/>). <see cref="Advance"/> and <see cref="Evaluate"/> allocate nothing.</para>
    /// </summary>
    public sealed class AlertPolicy
    {
        /// <summary>Longest spell the policy measures, milliseconds (20 days); beyond it the spell
        /// stays at this length, so the int cannot overflow.</summary>
        public const int MaxSpellMs = 20 * 86400 * 1000;

        /// <summary>Buzz pulse length, ms, and the gap between pulses, ms: for the device's motor.</summary>
        public const int BuzzPulseMs = 400;

        /// <summary>Gap between buzz pulses, ms.</summary>
        public const int BuzzGapMs = 200;

        /// <summary>An alert found due this much or more after its time fired late, ms: the policy
        /// is evaluated once a second, so two seconds late means time jumped (or the threshold was
        /// moved below the spell), and the next repeat is scheduled a full interval from now.</summary>
        public const int OnTimeToleranceMs = 2000;

        /// <summary>Longest activity grace a Config write can set, ms (its field is one byte of
        /// seconds): an activation older than this defers no alert whatever the settings become,
        /// and is forgotten — before its age could pass 2^31 ms (24.9 days without an activation,
        /// a device left on its charger) and read, as a 32-bit difference, as one still to come.</summary>
        public const int MaxActivityGraceMs = 255 * 1000;

        /// <summary>Longest activity deferral a Config write can set, ms (activity_defer_max_s is
        /// validated to at most 1800 s): an alert due longer than this is past every deferral, and
        /// its age is kept at this — an alert waiting while the device lies on its charger for weeks
        /// would otherwise, after 2^31 ms (24.9 days), read as due in the future and be held for as
        /// long as the wearer moves.</summary>
        public const int MaxActivityDeferMs = 1800 * 1000;

        private readonly SedentaryTracker _tracker;
        private readonly WallClock _clock = new WallClock();

        private int _firstAlertMs;
        private int _repeatMs;
        private int _snoozeMs;
        private int _graceMs;
        private int _deferMaxMs;
        private int _maxBuzz;
        private int _quietStart;
        private int _quietEnd;

        private bool _started;
        private int _lastMs;
        private int _spellMs;
        private int _nextAlertSpellMs;
        private int _repeatIndex;
        private bool _nextIsRepeat;   // the threshold's alert of this spell has passed (raised, or suppressed by quiet hours)
        // Repeat index at the last dismiss (0 when none in this spell): escalation counts from it.
        private int _escalationBase;
        // Spell length at a dismiss before the spell's first alert, ms (-1: none, or the schedule
        // has moved on since): the first alert is then due at max(threshold, this + repeat).
        private int _dismissedAtSpellMs = -1;
        private int _suppressedThisSpell;

        private bool _suspended;
        private int _shadowSpellMs;
        private int _shadowNextMs;

        private bool _snoozed;
        private int _snoozeUntilMs;
        private bool _heldBySnooze;

        private bool _anyActivation;
        private int _lastActivationMs;
        private bool _due;
        private int _dueSinceMs;
        private bool _deferred;

        private int _sequence;
        private int _alertsRaised;
        private int _suppressedQuiet;
        private int _suppressedNotWorn;
        private int _snoozeHeld;
        private int _activityDeferred;

        private int _lastReason;
        private int _lastRepeat;
        private int _lastSpellSeconds;
        private int _lastBuzz;
        private int _lastSuppressed;
        private int _alertsToday;

        private int _suppressions;
        private int _lastSuppressionReason;
        private int _lastSuppressionMs;
        private int _lastSuppressionSpellS;

        /// <summary>Prepares the policy for one set of settings.</summary>
        public AlertPolicy(MonitorSettings settings)
        {
            _tracker = new SedentaryTracker(settings);
            Configure(settings);
        }

        /// <summary>Takes new settings (a Config write); the spell, snooze and counters go on.
        /// An alert threshold moved below the current spell fires at the next evaluation; a new
        /// repeat interval moves the repeat already scheduled by the difference, as a new
        /// threshold moves the first alert — also one already due and waiting (for the end of a
        /// snooze or of activity): moved beyond the spell, it is no longer due. Once the spell's
        /// first alert has passed (raised, or suppressed by quiet hours) the one scheduled is a
        /// repeat, which a new threshold no longer moves.</summary>
        public void Configure(MonitorSettings settings)
        {
            int oldFirst = _firstAlertMs;
            int oldRepeat = _repeatMs;
            _tracker.Configure(settings);
            _firstAlertMs = settings.AlertAfterMin * 60000;
            _repeatMs = settings.RepeatEveryMin * 60000;
            _snoozeMs = settings.SnoozeMin * 60000;
            _graceMs = settings.ActivityGraceS * 1000;
            _deferMaxMs = settings.ActivityDeferMaxS * 1000;
            _maxBuzz = settings.MaxBuzzPulses;
            _quietStart = settings.QuietStartMin;
            _quietEnd = settings.QuietEndMin;
            if (_started)
            {
                // The alert scheduled is the threshold's until that one has passed; after it (raised,
                // or suppressed by quiet hours) every one is a repeat, whatever the repeat index.
                _nextAlertSpellMs += _nextIsRepeat ? _repeatMs - oldRepeat : _firstAlertMs - oldFirst;
                if (_nextAlertSpellMs < 0) _nextAlertSpellMs = 0;
                if (_dismissedAtSpellMs >= 0)
                {
                    // A dismiss before the first alert: both of its bounds take the new settings.
                    int floor = _dismissedAtSpellMs + _repeatMs;
                    _nextAlertSpellMs = floor > _firstAlertMs ? floor : _firstAlertMs;
                }
                if (_due && _spellMs < _nextAlertSpellMs) ClearDue();
            }
        }

        /// <summary>Break detection (pump breaks end spells).</summary>
        public SedentaryTracker Tracker { get { return _tracker; } }

        /// <summary>Local wall-clock time (quiet hours, "today").</summary>
        public WallClock Clock { get { return _clock; } }

        /// <summary>Starts the first spell at <paramref name="nowMs"/> (the sensor's first sample). A
        /// snooze asked for before it (a Control write or the button while the sensor was still
        /// coming up) is kept: its time is on the same clock, which starts at the first sample.</summary>
        public void Start(int nowMs)
        {
            _started = true;
            _lastMs = nowMs;
            _tracker.Start(nowMs);
            _suspended = false;
            _anyActivation = false;
            StartSpell(0);
        }

        /// <summary>Length of the current spell, ms (suspended time excluded).</summary>
        public int SpellMs { get { return _spellMs; } }

        /// <summary>Length of the current spell, seconds.</summary>
        public int SpellSeconds { get { return _spellMs / 1000; } }

        /// <summary>Spell length, seconds, at an earlier time <paramref name="timeMs"/> than the last
        /// <see cref="Advance"/> (used for per-second events closed after the fact).</summary>
        public int SpellSecondsAt(int timeMs)
        {
            if (_suspended) return _spellMs / 1000;
            int back = _lastMs - timeMs;
            if (back < 0) back = 0;
            int ms = _spellMs - back;
            return ms < 0 ? 0 : ms / 1000;
        }

        /// <summary>Spell length (suspension excluded) at which the next alert is due, ms.</summary>
        public int NextAlertSpellMs { get { return _nextAlertSpellMs; } }

        /// <summary>True while lying / not worn suspends the spell.</summary>
        public bool Suspended { get { return _suspended; } }

        /// <summary>True while a snooze is in force.</summary>
        public bool Snoozed { get { return _snoozed; } }

        /// <summary>Monotonic time the snooze ends (meaningful while <see cref="Snoozed"/>).</summary>
        public int SnoozeUntilMs { get { return _snoozeUntilMs; } }

        /// <summary>True when an alert is due but waits (snooze or activity).</summary>
        public bool AlertPending { get { return _due; } }

        /// <summary>True when the wall clock is known and <paramref name="nowMs"/> lies in quiet hours.</summary>
        public bool InQuietHours(int nowMs)
        {
            if (_quietStart == _quietEnd || !_clock.IsKnown) return false;
            return IsQuietMinute(_clock.MinuteOfDay(nowMs));
        }

        /// <summary>True when <paramref name="minuteOfDay"/> (0–1439; −1 = time unknown) lies in the
        /// quiet hours in force: for a caller that keeps the local time on another clock
        /// (<see cref="Device.SensorFaultNotice"/>).</summary>
        public bool IsQuietMinute(int minuteOfDay)
        {
            if (_quietStart == _quietEnd || minuteOfDay < 0) return false;
            int m = minuteOfDay;
            return _quietStart < _quietEnd ? m >= _quietStart && m < _quietEnd : m >= _quietStart || m < _quietEnd;
        }

        /// <summary>Whether a pump break may be acknowledged now with the motor's short tick
        /// (<see cref="Device.MotorPattern.Acknowledge"/>): not while snoozed, not while lying / not
        /// worn (ankle pumps in bed), not in quiet hours (a walk to the bathroom at night) — the
        /// times the wearer asked for no buzz or is not up and about.</summary>
        public bool MayAcknowledgeBreak
        {
            get { return _started && !_snoozed && !_suspended && !InQuietHours(_lastMs); }
        }

        /// <summary>Alerts raised since start (also the last sequence number, modulo 65536).</summary>
        public int AlertsRaised { get { return _alertsRaised; } }

        /// <summary>Sequence number of the last alert (1, 2, … wrapping at 65536 to 0).</summary>
        public int Sequence { get { return _sequence; } }

        /// <summary>Alerts suppressed by quiet hours since start.</summary>
        public int SuppressedQuiet { get { return _suppressedQuiet; } }

        /// <summary>Alerts that would have fallen due while lying / not worn, since start.</summary>
        public int SuppressedNotWorn { get { return _suppressedNotWorn; } }

        /// <summary>Alerts that fell due during a snooze (each fired when the snooze ended).</summary>
        public int SnoozeHeld { get { return _snoozeHeld; } }

        /// <summary>Alerts deferred by activity (each fired late).</summary>
        public int ActivityDeferred { get { return _activityDeferred; } }

        /// <summary>Alerts suppressed in the current spell (quiet hours and not worn).</summary>
        public int SuppressedThisSpell { get { return _suppressedThisSpell; } }

        /// <summary>Alerts raised in the current spell (the next one's repeat index).</summary>
        public int RepeatIndex { get { return _repeatIndex; } }

        /// <summary>Reason of the last alert (<see cref="AlertReason"/>).</summary>
        public int LastReason { get { return _lastReason; } }

        /// <summary>Repeat index of the last alert (0 = first of its spell).</summary>
        public int LastRepeatIndex { get { return _lastRepeat; } }

        /// <summary>Spell length at the last alert, seconds.</summary>
        public int LastSpellSeconds { get { return _lastSpellSeconds; } }

        /// <summary>Buzz pulses of the last alert.</summary>
        public int LastBuzzPulses { get { return _lastBuzz; } }

        /// <summary>Alerts suppressed in the spell up to the last alert (the Alert payload's last
        /// field, fixed when the alert fired so that a later read returns the same bytes).</summary>
        public int LastSuppressed { get { return _lastSuppressed; } }

        /// <summary>Alerts raised since local midnight, or since start / <see cref="ResetAlertsToday"/>
        /// while the wall clock is unknown (the monitor resets it with its "today").</summary>
        public int AlertsToday { get { return _alertsToday; } }

        /// <summary>Starts a new "today" for <see cref="AlertsToday"/>.</summary>
        public void ResetAlertsToday()
        {
            _alertsToday = 0;
        }

        /// <summary>Alerts suppressed since start, all reasons (quiet hours + not worn): a simulator
        /// that sees it grow reports <see cref="LastSuppressionReason"/> at <see cref="LastSuppressionMs"/>.</summary>
        public int Suppressions { get { return _suppressions; } }

        /// <summary><see cref="SuppressionReason"/> of the latest suppression (None before any).</summary>
        public int LastSuppressionReason { get { return _lastSuppressionReason; } }

        /// <summary>Monotonic time of the latest suppression, ms (the evaluation or advance that
        /// found it: within a second of when it fell due).</summary>
        public int LastSuppressionMs { get { return _lastSuppressionMs; } }

        /// <summary>Spell length (suspension excluded) at which the latest suppressed alert fell due, seconds.</summary>
        public int LastSuppressionSpellSeconds { get { return _lastSuppressionSpellS; } }

        /// <summary>Milliseconds from <paramref name="nowMs"/> until the next alert falls due if the
        /// spell goes on without a break (the threshold or the next repeat, or the snooze's end if
        /// later; 0 when one is due and waiting), or -1 while the spell is suspended (lying / not
        /// worn). Quiet hours are not looked ahead: an alert falling due in them is suppressed then.</summary>
        public int NextAlertInMs(int nowMs)
        {
            if (!_started || _suspended) return -1;
            int since = nowMs - _lastMs;
            if (since < 0) since = 0;
            int ms = _nextAlertSpellMs - _spellMs - since;
            if (ms < 0 || _due) ms = 0;
            if (_snoozed)
            {
                int snooze = _snoozeUntilMs - nowMs;
                if (snooze > ms) ms = snooze;
            }
            return ms;
        }

        /// <summary>Buzz pulses for an alert with this repeat index (counted from the last dismiss,
        /// see <see cref="Dismiss"/>): escalation, capped.</summary>
        public int BuzzPulses(int repeatIndex)
        {
            int pulses = repeatIndex + 1;
            return pulses > _maxBuzz ? _maxBuzz : pulses;
        }

        /// <summary>Records an activation at <paramref name="timeMs"/>; returns true when it ended a
        /// spell (a new pump break). Activations arrive a little late (the conditioner's look-ahead,
        /// cycles held by the bout filter until their bout is confirmed): one older than the time
        /// already reached does not move the policy's clock back, and a spell it starts is counted
        /// from the activation itself.</summary>
        public bool OnActivation(int timeMs)
        {
            if (timeMs - _lastMs > 0) Advance(timeMs);
            OnMovement(timeMs);
            int before = _tracker.SpellStartMs;
            bool ended = _tracker.OnActivation(timeMs);
            if (ended || _tracker.SpellStartMs != before) StartSpell(_lastMs - timeMs);
            return ended;
        }

        /// <summary>Movement at <paramref name="timeMs"/> that may be the start of activity (an
        /// activation, or a cycle not yet confirmed as one): an alert falling due within
        /// <see cref="MonitorSettings.ActivityGraceS"/> of it waits.</summary>
        public void OnMovement(int timeMs)
        {
            if (!_anyActivation || timeMs - _lastActivationMs > 0) _lastActivationMs = timeMs;
            _anyActivation = true;
        }

        /// <summary>Lying / not worn (true) or upright (false), from <see cref="PostureMonitor"/>.</summary>
        public void SetSuspended(bool suspended)
        {
            if (suspended == _suspended) return;
            _suspended = suspended;
            if (suspended)
            {
                // The alerts that would fall due while lying are counted as suppressed. One that is
                // already due (waiting after activity or a snooze) is not one of them: it is still
                // delivered when the wearer is upright again.
                _shadowSpellMs = _spellMs;
                _shadowNextMs = _due ? _nextAlertSpellMs + _repeatMs : _nextAlertSpellMs;
            }
        }

        /// <summary>Postpones alerts: none fires before <paramref name="minutes"/> from now (0 = the
        /// configured snooze). An alert that falls due meanwhile fires when the snooze ends.</summary>
        public void Snooze(int nowMs, int minutes)
        {
            Advance(nowMs);
            int ms = minutes <= 0 ? _snoozeMs : minutes * 60000;
            _snoozed = true;
            _snoozeUntilMs = nowMs + ms;
        }

        /// <summary>The wearer acknowledged: a pending alert is dropped, the snooze ends, escalation
        /// starts over (the next alert buzzes once) and the next alert is due no sooner than one
        /// repeat interval from now — never sooner than it was already due, so a dismiss before the
        /// first alert of a spell does not bring that alert forward. The repeat index goes on
        /// counting the spell's alerts: the next one is still a repeat if one was raised.</summary>
        public void Dismiss(int nowMs)
        {
            Advance(nowMs);
            _snoozed = false;
            ClearDue();
            _escalationBase = _repeatIndex;
            int next = _spellMs + _repeatMs;
            if (next > _nextAlertSpellMs) _nextAlertSpellMs = next;
            // Before the spell's first alert (and none suppressed): its schedule is still the
            // threshold's, bounded by this dismiss.
            _dismissedAtSpellMs = _repeatIndex == 0 && _suppressedThisSpell == 0 ? _spellMs : -1;
        }

        /// <summary>While suspended, how much longer the spell may grow before an alert that would
        /// have fallen due is counted as suppressed (in <see cref="Advance"/>), ms;
        /// <see cref="int.MaxValue"/> when none will be.</summary>
        public int MsUntilSuppression
        {
            get
            {
                if (!_suspended || _shadowNextMs >= MaxSpellMs) return int.MaxValue;
                return _shadowNextMs - _shadowSpellMs;
            }
        }

        /// <summary>Sets the wall clock (never fires or loses an alert: schedules are monotonic).</summary>
        public bool SetTime(int nowMs, int localSeconds)
        {
            Advance(nowMs);
            return _clock.Set(nowMs, localSeconds);
        }

        /// <summary>Lets time pass up to <paramref name="nowMs"/>: the spell grows unless suspended,
        /// the snooze may end. Cheap; idempotent for the same time; a clock that goes back adds nothing.</summary>
        public void Advance(int nowMs)
        {
            int dt = nowMs - _lastMs;
            _lastMs = nowMs;
            if (dt <= 0) return;
            _clock.Maintain(nowMs);
            // Past every grace, the last activation defers nothing: forgotten.
            if (_anyActivation && nowMs - _lastActivationMs >= MaxActivityGraceMs) _anyActivation = false;
            _tracker.Advance(nowMs);
            if (!_suspended)
            {
                _spellMs = _spellMs > MaxSpellMs - dt ? MaxSpellMs : _spellMs + dt;
            }
            else
            {
                _shadowSpellMs = _shadowSpellMs > MaxSpellMs - dt ? MaxSpellMs : _shadowSpellMs + dt;
                // An alert already due waits through the lying (SetSuspended): its age stops at
                // the longest deferral, which it is past either way.
                if (_due && nowMs - _dueSinceMs > MaxActivityDeferMs) _dueSinceMs = nowMs - MaxActivityDeferMs;
                if (_shadowSpellMs >= _shadowNextMs && _shadowNextMs < MaxSpellMs)
                {
                    // One suppression per alert that would have fallen due; after a clock jump
                    // (more than one interval at once) one only, and the schedule goes on from now.
                    _suppressedNotWorn++;
                    _suppressedThisSpell++;
                    Suppressed(SuppressionReason.NotWorn, nowMs, _shadowNextMs);
                    _shadowNextMs += _repeatMs;
                    if (_shadowNextMs <= _shadowSpellMs) _shadowNextMs = _shadowSpellMs + _repeatMs;
                }
            }
            if (_snoozed && nowMs - _snoozeUntilMs >= 0) _snoozed = false;
        }

        /// <summary>Advances to <paramref name="nowMs"/> and decides: returns the reason of an alert
        /// that fires now (its details in the Last… properties), or <see cref="AlertReason.None"/>.</summary>
        public int Evaluate(int nowMs)
        {
            Advance(nowMs);
            if (_spellMs < _nextAlertSpellMs || _suspended) return AlertReason.None;
            if (!_due)
            {
                _due = true;
                _dueSinceMs = nowMs;
            }
            if (_snoozed)
            {
                if (!_heldBySnooze) _snoozeHeld++;
                _heldBySnooze = true;
                // It can fire only once the snooze ends: the activity deferral's limit counts from
                // then, so a movement just before the end still gets its grace.
                _dueSinceMs = nowMs;
                return AlertReason.None;
            }
            if (InQuietHours(nowMs))
            {
                _suppressedQuiet++;
                _suppressedThisSpell++;
                Suppressed(SuppressionReason.QuietHours, nowMs, _nextAlertSpellMs);
                ClearDue();
                _nextAlertSpellMs = _spellMs + _repeatMs;
                _nextIsRepeat = true;
                _dismissedAtSpellMs = -1;
                return AlertReason.None;
            }
            if (_anyActivation && nowMs - _lastActivationMs < _graceMs && nowMs - _dueSinceMs < _deferMaxMs)
            {
                if (!_deferred) _activityDeferred++;
                _deferred = true;
                return AlertReason.None;
            }
            int reason = _heldBySnooze ? AlertReason.SnoozeEnded
                : _deferred ? AlertReason.AfterActivity
                : _repeatIndex == 0 ? AlertReason.Threshold : AlertReason.Repeat;
            // Late: held by a snooze or activity, or found due well after its time (a clock jump,
            // a threshold moved below the spell).
            bool late = _heldBySnooze || _deferred || _spellMs - _nextAlertSpellMs >= OnTimeToleranceMs;
            _lastReason = reason;
            _lastRepeat = _repeatIndex;
            _lastSpellSeconds = _spellMs / 1000;
            _lastBuzz = BuzzPulses(_repeatIndex - _escalationBase);
            _lastSuppressed = _suppressedThisSpell;
            _repeatIndex++;
            _alertsRaised++;
            _alertsToday++;
            _sequence = _sequence == 65535 ? 0 : _sequence + 1;
            // On time: keep the schedule exact; late: the next one a full interval after this one —
            // so a clock jump raises one alert, never a storm of catch-up repeats.
            _nextAlertSpellMs = (late ? _spellMs : _nextAlertSpellMs) + _repeatMs;
            _nextIsRepeat = true;
            _dismissedAtSpellMs = -1;
            ClearDue();
            return reason;
        }

        private void Suppressed(int reason, int nowMs, int dueSpellMs)
        {
            _suppressions++;
            _lastSuppressionReason = reason;
            _lastSuppressionMs = nowMs;
            _lastSuppressionSpellS = dueSpellMs / 1000;
        }

        private void ClearDue()
        {
            _due = false;
            _deferred = false;
            _heldBySnooze = false;
        }

        /// <summary>A new spell, <paramref name="alreadyMs"/> old already (it began at an activation
        /// that arrived late).</summary>
        private void StartSpell(int alreadyMs)
        {
            _spellMs = alreadyMs > 0 ? alreadyMs : 0;
            _nextAlertSpellMs = _firstAlertMs;
            _repeatIndex = 0;
            _nextIsRepeat = false;
            _escalationBase = 0;
            _dismissedAtSpellMs = -1;
            _suppressedThisSpell = 0;
            _shadowSpellMs = _spellMs;
            _shadowNextMs = _firstAlertMs;
            ClearDue();
        }
    }
}
