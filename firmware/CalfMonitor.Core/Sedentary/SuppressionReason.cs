namespace CalfMonitor.Core.Sedentary
{
    /// <summary>Why an alert that fell due was suppressed (never raised): <see cref="AlertPolicy.LastSuppressionReason"/>.
    /// Plain int constants so the per-second path stays allocation-free.</summary>
    public static class SuppressionReason
    {
        /// <summary>Nothing suppressed yet.</summary>
        public const int None = 0;

        /// <summary>The alert fell due in quiet hours (wall clock known).</summary>
        public const int QuietHours = 1;

        /// <summary>The alert would have fallen due while the spell was suspended (lying / not worn).</summary>
        public const int NotWorn = 2;
    }
}
