using CalfMonitor.Core.Bouts;
using CalfMonitor.Core.Conditioning;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Events;
using CalfMonitor.Core.Rate;
using CalfMonitor.Core.Sedentary;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Core.Storage;

namespace CalfMonitor.Core
{
    /// <summary>
    /// The whole monitor, one instance per device: IMU sample → <see cref="SignalConditioner"/> →
    /// <see cref="PlantarflexionDetector"/> → <see cref="RhythmicSetFilter"/> → <see cref="PumpBoutFilter"/> → <see cref="ActivationRateMeter"/> →
    /// <see cref="AlertPolicy"/> (with <see cref="SedentaryTracker"/> and <see cref="PostureMonitor"/>)
    /// → <see cref="IMonitorListener"/>.
    /// <para>Feed it every sample, in order, with the device's wrapping millisecond clock. A jump
    /// of more than <see cref="GapPeriods"/> sample periods is a gap (a dropout or FIFO overflow):
    /// the detector restarts, the clock-driven stages simply see the time pass.</para>
    /// <para>The mounting site is a setting (<see cref="MonitorSettings.Mounting"/>): a change
    /// through <see cref="ApplySettings"/> rebuilds the conditioning and detection stages for the
    /// new site at once, keeping every count (today, rate, spell, alerts).</para>
    /// All state is allocated in the constructor (and again, rarely, by a site change);
    /// <see cref="OnSample"/> allocates nothing.
    /// </summary>
    public sealed class CalfPumpMonitor
    {
        /// <summary>A step of more than this many nominal sample periods is a gap.</summary>
        public const int GapPeriods = 3;

        /// <summary>The one definition of a gap, shared with the simulator's readers: a step in the
        /// sample clock longer than this many ms (<see cref="GapPeriods"/> nominal periods, whole
        /// ms) is a gap; a shorter loss is bridged.</summary>
        public static int GapThresholdMs(int sampleRateHz)
        {
            return GapPeriods * 1000 / sampleRateHz;
        }

        /// <summary>Longest gap whose seconds are closed one by one, seconds; a longer gap (sensor
        /// lost for more than a day) closes one empty second and then resumes on the new clock, so
        /// nothing loops for hours (its span is missing from the day's history).</summary>
        public const int MaxReplayedGapS = 86400;

        /// <summary>How long the sensor must have been out before the device's clock closes the
        /// seconds without it (<see cref="SensorOutage"/>), ms: longer than a re-initialisation
        /// after a brown-out or a burst of bus errors (under a second, docs/firmware.md), which
        /// the first sample after it closes as a gap; short against every alert timing (seconds).</summary>
        public const int SensorOutageAfterMs = 5000;

        private SensorConfig _sensor;
        private readonly MonitorSettings _settings;
        private readonly IMonitorListener _listener;
        private SignalConditioner _conditioner;
        private PlantarflexionDetector _detector;
        private readonly PumpBoutFilter _bouts = new PumpBoutFilter();
        private readonly RhythmicSetFilter _sets = new RhythmicSetFilter();
        private readonly ActivationRateMeter _rate;
        private readonly AlertPolicy _policy;
        private readonly PostureMonitor _posture;
        private readonly DailyHistory _history = new DailyHistory();
        private readonly SensorHealth _health;
        private readonly int _gapMs;

        private int _activationsToday;
        private int _siteChanges;
        private int _today = -1;

        private bool _started;
        // Longest ordinary step between samples, ms: 0 until the first sample (so that it takes
        // the rare path and starts the clock) and during a sensor outage (so that the first sample
        // after it ends the outage there), then the gap limit.
        private int _stepLimitMs;
        private int _lastMs;
        private int _nextSecondMs;
        // A gap being closed second by second, up to the first sample after it: no alert fires for
        // its seconds (see OnGap).
        private bool _closingGap;
        private int _gapEndMs;
        private int _sampleNumber;
        private int _activations;
        // The sensor clock's rate as the wall clock took it (clamped), ppm: the history's real minutes.
        private int _clockRatePpm;
        // The detector's orientation when the last cycle was offered.
        private int _offeredSign = 1;
        private int _gaps;
        // The sensor is out and the seconds are being closed on the device's clock (SensorOutage).
        private bool _inOutage;

