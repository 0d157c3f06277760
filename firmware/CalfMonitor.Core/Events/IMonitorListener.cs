namespace CalfMonitor.Core.Events
{
    /// <summary>
    /// Stage 5: what the monitor tells the outside world. Called synchronously from the
    /// per-sample path with plain integers, so nothing is allocated to deliver an event; an
    /// implementation on the device should only copy the values and return.
    /// Times are the monitor's wrapping 32-bit millisecond clock.
    /// </summary>
    public interface IMonitorListener
    {
        /// <summary>One plantarflexion cycle (calf-pump activation) was completed. Delivered when its
        /// bout is confirmed: up to a few seconds after the cycle (docs/algorithm.md, stage 2b).</summary>
        /// <param name="timeMs">Time of the activation itself: in gait its push-off, the valley, not the
        /// later sample that confirmed it (<see cref="CalfMonitor.Core.Detection.PlantarflexionDetector.LastCycleAgeSamples"/>).</param>
        /// <param name="sampleNumber">0-based number of that sample since the monitor started.</param>
        void OnActivation(int timeMs, int sampleNumber);

        /// <summary>A pump break ended the sedentary spell (the spell restarts at this time).</summary>
        /// <param name="timeMs">Time of the activation that completed the break.</param>
        /// <param name="endedSpellSeconds">Length of the spell that ended, seconds.</param>
        void OnSpellEnded(int timeMs, int endedSpellSeconds);

        /// <summary>Once a second: the rate and the sedentary state. While the idle seconds of a
        /// sensor outage are closed (nothing held, nothing counted in the last minute), once for
        /// each step of up to a minute, with the values of its last second.</summary>
        /// <param name="timeMs">End of the second.</param>
        /// <param name="activationsLast60s">Activations in the trailing 60 s.</param>
        /// <param name="spellSeconds">Length of the current sedentary spell.</param>
        void OnSecond(int timeMs, int activationsLast60s, int spellSeconds);

        /// <summary>A whole minute since the start has ended.</summary>
        /// <param name="minuteIndex">0 for the first minute after the start.</param>
        /// <param name="activations">Activations counted in that minute.</param>
        void OnMinute(int minuteIndex, int activations);

        /// <summary>A sedentary alert.</summary>
        /// <param name="timeMs">When it was raised.</param>
        /// <param name="spellSeconds">Length of the spell at that time.</param>
        /// <param name="repeatIndex">0 for the first alert of the spell, 1 for the first repeat, …</param>
        /// <param name="reason">Why it fired now: a <see cref="CalfMonitor.Core.Sedentary.AlertReason"/> code.</param>
        void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason);

        /// <summary>A detected plantarflexion cycle the rhythm or bout filter has set aside for
        /// good: it will never be an activation (nothing is dropped without a word). Called when
        /// the filter decides, which can be seconds after the cycle (a bout ends after
        /// <see cref="CalfMonitor.Core.Bouts.PumpBoutFilter.MaxCycleGapMs"/> without a cycle).
        /// Cycles still held when the input ends are not reported: a replay reads them from the
        /// filters (<see cref="CalfMonitor.Core.Bouts.PumpBoutFilter.HeldTimeMs"/>).</summary>
        /// <param name="timeMs">The cycle's own time (its push-off), as an activation's.</param>
        /// <param name="sampleNumber">The cycle's sample number, as an activation's.</param>
        /// <param name="reason">Why: a <see cref="NotCountedReason"/> code.</param>
        void OnCycleNotCounted(int timeMs, int sampleNumber, int reason);
    }
}
