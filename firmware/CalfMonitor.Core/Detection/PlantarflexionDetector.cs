using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Core.Detection
{
    /// <summary>
    /// Stage 2: counts plantarflexion cycles — one plantarflexion and return of the ankle is one
    /// calf-pump activation.
    /// <para><b>Angle.</b> The sagittal rate is integrated into a segment angle by a leaky
    /// integrator (a first-order high-pass of the angle with a <see cref="AngleHighPassMs"/> time
    /// constant): gyro drift and posture changes fade while movements of 0.2 Hz and faster keep
    /// more than 95 % of their range.</para>
    /// <para><b>Cycles.</b> Hysteresis in angle, not in rate: the angle must fall by the
    /// hysteresis from its last peak (the plantarflexion) and rise again by the hysteresis from the
    /// valley (the return). The activation is reported when the return is confirmed, and in gait
    /// dated at its valley, the push-off (<see cref="LastCycleAgeSamples"/>). Noise
    /// (well under 1° after integration), vibration (fast, but tiny in angle) and small fidgets
    /// never cross the hysteresis.</para>
    /// <para><b>Adaptive hysteresis.</b> The hysteresis is the minimum range of motion, or
    /// <see cref="AdaptiveHysteresisPct"/> of the typical range of the cycles just seen, whichever
    /// is larger. A stride moves the foot 60–80° and the shank 40–60°; the rebound of the foot
    /// after heel strike or a wobble of the shank at loading are a few degrees — more than the
    /// minimum range, far less than a quarter of a stride. The typical range decays by
    /// <see cref="RangeDecayPerSecondPct"/> every second, walking or not: in gait each cycle pulls
    /// it back up (it sits at about 0.6–0.8 of the stride's range, the hysteresis at 15–20 % of a
    /// stride), and once cycles stop it fades, so seated movements right after a walk are judged by
    /// the minimum range again.</para>
    /// <para><b>Orientation.</b> The conditioner knows the sagittal axis only up to its sign; the
    /// detector decides which way is plantarflexion from the gait cycle itself, so the valley it
    /// counts is the push-off / toe-off, not the heel strike:</para>
    /// <list type="bullet">
    /// <item>Foot: the foot lies flat and still through mid-stance; the rotation that leaves that
    /// stillness is heel-off, the push-off, and the one that entered it was the toe lowering after
    /// heel strike: both are plantarflexion. Each still spell of <see cref="FootQuietMinMs"/> to
    /// <see cref="FootQuietMaxMs"/> (a foot-flat), left by a rotation that reaches push-off speed
    /// (<see cref="FootPushOffDps"/>), and entered and left in the same direction (the angle
    /// falling from its last peak on the way in, and the rate on the way out) casts one vote for
    /// that direction being plantarflexion; the turning point of a slow oscillation is entered
    /// and left in opposite directions and does not vote. The first fast rotation after a longer
    /// stillness votes too: walking starts from standing with heel-off, and that is what orients
    /// a monitor that has not seen gait yet (once gait has built confidence, one stray vote from a
    /// seated movement cannot flip it). A foot that never rests in stance casts none of these; for
    /// it the halves of each stride vote as on the shank (the swing is the shorter), but only
    /// <see cref="FootTimeVoteStrides"/> in a row with no other vote can turn the orientation.</item>
    /// <item>Shank: the shank has no still phase in gait; its fastest rotation is the forward swing
    /// (mid-swing peak ≈ 300–450 °/s against ≈ 250–320 °/s backwards), the opposite of
    /// plantarflexion. Each cycle whose peaks differ clearly is a vote. When they are alike, a
    /// walking stride's shorter half is the forward swing (swing is 35–40 % of the stride): a
    /// weaker vote that never wears down the peaks' confidence.</item>
    /// </list>
    /// <para><b>Seated movements on the shank.</b> A seated heel raise turns the shank by only about
    /// a quarter of the ankle angle, forward as the heel rises (docs/synthesis.md). The shank
    /// detector therefore follows cycles down to <see cref="ShankRhythmRangeDeg"/>; those below the
    /// configured minimum are <i>small</i> and count only in a steady rhythm
    /// (<see cref="Bouts.RhythmicSetFilter"/>). While the typical range is below
    /// <see cref="ShankGaitRangeDeg"/> it counts each cycle at the peak (heel back down) rather than
    /// at the valley (push-off in gait), so the last raise of a set is counted too.</para>
    /// <para>Votes move a confidence counter; while it is zero the first contrary vote flips the
    /// sign, once confident a single odd vote does not. A flip re-times later cycles; the
    /// one-push-off-per-stride rule keeps measuring from the last cycle counted (under the old
    /// sign), so the swing during which the orientation turns is not counted twice.</para>
    /// </summary>
    public sealed class PlantarflexionDetector
    {
        /// <summary>Time constant of the angle's high-pass, ms; the nearest power of two in
        /// samples is used (5.12 s at 50 Hz): a 0.2 Hz seated ankle pump keeps 99 % of its range,
        /// while the angle a posture change leaves behind fades to a third in 5.6 s (and
        /// <see cref="MaxHalfCycleMs"/> keeps that slow decay from pairing up into a cycle).</summary>
        public const int AngleHighPassMs = 5000;

        /// <summary>Below this sagittal rate the foot counts as still, °/s: quiet standing sways
        /// at a few °/s, push-off reaches 300–500 °/s. (On either segment, also the speed from
        /// which the angle is leaving an extreme, see <see cref="MaxHalfCycleMs"/>.)</summary>
        public const int FootQuietDps = 30;

        /// <summary>Stillness must last this long before leaving it is a vote, ms: foot-flat in
        /// mid-stance lasts 150–400 ms at normal walking speed (up to 0.6 s, slow).</summary>
        public const int FootQuietMinMs = 100;

        /// <summary>A rotation leaving a foot-flat votes only once it is this fast, °/s: push-off
        /// turns the foot at 300–500 °/s, while seated movements that start from rest (heel raises,
        /// ankle pumps) turn it at well under 150 °/s.</summary>
        public const int FootPushOffDps = 150;

        /// <summary>A still spell longer than this is not a foot-flat, ms: foot-flat lasts 0.1–0.6 s
        /// in walking; a longer stillness is standing or sitting, and the movements around it say
        /// nothing about which way is plantarflexion.</summary>
        public const int FootQuietMaxMs = 800;

        /// <summary>For the shank vote the larger peak must exceed the other by this, percent;
        /// symmetric movements (ankle pumps, pedalling) do not vote.</summary>
        public const int ShankPeakMarginPct = 15;

        /// <summary>The time vote: the longer half of a stride cycle must last this much longer than
        /// the other, percent. Walking keeps a foot on the ground 60–65 % of the stride (stance:
        /// the shank turning back over the foot, the foot from heel strike to toe-off) and swings
        /// it forward in the other 35–40 %: the stance half takes about 1.5× the swing half. Cast
        /// on the shank when its peaks are alike, on the foot when it never rests in stance.</summary>
        public const int SwingTimeMarginPct = 25;

        /// <summary>The time vote is cast only for a cycle at least this long, ms: walking strides
        /// take 0.9–1.4 s, running strides 0.6–0.8 s — and running turns the time cue round (the
        /// foot is on the ground for only 35–40 % of a running stride).</summary>
        public const int TimeVoteStrideMinMs = 850;

        /// <summary>Strides in a row whose halves say the foot's orientation is the wrong way round
        /// before it is turned (while nothing is confident of it, and with no still-spell vote in
        /// between), strides. A foot that rests flat in stance votes by its still spells at every
        /// stride and never builds such a run; one that keeps turning through stance (gaitmap's
        /// IC-stride walk, right foot: 40–140 °/s) has only this vote. Three, a bout's rhythm: a
        /// walk's first "stride" spans the standing before it and its halves say nothing.</summary>
        public const int FootTimeVoteStrides = 3;

        /// <summary>Hysteresis as a share of the typical cycle range, percent: rejects rebounds and
        /// wobbles inside a cycle while a stride 4× smaller than its neighbours still counts.</summary>
        public const int AdaptiveHysteresisPct = 25;

        /// <summary>What the typical cycle range keeps of itself each second, percent: a memory of
        /// about 2.8 s, so it has faded to a fifth 4–5 s after a walk (a seated movement right after
        /// it is judged by the minimum range), while one stride a second keeps it up in gait.</summary>
        public const int RangeDecayPerSecondPct = 70;

        /// <summary>Longest half-cycle, ms: a plantarflexion or its return takes at most this long
        /// (the slowest deliberate ankle pump, 0.2 Hz, takes 2.5 s per half). An extreme older than
        /// this is forgotten and the search restarts from the present angle, so a posture change
        /// and the slow decay of the angle after it never pair up into a cycle — unless the angle
        /// is leaving it at that moment, faster than <see cref="FootQuietDps"/>: then the extreme
        /// is a rest the first movement is leaving, and restarting from the present would cut
        /// that movement short (a first push-off after standing was lost whenever its fall
        /// crossed the hysteresis at the very update the rest expired). (More than the one
        /// second between range decays: Update relies on a fresh expiry lying beyond the next decay.)</summary>
        public const int MaxHalfCycleMs = 3000;

        /// <summary>Smallest shank cycle the detector follows, °: a seated heel raise of the ankle
        /// minimum (7°) turns the shank by about a quarter of that (the knee rises with the heel;
        /// docs/synthesis.md). Cycles between this and <see cref="MonitorSettings.MinShankRangeDeg"/>
        /// are <i>small</i>: sway makes such cycles too, so they count only in a steady rhythm
        /// (<see cref="Bouts.RhythmicSetFilter"/>).</summary>
        public const int ShankRhythmRangeDeg = 2;

        /// <summary>Typical shank range from which movement is gait, °: strides swing the shank by
        /// 30–60°, while the largest seated heel raise (30°) turns it by about 8°. Below it the
        /// shank counts seated movements (see <c>CompletesCycle</c>).</summary>
        public const int ShankGaitRangeDeg = 12;

        /// <summary>Typical foot range from which movement is gait, °: strides turn the foot by
        /// 40–80° (push-off to the toe-up swing; less for short, slow steps), the largest seated
        /// heel raise by 30°. In gait an activation is dated at its push-off (see
        /// <see cref="LastCycleAgeSamples"/>). A valley this far below the angle the foot rested
        /// at is a push-off, never a first step's landing (see <c>CompletesCycle</c>).</summary>
        public const int FootGaitRangeDeg = 35;

        /// <summary>Smallest fall and return of a walk's closing step, percent of the minimum
        /// range: the last push-off before a stop brings the feet together and turns the foot by
        /// only 5–10°, less than a quarter of the strides before it, so the adaptive hysteresis
        /// never confirms its valley. On the foot it is accepted when it comes in the walk's
        /// rhythm and the foot then stands still (see <c>ClosingStep</c>).</summary>
        public const int ClosingStepPct = 50;

        /// <summary>A closing step comes at most this many stride periods after the push-off
        /// before it, percent: the last step is often slower than the walk, never a pause.</summary>
        public const int ClosingStepMaxPeriodPct = 150;

        /// <summary>Shortest stride, ms: the foot leaves the ground once per stride, and a stride
        /// takes at least 0.8 s walking and 0.6 s running; 0.1 s less for the scatter of the
        /// valleys' dating. A second push-off counted sooner after the last one in gait is a wobble
        /// of the same swing (seen as the adaptive hysteresis is still learning a walk's range, at
        /// its first strides) and does not count.</summary>
        public const int MinStrideMs = 500;

        /// <summary>In a walk whose stride period is known, a second push-off counted sooner than
        /// this share of the shorter of its last two strides is a wobble of the same swing too,
        /// percent (when that is longer than <see cref="MinStrideMs"/>, i.e. in strides over 1.1 s:
        /// slow walkers). The swing takes 35–40 % of a stride and the landing follows it, so a
        /// wobble of either lies within 45 % of the stride after the push-off, while the next
        /// push-off comes a whole stride later (walking strides vary by a few percent from one to
        /// the next). The shorter of two periods, because a period measured across a missed push-off
        /// is two strides long and must not hold back the next one.</summary>
        public const int MinStridePeriodPct = 45;

        /// <summary>Most confidence the sign vote can build, votes.</summary>
        public const int MaxSignConfidence = 6;

        private readonly bool _foot;
        private readonly int _leakShift;
        private readonly int _minHysteresis;
        private readonly int _fullRange;
        private readonly int _gaitRange;
        private readonly int _samplesPerSecond;
        private readonly int _extremeLife;
        private readonly int _quietCounts;
        private readonly int _quietMinSamples;
        private readonly int _quietMaxSamples;
        private readonly int _pushOffCounts;
        private readonly int _closingRange;
        private readonly int _minStrideSamples;
        private readonly int _walkingStrideSamples;

        // Updates since Reset: the clock of the extreme's expiry and of the range decay, so
        // neither needs a counter of its own per sample, and the time of turns and still spells.
        // It wraps (after 2^31 updates without a gap): clocks are compared for equality or by
        // their difference, never by their size.
        private int _clock;

        private int _angle;
        private int _extreme;
        private int _extremeExpiry;
        private bool _seekingValley;

        // Most updates change nothing but the clock and the angle; two tests tell them apart.
        // _nextEvent: the clock value of the next decay or expiry, whichever comes first.
        // _bandLow: low end of the band of angles, _hysteresis wide, in which the extreme holds
        // and no turn is confirmed: from the extreme up to just below a return of the hysteresis
        // while seeking a valley, from just above a fall of the hysteresis up to the extreme
        // while seeking a peak. Both are brought up to date wherever what they derive from changes.
        private int _nextEvent;
        private int _bandLow;

        // Adaptive hysteresis: typical range (angle units), the last confirmed extremes, and the
        // hysteresis in force.
        private int _typicalRange;
        private int _lastPeak, _lastValley;
        private int _lastCycleRange;
        // The last turn confirmed completed a cycle (see CompletesCycle).
        private bool _countedLastTurn;
        // A valley was confirmed since Reset: the next one closes a whole stride (shank vote).
        private bool _strideOpen;
        // How long before its confirmation the last counted cycle happened, samples: from its
        // turn (the extreme) in gait, from the heel-off for a first step's landing, 0 otherwise.
        private int _lastTurnAge;
        private int _hysteresis;
        private int _nextDecay;

        // Orientation: +1 or -1 applied to the conditioner's rate, and the vote's confidence.
        private int _sign;
        private int _confidence;
        // Foot: strides in a row whose halves said the orientation is wrong, with no other vote
        // and no gap since (FootTimeVoteStrides).
        private int _footTimeRun;
        private int _quietSamples;
        private bool _enteredFalling;
        private int _pendingVote;
        private int _cycleMax, _cycleMin;
        // Closing step: the clock the last cycle counted is dated at (read only while
        // _gaitValleyCounted or _stridePeriod say it was a valley in gait), the stride period
        // before it (samples; 0 while unknown), and a closing step to be confirmed at this update.
        private int _lastValleyClock;
        private int _stridePeriod;
        // The stride period before _stridePeriod (samples; 0 while unknown): the one-push-off bound
        // reads the shorter of the two.
        private int _prevStridePeriod;
        private bool _gaitValleyCounted;
        private bool _closing;
        // Landing (foot): the clock and the angle of the last still spell's end. The clocks of
        // the last peak and of the last two valleys (turns, counted or not): the landing (foot)
        // and the time vote (shank) read them.
        private int _leftStillClock;
        private int _leftStillAngle;
        private int _lastPeakClock;
        private int _lastValleyTurnClock;
        private int _prevValleyTurnClock;
        // The clock the last cycle counted is dated at.
        private int _lastCountClock;

        /// <summary>Prepares the detector for one sensor configuration and settings.</summary>
        public PlantarflexionDetector(SensorConfig sensor, MonitorSettings settings)
        {
            int rate = sensor.SampleRateHz;
            _foot = sensor.Mounting == MountingSite.Foot;
            // Leak shift k: 2^k samples closest to the time constant.
            int tauSamples = AngleHighPassMs * rate / 1000;
            int k = 1;
            while ((1 << (k + 1)) <= tauSamples + (tauSamples >> 1)) k++;
            _leakShift = k;

            // Minimum segment range for this mounting, in angle units (gyro counts × samples), and
            // the smallest cycle followed (smaller on the shank: small cycles, see above).
            int fullDeg = _foot ? settings.MinAnkleRangeDeg : settings.MinShankRangeDeg;
            int followDeg = _foot || fullDeg < ShankRhythmRangeDeg ? fullDeg : ShankRhythmRangeDeg;
            _fullRange = DegToUnits(fullDeg, sensor);
            _minHysteresis = DegToUnits(followDeg, sensor);
            _gaitRange = DegToUnits(_foot ? FootGaitRangeDeg : ShankGaitRangeDeg, sensor);
            _samplesPerSecond = rate;
            // An extreme is forgotten at the first update more than MaxHalfCycleMs after it.
            _extremeLife = MaxHalfCycleMs * rate / 1000 + 1;
            _quietCounts = FootQuietDps * sensor.GyroCountsPer10Dps / 10;
            _quietMinSamples = FootQuietMinMs * rate / 1000;
            _quietMaxSamples = FootQuietMaxMs * rate / 1000;
            _pushOffCounts = FootPushOffDps * sensor.GyroCountsPer10Dps / 10;
            _closingRange = _fullRange / 100 * ClosingStepPct;
            _minStrideSamples = MinStrideMs * rate / 1000;
            _walkingStrideSamples = TimeVoteStrideMinMs * rate / 1000;
            _sign = 1;
            _confidence = 0;
            _footTimeRun = 0;
            Reset();
        }

        private static int DegToUnits(int deg, SensorConfig sensor)
        {
            // deg×10 × (counts per 10 °/s) × samples per second / 100 = counts × samples for deg.
            return deg * 10 * sensor.GyroCountsPer10Dps / 10 * sensor.SampleRateHz / 10;
        }

        /// <summary>Leak shift: the high-pass time constant is 2^LeakShift samples.</summary>
        public int LeakShift { get { return _leakShift; } }

        /// <summary>Smallest cycle followed, as an angle in detector units (gyro counts × samples):
        /// the full minimum on the foot, <see cref="ShankRhythmRangeDeg"/> on the shank.</summary>
        public int MinHysteresisUnits { get { return _minHysteresis; } }

        /// <summary>True when the last cycle counted is small: below the configured minimum range
        /// of the mounting (possible on the shank only).</summary>
        public bool LastCycleSmall { get { return _lastCycleRange < _fullRange; } }

        /// <summary>Hysteresis in force (detector units): the minimum range or a share of the
        /// typical range, whichever is larger.</summary>
        public int HysteresisUnits { get { return _hysteresis; } }

        /// <summary>Current high-passed segment angle, positive towards dorsiflexion / forward
        /// swing (gyro counts × samples; divide by counts per °/s and by the sample rate for °).</summary>
        public int Angle { get { return _angle; } }

        /// <summary>Range of the last cycle counted, detector units: the fall to its valley, or for a
        /// seated movement of the shank the rise to its peak (see <c>CompletesCycle</c>).</summary>
        public int LastCycleRangeUnits { get { return _lastCycleRange; } }

        /// <summary>How long before the update that counted it the last cycle's activation happened,
        /// samples. In gait (the typical range or the cycle itself reaching
        /// <see cref="ShankGaitRangeDeg"/> on the shank, <see cref="FootGaitRangeDeg"/> on the foot)
        /// the activation is the push-off, the valley: the return that confirms it is the swing,
        /// which lasts until heel strike, so a stride is dated at its push-off, not up to a swing
        /// later. On the foot, a valley the foot reached after leaving a still spell and swinging
        /// up is a first step's landing: dated at the heel-off that left the stillness (see
        /// <c>CompletesCycle</c>). A seated repetition is complete only when it has returned: 0.</summary>
        public int LastCycleAgeSamples { get { return _lastTurnAge; } }

        /// <summary>+1 or −1: the orientation applied to the conditioner's rate.</summary>
        public int Sign { get { return _sign; } }

        /// <summary>The axis was found afresh, so its sign is arbitrary again: the next contrary
        /// vote re-orients at once.</summary>
        public void AxisChanged()
        {
            _confidence = 0;
            _footTimeRun = 0;
        }

        /// <summary>Starts over, e.g. after a gap in the samples: the angle is unknown. The first
        /// cycle counted at a valley must begin with a fall from a peak, so the drift before the gyro
        /// bias is learnt, or the decay after a posture change, is never mistaken for a return from a
        /// valley. (A seated movement of the shank, counted at its peak, is not held to this: its
        /// rise is measured from the angle at the restart.) The learnt orientation is kept.</summary>
        public void Reset()
        {
            _clock = 0;
            _angle = 0;
            _extreme = 0;
            _extremeExpiry = _extremeLife;
            _seekingValley = false;
            _quietSamples = 0;
            _enteredFalling = false;
            _pendingVote = 0;
            _footTimeRun = 0;      // strides "in a row" do not span a gap
            _cycleMax = 0;
            _cycleMin = 0;
            _typicalRange = 0;
            _lastPeak = 0;
            _lastValley = 0;
            _countedLastTurn = false;
            _strideOpen = false;
            _stridePeriod = 0;
            _prevStridePeriod = 0;
            _gaitValleyCounted = false;
            _closing = false;
            _leftStillClock = 0;
            _leftStillAngle = 0;
            _lastValleyClock = 0;
            _lastPeakClock = 0;
            _lastValleyTurnClock = 0;
            _prevValleyTurnClock = 0;
            _lastCountClock = 0;
            _hysteresis = _minHysteresis;
            _nextDecay = _samplesPerSecond;
            _nextEvent = _nextDecay < _extremeExpiry ? _nextDecay : _extremeExpiry;
            UpdateBand();
        }

        /// <summary>Feeds one sagittal rate (gyro counts); true when it completes an activation.</summary>
        public bool Update(int sagittalRate)
        {
            int rate = sagittalRate * _sign;
            if (_foot)
            {
                if (rate < _quietCounts && rate > -_quietCounts)
                {
                    if (_quietSamples == 0)
                    {
                        _enteredFalling = _seekingValley;
                        if (_seekingValley && ClosingStep()) _nextEvent = _clock + 1;
                    }
                    if (_quietSamples <= _quietMaxSamples) _quietSamples++;
                }
                else
                {
                    // A foot-flat (entered and left the same way), or the end of a longer
                    // stillness (standing before the first step: gait starts with heel-off).
                    // (Tested only as the foot leaves stillness: a foot that keeps moving passes
                    // here at every update.)
                    if (_quietSamples != 0)
                    {
                        if (_quietSamples >= _quietMinSamples)
                        {
                            if (_clock - _quietSamples > 0)
                            {
                                // The foot leaves a still spell (one that began after the start: the
                                // detector's first updates say nothing about what came before):
                                // heel-off, if a step follows.
                                _leftStillClock = _clock + 1;
                                _leftStillAngle = _angle;
                            }
                            if (_quietSamples > _quietMaxSamples || _enteredFalling == (rate < 0))
                            {
                                // A still spell entered and left in the same direction (entered while
                                // the angle was falling from a peak, left falling, or both rising):
                                // perhaps a foot-flat between the toe lowering after heel strike and
                                // heel-off, both plantarflexion. (A spell between opposite movements is
                                // only the turning point of a slow oscillation and tells nothing.) It
                                // votes once the rotation that left it proves to be a push-off by its
                                // speed.
                                _pendingVote = rate < 0 ? -1 : 1;
                            }
                        }
                        _quietSamples = 0;
                    }
                    if (_pendingVote != 0)
                    {
                        if ((rate < 0) != (_pendingVote < 0))
                        {
                            _pendingVote = 0;
                        }
                        else if (rate >= _pushOffCounts || rate <= -_pushOffCounts)
                        {
                            _pendingVote = 0;
                            if (Vote(rate < 0)) rate = -rate;
                        }
                    }
                }
            }
            else if (rate > _cycleMax)
            {
                _cycleMax = rate;
            }
            else if (rate < _cycleMin)
            {
                _cycleMin = rate;
            }

            int t = _clock + 1;
            _clock = t;
            int angle = _angle + rate - (_angle >> _leakShift);
            _angle = angle;
            if (t != _nextEvent)
            {
                // Nothing due. The usual update: the angle within the band (one unsigned
                // comparison; the hysteresis is always positive).
                if ((uint)(angle - _bandLow) < (uint)_hysteresis) return false;
                // The next most usual: the angle passed the extreme in the direction sought (below
                // the band while seeking a valley, above it while seeking a peak), so it is the new
                // extreme and nothing else changes. A fresh expiry lies beyond the next decay
                // (MaxHalfCycleMs > 1 s), which is therefore next. (Written out for each direction:
                // the band's new low end follows from it without a second test.)
                if (_seekingValley)
                {
                    if (angle < _bandLow)
                    {
                        _extreme = angle;
                        _extremeExpiry = t + _extremeLife;
                        _nextEvent = _nextDecay;
                        _bandLow = angle;
                        return false;
                    }
                }
                else if (angle >= _bandLow)
                {
                    _extreme = angle;
                    _extremeExpiry = t + _extremeLife;
                    _nextEvent = _nextDecay;
                    _bandLow = angle - _hysteresis + 1;
                    return false;
                }
            }

            if (t == _nextDecay)
            {
                // Once a second (of samples).
                _nextDecay = t + _samplesPerSecond;
                _typicalRange = _typicalRange * RangeDecayPerSecondPct / 100;
                UpdateHysteresis();
            }
            if (t == _extremeExpiry)
            {
                if (_seekingValley ? rate >= _quietCounts : rate <= -_quietCounts)
                {
                    // The angle is leaving the extreme right now, faster than a still foot turns:
                    // the extreme is where this half-cycle begins (a rest the foot or shank held
                    // for longer than a half-cycle, left by a first step), not a stale one. Looked
                    // at again at the next update, until the turn is confirmed or the movement
                    // stops. (Its age then counts from here: at least a half-cycle's life.)
                    _extremeExpiry = t + 1;
                }
                else
                {
                    // Too old to be the start of a half-cycle still under way: follow the present.
                    // The next turn begins a new movement, no second half of the cycle counted last.
                    _extreme = angle;
                    _extremeExpiry = t + _extremeLife;
                    _countedLastTurn = false;
                }
            }
            bool cycle = false;
            if (_seekingValley)
            {
                if (angle < _extreme)
                {
                    _extreme = angle;
                    _extremeExpiry = t + _extremeLife;
                }
                else if (angle - _extreme >= _hysteresis || _closing)
                {
                    // Valley confirmed by a return of the hysteresis (or a closing step): in gait,
                    // one full cycle.
                    int fall = _lastPeak - _extreme;
                    cycle = CompletesCycle(true, fall, t - _extremeExpiry + _extremeLife);
                    _seekingValley = false;
                    _lastValley = _extreme;
                    LearnRange(fall);
                    _extreme = angle;
                    _extremeExpiry = t + _extremeLife;
                    if (!_foot) VoteShankPeaks(fall >= _fullRange && _strideOpen, fall >= _gaitRange);
                    else if (_strideOpen && fall >= _gaitRange) VoteFootHalves();
                    _strideOpen = true;
                }
                // A closing step is confirmed at the update it was found, or not at all (the foot
                // went on falling).
                _closing = false;
            }
            else if (angle > _extreme)
            {
                _extreme = angle;
                _extremeExpiry = t + _extremeLife;
            }
            else if (_extreme - angle >= _hysteresis)
            {
                // Peak confirmed: in gait the plantarflexion has begun; a seated movement of the
                // shank is complete.
                int rise = _extreme - _lastValley;
                cycle = CompletesCycle(false, rise, t - _extremeExpiry + _extremeLife);
                _seekingValley = true;
                _lastPeak = _extreme;
                LearnRange(rise);
                _extreme = angle;
                _extremeExpiry = t + _extremeLife;
            }
            // Both lie ahead of t: the nearer is the one with the smaller distance. (The band as in
            // UpdateBand, written out: this path runs at every turn, decay and expiry.)
            _nextEvent = _nextDecay - t < _extremeExpiry - t ? _nextDecay : _extremeExpiry;
            _bandLow = _seekingValley ? _extreme : _extreme - _hysteresis + 1;
            return cycle;
        }

        /// <summary>Whether the valley sought, not confirmed by the hysteresis, was a walk's closing
        /// step, checked once as the foot comes to rest: the last push-off before a stop turns the
        /// foot by only 5–10°. It is one when the two cycles counted before it were strides (a
        /// stride period is known), the foot fell to it and returned from it by
        /// <see cref="ClosingStepPct"/> of the minimum range, and it came in the walk's rhythm: within <see cref="ClosingStepMaxPeriodPct"/> of the
        /// stride period after the last push-off, and not sooner than half a period (the rebound
        /// at loading, a few degrees, comes half a stride after it). Sets the closing flag, which
        /// the same update then confirms as a valley (the event is made due at once).</summary>
        private bool ClosingStep()
        {
            int period = _stridePeriod;
            if (period == 0) return false;
            int since = _extremeExpiry - _extremeLife - _lastValleyClock;
            // (Longer ago than two half-cycle lives, or a wrapped clock: no rhythm, and no overflow below.)
            if ((uint)since > (uint)(2 * _extremeLife)) return false;
            if (since * 2 < period || since * 100 > period * ClosingStepMaxPeriodPct) return false;
            if (_angle - _extreme < _closingRange || _lastPeak - _extreme < _closingRange) return false;
            _closing = true;
            return true;
        }

        private void UpdateBand()
        {
            _bandLow = _seekingValley ? _extreme : _extreme - _hysteresis + 1;
        }

        /// <summary>Whether the turn just confirmed (a valley, or a peak) completes a cycle of
        /// <paramref name="range"/> (the fall to the valley, or the rise to the peak). In gait,
        /// and always on the foot, the valley does: the push-off (see Orientation). A seated heel
        /// raise turns the shank the other way round — forward as the heel rises, the sense of a
        /// forward swing — so on the shank, while neither the typical range nor this turn reaches
        /// <see cref="ShankGaitRangeDeg"/>, the peak (the heel back down) does: the last raise of
        /// a set is then counted without waiting for another movement. A turn right after a
        /// counting turn never counts, so a change between the two never counts one cycle twice.
        /// (The price: the first seated repetition right after a walk, whose rise is measured
        /// from the walk's last valley, may go uncounted.) After a rest longer than a half-cycle
        /// (the extreme expired) the next turn is no half of the last cycle and may count: a walk
        /// after a seated set starts with a push-off, a valley right after the set's last
        /// counting peak.</summary>
        private bool CompletesCycle(bool valley, int range, int turnAgeSamples)
        {
            // In gait the activation is dated at its push-off (see LastCycleAgeSamples).
            bool gait = _typicalRange >= _gaitRange || range >= _gaitRange || _closing;
            _lastTurnAge = gait ? turnAgeSamples : 0;
            int turnClock = _clock - turnAgeSamples;
            if (valley)
            {
                // A landing: the foot left a still spell after the last valley and before the
                // peak this valley fell from — the step's swing lies between, so this valley is
                // its heel strike and foot-flat, and the push-off was the heel-off that left the
                // stillness (a first step from standing barely plantarflexes the foot). A landing
                // ends with the foot flat again, near the angle it rested at: a valley more than a
                // stride's range (FootGaitRangeDeg) below that rest is a push-off, and the peak
                // before it only a wobble as the foot left its rest.
                // The heel-off lies at most a half-cycle's life before the swing's peak (a
                // movement slower than FootQuietDps never leaves a still spell, so the last one
                // left may be long past: a slow seated set was dated at a shift of the foot 20 s
                // before). (Never dated within a stride of the last cycle counted, so activations
                // stay in order and one push-off per stride: a still spell left that soon is the
                // slow turn of a continuous movement — a seated repetition moving at about
                // FootQuietDps — not a rest a step left.)
                if (_foot && _leftStillClock - _lastValleyTurnClock > 0 && _lastPeakClock - _leftStillClock > 0
                    && _lastPeakClock - _leftStillClock <= _extremeLife
                    && _leftStillClock - _lastCountClock > _minStrideSamples && _leftStillAngle - _extreme < _gaitRange)
                {
                    _lastTurnAge = _clock - _leftStillClock;
                    turnClock = _leftStillClock;
                }
                _prevValleyTurnClock = _lastValleyTurnClock;
                _lastValleyTurnClock = _clock - turnAgeSamples;
            }
            else
            {
                _lastPeakClock = turnClock;
            }
            bool atValley = _foot || gait;
            bool counts = valley == atValley && !_countedLastTurn
                // (A peak's rise is measured from the last valley; right after Reset there was none.)
                && (valley || range >= _minHysteresis);
            int valleyClock = turnClock;
            // One push-off per stride: a valley sooner than the shortest stride after a push-off
            // counted in gait is a wobble of the same swing; in a slow walk, sooner than
            // MinStridePeriodPct of its shorter last stride.
            if (counts && valley && _gaitValleyCounted)
            {
                int minStride = _minStrideSamples;
                if (_stridePeriod != 0 && _prevStridePeriod != 0)
                {
                    int shorter = _stridePeriod < _prevStridePeriod ? _stridePeriod : _prevStridePeriod;
                    int ofStride = shorter * MinStridePeriodPct / 100;
                    if (ofStride > minStride) minStride = ofStride;
                }
                if ((uint)(valleyClock - _lastValleyClock) < (uint)minStride) counts = false;
            }
            _countedLastTurn = counts;
            if (counts)
            {
                _lastCycleRange = range;
                // The stride period for the closing step: from one push-off counted in gait to the next.
                // (A gap of more than a half-cycle's life between them is no stride.)
                int period = valleyClock - _lastValleyClock;
                _prevStridePeriod = _stridePeriod;
                _stridePeriod = valley && gait && _gaitValleyCounted && period <= _extremeLife ? period : 0;
                _gaitValleyCounted = valley && gait;
                _lastValleyClock = valleyClock;
                _lastCountClock = _clock - _lastTurnAge;
            }
            return counts;
        }

        /// <summary>Learns the range of a turn just confirmed into the typical range. A turn reached
        /// from the wrong side of the last extreme is no movement and teaches nothing: right after
        /// Reset the reference is 0, and a rest the angle drifted below makes the first peak's
        /// "rise" negative (learnt, the typical range went negative and the first stride taught
        /// only a quarter of its range).</summary>
        private void LearnRange(int range)
        {
            if (range <= 0) return;
            if (_typicalRange == 0) _typicalRange = range;
            else _typicalRange += (range - _typicalRange) >> 2;
            UpdateHysteresis();
        }

        private void UpdateHysteresis()
        {
            int adaptive = _typicalRange / 100 * AdaptiveHysteresisPct;
            _hysteresis = adaptive > _minHysteresis ? adaptive : _minHysteresis;
        }

        /// <summary>Casts the shank's orientation votes for the cycle whose valley was just
        /// confirmed: <paramref name="full"/> when it reached the minimum range and closed a
        /// stride, <paramref name="stride"/> when it reached a stride's range
        /// (<see cref="ShankGaitRangeDeg"/>).</summary>
        private void VoteShankPeaks(bool full, bool stride)
        {
            int up = _cycleMax, down = -_cycleMin;
            _cycleMax = 0;
            _cycleMin = 0;
            // Small cycles are mostly sway, whose peaks say nothing about the gait; and the first
            // valley after Reset closes no stride: what came before it was standing and the
            // stance of the first step, while its swing has only begun (the forward swing, the
            // faster rotation, would be missing from the comparison).
            if (!full) return;
            // The forward swing (positive when oriented right) is the faster rotation.
            if (up * 100 > down * (100 + ShankPeakMarginPct)) Vote(true);
            else if (down * 100 > up * (100 + ShankPeakMarginPct)) Vote(false);
            else
            {
                // Peaks alike (some people swing no faster than they roll over the foot): the
                // forward swing is the shorter half (the rise to the peak, then the fall to this
                // valley). A weaker vote than the peaks': a contrary one acts only while nothing
                // is confident, so it never wears down what the peaks have built (after stairs,
                // HuGaDB subject 02's right shin would otherwise flip back and forth). Only a
                // stride's range (ShankGaitRangeDeg) casts it: the halves' timing is gait's. A seated
                // raise from rest has uneven halves too (its valley dated where the rest began), and
                // turned the orientation at a set's first raise.
                if (!stride) return;
                int halves = Halves();
                if (halves > 0) Vote(true);
                else if (halves < 0 && _confidence == 0) Vote(false);
            }
        }

        /// <summary>What the halves of the stride whose valley was just confirmed say: +1 when the
        /// fall (stance, with the orientation right) lasted <see cref="SwingTimeMarginPct"/> longer
        /// than the rise (the swing), -1 when the rise did, 0 when neither or when the cycle is no
        /// walking stride (shorter than <see cref="TimeVoteStrideMinMs"/>, a half longer than a
        /// half-cycle may be).</summary>
        private int Halves()
        {
            int rise = _lastPeakClock - _prevValleyTurnClock, fall = _lastValleyTurnClock - _lastPeakClock;
            if (rise <= 0 || fall <= 0 || rise > _extremeLife || fall > _extremeLife
                || rise + fall < _walkingStrideSamples) return 0;
            if (fall * 100 > rise * (100 + SwingTimeMarginPct)) return 1;
            if (rise * 100 > fall * (100 + SwingTimeMarginPct)) return -1;
            return 0;
        }

        /// <summary>The foot's time vote, for a stride of the foot's gait range whose valley was just
        /// confirmed. A foot that rests flat in stance is oriented by its still spells, which vote
        /// (and end any run here) at every stride; this vote only counts the strides in a row whose
        /// halves disagree while nothing is confident, and turns the orientation at the
        /// <see cref="FootTimeVoteStrides"/>-th. Strides counted until then were dated at the end of
        /// their swing; each was counted once, and so is the next, at its push-off.</summary>
        private void VoteFootHalves()
        {
            int halves = Halves();
            if (halves >= 0 || _confidence > 0)
            {
                if (halves > 0) _footTimeRun = 0;
                return;
            }
            _footTimeRun++;
            if (_footTimeRun >= FootTimeVoteStrides) Vote(false);
        }

        /// <summary>Adds one orientation vote; true when it flipped the orientation.</summary>
        private bool Vote(bool agrees)
        {
            _footTimeRun = 0;
            if (agrees)
            {
                if (_confidence < MaxSignConfidence) _confidence++;
                return false;
            }
            if (_confidence > 0)
            {
                _confidence--;
                return false;
            }
            // Flip: everything in the angle domain changes sign; peaks become valleys.
            _sign = -_sign;
            _angle = -_angle;
            _extreme = -_extreme;
            _seekingValley = !_seekingValley;
            int peak = _lastPeak;
            _lastPeak = -_lastValley;
            _lastValley = -peak;
            // (And their times, which the time vote and the landing read.)
            // (_prevValleyTurnClock is left: it is read only after the next valley has replaced
            // it with the valley clock swapped in here.)
            int peakClock = _lastPeakClock;
            _lastPeakClock = _lastValleyTurnClock;
            _lastValleyTurnClock = peakClock;
            _leftStillAngle = -_leftStillAngle;
            _enteredFalling = !_enteredFalling;
            _pendingVote = -_pendingVote;
            int max = _cycleMax;
            _cycleMax = -_cycleMin;
            _cycleMin = -max;
            // The last turn changed kind: a valley counted is now a peak, which does not count.
            _countedLastTurn = false;
            _confidence = 1;
            UpdateBand();
            return true;
        }
    }
}