        /// <summary>Builds the pipeline. Throws <see cref="System.ArgumentException"/> for an invalid
        /// configuration (at start-up only, never per sample). The site is
        /// <paramref name="settings"/>' <see cref="MonitorSettings.Mounting"/>, or the sensor's when
        /// that is <see cref="MonitorSettings.MountingFromSensor"/>.</summary>
        public CalfPumpMonitor(SensorConfig sensor, MonitorSettings settings, IMonitorListener listener)
        {
            if (sensor == null || !sensor.IsValid) throw new System.ArgumentException("sensor");
            if (settings == null || !settings.IsValid) throw new System.ArgumentException("settings");
            if (listener == null) throw new System.ArgumentNullException("listener");
            _settings = settings.Clone();
            if (_settings.Mounting == MonitorSettings.MountingFromSensor) _settings.Mounting = WireSite(sensor.Mounting);
            _sensor = ForSite(sensor, _settings.Mounting);
            sensor = _sensor;
            _listener = listener;
            _sets.Listener = listener;
            _bouts.Listener = listener;
            _conditioner = new SignalConditioner(sensor);
            _detector = new PlantarflexionDetector(sensor, _settings);
            _rate = new ActivationRateMeter();
            _policy = new AlertPolicy(_settings);
            _posture = new PostureMonitor(_settings, sensor.AccelCountsPerG);
            _health = new SensorHealth(sensor);
            _gapMs = GapThresholdMs(sensor.SampleRateHz);
        }

        /// <summary>The sensor configuration in force (its mounting is the site in force).</summary>
        public SensorConfig Sensor { get { return _sensor; } }

        /// <summary>Mounting site in force, as on the wire: <see cref="MonitorSettings.MountingShank"/>
        /// or <see cref="MonitorSettings.MountingFoot"/> (Live byte 18).</summary>
        public int Mounting { get { return _settings.Mounting; } }

        /// <summary>Times the site was changed by <see cref="ApplySettings"/> (the detection stages rebuilt).</summary>
        public int SiteChanges { get { return _siteChanges; } }

        /// <summary>A copy of the settings in force.</summary>
        public MonitorSettings Settings { get { return _settings.Clone(); } }

        /// <summary>Stage 1.</summary>
        public SignalConditioner Conditioner { get { return _conditioner; } }

        /// <summary>Stage 2.</summary>
        public PlantarflexionDetector Detector { get { return _detector; } }

        /// <summary>Stage 2b: cycles become activations in bouts.</summary>
        public PumpBoutFilter Bouts { get { return _bouts; } }

        /// <summary>Stage 2a: small cycles pass on only in a steady rhythm.</summary>
        public RhythmicSetFilter Sets { get { return _sets; } }

        /// <summary>Stage 3.</summary>
        public ActivationRateMeter Rate { get { return _rate; } }

        /// <summary>Stage 4: spells and pump breaks.</summary>
        public SedentaryTracker Sedentary { get { return _policy.Tracker; } }

        /// <summary>Stage 4: the alert policy (snooze, quiet hours, suspension, wall clock).</summary>
        public AlertPolicy Policy { get { return _policy; } }

        /// <summary>Stage 4: posture (upright / lying or not worn).</summary>
        public PostureMonitor Posture { get { return _posture; } }

        /// <summary>Sensor faults (saturation, garbage, stuck readings, dropouts); faulty samples
        /// are kept from the detector.</summary>
        public SensorHealth Health { get { return _health; } }

        /// <summary>Per-minute activation counts of the last 24 h.</summary>
        public DailyHistory History { get { return _history; } }

        /// <summary>Activations since local midnight (or since start / the last reset while the
        /// wall-clock time is unknown).</summary>
        public int ActivationsToday { get { return _activationsToday; } }

        /// <summary>Resets today's counters (Control "reset today"): activations and alerts today.</summary>
        public void ResetToday()
        {
            _activationsToday = 0;
            _policy.ResetAlertsToday();
        }

