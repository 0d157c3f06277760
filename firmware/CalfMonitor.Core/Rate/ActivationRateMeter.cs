namespace CalfMonitor.Core.Rate
{
    /// <summary>
    /// Stage 3: activations in the trailing 60 s, updated once a second, and whole-minute counts.
    /// Sixty one-second bins in a preallocated ring; the trailing sum is kept incrementally.
    /// </summary>
    public sealed class ActivationRateMeter
    {
        /// <summary>Length of the trailing window, seconds.</summary>
        public const int WindowSeconds = 60;

        private readonly int[] _bins = new int[WindowSeconds];
        private int _head;
        private int _currentSecond;
        private int _trailing;
        private int _currentMinute;
        private int _secondOfMinute;
        private int _minuteIndex;
        private int _lastMinuteCount;

        /// <summary>Creates an empty meter.</summary>
        public ActivationRateMeter()
        {
            Reset();
        }

        /// <summary>Clears all counts; the next minute is minute 0.</summary>
        public void Reset()
        {
            for (int i = 0; i < _bins.Length; i++) _bins[i] = 0;
            _head = 0;
            _currentSecond = 0;
            _trailing = 0;
            _currentMinute = 0;
            _secondOfMinute = 0;
            _minuteIndex = 0;
            _lastMinuteCount = 0;
        }

        /// <summary>Activations in the last 60 complete seconds.</summary>
        public int ActivationsLastMinute { get { return _trailing; } }

        /// <summary>Activations in the last two complete seconds: is the wearer stepping now (a
        /// walker's strides come at least every two seconds), not just within the last minute.</summary>
        public int ActivationsLastTwoSeconds
        {
            get
            {
                int last = _head == 0 ? WindowSeconds - 1 : _head - 1;
                int before = last == 0 ? WindowSeconds - 1 : last - 1;
                return _bins[last] + _bins[before];
            }
        }

        /// <summary>Activations so far in the second that has not ended yet.</summary>
        public int ActivationsThisSecond { get { return _currentSecond; } }

        /// <summary>Activations so far in the minute that has not ended yet.</summary>
        public int ActivationsThisMinute { get { return _currentMinute; } }

        /// <summary>Index of the minute that has not ended yet (0 = the first minute).</summary>
        public int MinuteIndex { get { return _minuteIndex; } }

        /// <summary>Activation count of the last completed minute.</summary>
        public int LastMinuteCount { get { return _lastMinuteCount; } }

        /// <summary>True when nothing was counted in the last 60 s nor in the current second: closing
        /// seconds then only moves the ring on (<see cref="SkipIdleSeconds"/>).</summary>
        public bool Idle { get { return _trailing == 0 && _currentSecond == 0; } }

        /// <summary>Seconds to close before the current minute ends (1…60).</summary>
        public int SecondsToMinuteEnd { get { return 60 - _secondOfMinute; } }

        /// <summary>Counts one activation in the current second.</summary>
        public void CountActivation()
        {
            _currentSecond++;
            _currentMinute++;
        }

        /// <summary>Closes the current second. Returns true when it also closed a minute, whose
        /// count is then <see cref="LastMinuteCount"/> and index <see cref="MinuteIndex"/> − 1.</summary>
        public bool CloseSecond()
        {
            _trailing += _currentSecond - _bins[_head];
            _bins[_head] = _currentSecond;
            _head = _head + 1 == WindowSeconds ? 0 : _head + 1;
            _currentSecond = 0;
            if (++_secondOfMinute < 60) return false;
            _secondOfMinute = 0;
            _lastMinuteCount = _currentMinute;
            _currentMinute = 0;
            _minuteIndex++;
            return true;
        }

        /// <summary>Closes <paramref name="count"/> seconds (1…<see cref="SecondsToMinuteEnd"/>)
        /// while <see cref="Idle"/>, as <paramref name="count"/> calls of <see cref="CloseSecond"/>
        /// would: every bin is already 0, so only the ring's head and the minute move. Returns true
        /// when the last of them closed a minute (then <see cref="LastMinuteCount"/> is 0).</summary>
        public bool SkipIdleSeconds(int count)
        {
            _head = (_head + count) % WindowSeconds;
            _secondOfMinute += count;
            if (_secondOfMinute < 60) return false;
            _secondOfMinute = 0;
            _lastMinuteCount = 0;
            _minuteIndex++;
            return true;
        }
    }
}
