using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Core.Conditioning
{
    /// <summary>
    /// Stage 1: turns raw MPU6050 counts into one signal, the limb's angular rate in its sagittal
    /// (plantar/dorsiflexion) plane, in gyro counts. Integer arithmetic, no allocation.
    /// <list type="number">
    /// <item>Gyro bias: every one-second block in which the gyro stays within
    /// <see cref="StillGyroDps"/> of its first reading is a still block; its mean pulls the bias
    /// estimate (zero-rate offsets of an MPU6050 reach ±20 °/s and drift with temperature).</item>
    /// <item>Sagittal axis: the unit vector along which the bias-free gyro has the most energy —
    /// the principal eigenvector of the gyro's covariance, kept as a one-second-block exponential
    /// average and tracked by power iteration once per block. Walking, stairs, pedalling and ankle
    /// pumps all rotate the shank and foot mostly about the medio-lateral axis, so any rotation of
    /// the board about the limb is found rather than assumed.</item>
    /// <item>Axis sign: forward swing is the fastest rotation of a gait cycle, so the sign is
    /// chosen to make the larger per-block peak positive (toe-up / forward swing positive). Only
    /// the timing within a cycle depends on it, never the count.</item>
    /// <item>Gravity: the per-block mean of the accelerometer, for posture decisions.</item>
    /// </list>
    /// Band limiting is done by the MPU6050's own low-pass filter (DLPF) before sampling, and by the
    /// detector's leaky integration after it (docs/algorithm.md).
    /// </summary>
    public sealed class SignalConditioner
    {
        /// <summary>Largest change of any gyro axis, summed over the three axes, within a block
        /// that still counts as "not moving", °/s. MPU6050 noise is about 0.05 °/s rms; a seated
        /// person's shin wanders 0.2–6 °/s, which is movement, not bias.</summary>
        public const int StillGyroDps = 3;

        /// <summary>Right shift of the bias update: each still block moves the estimate a quarter
        /// of the way, so one odd block cannot throw it.</summary>
        public const int BiasUpdateShift = 2;

        /// <summary>Right shift of the covariance average: each block weighs 1/8, a memory of about
        /// 8 s of movement — a new walk re-orients the axis within a few strides.</summary>
        public const int CovarianceUpdateShift = 3;

        /// <summary>Gyro counts are shifted down by this before squaring, so one block's sums fit
        /// an int even at 1 kHz (2^11 squared × 1000 &lt; 2^31).</summary>
        public const int CovarianceInputShift = 4;

        /// <summary>Smallest gyro peak-to-peak within a block for the block to vote on the axis
        /// sign, °/s: below that the block holds no gait cycle.</summary>
        public const int SignVotePeakToPeakDps = 100;

        /// <summary>The sign vote must lean this far (°/s of mean peak imbalance) before the axis
        /// flips, so symmetric movements such as ankle pumps never flip it back and forth.</summary>
        public const int SignFlipMarginDps = 40;

        /// <summary>Largest gyro bias accepted, °/s: the MPU6050's zero-rate offset is specified
        /// at ±20 °/s; a "still" reading beyond this is a stuck or saturated sensor, not bias.</summary>
        public const int MaxGyroBiasDps = 30;

        /// <summary>Unit vectors are Q14 fixed point: 16384 = 1.0.</summary>
        public const int UnitQ14 = 16384;

        private readonly int _blockSamples;
        private readonly int _stillLimitCounts;
        private readonly int _signVoteCounts;
        private readonly int _signMarginCounts;
        private readonly int _maxBias16;

        // Gyro bias, counts ×16 (Q4), and whether one still block has been seen.
        private int _biasX16, _biasY16, _biasZ16;
        private bool _biasKnown;

        // Current block: sample count, first bias-free reading, sums, still flag, peaks.
        private int _n;
        private int _refX, _refY, _refZ;
        private bool _blockStill;
        private int _sumGx, _sumGy, _sumGz;
        private int _sumAx, _sumAy, _sumAz;
        private int _sxx, _syy, _szz, _sxy, _sxz, _syz;
        private int _peakPos, _peakNeg;

        // Block-averaged covariance (long: sums of up to 2^22 × rate).
        private long _cxx, _cyy, _czz, _cxy, _cxz, _cyz;

        // Sagittal axis, Q14 unit vector, and the sign vote (counts, block average of peak sums).
        private int _ux, _uy, _uz;
        private int _signVote;

        // Gravity: last block's mean acceleration, counts.
        private int _gravX, _gravY, _gravZ;
        private bool _stillNow;

        /// <summary>Prepares the stage for one sensor configuration.</summary>
        public SignalConditioner(SensorConfig sensor)
        {
            int countsPer10Dps = sensor.GyroCountsPer10Dps;
            _blockSamples = sensor.SampleRateHz;
            _stillLimitCounts = StillGyroDps * countsPer10Dps / 10;
            _signVoteCounts = SignVotePeakToPeakDps * countsPer10Dps / 10;
            _signMarginCounts = SignFlipMarginDps * countsPer10Dps / 10;
            _maxBias16 = MaxGyroBiasDps * countsPer10Dps * 16 / 10;
            Reset();
        }

        /// <summary>Forgets everything learned: bias, axis, gravity.</summary>
        public void Reset()
        {
            _biasX16 = _biasY16 = _biasZ16 = 0;
            _biasKnown = false;
            _cxx = _cyy = _czz = _cxy = _cxz = _cyz = 0;
            // Until movement says otherwise: the board's Y axis, the medio-lateral axis of the
            // nominal mounting (hardware/README.md).
            _ux = 0; _uy = UnitQ14; _uz = 0;
            _signVote = 0;
            _gravX = _gravY = _gravZ = 0;
            _stillNow = false;
            StartBlock();
        }

        /// <summary>Sagittal axis X component, Q14.</summary>
        public int AxisX { get { return _ux; } }

        /// <summary>Sagittal axis Y component, Q14.</summary>
        public int AxisY { get { return _uy; } }

        /// <summary>Sagittal axis Z component, Q14.</summary>
        public int AxisZ { get { return _uz; } }

        /// <summary>Gyro bias X, counts ×16.</summary>
        public int BiasX16 { get { return _biasX16; } }

        /// <summary>Gyro bias Y, counts ×16.</summary>
        public int BiasY16 { get { return _biasY16; } }

        /// <summary>Gyro bias Z, counts ×16.</summary>
        public int BiasZ16 { get { return _biasZ16; } }

        /// <summary>Mean acceleration of the last block (gravity when still), counts.</summary>
        public int GravityX { get { return _gravX; } }

        /// <summary>Mean acceleration of the last block, counts.</summary>
        public int GravityY { get { return _gravY; } }

        /// <summary>Mean acceleration of the last block, counts.</summary>
        public int GravityZ { get { return _gravZ; } }

        /// <summary>True when the last complete block was still.</summary>
        public bool IsStill { get { return _stillNow; } }

        /// <summary>
        /// Conditions one sample and returns the sagittal angular rate in gyro counts
        /// (positive = forward swing / toe up).
        /// </summary>
        public int Condition(int ax, int ay, int az, int gx, int gy, int gz)
        {
            int x = gx - (_biasX16 >> 4);
            int y = gy - (_biasY16 >> 4);
            int z = gz - (_biasZ16 >> 4);

            if (_n == 0)
            {
                _refX = x; _refY = y; _refZ = z;
            }
            else if (_blockStill)
            {
                int dx = x - _refX, dy = y - _refY, dz = z - _refZ;
                if (dx < 0) dx = -dx;
                if (dy < 0) dy = -dy;
                if (dz < 0) dz = -dz;
                if (dx + dy + dz > _stillLimitCounts) _blockStill = false;
            }

            _sumGx += gx; _sumGy += gy; _sumGz += gz;
            _sumAx += ax; _sumAy += ay; _sumAz += az;

            int sx = x >> CovarianceInputShift, sy = y >> CovarianceInputShift, sz = z >> CovarianceInputShift;
            _sxx += sx * sx; _syy += sy * sy; _szz += sz * sz;
            _sxy += sx * sy; _sxz += sx * sz; _syz += sy * sz;

            int rate = (_ux * x + _uy * y + _uz * z) >> 14;
            if (rate > _peakPos) _peakPos = rate;
            else if (rate < _peakNeg) _peakNeg = rate;

            if (++_n >= _blockSamples) EndBlock();
            return rate;
        }

        private void StartBlock()
        {
            _n = 0;
            _blockStill = true;
            _sumGx = _sumGy = _sumGz = 0;
            _sumAx = _sumAy = _sumAz = 0;
            _sxx = _syy = _szz = _sxy = _sxz = _syz = 0;
            _peakPos = _peakNeg = 0;
        }

        private void EndBlock()
        {
            int n = _n;
            _gravX = _sumAx / n; _gravY = _sumAy / n; _gravZ = _sumAz / n;
            _stillNow = _blockStill;

            if (_blockStill)
            {
                // Mean raw gyro of a still block, ×16.
                int mx = _sumGx * 16 / n, my = _sumGy * 16 / n, mz = _sumGz * 16 / n;
                if (!(InBias(mx) && InBias(my) && InBias(mz)))
                {
                    // A stuck or saturated sensor is "still" too: never learn it as bias.
                }
                else if (_biasKnown)
                {
                    _biasX16 += (mx - _biasX16) >> BiasUpdateShift;
                    _biasY16 += (my - _biasY16) >> BiasUpdateShift;
                    _biasZ16 += (mz - _biasZ16) >> BiasUpdateShift;
                }
                else
                {
                    _biasX16 = mx; _biasY16 = my; _biasZ16 = mz;
                    _biasKnown = true;
                }
            }

            _cxx += (_sxx - _cxx) >> CovarianceUpdateShift;
            _cyy += (_syy - _cyy) >> CovarianceUpdateShift;
            _czz += (_szz - _czz) >> CovarianceUpdateShift;
            _cxy += (_sxy - _cxy) >> CovarianceUpdateShift;
            _cxz += (_sxz - _cxz) >> CovarianceUpdateShift;
            _cyz += (_syz - _cyz) >> CovarianceUpdateShift;
            if (!_blockStill)
            {
                // Two power-iteration steps a second: the sagittal axis carries several times the
                // energy of the other two in every movement we count, so this converges in seconds.
                PowerStep();
                PowerStep();
                VoteSign();
            }
            StartBlock();
        }

        private void PowerStep()
        {
            long vx = _cxx * _ux + _cxy * _uy + _cxz * _uz;
            long vy = _cxy * _ux + _cyy * _uy + _cyz * _uz;
            long vz = _cxz * _ux + _cyz * _uy + _czz * _uz;
            // Rayleigh quotient of the current axis against the mean energy per axis: when the
            // axis holds less than a third of the energy, the movement turns about another axis
            // (or the axis was never learnt). Power iteration from a vector orthogonal to the
            // answer would never reach it, so restart from the covariance column of the most
            // energetic board axis.
            long rayleigh = (vx >> 14) * _ux + (vy >> 14) * _uy + (vz >> 14) * _uz;
            long trace = _cxx + _cyy + _czz;
            if (rayleigh * 3 < trace * UnitQ14)
            {
                if (_cxx >= _cyy && _cxx >= _czz) { vx = _cxx; vy = _cxy; vz = _cxz; }
                else if (_cyy >= _czz) { vx = _cxy; vy = _cyy; vz = _cyz; }
                else { vx = _cxz; vy = _cyz; vz = _czz; }
            }
            long max = Abs(vx);
            if (Abs(vy) > max) max = Abs(vy);
            if (Abs(vz) > max) max = Abs(vz);
            if (max == 0) return;
            // Scale to at most 2^28 so the squares below cannot overflow.
            while (max >= (1L << 28))
            {
                vx >>= 1; vy >>= 1; vz >>= 1; max >>= 1;
            }
            long norm = FixedMath.Sqrt(vx * vx + vy * vy + vz * vz);
            if (norm == 0) return;
            _ux = (int)(vx * UnitQ14 / norm);
            _uy = (int)(vy * UnitQ14 / norm);
            _uz = (int)(vz * UnitQ14 / norm);
        }

        private void VoteSign()
        {
            if (_peakPos - _peakNeg < _signVoteCounts) return;
            // Block average of (largest forward + largest backward) rate: positive when forward
            // swing dominates, as it does in every gait cycle.
            _signVote += (_peakPos + _peakNeg - _signVote) >> 2;
            if (_signVote < -_signMarginCounts)
            {
                _ux = -_ux; _uy = -_uy; _uz = -_uz;
                _signVote = -_signVote;
            }
        }

        private bool InBias(int value16)
        {
            return value16 <= _maxBias16 && value16 >= -_maxBias16;
        }

        private static long Abs(long v)
        {
            return v < 0 ? -v : v;
        }
    }
}
