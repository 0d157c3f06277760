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

        private readonly int _minCycles;
        private readonly int _maxGapMs;
        private readonly int[] _timeMs;
        private readonly int[] _sample;
        private int _held;
        private bool _inBout;
        private int _lastCycleMs;
        private int _isolated;

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

        /// <summary>True while a confirmed bout goes on (its next cycle passes at once).</summary>
        public bool InBout { get { return _inBout; } }

        /// <summary>Cycles discarded so far because their bout never reached
        /// <see cref="MinBoutCycles"/>.</summary>
        public int IsolatedCycles { get { return _isolated; } }

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

        /// <summary>Forgets the current bout (its held cycles count as isolated).</summary>
        public void EndBout()
        {
            _isolated += _held;
            _held = 0;
            _inBout = false;
        }
    }
}