        /// <summary>
        /// Applies new settings at once. Break, alert, snooze, quiet-hour and posture parameters
        /// go to their stages; a new mounting site (<see cref="MonitorSettings.Mounting"/>; 0 keeps
        /// the site) or new minimum ranges rebuild the detection for them: what the old detector and
        /// filters still hold is detected and counted first (as at a clock jump), then the
        /// conditioner and detector start afresh — and on a new site the posture reference too,
        /// since the board now sits another way. Counts (today, rate, spell, alerts, history) are
        /// kept. Allocates only when the detection is rebuilt. Returns false, changing nothing,
        /// for an invalid set.
        /// </summary>
        public bool ApplySettings(MonitorSettings settings)
        {
            if (settings == null || !settings.IsValid) return false;
            int site = settings.Mounting == MonitorSettings.MountingFromSensor ? _settings.Mounting : settings.Mounting;
            bool newSite = site != _settings.Mounting;
            bool rebuild = newSite || settings.MinAnkleRangeDeg != _settings.MinAnkleRangeDeg
                || settings.MinShankRangeDeg != _settings.MinShankRangeDeg;
            if (rebuild) EndDetection();
            _settings.CopyFrom(settings);
            _settings.Mounting = site;
            _policy.Configure(_settings);
            _posture.Configure(_settings);
            if (rebuild)
            {
                _sensor = ForSite(_sensor, site);
                _conditioner = new SignalConditioner(_sensor);
                _detector = new PlantarflexionDetector(_sensor, _settings);
                _offeredSign = _detector.Sign;
            }
            if (newSite)
            {
                _posture.Reset();
                _siteChanges++;
            }
            return true;
        }

        /// <summary>Detects and counts what the detection stages still hold, as at a clock jump.</summary>
        private void EndDetection()
        {
            FlushLookAhead();
            EndHeldCycles();
        }

        /// <summary>Ends the rhythm set and the bout: cycles the filters hold are decided now.</summary>
        private void EndHeldCycles()
        {
            _sets.EndSet();
            OfferPassed(_sets.Passed);
            _bouts.EndBout();
        }

        /// <summary>Wire code of a site: 1 shank, 2 foot.</summary>
        public static int WireSite(MountingSite site)
        {
            return site == MountingSite.Foot ? MonitorSettings.MountingFoot : MonitorSettings.MountingShank;
        }

        /// <summary><paramref name="sensor"/> with the site of wire code <paramref name="site"/>
        /// (the same object when it already has it).</summary>
        private static SensorConfig ForSite(SensorConfig sensor, int site)
        {
            MountingSite s = site == MonitorSettings.MountingFoot ? MountingSite.Foot : MountingSite.Shank;
            if (sensor.Mounting == s) return sensor;
            return new SensorConfig(sensor.SampleRateHz, sensor.AccelRangeG, sensor.GyroRangeDps, s);
        }

        /// <summary>Samples processed so far.</summary>
        public int SampleCount { get { return _sampleNumber; } }

        /// <summary>The monitor's clock, ms: the time stamp of the last sample (0 before the first).
        /// On the device that is the sensor's own sample clock (<see cref="Device.Mpu6050Sampler"/>
        /// stamps sample number × period), not the processor's tick count: anything from outside —
        /// a button press, a BLE read or write — must be timed by this clock, because the policy
        /// compares times only with each other.</summary>
        public int NowMs { get { return _lastMs; } }

        /// <summary>The sensor's sample clock against the processor's crystal, as the sampler
        /// measured it (<see cref="Device.ISampleSink.OnClockRate"/>): how much faster real time runs,
        /// parts per million. Only the wall clock uses it (quiet hours, midnight, Current Time); the
        /// spell and every other duration stay on the sample clock, 1 % at most.</summary>
        public void OnClockRate(int ratePpm)
        {
            _policy.Clock.SetRate(_lastMs, ratePpm);
            _clockRatePpm = _policy.Clock.RatePpm;
        }

        /// <summary>Activations counted so far.</summary>
        public int Activations { get { return _activations; } }

        /// <summary>Gaps seen so far.</summary>
        public int Gaps { get { return _gaps; } }

        /// <summary>
        /// The input has ended (a replayed trace's last sample was fed): detects in what the
        /// conditioner's look-ahead still holds (the last half second), as before a gap, so that a
        /// push-off in a trace's last half second is not silently lost. Cycles the rhythm and bout
        /// filters hold stay held (a replay reports them as isolated). The device's input never
        /// ends, so the firmware does not call this. Feeding more samples afterwards is allowed:
        /// they start the detector over, as after a gap.
        /// </summary>
        public void EndOfInput()
        {
            if (_started) FlushLookAhead();
        }

        /// <summary>True while the sensor is out and the seconds are closed without it
        /// (<see cref="SensorOutage"/>), until the next sample. The device sends no Live then.</summary>
        public bool InSensorOutage { get { return _inOutage; } }

