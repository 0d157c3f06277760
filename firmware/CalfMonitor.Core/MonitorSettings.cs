namespace CalfMonitor.Core
{
    /// <summary>
    /// The monitor's tunable parameters, with the defaults documented in docs/algorithm.md and
    /// docs/sedentary-policy.md. Plain fields so the device can fill them from flash and the BLE
    /// Config characteristic; <see cref="IsValid"/> decides whether a set may be applied.
    /// </summary>
    public sealed class MonitorSettings
    {
        /// <summary>Default minimum ankle range of motion for one activation, degrees. Seated
        /// ankle pumps of 10° and more raise popliteal flow several-fold; toe taps and twitches of
        /// a few degrees do not empty the calf veins (docs/algorithm.md).</summary>
        public const int DefaultMinAnkleRangeDeg = 6;

        /// <summary>Default minimum shank range of motion for one activation, degrees, for a
        /// shank-mounted sensor. A stride turns the shank 40–60°; at rest it sways by up to about
        /// 5° (HuGaDB shins while sitting, standing and riding in a car). A seated heel raise turns
        /// the shank by only about a quarter of the ankle angle, so on the shank only heel raises of
        /// roughly 25° and more count (docs/algorithm.md).</summary>
        public const int DefaultMinShankRangeDeg = 6;

        /// <summary>Default activations within the window that make a pump break (10 in 60 s).</summary>
        public const int DefaultBreakActivations = 10;

        /// <summary>Default pump-break window, seconds.</summary>
        public const int DefaultBreakWindowS = 60;

        /// <summary>Default spell length that raises the first alert, minutes: breaking up sitting
        /// every 30 min is the schedule that lowered both glucose and blood pressure.</summary>
        public const int DefaultAlertAfterMin = 30;

        /// <summary>Default repeat interval while the spell goes on, minutes.</summary>
        public const int DefaultRepeatEveryMin = 10;

        /// <summary>Largest activation count a pump break may require: the size of the
        /// preallocated activation-time ring.</summary>
        public const int MaxBreakActivations = 60;

        /// <summary>Minimum ankle range of motion for one activation, degrees (2–45); applies to
        /// a foot-mounted sensor, which turns with the ankle.</summary>
        public int MinAnkleRangeDeg = DefaultMinAnkleRangeDeg;

        /// <summary>Minimum shank range of motion for one activation, degrees (2–45).</summary>
        public int MinShankRangeDeg = DefaultMinShankRangeDeg;

        /// <summary>Activations within <see cref="BreakWindowS"/> that make a pump break (1–60).</summary>
        public int BreakActivations = DefaultBreakActivations;

        /// <summary>Pump-break window, seconds (10–600).</summary>
        public int BreakWindowS = DefaultBreakWindowS;

        /// <summary>Spell length of the first alert, minutes (1–240).</summary>
        public int AlertAfterMin = DefaultAlertAfterMin;

        /// <summary>Repeat interval of alerts while the spell goes on, minutes (1–240).</summary>
        public int RepeatEveryMin = DefaultRepeatEveryMin;

        /// <summary>True when every field lies in its documented range.</summary>
        public bool IsValid
        {
            get
            {
                return InRange(MinAnkleRangeDeg, 2, 45)
                    && InRange(MinShankRangeDeg, 2, 45)
                    && InRange(BreakActivations, 1, MaxBreakActivations)
                    && InRange(BreakWindowS, 10, 600)
                    && InRange(AlertAfterMin, 1, 240)
                    && InRange(RepeatEveryMin, 1, 240);
            }
        }

        /// <summary>A copy, so a caller can edit and validate before applying.</summary>
        public MonitorSettings Clone()
        {
            return (MonitorSettings)MemberwiseClone();
        }

        private static bool InRange(int value, int min, int max)
        {
            return value >= min && value <= max;
        }
    }
}
