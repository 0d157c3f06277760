namespace CalfMonitor.Core.Storage
{
    /// <summary>
    /// Per-minute activation counts of the last 24 h: 1440 bytes in a preallocated ring (a count
    /// saturates at <see cref="MaxCount"/>; walking gives at most about 130 a minute).
    /// <see cref="NoData"/> marks minutes before the device started.
    /// </summary>
    public sealed class DailyHistory
    {
        /// <summary>Minutes kept: 24 h.</summary>
        public const int Minutes = 1440;

        /// <summary>Largest stored count.</summary>
        public const int MaxCount = 254;

        /// <summary>Stored for minutes with no data (before the start).</summary>
        public const byte NoData = 0xFF;

        private readonly byte[] _counts = new byte[Minutes];
        private int _head;
        private int _stored;

        /// <summary>Creates an empty history.</summary>
        public DailyHistory()
        {
            Clear();
        }

        /// <summary>Forgets every minute.</summary>
        public void Clear()
        {
            for (int i = 0; i < Minutes; i++) _counts[i] = NoData;
            _head = 0;
            _stored = 0;
        }

        /// <summary>Minutes stored so far (at most 1440).</summary>
        public int Stored { get { return _stored; } }

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
