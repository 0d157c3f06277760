namespace CalfMonitor.Core.Sedentary
{
    /// <summary>
    /// Local wall-clock time, known once the phone has written it (Current Time Service or the
    /// Control characteristic). It is only an offset from the monotonic millisecond counter: alerts
    /// are scheduled on the monotonic counter alone, so setting the clock never fires or loses an
    /// alert; only quiet hours and the "today" counters consult the wall clock.
    /// <para>Local time is kept as seconds since 2000-01-01 00:00 local (an int: valid until 2068).
    /// The reference is moved forward every hour (<see cref="Maintain"/>), so differences of the
    /// wrapping 32-bit counter stay small and the wrap after 49.7 days is harmless.</para>
    /// <para>The monotonic counter is the sensor's sample clock, whose oscillator may run up to
    /// about 1 % fast or slow (MPU-6050 datasheet, 7.15: the gyro-referenced clock varies ±1 % over
    /// temperature): 14 minutes a day, which quiet hours and midnight would drift by until the
    /// phone set the time again. <see cref="SetRate"/> takes the rate the sampler measured against
    /// the processor's crystal and converts the counter's milliseconds into real ones.</para>
    /// </summary>
    public sealed class WallClock
    {
        /// <summary>Seconds in a day.</summary>
        public const int DaySeconds = 86400;

        /// <summary>The reference moves forward by this much at a time, milliseconds (one hour).</summary>
        public const int RebaseMs = 3600000;

        /// <summary>Largest accepted local time: 2067-12-31 23:59:59, seconds since 2000.</summary>
        public const int MaxLocalSeconds = 2145916799;

        /// <summary>Largest rate correction taken, parts per million: 5 %, well past the
        /// oscillator's ±1 %; a larger figure would be a measuring fault, not a clock.</summary>
        public const int MaxRatePpm = 50000;

        private bool _known;
        private int _refMs;
        private int _secondsAtRef;
        private int _msAtRef;      // real milliseconds past _secondsAtRef at _refMs, 0–999
        private int _ratePpm;      // real time gained per million counter ms
        private int _changes;

        /// <summary>True once a time has been set.</summary>
        public bool IsKnown { get { return _known; } }

        /// <summary>Times the time was set or forgotten (wraps): a reader on another clock
        /// (<see cref="Device.SensorFaultNotice"/>, on the processor's) copies the time when it changes.</summary>
        public int Changes { get { return _changes; } }

        /// <summary>Sets local time <paramref name="localSeconds"/> (since 2000-01-01 00:00) at the
        /// monotonic time <paramref name="nowMs"/>. Returns false (and changes nothing) when out of range.</summary>
        public bool Set(int nowMs, int localSeconds)
        {
            if (localSeconds < 0 || localSeconds > MaxLocalSeconds) return false;
            _refMs = nowMs;
            _secondsAtRef = localSeconds;
            _msAtRef = 0;
            _known = true;
            _changes++;
            return true;
        }

        /// <summary>How much faster real time runs than the counter, parts per million (positive:
        /// the sensor's clock is slow). 0 until <see cref="SetRate"/>.</summary>
        public int RatePpm { get { return _ratePpm; } }

        /// <summary>From <paramref name="nowMs"/> on, a counter millisecond is 1 + <paramref name="ratePpm"/>
        /// / 10⁶ real ones (clamped to ±<see cref="MaxRatePpm"/>); the time up to now keeps the
        /// rate it was kept at.</summary>
        public void SetRate(int nowMs, int ratePpm)
        {
            if (ratePpm > MaxRatePpm) ratePpm = MaxRatePpm;
            if (ratePpm < -MaxRatePpm) ratePpm = -MaxRatePpm;
            if (_known && nowMs - _refMs > 0) MoveReference(nowMs - _refMs);
            _ratePpm = ratePpm;
        }

        /// <summary>Real milliseconds in <paramref name="counterMs"/> of the counter.</summary>
        private int RealMs(int counterMs)
        {
            return counterMs + (int)((long)counterMs * _ratePpm / 1000000);
        }

        private void MoveReference(int counterMs)
        {
            int ms = _msAtRef + RealMs(counterMs);
            _refMs += counterMs;
            _secondsAtRef += ms / 1000;
            _msAtRef = ms % 1000;
        }

        /// <summary>Forgets the time (no quiet hours apply until it is set again).</summary>
        public void Forget()
        {
            _known = false;
            _changes++;
        }

        /// <summary>Moves the reference forward; call at least once a day (the alert policy calls
        /// it once a second: one subtraction and a compare).</summary>
        public void Maintain(int nowMs)
        {
            while (nowMs - _refMs >= RebaseMs) MoveReference(RebaseMs);
        }

        /// <summary>Local seconds since 2000-01-01 00:00 at <paramref name="nowMs"/> (0 when unknown).</summary>
        public int LocalSeconds(int nowMs)
        {
            if (!_known) return 0;
            int ms = _msAtRef + RealMs(nowMs - _refMs);
            return _secondsAtRef + ms / 1000;
        }

        /// <summary>Minute of the local day, 0–1439 (−1 when the time is unknown).</summary>
        public int MinuteOfDay(int nowMs)
        {
            if (!_known) return -1;
            return LocalSeconds(nowMs) % DaySeconds / 60;
        }

        /// <summary>Days since 2000-01-01 (−1 when the time is unknown).</summary>
        public int DayNumber(int nowMs)
        {
            if (!_known) return -1;
            return LocalSeconds(nowMs) / DaySeconds;
        }

        /// <summary>Days since 2000-01-01 of a civil date (proleptic Gregorian; integer arithmetic).</summary>
        public static int DaysFromCivil(int year, int month, int day)
        {
            int y = month <= 2 ? year - 1 : year;
            int era = (y >= 0 ? y : y - 399) / 400;
            int yoe = y - era * 400;
            int mp = month > 2 ? month - 3 : month + 9;
            int doy = (153 * mp + 2) / 5 + day - 1;
            int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            return era * 146097 + doe - 719468 - 10957; // 10957 days from 1970 to 2000
        }

        /// <summary>Civil date of a day number since 2000-01-01: year, month (1–12), day (1–31).</summary>
        public static void CivilFromDays(int days2000, out int year, out int month, out int day)
        {
            int z = days2000 + 10957 + 719468;
            int era = (z >= 0 ? z : z - 146096) / 146097;
            int doe = z - era * 146097;
            int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            int mp = (5 * doy + 2) / 153;
            day = doy - (153 * mp + 2) / 5 + 1;
            month = mp < 10 ? mp + 3 : mp - 9;
            year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        }

        /// <summary>Day of the week of a day number since 2000-01-01: 1 = Monday … 7 = Sunday
        /// (2000-01-01 was a Saturday).</summary>
        public static int DayOfWeek(int days2000)
        {
            int d = (days2000 + 5) % 7; // 0 = Monday
            if (d < 0) d += 7;
            return d + 1;
        }
    }
}
