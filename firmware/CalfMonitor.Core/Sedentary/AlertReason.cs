namespace CalfMonitor.Core.Sedentary
{
    /// <summary>Why an alert fired: the Alert characteristic's reason byte (docs/ble-protocol.md).
    /// Plain int constants so events stay allocation-free.</summary>
    public static class AlertReason
    {
        /// <summary>No alert.</summary>
        public const int None = 0;

        /// <summary>The spell reached the alert threshold (first alert of the spell).</summary>
        public const int Threshold = 1;

        /// <summary>The spell went on for another repeat interval.</summary>
        public const int Repeat = 2;

        /// <summary>The alert fell due during a snooze and fires now that the snooze is over.</summary>
        public const int SnoozeEnded = 3;

        /// <summary>The alert fell due within the grace time after an activation and fires late,
        /// once the grace time (or the longest deferral) has passed.</summary>
        public const int AfterActivity = 4;

        /// <summary>Largest reason code.</summary>
        public const int Max = 4;
    }
}