        /// <summary>
        /// The device's sensor is out (not sampling): <paramref name="timeMs"/> is the time on the
        /// sensor's clock that now stands for (<see cref="Device.Mpu6050Sampler.StampAt"/>). Once
        /// the last sample is <see cref="SensorOutageAfterMs"/> old, the seconds up to it are closed
        /// as a gap's would be when the sensor came back: nothing measured, the spell grows, the
        /// minutes reach the day's history empty. Unlike a gap's, which are closed only at the first
        /// sample after it, they are closed now, and an alert that falls due fires on time: a sensor
        /// that has come loose must not silence the device for as long as it stays loose
        /// (docs/sedentary-policy.md). The first sample after the outage continues from here,
        /// without a second gap. Call it as often as the sampler is polled; before the first sample
        /// (no clock to continue), or with a time not later than the last, it does nothing.
        /// </summary>
        public void SensorOutage(int timeMs)
        {
            if (!_started || timeMs - _lastMs <= 0) return;
            if (!_inOutage)
            {
                if (timeMs - _lastMs < SensorOutageAfterMs) return;
                _inOutage = true;
                _stepLimitMs = 0;
                _gaps++;
                _health.OnGap();
                FlushLookAhead();
                // A retroactive gap's "no alert before its end" does not apply: its end is now.
                _closingGap = false;
            }
            _lastMs = timeMs;
            if (timeMs - _nextSecondMs >= 0) CloseSeconds(timeMs);
        }

        /// <summary>Processes one raw sample (int16 counts at the configured ranges).</summary>
        public void OnSample(int timeMs, int ax, int ay, int az, int gx, int gy, int gz)
        {
            // A step outside 1…_stepLimitMs (one unsigned comparison: a step of 0 or less wraps
            // to a huge value) is the first sample, a gap or the clock going back.
            if ((uint)(timeMs - _lastMs - 1) >= (uint)_stepLimitMs) OnClockStep(timeMs);
            _lastMs = timeMs;
            if (timeMs - _nextSecondMs >= 0) CloseSeconds(timeMs);

            if (!_health.Check(ax, ay, az, gx, gy, gz))
            {
                // A faulty sample is treated as lost: at the fault's start the look-ahead is
                // detected and the detector starts over, exactly as at a gap.
                if (_health.FaultBegan) FlushLookAhead();
            }
            else
            {
                // The usual outcome is a rate; the two codes below every rate are NewAxis and
                // NoRate (nothing has left the look-ahead line yet), so one comparison tells it.
                int rate = _conditioner.Condition(timeMs, ax, ay, az, gx, gy, gz);
                if (rate > SignalConditioner.NewAxis)
                {
                    if (_detector.Update(rate))
                    {
                        OnCycle(_conditioner.OutputTimeMs, _sampleNumber - _conditioner.LookAheadSamples);
                    }
                }
                else if (rate == SignalConditioner.NewAxis)
                {
                    // The axis was found afresh: its sign is open again.
                    _detector.AxisChanged();
                    if (_detector.Update(_conditioner.NewAxisRate))
                    {
                        OnCycle(_conditioner.OutputTimeMs, _sampleNumber - _conditioner.LookAheadSamples);
                    }
                }
            }
            _sampleNumber++;
        }

        private void OnClockStep(int timeMs)
        {
            if (!_started)
            {
                _started = true;
                _stepLimitMs = _gapMs;
                _nextSecondMs = timeMs + 1000;
                _policy.Start(timeMs);
                return;
            }
            if (_inOutage)
            {
                // The sensor is back. The outage's gap was counted and flushed when it began, and
                // its seconds are closed up to about now (a longer step is a gap of its own).
                _inOutage = false;
                _stepLimitMs = _gapMs;
                if (timeMs - _lastMs > 0 && timeMs - _lastMs <= SensorOutageAfterMs) return;
            }
            OnGap(timeMs, timeMs - _lastMs);
        }

        private void OnGap(int timeMs, int step)
        {
            _gaps++;
            _health.OnGap();
            FlushLookAhead();
            if (step > MaxReplayedGapS * 1000 || step <= 0)
            {
                // Clock jumped (or went back): nothing to replay second by second, and cycles held
                // for a bout belong to the old timeline (their times cannot be compared with the
                // new ones).
                _nextSecondMs = timeMs;
                // A new timeline: a gap still being closed (its last second not yet reached) ends
                // with the old one, or its "no alert before the gap's end" would hold until the new
                // clock reached that end.
                _closingGap = false;
                EndHeldCycles();
            }
            else
            {
                // Its seconds are closed one by one (time passes: the minutes, today's history),
                // but nothing was measured in them: the repeats that fell due in the gap do not all
                // fire now, in one poll (a 3 h sensor outage fired 18). As after a clock jump, the
                // alert due is found once, at the first second after the gap, and the next repeat
                // is a full interval after it (docs/sedentary-policy.md).
                _closingGap = true;
                _gapEndMs = timeMs;
            }
        }

