namespace CalfMonitor.Core.Storage
{
    /// <summary>
    /// Per-minute activation counts of the last 24 h: 1440 bytes in a preallocated ring (a count
    /// saturates at <see cref="MaxCount"/>; walking gives at most about 130 a minute).
    /// <see cref="NoData"/> marks minutes before the device started.
    /// <para>The minutes are real ones. The monitor's seconds are the sensor's sample clock, which
    /// may run up to about 1 % fast or slow (MPU-6050 datasheet, 7.15): sixty of them would make
    /// the 1440th minute back 14 minutes off, and the companion draws the bytes back from the
    /// phone's "now". So each second of the monitor adds the real time the sampler measured it to
    /// be (<see cref="CloseSecond"/>, the rate of <see cref="Sedentary.WallClock.RatePpm"/>), and a
    /// minute closes once sixty real seconds have passed: at the oscillator's ±1 % it holds 59, 60
    /// or 61 of the monitor's seconds, and the day's minutes stay within about a second of real
    /// time. With no rate measured (the simulator), a minute is sixty seconds, the rate meter's
    /// minute.</para>
    /// </summary>
    public sealed class DailyHistory
    {
        /// <summary>Minutes kept: 24 h.</summary>
        public const int Minutes = 1440;

        /// <summary>Largest stored count.</summary>
        public const int MaxCount = 254;

        /// <summary>Stored for minutes with no data (before the start).</summary>
        public const byte NoData = 0xFF;

        /// <summary>A second of the monitor's clock at no rate correction, µs.</summary>
        public const int SecondUs = 1000000;

        /// <summary>A minute, µs (fits an int with the second added to it).</summary>
        public const int MinuteUs = 60000000;

        private readonly byte[] _counts = new byte[Minutes];
        private int _head;
        private int _stored;
        // The minute under way: the monitor's activation total when it began, and the real time it
        // has lasted, µs.
        private int _minuteStartTotal;
        private int _minuteUs;

        /// <summary>Creates an empty history.</summary>
        public DailyHistory()
        {
            Clear();
        }

        /// <summary>Forgets every completed minute (the minute under way goes on).</summary>
        public void Clear()
        {
            for (int i = 0; i < Minutes; i++) _counts[i] = NoData;
            _head = 0;
            _stored = 0;
        }

        /// <summary>Minutes stored so far (at most 1440).</summary>
        public int Stored { get { return _stored; } }

        /// <summary>One second of the monitor's clock has passed: 1 + <paramref name="ratePpm"/> / 10⁶
        /// real seconds (<see cref="Sedentary.WallClock.RatePpm"/>). <paramref name="activationTotal"/>:
        /// the monitor's activations so far (a running total, so nothing is called per activation;
        /// differences survive its wrap). Closes the minute under way — appends the activations
        /// since it began — once it has lasted a real minute; true when it did.</summary>
        public bool CloseSecond(int ratePpm, int activationTotal)
        {
            int us = _minuteUs + SecondUs + ratePpm;
            if (us < MinuteUs)
            {
                _minuteUs = us;
                return false;
            }
            _minuteUs = us - MinuteUs;
            AddMinute(activationTotal - _minuteStartTotal);
            _minuteStartTotal = activationTotal;
            return true;
        }

        /// <summary><paramref name="count"/> seconds (at most 1000, so that the sum fits an int)
        /// with no activation, as <paramref name="count"/> calls of <see cref="CloseSecond"/> would
        /// close them: the minute under way gets the activations since it began, any further
        /// minute completed gets 0. Returns true when a minute closed.</summary>
        public bool CloseSeconds(int count, int ratePpm, int activationTotal)
        {
            int us = _minuteUs + count * (SecondUs + ratePpm);
            bool closed = false;
            while (us >= MinuteUs)
            {
                us -= MinuteUs;
                AddMinute(activationTotal - _minuteStartTotal);
                _minuteStartTotal = activationTotal;
                closed = true;
            }
            _minuteUs = us;
            return closed;
        }

        /// <summary>Appends the count of a completed minute.</summary>
        public void AddMinute(int activations)
        {
            if (activations < 0) activations = 0;
            if (activations > MaxCount) activations = MaxCount;
            _counts[_head] = (byte)activations;
            _head = _head + 1 == Minutes ? 0 : _head + 1;
            if (_stored < Minutes) _stored++;
        }

        /// <summary>Count of the minute <paramref name="minutesAgo"/> before the last completed one
        /// (0 = the last), or −1 when not stored.</summary>
        public int Get(int minutesAgo)
        {
            if (minutesAgo < 0 || minutesAgo >= _stored) return -1;
            int i = _head - 1 - minutesAgo;
            if (i < 0) i += Minutes;
            return _counts[i];
        }

        /// <summary>Copies all 1440 minutes, oldest first (the last byte is the last completed
        /// minute), into <paramref name="dest"/> at <paramref name="offset"/>.</summary>
        public void CopyOldestFirst(byte[] dest, int offset)
        {
            int src = _head;
            for (int i = 0; i < Minutes; i++)
            {
                dest[offset + i] = _counts[src];
                src = src + 1 == Minutes ? 0 : src + 1;
            }
        }
    }
}
