using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Core.Detection
{
    /// <summary>
    /// Stage 2: counts plantarflexion cycles — one plantarflexion and return of the ankle is one
    /// calf-pump activation.
    /// <para>The sagittal rate is integrated into a segment angle by a leaky integrator (a
    /// first-order high-pass of the angle with a <see cref="AngleHighPassMs"/> time constant, so
    /// gyro drift and posture changes fade while movements of 0.2 Hz and faster keep more than 95 %
    /// of their range). Cycles are then found with hysteresis in angle, not in rate: the angle must
    /// fall by the minimum range from its last peak (plantarflexion), and rise again by the minimum
    /// range from the valley (return). The activation is reported when the return is confirmed.
    /// Sensor noise (well under 1° after integration), vibration (fast, but tiny in angle) and
    /// small fidgets never cross the hysteresis; every counted cycle moved the segment by at least
    /// the minimum range both ways.</para>
    /// </summary>
    public sealed class PlantarflexionDetector
    {
        /// <summary>Time constant of the angle's high-pass, ms. 2.56 s at 50 Hz (a power of two
        /// in samples): a 0.2 Hz seated ankle pump keeps 95 % of its range, while a posture change
        /// has faded to a third of its size 2.5 s later.</summary>
        public const int AngleHighPassMs = 2500;

        private readonly int _leakShift;
        private readonly int _hysteresis;

        private int _angle;
        private int _extreme;
        private bool _seekingValley;

        /// <summary>Prepares the detector for one sensor configuration and settings.</summary>
        public PlantarflexionDetector(SensorConfig sensor, MonitorSettings settings)
        {
            int rate = sensor.SampleRateHz;
            // Leak shift k: 2^k samples closest to the time constant.
            int tauSamples = AngleHighPassMs * rate / 1000;
            int k = 1;
            while ((1 << (k + 1)) <= tauSamples + (tauSamples >> 1)) k++;
            _leakShift = k;

            // Minimum segment range for this mounting, in angle units (gyro counts × samples).
            int rangeDeg10 = settings.MinAnkleRangeDeg * 10;
            if (sensor.Mounting == MountingSite.Shank)
            {
                rangeDeg10 = rangeDeg10 * settings.ShankPerAnklePct / 100;
            }
            // deg×10 × (counts per 10 °/s) × samples per second / 100 = counts × samples for deg.
            _hysteresis = rangeDeg10 * sensor.GyroCountsPer10Dps / 10 * rate / 10;
            Reset();
        }

        /// <summary>Leak shift: the high-pass time constant is 2^LeakShift samples.</summary>
        public int LeakShift { get { return _leakShift; } }

        /// <summary>Minimum segment range as an angle in detector units (gyro counts × samples).</summary>
        public int HysteresisUnits { get { return _hysteresis; } }

        /// <summary>Current high-passed segment angle (gyro counts × samples; divide by counts
        /// per °/s and by the sample rate for degrees).</summary>
        public int Angle { get { return _angle; } }

        /// <summary>Starts over, e.g. after a gap in the samples: the angle is unknown. The first
        /// cycle must begin with a fall from a peak, so the drift before the gyro bias is learnt,
        /// or the decay after a posture change, is never mistaken for a return from a valley.</summary>
        public void Reset()
        {
            _angle = 0;
            _extreme = 0;
            _seekingValley = false;
        }

        /// <summary>Feeds one sagittal rate (gyro counts); true when it completes an activation.</summary>
        public bool Update(int sagittalRate)
        {
            int angle = _angle + sagittalRate - (_angle >> _leakShift);
            _angle = angle;
            if (_seekingValley)
            {
                if (angle < _extreme)
                {
                    _extreme = angle;
                }
                else if (angle - _extreme >= _hysteresis)
                {
                    // Valley confirmed by a return of the minimum range: one full cycle.
                    _seekingValley = false;
                    _extreme = angle;
                    return true;
                }
            }
            else if (angle > _extreme)
            {
                _extreme = angle;
            }
            else if (_extreme - angle >= _hysteresis)
            {
                // Peak confirmed: the plantarflexion has begun.
                _seekingValley = true;
                _extreme = angle;
            }
            return false;
        }
    }
}
