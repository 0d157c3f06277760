namespace CalfMonitor.Core.Events
{
    /// <summary>Why a detected plantarflexion cycle will never be an activation
    /// (<see cref="IMonitorListener.OnCycleNotCounted"/>). Plain int constants so events stay
    /// allocation-free.</summary>
    public static class NotCountedReason
    {
        /// <summary>Alone: its bout ended before it reached
        /// <see cref="Bouts.PumpBoutFilter.MinBoutCycles"/> cycles (a posture change, a lone step;
        /// <see cref="Bouts.PumpBoutFilter.IsolatedCycles"/>).</summary>
        public const int Isolated = 1;

        /// <summary>Small, and in no steady rhythm of <see cref="Bouts.RhythmicSetFilter.MinSetCycles"/>
        /// (sway, fidgeting; <see cref="Bouts.RhythmicSetFilter.UnrhythmicCycles"/>).</summary>
        public const int Unrhythmic = 2;

        /// <summary>A stride dated twice while its orientation was learnt; the other date was kept
        /// (<see cref="Bouts.PumpBoutFilter.RecountedCycles"/>).</summary>
        public const int Recounted = 3;

        /// <summary>Largest reason code.</summary>
        public const int Max = 3;
    }
}
