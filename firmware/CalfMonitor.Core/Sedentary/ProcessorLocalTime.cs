namespace CalfMonitor.Core.Sedentary
{
    /// <summary>
    /// The alert policy's local time carried on the processor's clock (the main loop's), for what the
    /// main loop decides between samples — the sensor-fault and low-battery notices' quiet hours:
    /// before the sensor's first sample, and while it gives none, the monitor's clock stands still,
    /// and the policy's own time with it. Copied whenever the phone sets the time, or the policy
    /// forgets it (<see cref="WallClock.Changes"/>), and kept running in between. Plain integer
    /// state, no allocation.
    /// </summary>
    public sealed class ProcessorLocalTime
    {
        private readonly WallClock _clock = new WallClock();
        private int _changes;

        /// <summary>Call on every main-loop step that may use the time (at least once a day, as
        /// <see cref="WallClock.Maintain"/> asks), under the lock that guards the policy:
        /// <paramref name="source"/> is the policy's clock, <paramref name="sourceNowMs"/> the
        /// monitor's time it runs on, <paramref name="nowMs"/> the processor's clock (may wrap).</summary>
        public void Follow(WallClock source, int sourceNowMs, int nowMs)
        {
            if (source.Changes != _changes)
            {
                _changes = source.Changes;
                if (source.IsKnown) _clock.Set(nowMs, source.LocalSeconds(sourceNowMs));
                else _clock.Forget();
            }
            if (_clock.IsKnown) _clock.Maintain(nowMs);
        }

        /// <summary>Minute of the local day at <paramref name="nowMs"/> on the processor's clock,
        /// 0–1439 (−1 while the time is unknown).</summary>
        public int MinuteOfDay(int nowMs)
        {
            return _clock.MinuteOfDay(nowMs);
        }
    }
}
