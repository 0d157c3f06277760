namespace CalfMonitor.Core.Bouts
{
    /// <summary>
    /// Stage 2b, between <see cref="Detection.PlantarflexionDetector"/> and the rate meter: a
    /// detected plantarflexion cycle becomes a calf-pump activation only as part of a bout, at
    /// least <see cref="MinBoutCycles"/> cycles with no more than <see cref="MaxCycleGapMs"/>
    /// between neighbours.
    /// <para>Why: what the calf pump does for venous return is rhythmic work — walking, stairs,
    /// pedalling, a set of heel raises or ankle pumps. A single excursion of the limb that looks
    /// like a plantarflexion cycle is, when it stands alone, nearly always a posture change:
    /// settling into a chair, a weight shift while standing, one half step. Those are what the
    /// still stretches of the shared recordings contain, and no amplitude threshold separates
    /// them from the smallest seated heel raises the strap can see. Their rhythm does. Pedometers
    /// use the same rule for the same reason (Bangle.js's step counter registers a step only when
    /// the five before it fell within 6 s).</para>
    /// <para>Unlike a pedometer, nothing of a bout is lost: the first cycles are held back and
    /// released, with their own times and sample numbers, when the bout is confirmed; from then
    /// on every cycle passes at once until a gap longer than <see cref="MaxCycleGapMs"/> ends the
    /// bout. Held cycles of a bout that never reached its minimum are counted as
    /// <see cref="IsolatedCycles"/>, not silently dropped.</para>
    /// Each cycle set aside is also told to <see cref="Listener"/>, with its own time.
    /// Allocation-free: the held cycles live in two preallocated arrays.
    /// </summary>
    public sealed class PumpBoutFilter
    {
        /// <summary>Cycles that make a bout. Two posture changes in a row happen (stepping out of
        /// a lift, sitting down and settling); three in a rhythm are movement. A set of seated
        /// exercises is 5–10 cycles, a walk many more, so the rule costs them nothing.</summary>
        public const int MinBoutCycles = 3;

        /// <summary>Longest time between neighbouring cycles of one bout, ms. Seated heel raises
        /// and ankle pumps run at 0.3–1 Hz (physiology notes), and the product counts sets down to
        /// 0.2 Hz (slow pumps with a short hold at each end): 5 s a cycle, plus 60 % for an uneven
        /// set and the detector's timing (a cycle is confirmed anywhere in its second half).</summary>
        public const int MaxCycleGapMs = 8000;

        /// <summary>Shortest walking stride, ms: a stride takes 0.8–1.4 s walking. The orientation
        /// is learnt, and turned round, at a walk's first strides, so held cycles closer together
        /// than this when it turns cannot both be push-offs (<see cref="OrientationTurned"/>).</summary>
        public const int WalkingStrideMinMs = 800;

        private readonly int _minCycles;
        private readonly int _maxGapMs;
        private readonly int[] _timeMs;
        private readonly int[] _sample;
        private int _held;
        private bool _inBout;
        private int _lastCycleMs;
        private int _isolated;
        private int _recounted;
        // While not 0: the orientation turned, and the next cycle offered replaces the last held
        // one when it comes sooner than this after it, ms.
        private int _sameSwingMs;
        private Events.IMonitorListener _listener;

        /// <summary>A filter with the product's rule (<see cref="MinBoutCycles"/>,
        /// <see cref="MaxCycleGapMs"/>).</summary>
        public PumpBoutFilter() : this(MinBoutCycles, MaxCycleGapMs)
        {
        }

        /// <summary>A filter with another rule (tests, studies); <paramref name="minCycles"/> 1
        /// passes every cycle at once.</summary>
        public PumpBoutFilter(int minCycles, int maxGapMs)
        {
            if (minCycles < 1 || minCycles > 16) throw new System.ArgumentOutOfRangeException("minCycles");
            if (maxGapMs < 100 || maxGapMs > 60000) throw new System.ArgumentOutOfRangeException("maxGapMs");
            _minCycles = minCycles;
            _maxGapMs = maxGapMs;
            _timeMs = new int[minCycles];
            _sample = new int[minCycles];
        }

        /// <summary>Cycles held back, waiting for their bout to be confirmed.</summary>
        public int Held { get { return _held; } }

        /// <summary>Told of every cycle this filter sets aside (isolated or recounted), when it
        /// does; none when null (the filter alone, in tests).</summary>
        public Events.IMonitorListener Listener
        {
            get { return _listener; }
            set { _listener = value; }
        }

        /// <summary>Time of the <paramref name="index"/>-th cycle held (0 the oldest; below
        /// <see cref="Held"/>).</summary>
        public int HeldTimeMs(int index)
        {
            return _timeMs[index];
        }

        /// <summary>Sample number of the <paramref name="index"/>-th cycle held.</summary>
        public int HeldSample(int index)
        {
            return _sample[index];
        }

        /// <summary>True while a confirmed bout goes on (its next cycle passes at once).</summary>
        public bool InBout { get { return _inBout; } }

        /// <summary>Cycles discarded so far because their bout never reached
        /// <see cref="MinBoutCycles"/>.</summary>
        public int IsolatedCycles { get { return _isolated; } }

        /// <summary>Held cycles left out when the orientation turned round
        /// (<see cref="OrientationTurned"/>): another held cycle lay within a walking stride before
        /// them, or the first cycle after the turn counted their swing again. One stride counted
        /// twice while its orientation was being learnt; not activations.</summary>
        public int RecountedCycles { get { return _recounted; } }

        /// <summary>Time of the latest cycle offered (meaningful while <see cref="Held"/> &gt; 0 or
        /// <see cref="InBout"/>).</summary>
        public int LastCycleMs { get { return _lastCycleMs; } }

        /// <summary>
        /// Offers a detected cycle. Returns how many activations it releases, oldest first, read
        /// with <see cref="ReleasedTimeMs"/> and <see cref="ReleasedSample"/>: 0 (held back), 1 (a
        /// cycle of a running bout, or a rule of one cycle) or the rule's minimum of cycles
        /// (<see cref="MinBoutCycles"/> for the product's rule: the bout is confirmed, the held
        /// cycles and this one).
        /// </summary>
        public int Offer(int timeMs, int sampleNumber)
        {
            if (_sameSwingMs != 0)
            {
                // The first cycle since the orientation turned: within one swing of the last held
                // cycle it is that cycle's stride, now dated at its push-off (see OrientationTurned).
                int sameSwing = _sameSwingMs;
                _sameSwingMs = 0;
                if (_held > 0 && timeMs - _timeMs[_held - 1] < sameSwing)
                {
                    _recounted++;
                    _held--;
                    Tell(_held, Events.NotCountedReason.Recounted);
                }
            }
            if ((_held > 0 || _inBout) && timeMs - _lastCycleMs > _maxGapMs) EndBout();
            _lastCycleMs = timeMs;
            _timeMs[_held] = timeMs;
            _sample[_held] = sampleNumber;
            _held++;
            if (!_inBout && _held < _minCycles) return 0;
            _inBout = true;
            int released = _held;
            _held = 0;
            return released;
        }

        /// <summary>Time of the <paramref name="index"/>-th activation the last
        /// <see cref="Offer"/> released.</summary>
        public int ReleasedTimeMs(int index)
        {
            return _timeMs[index];
        }

        /// <summary>Sample number of the <paramref name="index"/>-th activation the last
        /// <see cref="Offer"/> released.</summary>
        public int ReleasedSample(int index)
        {
            return _sample[index];
        }

        /// <summary>Lets time pass (once a second is enough): a bout whose last cycle is more than
        /// <see cref="MaxCycleGapMs"/> old has ended, and cycles it still held are isolated.</summary>
        public void Expire(int nowMs)
        {
            if ((_held > 0 || _inBout) && nowMs - _lastCycleMs > _maxGapMs) EndBout();
        }

        /// <summary>The orientation the held cycles were dated with has turned round (the
        /// detector's vote flipped it): they were dated at the wrong turns — a heel strike, a
        /// landing, the movement before a first step — and two of them may lie within one stride.
        /// The foot leaves the ground once per stride, and a walking stride takes at least
        /// <paramref name="strideMs"/>: of held cycles closer together than that, only the first is
        /// kept. The first cycle offered after the turn is dated with the right orientation, at its
        /// push-off: when it comes less than <paramref name="sameSwingMs"/> after the last held one
        /// (the detector's own one-push-off-per-swing bound, for two dates taken at different turns
        /// of the movement), it is that cycle's stride and takes its place. The cycles left out are
        /// <see cref="RecountedCycles"/>; cycles already released are not touched. Called once per
        /// turn, never per sample.</summary>
        public void OrientationTurned(int strideMs, int sameSwingMs)
        {
            _sameSwingMs = sameSwingMs;
            int kept = _held > 0 ? 1 : 0;
            for (int i = 1; i < _held; i++)
            {
                if (_timeMs[i] - _timeMs[kept - 1] < strideMs)
                {
                    _recounted++;
                    Tell(i, Events.NotCountedReason.Recounted);
                    continue;
                }
                _timeMs[kept] = _timeMs[i];
                _sample[kept] = _sample[i];
                kept++;
            }
            _held = kept;
        }

        /// <summary>Forgets the current bout (its held cycles count as isolated).</summary>
        public void EndBout()
        {
            _isolated += _held;
            for (int i = 0; i < _held; i++) Tell(i, Events.NotCountedReason.Isolated);
            _held = 0;
            _inBout = false;
        }

        /// <summary>Tells the listener that the held cycle at <paramref name="index"/> is set aside.</summary>
        private void Tell(int index, int reason)
        {
            if (_listener != null) _listener.OnCycleNotCounted(_timeMs[index], _sample[index], reason);
        }
    }
}
