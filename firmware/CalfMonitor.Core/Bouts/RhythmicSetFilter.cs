namespace CalfMonitor.Core.Bouts
{
    /// <summary>
    /// Stage 2a, before <see cref="PumpBoutFilter"/>: a <i>small</i> cycle — one the detector
    /// followed but whose range is below the full minimum of its mounting — is passed on only in a
    /// steady rhythm: at least <see cref="MinSetCycles"/> cycles in a row (of any size) whose
    /// intervals and ranges repeat. Full cycles always pass.
    /// <para>Why: on a shank strap a seated heel raise turns the shank by only about a quarter of
    /// the ankle angle (the knee rises with the heel; docs/synthesis.md), so a 10° raise tilts it
    /// by 2–3°. That is as small as the sway, weight shifts and settling of a sitting or standing
    /// leg, and no amplitude threshold tells them apart — their rhythm does. A set of exercise
    /// repetitions is paced: each takes about as long as the one before and goes about as far.
    /// Sway and fidgeting are not: in the shared recordings (HuGaDB: 20.5 min of sitting and
    /// standing, 100 min in a car, both shins) no four small excursions in a row repeat within
    /// these tolerances, nor within a period tolerance half as large again.</para>
    /// <para>The rhythm is measured over every cycle, so a set whose repetitions straddle the full
    /// minimum is passed whole. Cycles leave in the order they happened: a full cycle that follows
    /// held small ones waits with them. Small cycles never confirmed count as
    /// <see cref="UnrhythmicCycles"/>, not silently dropped.</para>
    /// Each small cycle set aside is also told to <see cref="Listener"/>, with its own time.
    /// Allocation-free: the held cycles live in three preallocated arrays.
    /// </summary>
    public sealed class RhythmicSetFilter
    {
        /// <summary>Cycles in a row that make a rhythm: four intervals that repeat. Standing sway
        /// at 0.3 Hz matched three intervals by chance once in the shared recordings (under one of
        /// the evaluation's test rotations); four never, even with both tolerances below loosened
        /// by half. A set of seated exercises is 5–10 repetitions or more (the clinical advice is
        /// 5–10 ankle pumps), so a set of five or more passes whole.</summary>
        public const int MinSetCycles = 5;

        /// <summary>Largest change of the interval from one cycle to the next, percent of the
        /// previous interval. Self-paced repetitions vary by 5–10 % from one to the next; the
        /// detector's timing adds a little for small movements.</summary>
        public const int MaxIntervalChangePct = 30;

        /// <summary>Largest ratio between the ranges of neighbouring cycles: repetitions of one
        /// set differ by far less; a sway excursion next to a stride or a settling movement by far
        /// more.</summary>
        public const int MaxRangeRatio = 2;

        private readonly int _maxGapMs;
        private readonly int[] _timeMs = new int[MinSetCycles];
        private readonly int[] _sample = new int[MinSetCycles];
        private readonly bool[] _small = new bool[MinSetCycles];
        private readonly int[] _passTimeMs = new int[MinSetCycles];
        private readonly int[] _passSample = new int[MinSetCycles];
        private int _held;
        private int _passed;
        private int _run;
        private int _lastMs;
        private int _lastIntervalMs;
        private int _lastRange;
        private bool _previousHeld;
        private int _unrhythmic;
        private Events.IMonitorListener _listener;

        /// <summary>A filter whose rhythm breaks after the bout gap (<see cref="PumpBoutFilter.MaxCycleGapMs"/>).</summary>
        public RhythmicSetFilter()
        {
            _maxGapMs = PumpBoutFilter.MaxCycleGapMs;
        }

        /// <summary>Cycles held back: small ones waiting for the rhythm, and the full ones after them.</summary>
        public int Held { get { return _held; } }

        /// <summary>Told of every small cycle this filter sets aside as unrhythmic, when it does;
        /// none when null (the filter alone, in tests).</summary>
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

        /// <summary>Whether the <paramref name="index"/>-th cycle held is small.</summary>
        public bool HeldIsSmall(int index)
        {
            return _small[index];
        }

        /// <summary>Small cycles among the held ones (the rest are full cycles waiting behind them).</summary>
        public int HeldSmall
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _held; i++) if (_small[i]) n++;
                return n;
            }
        }

        /// <summary>How many cycles the last call passed.</summary>
        public int Passed { get { return _passed; } }

        /// <summary>Cycles in the current rhythm (0 when none is under way).</summary>
        public int RunLength { get { return _run; } }

        /// <summary>Time of the oldest cycle held (meaningful while <see cref="Held"/> &gt; 0): the
        /// bout filter after this one measures its gap up to it, not to the present.</summary>
        public int OldestHeldMs { get { return _timeMs[0]; } }

        /// <summary>Small cycles discarded so far because they were in no rhythm.</summary>
        public int UnrhythmicCycles { get { return _unrhythmic; } }

        /// <summary>
        /// Offers a detected cycle with its range (any unit, the same for all) and whether it is
        /// small. Returns how many cycles pass, oldest first, read with <see cref="PassedTimeMs"/>
        /// and <see cref="PassedSample"/>.
        /// </summary>
        public int Offer(int timeMs, int sampleNumber, int range, bool small)
        {
            _passed = 0;
            int interval = timeMs - _lastMs;
            if (_run > 0 && interval >= 0 && interval <= _maxGapMs && Similar(range, _lastRange))
            {
                if (_run == 1 || Steady(interval, _lastIntervalMs))
                {
                    _run++;
                }
                else
                {
                    // The rhythm broke at this interval: the previous cycle and this one may begin
                    // a new one. Everything held is settled now, except the previous cycle if it
                    // is small (a full one need not wait for the new rhythm).
                    Settle(_previousHeld && _small[_held - 1] ? _held - 1 : _held);
                    _run = 2;
                }
                _lastIntervalMs = interval;
            }
            else
            {
                // First cycle, a long pause, or a range unlike the last: a new rhythm may start here.
                Settle(_held);
                _run = 1;
                _lastIntervalMs = 0;
            }
            _lastMs = timeMs;
            _lastRange = range;
            _previousHeld = false;
            if (_run >= MinSetCycles)
            {
                // The rhythm holds: everything held is in it.
                for (int i = 0; i < _held; i++) Pass(_timeMs[i], _sample[i]);
                _held = 0;
                Pass(timeMs, sampleNumber);
            }
            else if (small || _held > 0)
            {
                _timeMs[_held] = timeMs;
                _sample[_held] = sampleNumber;
                _small[_held] = small;
                _held++;
                _previousHeld = true;
            }
            else
            {
                Pass(timeMs, sampleNumber);
            }
            return _passed;
        }

        /// <summary>Time of the <paramref name="index"/>-th cycle the last call passed.</summary>
        public int PassedTimeMs(int index)
        {
            return _passTimeMs[index];
        }

        /// <summary>Sample number of the <paramref name="index"/>-th cycle the last call passed.</summary>
        public int PassedSample(int index)
        {
            return _passSample[index];
        }

        /// <summary>Lets time pass (once a second is enough): a rhythm whose last cycle is more than
        /// the bout gap old has ended. Returns how many held full cycles pass now.</summary>
        public int Expire(int nowMs)
        {
            _passed = 0;
            if (_run > 0 && nowMs - _lastMs > _maxGapMs) EndSet();
            return _passed;
        }

        /// <summary>Ends the current rhythm: held small cycles are unrhythmic, held full cycles pass
        /// (read them as after <see cref="Offer"/>).</summary>
        public void EndSet()
        {
            _passed = 0;
            Settle(_held);
            _run = 0;
        }

        /// <summary>Settles the oldest <paramref name="count"/> held cycles, which can no longer join
        /// a rhythm: full ones pass, small ones are unrhythmic. The rest move to the front.</summary>
        private void Settle(int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (_small[i])
                {
                    _unrhythmic++;
                    if (_listener != null) _listener.OnCycleNotCounted(_timeMs[i], _sample[i], Events.NotCountedReason.Unrhythmic);
                }
                else Pass(_timeMs[i], _sample[i]);
            }
            int kept = _held - count;
            for (int i = 0; i < kept; i++)
            {
                _timeMs[i] = _timeMs[count + i];
                _sample[i] = _sample[count + i];
                _small[i] = _small[count + i];
            }
            _held = kept;
        }

        private void Pass(int timeMs, int sampleNumber)
        {
            _passTimeMs[_passed] = timeMs;
            _passSample[_passed] = sampleNumber;
            _passed++;
        }

        private static bool Similar(int a, int b)
        {
            return a <= b * MaxRangeRatio && b <= a * MaxRangeRatio;
        }

        private static bool Steady(int interval, int previous)
        {
            int change = interval - previous;
            if (change < 0) change = -change;
            return change * 100 <= previous * MaxIntervalChangePct;
        }
    }
}
