namespace CalfMonitor.Core.Sensing
{
    /// <summary>
    /// Sensor-fault watch, one call per raw sample, allocation-free (docs/robustness.md).
    /// A sample is <b>faulty</b> — and <see cref="CalfPumpMonitor"/> keeps it from the detector,
    /// as if it had been lost — when:
    /// <list type="bullet">
    /// <item><b>saturation</b>: a gyro axis sits at the rail (±32767 / −32768 counts). Human legs
    /// turn at most ~800 °/s; the rail is 2000 °/s at the default range. A saturated
    /// accelerometer alone (foot impacts can exceed 8 g) is counted but not faulty.</item>
    /// <item><b>garbage</b>: a gyro axis jumps by more than <see cref="MaxGyroJumpDps"/> from the
    /// previous sample (no limb does that in one sample period; random int16 bursts nearly always
    /// do).</item>
    /// <item><b>stuck</b>: all six axes repeat exactly for <see cref="StuckMs"/> while the gyro reads
    /// more than <see cref="StuckMinGyroDps"/> (a live MPU6050 always has a few counts of noise;
    /// a stuck reading near zero rate cannot cause counts and is only reported).</item>
    /// </list>
    /// A fault lasts until <see cref="QuarantineMs"/> of clean samples have followed it, so the
    /// odd plausible-looking sample inside a burst does not reach the detector. Dropouts (time
    /// gaps) are the monitor's own business (<see cref="CalfPumpMonitor.Gaps"/>); they are also
    /// counted here.
    /// </summary>
    public sealed class SensorHealth
    {
        /// <summary>Largest plausible change of one gyro axis between two samples, °/s.</summary>
        public const int MaxGyroJumpDps = 1000;

        /// <summary>Exact repetition of all axes for this long is a stuck sensor, ms.</summary>
        public const int StuckMs = 100;

        /// <summary>A stuck reading is a fault only when some gyro axis reads more than this, °/s.</summary>
        public const int StuckMinGyroDps = 5;

        /// <summary>Clean samples needed to end a fault, ms.</summary>
        public const int QuarantineMs = 250;

        /// <summary>Fault bits (<see cref="Faults"/>).</summary>
        public const int FaultSaturation = 0x01, FaultGarbage = 0x02, FaultStuck = 0x04, FaultDropout = 0x08, FaultAccelSaturation = 0x10;

        private const int Rail = 32767;

        private readonly int _jumpCounts;
        private readonly int _stuckGyroCounts;
        private readonly int _stuckSamples;
        private readonly int _quarantineSamples;
        private readonly int _gapMs;

        private bool _havePrevious;
        private int _lastMs, _ax, _ay, _az, _gx, _gy, _gz;
        private int _sameRun;
        private int _cleanRun;
        private bool _faulted;
        private bool _faultStarted;
        private int _faults;
        private int _faultSpells, _faultySamples, _saturatedSamples, _garbageSamples, _stuckSamplesSeen, _accelSaturatedSamples, _dropouts;

        /// <summary>Thresholds in counts for <paramref name="sensor"/>.</summary>
        public SensorHealth(SensorConfig sensor)
        {
            _jumpCounts = MaxGyroJumpDps * sensor.GyroCountsPer10Dps / 10;
            _stuckGyroCounts = StuckMinGyroDps * sensor.GyroCountsPer10Dps / 10;
            _stuckSamples = sensor.SampleRateHz * StuckMs / 1000;
            if (_stuckSamples < 3) _stuckSamples = 3;
            _quarantineSamples = sensor.SampleRateHz * QuarantineMs / 1000;
            if (_quarantineSamples < 2) _quarantineSamples = 2;
            _gapMs = CalfPumpMonitor.GapPeriods * 1000 / sensor.SampleRateHz;
        }

        /// <summary>True while a fault lasts (the current sample is kept from the detector).</summary>
        public bool Faulted { get { return _faulted; } }

        /// <summary>True when the last sample checked started a fault.</summary>
        public bool FaultStarted { get { return _faultStarted; } }

