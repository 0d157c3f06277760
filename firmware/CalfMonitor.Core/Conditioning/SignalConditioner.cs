using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Core.Conditioning
{
    /// <summary>
    /// Stage 1: turns raw MPU6050 counts into one signal, the limb's angular rate in its sagittal
    /// (plantar/dorsiflexion) plane, in gyro counts. Integer arithmetic, no allocation.
    /// <list type="number">
    /// <item>Gyro bias: every half-second block in which the gyro stays within
    /// <see cref="StillGyroTenthsDps"/> of its first reading is a still block; that first reading
    /// stands for the block and pulls the bias estimate, a running average over still blocks
    /// (zero-rate offsets of an MPU6050 reach ±20 °/s and drift with temperature). The first
    /// still block's bias also serves that block's own samples.</item>
    /// <item>Sagittal axis: the unit vector along which the bias-free gyro has the most energy —
    /// the principal eigenvector of the gyro's covariance, kept as a block-wise exponential
    /// average and tracked by power iteration at each block end. Walking, stairs, pedalling and
    /// ankle pumps all rotate the shank and foot mostly about the medio-lateral axis, so any
    /// rotation of the board about the limb is found rather than assumed.</item>
    /// <item>Look-ahead: each sample is projected one block after it arrived, with the axis learnt
    /// from the block that contains it (a block's last sample, from the block after it). The first push-off after sitting or standing still is
    /// thereby measured about the axis it turned about, not about whatever noise suggested; the
    /// price is a fixed half-second latency of every event, which a minute-scale monitor does not
    /// notice. Events carry the time of the sample they happened at.</item>
    /// <item>The axis is known up to its sign; the sign is kept continuous here and decided by
    /// the detector, which sees the gait cycle (<see cref="Detection.PlantarflexionDetector"/>);
    /// <see cref="NewAxis"/> (<see cref="OutputNewAxis"/> from the overload with an out parameter)
    /// tells it when the axis had to be found afresh.</item>
    /// <item>Gravity: the accelerometer at each block's end, for posture decisions (used when the
    /// block was still).</item>
    /// </list>
    /// Band limiting is done by the MPU6050's own low-pass filter (DLPF) before sampling, and by the
    /// detector's leaky integration after it (docs/algorithm.md).
    /// </summary>
    public sealed class SignalConditioner
    {
        /// <summary>Largest change of the gyro, summed over the three axes, within a block that
        /// still counts as "not moving", tenths of °/s (1.5 °/s). MPU6050 noise is about 0.05 °/s
        /// rms per axis; a 2° ankle movement at 0.2 Hz already turns at 1.3 °/s and must not be
        /// learnt as bias, or the bias error would later inflate slow movements.</summary>
        public const int StillGyroTenthsDps = 15;

        /// <summary>Right shift of the bias update: each still block moves the estimate a quarter
        /// of the way, so one odd block cannot throw it.</summary>
        public const int BiasUpdateShift = 2;

        /// <summary>Length of a block, ms: the unit of bias, axis and gravity updates, and the
        /// look-ahead of the projection. Half a second holds a push-off and most of a swing.</summary>
        public const int BlockMs = 500;

        /// <summary>Right shift of the covariance average: each block weighs 1/8, a memory of about
        /// 4 s of movement — a new walk re-orients the axis within a few strides, a U-turn does not
        /// erase what the straight walk taught.</summary>
        public const int CovarianceUpdateShift = 3;

        /// <summary>Gyro counts are shifted down by this before squaring, so one block's sums fit
        /// an int at every supported rate and range: a bias-free window mean is at most 32768 +
        /// 30 °/s of bias in counts (2293 after the shift at ±250 °/s), and five of them squared are
        /// under 2^27 (the shift was sized for 100 single samples per block, which fit too).</summary>
        public const int CovarianceInputShift = 4;

        /// <summary>The axis is learnt from the gyro averaged over windows this long, ms, not from
        /// single samples. A plantarflexion turns the limb at 1–4 Hz, which a 100 ms mean keeps
        /// (94 % at 2 Hz, 86 % at 3 Hz); an impact's ringing on a loosely worn board (≈16 Hz, up to
        /// ±500 °/s at every heel strike on IPOL 11-1's left foot) carries large rates but little
        /// angle, and the mean keeps a fifth of its amplitude, a twentieth of the energy the
        /// covariance weighs (none at 10 and 20 Hz). Learnt from samples, that ringing took the axis.
        /// It is also the detector's view: it integrates the rate into an angle.</summary>
        public const int AxisWindowMs = 100;

        /// <summary>Windows per block (<see cref="BlockMs"/> / <see cref="AxisWindowMs"/>).</summary>
        public const int AxisWindowsPerBlock = BlockMs / AxisWindowMs;

        /// <summary>Smallest rms rotation rate of a block that may teach the axis, °/s: a 10° ankle
        /// pump at 0.2 Hz turns at 4.4 °/s rms; sensor noise is 0.05 °/s and a quietly seated leg
        /// sways at a few °/s.</summary>
        public const int MinAxisMotionDps = 4;

        /// <summary>Largest gyro bias accepted, °/s: the MPU6050's zero-rate offset is specified
        /// at ±20 °/s; a "still" reading beyond this is a stuck or saturated sensor, not bias.</summary>
        public const int MaxGyroBiasDps = 30;

        /// <summary>Unit vectors are Q14 fixed point: 16384 = 1.0.</summary>
        public const int UnitQ14 = 16384;

        private readonly int _blockSamples;

        // Look-ahead delay line: raw gyro and time of the last block's samples. The slot at
        // _lineHead holds the sample of one block ago, and _lineHead is also the position in the
        // current block (block and line have the same length), so the line holds exactly the
        // block just ended when it ends.
        private readonly int[] _lineX, _lineY, _lineZ, _lineT;
        private int _lineHead;
        private int _lineUnfilled;
        private int _outputTimeMs;
        private bool _newAxis;
        // The rate that left the line with the news of a new axis (see NewAxis).
        private int _newAxisRate;
        // Condition's short path serves the heads below this: the block's last position while
        // the line is full and no new axis is to be reported, else 0 (every sample takes the
        // general path). Updated only where those change, so the short path tests one thing.
        private int _shortPathEnd;
        private readonly int _stillLimitCounts;
        // Side of the still test's quick box, counts: a power of two small enough that a reading
        // within the box on all three axes is within the still limit (3 × half a side ≤ the
        // limit); 0 when the limit is too small for any box.
        private readonly int _stillBox;
        private readonly int _maxBias16;
        private readonly int _minAxisEnergy;

        // Gyro bias, counts ×16 (Q4), and whether one still block has been seen.
        private int _biasX16, _biasY16, _biasZ16;
        private bool _biasKnown;

        // The line holds raw readings; a sample's bias is the one in force while its block was
        // taken, removed after projection as the axis · bias product (integer sums, so the result
        // is the same as projecting the bias-free reading). _lastBlockBias: bias of the block that
        // ended last, counts; _outBias: axis · bias of the samples leaving the line now;
        // _nextOutBias: axis · _lastBlockBias, in force from the next block's first sample.
        private int _lastBlockBiasX, _lastBlockBiasY, _lastBlockBiasZ;
        private int _outBias, _nextOutBias;

        // Current block: its first raw reading (the still test's reference), the low corner of
        // the quick box around it, and the still flag.
        private int _refRawX, _refRawY, _refRawZ;
        private int _boxLowX, _boxLowY, _boxLowZ;
        private bool _blockStill;

        // Block-averaged covariance (block sums of up to 2^25; long for the power step's products
        // with the Q14 axis).
        private long _cxx, _cyy, _czz, _cxy, _cxz, _cyz;

        // Sagittal axis, Q14 unit vector.
        private int _ux, _uy, _uz;

        // Gravity: the accelerometer at the last block's end, counts.
        private int _gravX, _gravY, _gravZ;
        private bool _stillNow;

        /// <summary>Prepares the stage for one sensor configuration.</summary>
        public SignalConditioner(SensorConfig sensor)
        {
            int countsPer10Dps = sensor.GyroCountsPer10Dps;
            _blockSamples = sensor.SampleRateHz * BlockMs / 1000;
            _lineX = new int[_blockSamples];
            _lineY = new int[_blockSamples];
            _lineZ = new int[_blockSamples];
            _lineT = new int[_blockSamples];
            _stillLimitCounts = StillGyroTenthsDps * countsPer10Dps / 100;
            if (_stillLimitCounts >= 3)
            {
                int half = 1;
                while (3 * half * 2 <= _stillLimitCounts) half *= 2;
                _stillBox = 2 * half;
            }
            _maxBias16 = MaxGyroBiasDps * countsPer10Dps * 16 / 10;
            // Block sum, over its window means, of squared (counts >> CovarianceInputShift) at that
            // rms rate.
            int minRms = (MinAxisMotionDps * countsPer10Dps / 10) >> CovarianceInputShift;
            if (minRms < 1) minRms = 1;
            _minAxisEnergy = minRms * minRms * AxisWindowsPerBlock;
            Reset();
        }

        /// <summary>Forgets everything learned: bias, axis, gravity.</summary>
        public void Reset()
        {
            _biasX16 = _biasY16 = _biasZ16 = 0;
            _biasKnown = false;
            _lastBlockBiasX = _lastBlockBiasY = _lastBlockBiasZ = 0;
            _outBias = _nextOutBias = 0;
            _cxx = _cyy = _czz = _cxy = _cxz = _cyz = 0;
            // No prior about the mounting: until movement teaches the axis, all three board axes
            // weigh the same ((1, 1, 1)/√3 in Q14), so no way of wearing the board is favoured.
            _ux = 9459; _uy = 9459; _uz = 9459;
            _gravX = _gravY = _gravZ = 0;
            _stillNow = false;
            _lineHead = 0;
            _lineUnfilled = _blockSamples;
            _newAxis = false;
            _shortPathEnd = 0;
        }

        /// <summary>Samples held back by the look-ahead (one block's worth once full).</summary>
        public int LookAheadSamples { get { return _blockSamples; } }

        /// <summary>Samples waiting in the look-ahead line.</summary>
        public int Pending { get { return _blockSamples - _lineUnfilled; } }

        /// <summary>Time of the sample whose rate <see cref="Condition(int, int, int, int, int, int, int)"/> (either form) or
        /// <see cref="Drain"/> returned last.</summary>
        public int OutputTimeMs { get { return _outputTimeMs; } }

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

        /// <summary>Acceleration at the last block's end (gravity when still), counts.</summary>
        public int GravityX { get { return _gravX; } }

        /// <summary>Acceleration at the last block's end, counts.</summary>
        public int GravityY { get { return _gravY; } }

        /// <summary>Acceleration at the last block's end, counts.</summary>
        public int GravityZ { get { return _gravZ; } }

        /// <summary>True when the last complete block was still.</summary>
        public bool IsStill { get { return _stillNow; } }

        /// <summary><see cref="Condition(int, int, int, int, int, int, int, out int)"/>: no sample left the look-ahead
        /// line yet.</summary>
        public const int NoOutput = 0;

        /// <summary><see cref="Condition(int, int, int, int, int, int, int, out int)"/>: a sample left the line; its rate
        /// is in the out parameter.</summary>
        public const int Output = 1;

        /// <summary><see cref="Condition(int, int, int, int, int, int, int, out int)"/>: as <see cref="Output"/>, and the
        /// axis was found afresh since the last output (its sign is arbitrary until the detector
        /// re-orients it).</summary>
        public const int OutputNewAxis = 2;

        /// <summary><see cref="Condition(int, int, int, int, int, int, int)"/>: no sample left the look-ahead line yet.
        /// A rate is a sum shifted right by 14 bits, so it always lies in [−2^17, 2^17): no rate is
        /// ever this.</summary>
        public const int NoRate = int.MinValue;

        /// <summary><see cref="Condition(int, int, int, int, int, int, int)"/>: a sample left the line and the axis
        /// was found afresh since the last output (its sign is arbitrary until the detector
        /// re-orients it); its rate is <see cref="NewAxisRate"/>. Never a rate either (see
        /// <see cref="NoRate"/>).</summary>
        public const int NewAxis = int.MinValue + 1;

        /// <summary>The rate of the sample that left the line when
        /// <see cref="Condition(int, int, int, int, int, int, int)"/> returned <see cref="NewAxis"/>.</summary>
        public int NewAxisRate { get { return _newAxisRate; } }

        /// <summary>
        /// Takes one sample and returns <see cref="NoOutput"/>, <see cref="Output"/> or
        /// <see cref="OutputNewAxis"/>. With an output, the sagittal angular rate of the sample
        /// leaving the look-ahead line (gyro counts, sign as the axis's, which the detector orients)
        /// is in <paramref name="rate"/> and its time in <see cref="OutputTimeMs"/>. The same as
        /// <see cref="Condition(int, int, int, int, int, int, int)"/> (what the monitor calls), with the outcome
        /// spelt out.
        /// </summary>
        public int Condition(int timeMs, int ax, int ay, int az, int gx, int gy, int gz, out int rate)
        {
            int r = Condition(timeMs, ax, ay, az, gx, gy, gz);
            if (r == NoRate)
            {
                rate = 0;
                return NoOutput;
            }
            if (r == NewAxis)
            {
                rate = _newAxisRate;
                return OutputNewAxis;
            }
            rate = r;
            return Output;
        }

        /// <summary>
        /// Takes one sample and returns the sagittal angular rate of the sample leaving the
        /// look-ahead line (gyro counts, sign as the axis's, which the detector orients; its time
        /// in <see cref="OutputTimeMs"/>), or, rarely, <see cref="NoRate"/> (nothing left the line
        /// yet) or <see cref="NewAxis"/> (the rate is in <see cref="NewAxisRate"/>). What the monitor
        /// calls for every clean sample: the usual outcome, a rate, needs no second result to test.
        /// </summary>
        public int Condition(int timeMs, int ax, int ay, int az, int gx, int gy, int gz)
        {
            int head = _lineHead;
            if (head == 0)
            {
                // A block begins: its first reading is the still test's reference, and the
                // samples leaving the line from now on are those of the block that just ended.
                _refRawX = gx; _refRawY = gy; _refRawZ = gz;
                int half = _stillBox >> 1;
                _boxLowX = gx - half; _boxLowY = gy - half; _boxLowZ = gz - half;
                _blockStill = true;
                _outBias = _nextOutBias;
            }
            else if (_blockStill
                && (uint)((gx - _boxLowX) | (gy - _boxLowY) | (gz - _boxLowZ)) >= (uint)_stillBox)
            {
                // Outside the quick box (a reading inside it, on all three axes at once — the OR
                // of non-negative offsets below a power of two stays below it — is within the
                // limit): the exact test. The bias is the same for the whole block, so raw
                // differences are bias-free ones.
                int dx = gx - _refRawX, dy = gy - _refRawY, dz = gz - _refRawZ;
                if (dx < 0) dx = -dx;
                if (dy < 0) dy = -dy;
                if (dz < 0) dz = -dz;
                if (dx + dy + dz > _stillLimitCounts) _blockStill = false;
            }

            if (head < _shortPathEnd)
            {
                // Short path: not the block's last sample, the line full, nothing to report. The
                // sample a block old leaves the line (projected with the axis in force), the new
                // one takes its slot. Exactly the general path below for this case.
                _lineHead = head + 1;
                _outputTimeMs = _lineT[head];
                int rate = (_ux * _lineX[head] + _uy * _lineY[head] + _uz * _lineZ[head] - _outBias) >> 14;
                _lineX[head] = gx; _lineY[head] = gy; _lineZ[head] = gz; _lineT[head] = timeMs;
                return rate;
            }

            // General path: swap the new sample into the delay line (the one it replaces is a
            // block old); at the block's end learn from the block before the leaving sample is
            // projected, so it is projected with the axis just learnt.
            int ox = _lineX[head], oy = _lineY[head], oz = _lineZ[head], ot = _lineT[head];
            _lineX[head] = gx; _lineY[head] = gy; _lineZ[head] = gz; _lineT[head] = timeMs;
            if (++head == _blockSamples)
            {
                head = 0;
                EndBlock(ax, ay, az);
            }
            _lineHead = head;

            int result;
            if (_lineUnfilled != 0)
            {
                _lineUnfilled--;
                result = NoRate;
            }
            else
            {
                _outputTimeMs = ot;
                result = (_ux * ox + _uy * oy + _uz * oz - _outBias) >> 14;
                if (_newAxis)
                {
                    _newAxisRate = result;
                    result = NewAxis;
                    _newAxis = false;
                }
            }
            _shortPathEnd = _lineUnfilled == 0 && !_newAxis ? _blockSamples - 1 : 0;
            return result;
        }

        /// <summary>Releases the oldest sample of the look-ahead line, e.g. before a gap, and
        /// returns its sagittal rate (time in <see cref="OutputTimeMs"/>). Call only while
        /// <see cref="Pending"/> &gt; 0.</summary>
        public int Drain()
        {
            int head = _lineHead;
            int i = head - (_blockSamples - _lineUnfilled);
            if (i < 0) i += _blockSamples;
            _lineUnfilled++;
            _shortPathEnd = 0;
            _outputTimeMs = _lineT[i];
            // Slots from the head on hold the last ended block; those before it, the current one.
            int bias = i >= head ? _nextOutBias
                : _ux * (_biasX16 >> 4) + _uy * (_biasY16 >> 4) + _uz * (_biasZ16 >> 4);
            return (_ux * _lineX[i] + _uy * _lineY[i] + _uz * _lineZ[i] - bias) >> 14;
        }

        private void EndBlock(int ax, int ay, int az)
        {
            // Gravity: the accelerometer at the block's end. Posture uses it only when the block
            // was still, and then every sample reads gravity to within the sensor noise (~4 mg);
            // reading one sample a block instead of summing all keeps the per-sample path short.
            _gravX = ax; _gravY = ay; _gravZ = az;
            _stillNow = _blockStill;

            // The bias this block's samples were taken with, counts.
            int bx = _biasX16 >> 4, by = _biasY16 >> 4, bz = _biasZ16 >> 4;
            if (_blockStill)
            {
                // Raw gyro of a still block, ×16: every sample lay within the still limit of the
                // first, so the first stands for the block; the running average over blocks
                // below smooths its noise (0.05 °/s rms).
                int mx = _refRawX * 16, my = _refRawY * 16, mz = _refRawZ * 16;
                int max = _maxBias16;
                if (mx > max || mx < -max || my > max || my < -max || mz > max || mz < -max)
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
                    // The first bias also serves the block that taught it: its samples, still in
                    // the line, were taken with no bias known, and would otherwise turn a real
                    // chip's offset (up to 20 °/s) into half a second of rotation — an angle the
                    // detector would carry for seconds, into the first step.
                    bx = mx >> 4; by = my >> 4; bz = mz >> 4;
                }
            }
            else
            {
                // Only blocks with real movement teach the axis: while the limb rests, the axis
                // learnt from the last walk or exercise is kept (and with it the orientation the
                // detector gave it), instead of drifting to whatever direction sensor noise or sway
                // favours. A still block never teaches it, so its covariance is summed here, from
                // the line (which holds exactly this block), and only for a moving block: over the
                // means of its AxisWindowsPerBlock windows, whose edges lie at n·w/windows (a block
                // that does not divide evenly, 12 samples at 25 Hz, gets windows of 2 and 3).
                int[] lx = _lineX, ly = _lineY, lz = _lineZ;
                int sxx = 0, syy = 0, szz = 0, sxy = 0, sxz = 0, syz = 0;
                int n = lx.Length, start = 0;
                for (int w = 1; w <= AxisWindowsPerBlock; w++)
                {
                    int end = n * w / AxisWindowsPerBlock;
                    int wx = 0, wy = 0, wz = 0;
                    for (int i = start; i < end; i++)
                    {
                        wx += lx[i]; wy += ly[i]; wz += lz[i];
                    }
                    int count = end - start;
                    start = end;
                    if (count == 0) continue;
                    int sx = (wx / count - bx) >> CovarianceInputShift;
                    int sy = (wy / count - by) >> CovarianceInputShift;
                    int sz = (wz / count - bz) >> CovarianceInputShift;
                    sxx += sx * sx; syy += sy * sy; szz += sz * sz;
                    sxy += sx * sy; sxz += sx * sz; syz += sy * sz;
                }
                if (sxx + syy + szz >= _minAxisEnergy)
                {
                    _cxx += (sxx - _cxx) >> CovarianceUpdateShift;
                    _cyy += (syy - _cyy) >> CovarianceUpdateShift;
                    _czz += (szz - _czz) >> CovarianceUpdateShift;
                    _cxy += (sxy - _cxy) >> CovarianceUpdateShift;
                    _cxz += (sxz - _cxz) >> CovarianceUpdateShift;
                    _cyz += (syz - _cyz) >> CovarianceUpdateShift;
                    // Two power-iteration steps a block: the sagittal axis carries several times
                    // the energy of the other two in every movement we count, so this converges
                    // in seconds.
                    PowerStep();
                    PowerStep();
                }
            }

            // The sample leaving the line in this call is the previous block's last: its bias is
            // that block's, its axis the one just learnt. From the next call on, this block's
            // samples leave.
            int ux = _ux, uy = _uy, uz = _uz;
            _outBias = ux * _lastBlockBiasX + uy * _lastBlockBiasY + uz * _lastBlockBiasZ;
            _nextOutBias = ux * bx + uy * by + uz * bz;
            _lastBlockBiasX = bx; _lastBlockBiasY = by; _lastBlockBiasZ = bz;
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
                _newAxis = true;
                if (_cxx >= _cyy && _cxx >= _czz) { vx = _cxx; vy = _cxy; vz = _cxz; }
                else if (_cyy >= _czz) { vx = _cxy; vy = _cyy; vz = _cyz; }
                else { vx = _cxz; vy = _cyz; vz = _czz; }
                // Keep the sign continuous: the detector has oriented the current one.
                if ((vx >> 14) * _ux + (vy >> 14) * _uy + (vz >> 14) * _uz < 0)
                {
                    vx = -vx; vy = -vy; vz = -vz;
                }
            }
            // The largest magnitude, written out (twice a moving block's end: a call each would
            // cost more than the comparison).
            long max = vx < 0 ? -vx : vx;
            long my = vy < 0 ? -vy : vy;
            if (my > max) max = my;
            long mz = vz < 0 ? -vz : vz;
            if (mz > max) max = mz;
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
    }
}
