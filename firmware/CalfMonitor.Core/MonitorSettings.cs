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
        public const int DefaultMinAnkleRangeDeg = 7;

        /// <summary>Default minimum shank range of motion for one activation on its own (a full
        /// cycle), degrees, for a shank-mounted sensor. A stride turns the shank 40–60°; at rest it
        /// sways by up to about 5° (HuGaDB shins while sitting, standing and riding in a car). A
        /// seated heel raise turns the shank by only about a quarter of the ankle angle: smaller
        /// cycles, down to 2°, count only in a steady rhythm (docs/algorithm.md, stage 2a).</summary>
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

        /// <summary>Default snooze, minutes: the 15 min postponement users know from Bangle.js's
        /// activity reminder; half of the 30-min threshold, so a snooze never hides a whole spell.</summary>
        public const int DefaultSnoozeMin = 15;

        /// <summary>Default start of quiet hours, minute of the day (20:00): Bangle.js's reminder is
        /// active 9–20 h; alerts at night are a classic complaint.</summary>
        public const int DefaultQuietStartMin = 20 * 60;

        /// <summary>Default end of quiet hours, minute of the day (08:00).</summary>
        public const int DefaultQuietEndMin = 8 * 60;

        /// <summary>Default time the limb must lie near horizontal and still before the spell is
        /// suspended as lying / not worn, seconds. Two minutes: longer than any still pause in
        /// sitting with the legs up on a stool to reach for something, short enough that a device put
        /// on a desk or a person lying down does not collect a spell.</summary>
        public const int DefaultNotWornStillS = 120;

        /// <summary>Default angle between the gravity vector and the upright reference beyond
        /// which the limb counts as near horizontal, degrees. A seated shank leans well under 45°;
        /// a lying one is near 90°; 60° sits between with margin either side.</summary>
        public const int DefaultHorizontalAngleDeg = 60;

        /// <summary>Default quiet time after the last activation before an alert may fire,
        /// seconds: alerts right after a walk are a classic complaint; one minute is the length of
        /// the trailing rate window, so "no activation in the last minute" is the rule.</summary>
        public const int DefaultActivityGraceS = 60;

        /// <summary>Default longest deferral of a due alert by activity, seconds: someone tapping a
        /// foot now and then without ever making a pump break must still be told, at most 5 min late.</summary>
        public const int DefaultActivityDeferMaxS = 300;

        /// <summary>Default cap of the escalation: buzz pulses of the first alert are 1, each repeat
        /// adds one up to 3 (a single buzz is easily missed; a longer one is not, and more is nagging).</summary>
        public const int DefaultMaxBuzzPulses = 3;

        /// <summary>Largest activation count a pump break may require: the size of the
        /// preallocated activation-time ring.</summary>
        public const int MaxBreakActivations = 60;

        /// <summary><see cref="Mounting"/>: not given; the monitor takes the site of its
        /// <see cref="Sensing.SensorConfig"/> (a settings object made in code, an old v1 image).</summary>
        public const int MountingFromSensor = 0;

        /// <summary><see cref="Mounting"/>: ankle strap on the shank (Config byte 20 = 1).</summary>
        public const int MountingShank = 1;

        /// <summary><see cref="Mounting"/>: clip on the shoe / foot (Config byte 20 = 2).</summary>
        public const int MountingFoot = 2;

        /// <summary>Minimum ankle range of motion for one activation, degrees (2–45); applies to
        /// a foot-mounted sensor, which turns with the ankle.</summary>
        public int MinAnkleRangeDeg = DefaultMinAnkleRangeDeg;

        /// <summary>Minimum shank range of motion for one activation on its own, degrees (2–45);
        /// smaller cycles down to 2° count only in a steady rhythm.</summary>
        public int MinShankRangeDeg = DefaultMinShankRangeDeg;

        /// <summary>Activations within <see cref="BreakWindowS"/> that make a pump break (1–60).</summary>
        public int BreakActivations = DefaultBreakActivations;

        /// <summary>Pump-break window, seconds (10–600).</summary>
        public int BreakWindowS = DefaultBreakWindowS;

        /// <summary>Spell length of the first alert, minutes (1–240).</summary>
        public int AlertAfterMin = DefaultAlertAfterMin;

        /// <summary>Repeat interval of alerts while the spell goes on, minutes (1–240).</summary>
        public int RepeatEveryMin = DefaultRepeatEveryMin;

        /// <summary>Snooze length, minutes (1–240).</summary>
        public int SnoozeMin = DefaultSnoozeMin;

        /// <summary>Start of quiet hours, minute of the local day (0–1439); equal to
        /// <see cref="QuietEndMin"/> means no quiet hours.</summary>
        public int QuietStartMin = DefaultQuietStartMin;

        /// <summary>End of quiet hours (exclusive), minute of the local day (0–1439).</summary>
        public int QuietEndMin = DefaultQuietEndMin;

        /// <summary>Seconds near horizontal and still before the spell is suspended (30–3600).</summary>
        public int NotWornStillS = DefaultNotWornStillS;

        /// <summary>Angle from the upright reference that counts as near horizontal, degrees (30–85).</summary>
        public int HorizontalAngleDeg = DefaultHorizontalAngleDeg;

        /// <summary>Seconds after the last activation before an alert may fire (0–255).</summary>
        public int ActivityGraceS = DefaultActivityGraceS;

        /// <summary>Longest deferral of a due alert by activity, seconds (0–1800).</summary>
        public int ActivityDeferMaxS = DefaultActivityDeferMaxS;

        /// <summary>Escalation cap: most buzz pulses of one alert (1–10).</summary>
        public int MaxBuzzPulses = DefaultMaxBuzzPulses;

        /// <summary>Mounting site: <see cref="MountingShank"/> or <see cref="MountingFoot"/>, or
        /// <see cref="MountingFromSensor"/> (0–2). Changing it rebuilds the detection stages
        /// (<see cref="CalfPumpMonitor.ApplySettings"/>); the monitor's own copy always holds 1 or 2.</summary>
        public int Mounting = MountingFromSensor;

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
                    && InRange(RepeatEveryMin, 1, 240)
                    && InRange(SnoozeMin, 1, 240)
                    && InRange(QuietStartMin, 0, 1439)
                    && InRange(QuietEndMin, 0, 1439)
                    && InRange(NotWornStillS, 30, 3600)
                    && InRange(HorizontalAngleDeg, 30, 85)
                    && InRange(ActivityGraceS, 0, 255)
                    && InRange(ActivityDeferMaxS, 0, 1800)
                    && InRange(MaxBuzzPulses, 1, 10)
                    && InRange(Mounting, MountingFromSensor, MountingFoot);
            }
        }

        /// <summary>True when both hold the same values.</summary>
        public bool SameAs(MonitorSettings other)
        {
            return other != null
                && MinAnkleRangeDeg == other.MinAnkleRangeDeg && MinShankRangeDeg == other.MinShankRangeDeg
                && BreakActivations == other.BreakActivations && BreakWindowS == other.BreakWindowS
                && AlertAfterMin == other.AlertAfterMin && RepeatEveryMin == other.RepeatEveryMin
                && SnoozeMin == other.SnoozeMin && QuietStartMin == other.QuietStartMin
                && QuietEndMin == other.QuietEndMin && NotWornStillS == other.NotWornStillS
                && HorizontalAngleDeg == other.HorizontalAngleDeg && ActivityGraceS == other.ActivityGraceS
                && ActivityDeferMaxS == other.ActivityDeferMaxS && MaxBuzzPulses == other.MaxBuzzPulses
                && Mounting == other.Mounting;
        }

        /// <summary>Copies every value from <paramref name="source"/>.</summary>
        public void CopyFrom(MonitorSettings source)
        {
            MinAnkleRangeDeg = source.MinAnkleRangeDeg; MinShankRangeDeg = source.MinShankRangeDeg;
            BreakActivations = source.BreakActivations; BreakWindowS = source.BreakWindowS;
            AlertAfterMin = source.AlertAfterMin; RepeatEveryMin = source.RepeatEveryMin;
            SnoozeMin = source.SnoozeMin; QuietStartMin = source.QuietStartMin; QuietEndMin = source.QuietEndMin;
            NotWornStillS = source.NotWornStillS; HorizontalAngleDeg = source.HorizontalAngleDeg;
            ActivityGraceS = source.ActivityGraceS; ActivityDeferMaxS = source.ActivityDeferMaxS;
            MaxBuzzPulses = source.MaxBuzzPulses;
            Mounting = source.Mounting;
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