        /// <summary>Fault… bits seen since the start or the last <see cref="ClearFaults"/>.</summary>
        public int Faults { get { return _faults; } }

        /// <summary>Faults that began (each lasts until the quarantine has passed).</summary>
        public int FaultSpells { get { return _faultSpells; } }

        /// <summary>Samples kept from the detector.</summary>
        public int FaultySamples { get { return _faultySamples; } }

        /// <summary>Samples with a gyro axis at the rail.</summary>
        public int SaturatedSamples { get { return _saturatedSamples; } }

        /// <summary>Samples with an implausible gyro jump.</summary>
        public int GarbageSamples { get { return _garbageSamples; } }

        /// <summary>Samples of a stuck reading (past <see cref="StuckMs"/>), near-zero rate included.</summary>
        public int StuckSamples { get { return _stuckSamplesSeen; } }

        /// <summary>Samples with an accelerometer axis at the rail (reported only).</summary>
        public int AccelSaturatedSamples { get { return _accelSaturatedSamples; } }

        /// <summary>Time gaps of more than <see cref="CalfPumpMonitor.GapPeriods"/> periods (or a clock going back).</summary>
        public int Dropouts { get { return _dropouts; } }

        /// <summary>Clears the reported <see cref="Faults"/> bits (after the device has reported them).</summary>
        public void ClearFaults()
        {
            _faults = 0;
        }

        /// <summary>Checks one raw sample; returns true when it is faulty.</summary>
        public bool Check(int timeMs, int ax, int ay, int az, int gx, int gy, int gz)
        {
            int bad = 0;
            if (gx >= Rail || gx <= -Rail || gy >= Rail || gy <= -Rail || gz >= Rail || gz <= -Rail)
            {
                bad = FaultSaturation;
                _saturatedSamples++;
            }
            if (ax >= Rail || ax <= -Rail || ay >= Rail || ay <= -Rail || az >= Rail || az <= -Rail)
            {
                _accelSaturatedSamples++;
                _faults |= FaultAccelSaturation;
            }
            if (_havePrevious)
            {
                int step = timeMs - _lastMs;
                if (step > _gapMs || step <= 0)
                {
                    _dropouts++;
                    _faults |= FaultDropout;
                    _sameRun = 0;
                }
                else
                {
                    int d = gx - _gx;
                    int e = gy - _gy;
                    int f = gz - _gz;
                    if (d > _jumpCounts || d < -_jumpCounts || e > _jumpCounts || e < -_jumpCounts || f > _jumpCounts || f < -_jumpCounts)
                    {
                        bad |= FaultGarbage;
                        _garbageSamples++;
                    }
                    if (gx == _gx && gy == _gy && gz == _gz && ax == _ax && ay == _ay && az == _az)
                    {
                        if (++_sameRun >= _stuckSamples)
                        {
                            _stuckSamplesSeen++;
                            _faults |= FaultStuck;
                            if (gx > _stuckGyroCounts || gx < -_stuckGyroCounts || gy > _stuckGyroCounts || gy < -_stuckGyroCounts
                                || gz > _stuckGyroCounts || gz < -_stuckGyroCounts)
                            {
                                bad |= FaultStuck;
                            }
                        }
                    }
                    else
                    {
                        _sameRun = 0;
                    }
                }
            }
            _havePrevious = true;
            _lastMs = timeMs;
            _ax = ax; _ay = ay; _az = az; _gx = gx; _gy = gy; _gz = gz;

            _faultStarted = false;
            if (bad != 0)
            {
                _faults |= bad;
                _cleanRun = 0;
                if (!_faulted)
                {
                    _faulted = true;
                    _faultStarted = true;
                    _faultSpells++;
                }
                _faultySamples++;
                return true;
            }
            if (_faulted)
            {
                if (++_cleanRun < _quarantineSamples)
                {
                    _faultySamples++;
                    return true;
                }
                _faulted = false;
            }
            return false;
        }
    }
}