        /// <summary>Detects in what the look-ahead still holds (samples from before a gap or a
        /// sensor fault), then starts the detector over.</summary>
        private void FlushLookAhead()
        {
            int pending = _conditioner.Pending;
            int first = _sampleNumber - pending;
            for (int i = 0; i < pending; i++)
            {
                if (_detector.Update(_conditioner.Drain())) OnCycle(_conditioner.OutputTimeMs, first + i);
            }
            _detector.Reset();
        }

        /// <summary>A plantarflexion cycle was detected: the rhythm filter passes it (full, or small
        /// in a steady rhythm), then the bout filter decides whether, and which, activations it makes.</summary>
        private void OnCycle(int timeMs, int sampleNumber)
        {
            // Dated at the turn (the push-off itself), not at the update that confirmed it.
            int age = _detector.LastCycleAgeSamples;
            timeMs -= age * 1000 / _sensor.SampleRateHz;
            sampleNumber -= age;
            // The detector turned its orientation round since the last cycle: the cycles the bout
            // filter holds were dated with the old one, at the wrong turns (stage 2b).
            int sign = _detector.Sign;
            if (sign != _offeredSign)
            {
                _offeredSign = sign;
                _bouts.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
            }
            int passed = _sets.Offer(timeMs, sampleNumber, _detector.LastCycleRangeUnits, _detector.LastCycleSmall);
            if (passed > 0) OfferPassed(passed);
        }

        /// <summary>Offers the cycles the rhythm filter passed to the bout filter, in order.</summary>
        private void OfferPassed(int passed)
        {
            for (int i = 0; i < passed; i++)
            {
                int released = _bouts.Offer(_sets.PassedTimeMs(i), _sets.PassedSample(i));
                for (int j = 0; j < released; j++) OnActivation(_bouts.ReleasedTimeMs(j), _bouts.ReleasedSample(j));
            }
        }

        private void OnActivation(int timeMs, int sampleNumber)
        {
            _activations++;
            _rate.CountActivation();
            _activationsToday++;
            _listener.OnActivation(timeMs, sampleNumber);
            int spellSeconds = _policy.SpellSeconds;
            if (_policy.OnActivation(timeMs))
            {
                _listener.OnSpellEnded(timeMs, spellSeconds);
            }
        }

        private void CloseSeconds(int timeMs)
        {
            // Within a gap, once one second has been closed here (so the posture's inputs, the
            // conditioner's last block, are those it saw) and nothing is left but time passing,
            // the idle seconds are closed up to a minute at a time (see SkipIdleSeconds).
            bool closedOne = false;
            while (timeMs - _nextSecondMs >= 0)
            {
                if (closedOne && _closingGap)
                {
                    int idle = IdleSecondsAhead();
                    if (idle > 1)
                    {
                        SkipIdleSeconds(idle);
                        continue;
                    }
                }
                closedOne = true;
                int end = _nextSecondMs;
                // Local midnight passed (or the clock was set to another day): a new "today", before
                // this second's activations and alert are counted.
                int day = _policy.Clock.DayNumber(end);
                if (day != _today)
                {
                    if (_today >= 0 && day >= 0)
                    {
                        _activationsToday = 0;
                        _policy.ResetAlertsToday();
                    }
                    _today = day;
                }
                int passed = _sets.Expire(end);
                if (passed > 0) OfferPassed(passed);
                // A bout's gap lies between its cycles: one the rhythm filter still holds (a small
                // repetition waiting for its set's rhythm) may yet join it, so the gap is measured
                // up to that cycle, not to now.
                _bouts.Expire(_sets.Held > 0 ? _sets.OldestHeldMs : end);
                // Cycles held back by the bout filter are movement: an alert waits for them as
                // it waits after an activation (the bout may be a walk that has just begun).
                // Small cycles held for a rhythm do not: sway makes them all day.
                if (_bouts.Held > 0) _policy.OnMovement(_bouts.LastCycleMs);
                // The alert policy runs once a second (an alert is due to the second), not per
                // sample: the per-sample path stays within the interpreter's budget.
                _policy.Advance(end);
                int reason = AlertReason.None;
                if (!_closingGap || end - _gapEndMs >= 0)
                {
                    _closingGap = false;
                    reason = _policy.Evaluate(end);
                }
                if (reason != AlertReason.None)
                {
                    _listener.OnAlert(end, _policy.LastSpellSeconds, _policy.LastRepeatIndex, reason);
                }
                bool minute = _rate.CloseSecond();
                int last60 = _rate.ActivationsLastMinute;
                // Stepping now: an activation counted in the last two seconds (every activation is
                // one of a bout of at least three cycles within 8 s). Not the pump break's count: it
                // stays up for a minute after the walk, while its wearer may already be lying down,
                // and it is the wearer's setting (at 60 a walk would never count, at 1 any fidget).
                bool stepping = _rate.ActivationsLastTwoSeconds > 0;
                _policy.SetSuspended(_posture.OnSecond(_conditioner.GravityX, _conditioner.GravityY,
                    _conditioner.GravityZ, _conditioner.IsStill, stepping));
                _listener.OnSecond(end, last60, _policy.SpellSecondsAt(end));
                if (minute) _listener.OnMinute(_rate.MinuteIndex - 1, _rate.LastMinuteCount);
                // The history keeps real minutes (the sample clock may be up to 1 % off).
                _history.CloseSecond(_clockRatePpm, _activations);
                _nextSecondMs = end + 1000;
            }
        }

