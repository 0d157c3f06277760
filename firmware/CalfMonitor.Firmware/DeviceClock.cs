using System;

namespace CalfMonitor.Firmware
{
    /// <summary>The device's wrapping millisecond clock.</summary>
    internal static class DeviceClock
    {
        /// <summary>DateTime.UtcNow in milliseconds, truncated to an int. UtcNow has microsecond
        /// resolution on ESP32 and never jumps on this device (the phone's time goes into the alert
        /// policy's wall clock, not into the system time); the long→int conversion wraps every
        /// 49.7 days, which every consumer tolerates (it uses differences only).</summary>
        public static int NowMs()
        {
            return (int)(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond);
        }
    }
}
