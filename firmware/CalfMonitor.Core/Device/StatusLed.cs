namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// What the status LED shows, from the sensor state: a short flash every 2 s while sampling,
    /// fast blinking while the sensor is being re-initialised, slow blinking when it is absent,
    /// steady on in record mode. Evaluated every 10 ms tick by the glue.
    /// </summary>
    public static class StatusLed
    {
        /// <summary>Heartbeat period while sampling, ms: visible, yet almost no LED current on average.</summary>
        public const int HeartbeatPeriodMs = 2000;

        /// <summary>Heartbeat flash, ms: five 10 ms ticks, the shortest flash that reads as one.</summary>
        public const int HeartbeatOnMs = 50;

        /// <summary>Blink half-period while re-initialising, ms (2.5 Hz: "busy").</summary>
        public const int ReinitHalfPeriodMs = 200;

        /// <summary>Blink half-period while the sensor is absent, ms (0.5 Hz: "needs attention").</summary>
        public const int AbsentHalfPeriodMs = 1000;

        /// <summary>LED state for this tick; <paramref name="nowMs"/> may wrap.</summary>
        public static bool IsOn(int nowMs, SensorState state, bool recording)
        {
            if (recording) return true;
            // Positive phase even for negative (wrapped) tick counts.
            switch (state)
            {
                case SensorState.Ok:
                    return Phase(nowMs, HeartbeatPeriodMs) < HeartbeatOnMs;
                case SensorState.Reinitialising:
                    return Phase(nowMs, 2 * ReinitHalfPeriodMs) < ReinitHalfPeriodMs;
                default:
                    return Phase(nowMs, 2 * AbsentHalfPeriodMs) < AbsentHalfPeriodMs;
            }
        }

        private static int Phase(int nowMs, int periodMs)
        {
            int p = nowMs % periodMs;
            return p < 0 ? p + periodMs : p;
        }
    }
}