        /// <summary>How many of the seconds from <c>_nextSecondMs</c> on, within the gap being
        /// closed, would change nothing but the time if closed one by one: no cycle held, no
        /// activation in the rate meter's last minute, the posture settled, the same day. Bounded so
        /// that at most one minute of the rate meter closes, at the last of them; that a suppressed
        /// alert, if one falls due, falls due at the last; and that the first second at or after the
        /// gap's end (whose alert is evaluated) is not one of them. 0 when the next second is not idle.</summary>
        private int IdleSecondsAhead()
        {
            if (_sets.Held != 0 || _sets.RunLength != 0 || _bouts.Held != 0 || _bouts.InBout || !_rate.Idle) return 0;
            // The trailing minute is empty, so no one is stepping.
            if (!_posture.Settled(_conditioner.GravityX, _conditioner.GravityY, _conditioner.GravityZ,
                _conditioner.IsStill, false)) return 0;
            int n = _rate.SecondsToMinuteEnd;
            int beforeGapEnd = (_gapEndMs - _nextSecondMs - 1) / 1000 + 1;
            if (n > beforeGapEnd) n = beforeGapEnd;
            int untilSuppression = _policy.MsUntilSuppression;
            if (untilSuppression < n * 1000) n = (untilSuppression + 999) / 1000;
            if (n < 2) return 0;
            // The day changes at most once in a minute: then it is closed second by second. Asked
            // a second past the step's last: second by second, that second's day is read after the
            // wall clock's hourly rebase, which can fall within the step and move a reading by 1 ms.
            if (_policy.Clock.DayNumber(_nextSecondMs + n * 1000) != _today) return 0;
            return n;
        }

        /// <summary>Closes <paramref name="count"/> idle seconds of a gap (<see cref="IdleSecondsAhead"/>)
        /// at once, leaving the state exactly as closing them one by one would: the spell, the rate
        /// meter's bins and minute, the day's history. The listener hears the last of them only
        /// (<see cref="IMonitorListener.OnSecond"/>, and <see cref="IMonitorListener.OnMinute"/> when
        /// it ends a minute): a long outage then costs a few hundred instructions a minute instead of
        /// a second (docs/performance.md).</summary>
        private void SkipIdleSeconds(int count)
        {
            int last = _nextSecondMs + (count - 1) * 1000;
            _policy.Advance(last);
            bool minute = _rate.SkipIdleSeconds(count);
            // The history's real minutes may end within the step: the listener, told of its last
            // second, finds them closed up to the second before, as second by second.
            _history.CloseSeconds(count - 1, _clockRatePpm, _activations);
            _listener.OnSecond(last, 0, _policy.SpellSecondsAt(last));
            if (minute) _listener.OnMinute(_rate.MinuteIndex - 1, _rate.LastMinuteCount);
            _history.CloseSecond(_clockRatePpm, _activations);
            _nextSecondMs = last + 1000;
        }
    }
}
