namespace CalfMonitor.Core.Sensing
{
    /// <summary>
    /// Sensor-fault watch, one call per raw sample, allocation-free (docs/robustness.md).
    /// A sample is <b>faulty</b> — and <see cref="CalfPumpMonitor"/> keeps it from the detector,
    /// as if it had been lost — when:
    /// <list type="bullet">
    /// <item><b>saturation</b>: a gyro axis holds the rail (±32767 / −32768 counts) for
    /// <see cref="StuckMs"/>. Walking legs turn at up to ~800 °/s, but a running shank reaches
    /// the 2000 °/s rail for a sample or two (HuGaDB running: 1814 °/s): a moment at full scale is
    /// motion and goes to the detector; only a held rail is a fault. A saturated accelerometer alone
    /// (foot impacts can exceed 8 g) is counted but not faulty.</item>
    /// <item><b>garbage</b>: a gyro axis jumps by more than <see cref="MaxGyroJumpDps"/> from the
    /// previous sample to a magnitude at least as large (random int16 bursts nearly always do; a
    /// jump to a smaller rate is a rotation stopped or turned back by an impact, see
    /// <see cref="MaxGyroJumpDps"/>).</item>
    /// <item><b>stuck</b>: the three gyro axes repeat exactly for <see cref="StuckMs"/> while it reads
    /// more than <see cref="StuckMinGyroDps"/> (a live MPU6050 always has a few counts of noise;
    /// a stuck reading near zero rate cannot cause counts and is only reported).</item>
    /// </list>
    /// A fault lasts until <see cref="QuarantineMs"/> of clean samples have followed it, so the
    /// odd plausible-looking sample inside a burst does not reach the detector. Dropouts (time
    /// gaps) are found by the monitor (<see cref="CalfPumpMonitor.Gaps"/>), which tells this
    /// watch (<see cref="OnGap"/>): they are reported here too, and the first sample after a gap
    /// is not compared with the last one before it.
    /// </summary>
    public sealed class SensorHealth
    {
        /// <summary>Largest plausible rise of one gyro axis between two samples, °/s: random int16
        /// bursts nearly always jump further, and from a plausible reading mostly up (a reading
        /// at rest can only jump up; within a burst the next sample jumps again). An impact can
        /// stop or turn back a fast rotation within one sample — a running shank at foot strike
        /// falls from 1000 °/s to near zero (HuGaDB running) — so a jump to a smaller magnitude on
        /// that axis is not garbage (before, such samples were held back: running cadence error
        /// 1.8 % instead of 0.8 %, docs/validation.md). A loose mount that rings at impact still
        /// jumps up by more than this (IPOL `11-1`) and is held back.</summary>
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

        /// <summary>Largest magnitude below the rail, counts: a reading is off the rail when it
        /// lies in [−RailFree, RailFree], tested as one unsigned comparison of reading + RailFree
        /// against 2 × RailFree (a value below the range wraps to a huge unsigned one).</summary>
        private const int RailFree = Rail - 1;

        /// <summary>Calm-box offset while the fast path is closed: reading + int.MinValue lies
        /// 2^31 − 32768 or more from 0 for any int16 reading, far outside the calm box.</summary>
        private const int NotSteady = int.MinValue;

        /// <summary>Half the side of the fast path's accelerometer box, counts: a reading in
        /// [−AccelBoxHalf, AccelBoxHalf) is off the rail (±4 g at the firmware's ±8 g, more than a
        /// seated or walking shank reads). A power of two, so the three axes are tested at once: each
        /// offset reading lies in [0, 2 × AccelBoxHalf) exactly when their OR does. A reading
        /// outside the box is tested against the rail itself.</summary>
        private const int AccelBoxHalf = 16384;

        private readonly int _jumpCounts;
        private readonly int _stuckGyroCounts;
        private readonly int _stuckSamples;
        private readonly int _quarantineSamples;
        // Calm gyro box, counts: a reading g is calm when g + _calmHalf lies in [0, _calmBox).
        // _calmHalf is the largest power of two within half the jump limit (and below the rail),
        // _calmBox twice that: two calm readings in a row differ by less than the jump limit and
        // neither is at the rail. A power of two, so the three axes are tested at once (each
        // offset reading lies in [0, _calmBox) exactly when their OR does). At the firmware's
        // ±2000 °/s the box is ±8192 counts (499 °/s; half the jump limit is 8200); at ±250 and
        // ±500 °/s it is ±16384 counts (125 and 250 °/s), and faster readings take the full check,
        // whose outcome is the same.
        private readonly int _calmHalf, _calmBox;

        private bool _restart = true;
        // _calmHalf while the last sample was clean and calm, no fault, rail run or repetition
        // run is under way and no gap came since (the next sample may take Check's fast path);
        // otherwise NotSteady, an offset that moves every int16 reading out of the calm box,
        // so the fast path's first test also tells whether it may be taken.
        private int _calmOffset = NotSteady;
        private int _gx, _gy, _gz;
        private int _sameRun;
        private int _railRun;
        private int _cleanRun;
        private bool _faulted;
        private bool _faultBegan;
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
            int calmLimit = _jumpCounts / 2 < RailFree ? _jumpCounts / 2 : RailFree;
            _calmHalf = 1;
            while (_calmHalf * 2 <= calmLimit) _calmHalf *= 2;
            _calmBox = 2 * _calmHalf;
        }

        /// <summary>True while a fault lasts (the current sample is kept from the detector).</summary>
        public bool Faulted { get { return _faulted; } }

        /// <summary>The last sample <see cref="Check"/> found faulty began a fault (the samples
        /// before it are still good: the monitor detects in its look-ahead and starts over).</summary>
        public bool FaultBegan { get { return _faultBegan; } }

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

        /// <summary>A dropout (time gap, clock step back) was seen by the monitor: the next
        /// sample is not compared with the last one.</summary>
        public void OnGap()
        {
            _dropouts++;
            _faults |= FaultDropout;
            _restart = true;
            _calmOffset = NotSteady;
        }

        /// <summary>Whether an axis that jumped from <paramref name="was"/> to <paramref name="now"/>
        /// ended at a magnitude at least as large (garbage's jump); a smaller one is a rotation an
        /// impact stopped or turned back (see <see cref="MaxGyroJumpDps"/>). Called only on a jump.</summary>
        private static bool Rises(int now, int was)
        {
            return (now < 0 ? -now : now) >= (was < 0 ? -was : was);
        }

        /// <summary>Checks one raw sample: true when it is clean, false when it is faulty (kept from
        /// the detector; <see cref="FaultBegan"/> tells whether it began a fault). Written for
        /// nanoCLR's per-instruction cost: a clean sample of a limb that is not turning fast takes
        /// the fast path, about 50 IL instructions.</summary>
        public bool Check(int ax, int ay, int az, int gx, int gy, int gz)
        {
            // Fast path, exactly the full check's outcome: the last sample was steady and this one
            // is calm on every gyro axis (within the calm box: less than the jump limit from the
            // last, below the rail), so no axis can have jumped or reached the rail; what remains
            // is the accelerometer rail and an exact repetition. Each box is one unsigned
            // comparison of the three offset readings' OR.
            int calm = _calmOffset;
            if ((uint)((gx + calm) | (gy + calm) | (gz + calm)) < (uint)_calmBox
                && ((uint)((ax + AccelBoxHalf) | (ay + AccelBoxHalf) | (az + AccelBoxHalf)) < 2 * AccelBoxHalf
                    || (uint)(ax + RailFree) <= 2 * RailFree && (uint)(ay + RailFree) <= 2 * RailFree && (uint)(az + RailFree) <= 2 * RailFree))
            {
                if (gx != _gx || gy != _gy || gz != _gz)
                {
                    _gx = gx;
                    _gy = gy;
                    _gz = gz;
                    return true;
                }
                // An exact repetition after a steady sample (quantised noise at rest does this
                // now and then): a run of one, far from stuck; the next sample takes the full
                // check, which ends or continues the run.
                _sameRun = 1;
                _calmOffset = NotSteady;
                return true;
            }
            _calmOffset = NotSteady;

            // Full check.
            int bad = 0;
            if (gx >= Rail || gx <= -Rail || gy >= Rail || gy <= -Rail || gz >= Rail || gz <= -Rail)
            {
                // A moment at full scale is real motion faster than the range (a running shank
                // clips for a sample or two at ±2000 °/s): only a rail held for the stuck time is a
                // fault; the clipped samples before that go to the detector as they are.
                _saturatedSamples++;
                if (++_railRun >= _stuckSamples) bad = FaultSaturation;
            }
            else
            {
                _railRun = 0;
            }
            if (ax >= Rail || ax <= -Rail || ay >= Rail || ay <= -Rail || az >= Rail || az <= -Rail)
            {
                _accelSaturatedSamples++;
                _faults |= FaultAccelSaturation;
            }
            if (_restart)
            {
                _restart = false;
                _sameRun = 0;
            }
            else
            {
                int j = _jumpCounts;
                int dx = gx - _gx;
                int dy = gy - _gy;
                int dz = gz - _gz;
                if ((dx > j || dx < -j) && Rises(gx, _gx) || (dy > j || dy < -j) && Rises(gy, _gy)
                    || (dz > j || dz < -j) && Rises(gz, _gz))
                {
                    bad |= FaultGarbage;
                    _garbageSamples++;
                }
                if (dx == 0 && dy == 0 && dz == 0)
                {
                    // The gyro repeats exactly: a live sensor's noise never does for long.
                    if (++_sameRun >= _stuckSamples)
                    {
                        _stuckSamplesSeen++;
                        _faults |= FaultStuck;
                        int s = _stuckGyroCounts;
                        if (gx > s || gx < -s || gy > s || gy < -s || gz > s || gz < -s) bad |= FaultStuck;
                    }
                }
                else
                {
                    _sameRun = 0;
                }
            }
            _gx = gx;
            _gy = gy;
            _gz = gz;

            if (bad != 0)
            {
                _faults |= bad;
                _cleanRun = 0;
                _faultySamples++;
                _faultBegan = !_faulted;
                if (_faulted) return false;
                _faulted = true;
                _faultSpells++;
                return false;
            }
            if (_faulted)
            {
                if (++_cleanRun < _quarantineSamples)
                {
                    _faultySamples++;
                    _faultBegan = false;
                    return false;
                }
                _faulted = false;
            }
            int half = _calmHalf;
            if (_railRun == 0 && _sameRun == 0 && (uint)((gx + half) | (gy + half) | (gz + half)) < (uint)_calmBox)
            {
                _calmOffset = half;
            }
            return true;
        }
    }
}
