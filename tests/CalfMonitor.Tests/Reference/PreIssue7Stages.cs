using CalfMonitor.Core;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Tests.Reference;

// The three per-sample stages as they were before issue #7 cut their IL per sample (commit
// 626f5cf, documentation comments left out): the reference that StageEquivalenceTests hold the
// optimised stages to, sample by sample. Do not optimise these; change them only together with a
// deliberate change of the stages' behaviour.

internal sealed class PreIssue7SensorHealth
{
    public const int MaxGyroJumpDps = 1000;

    public const int StuckMs = 100;

    public const int StuckMinGyroDps = 5;

    public const int QuarantineMs = 250;

    public const int FaultSaturation = 0x01, FaultGarbage = 0x02, FaultStuck = 0x04, FaultDropout = 0x08, FaultAccelSaturation = 0x10;

    public const int Clean = 0;
    public const int Faulty = 1;
    public const int FaultBegins = 2;

    private const int Rail = 32767;

    private readonly int _jumpCounts;
    private readonly int _stuckGyroCounts;
    private readonly int _stuckSamples;
    private readonly int _quarantineSamples;

    private bool _restart = true;
    private int _gx, _gy, _gz;
    private int _sameRun;
    private int _railRun;
    private int _cleanRun;
    private bool _faulted;
    private int _faults;
    private int _faultSpells, _faultySamples, _saturatedSamples, _garbageSamples, _stuckSamplesSeen, _accelSaturatedSamples, _dropouts;

    public PreIssue7SensorHealth(SensorConfig sensor)
    {
        _jumpCounts = MaxGyroJumpDps * sensor.GyroCountsPer10Dps / 10;
        _stuckGyroCounts = StuckMinGyroDps * sensor.GyroCountsPer10Dps / 10;
        _stuckSamples = sensor.SampleRateHz * StuckMs / 1000;
        if (_stuckSamples < 3) _stuckSamples = 3;
        _quarantineSamples = sensor.SampleRateHz * QuarantineMs / 1000;
        if (_quarantineSamples < 2) _quarantineSamples = 2;
    }

    public bool Faulted { get { return _faulted; } }

    public int Faults { get { return _faults; } }

    public int FaultSpells { get { return _faultSpells; } }

    public int FaultySamples { get { return _faultySamples; } }

    public int SaturatedSamples { get { return _saturatedSamples; } }

    public int GarbageSamples { get { return _garbageSamples; } }

    public int StuckSamples { get { return _stuckSamplesSeen; } }

    public int AccelSaturatedSamples { get { return _accelSaturatedSamples; } }

    public int Dropouts { get { return _dropouts; } }

    public void ClearFaults()
    {
        _faults = 0;
    }

    public void OnGap()
    {
        _dropouts++;
        _faults |= FaultDropout;
        _restart = true;
    }

    public int Check(int ax, int ay, int az, int gx, int gy, int gz)
    {
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
            if (dx > j || dx < -j || dy > j || dy < -j || dz > j || dz < -j)
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
            if (_faulted) return Faulty;
            _faulted = true;
            _faultSpells++;
            return FaultBegins;
        }
        if (_faulted)
        {
            if (++_cleanRun < _quarantineSamples)
            {
                _faultySamples++;
                return Faulty;
            }
            _faulted = false;
        }
        return Clean;
    }
}

internal sealed class PreIssue7Detector
{
    public const int AngleHighPassMs = 5000;

    public const int FootQuietDps = 30;

    public const int FootQuietMinMs = 100;

    public const int FootPushOffDps = 150;

    public const int FootQuietMaxMs = 800;

    public const int ShankPeakMarginPct = 15;

    public const int AdaptiveHysteresisPct = 25;

    public const int RangeMemoryMs = 2800;

    public const int MaxHalfCycleMs = 3000;

    public const int MaxSignConfidence = 6;

    private readonly bool _foot;
    private readonly int _leakShift;
    private readonly int _minHysteresis;
    private readonly int _samplesPerSecond;
    private readonly int _maxExtremeAge;
    private readonly int _quietCounts;
    private readonly int _quietMinSamples;
    private readonly int _quietMaxSamples;
    private readonly int _pushOffCounts;

    private int _angle;
    private int _extreme;
    private int _extremeAge;
    private bool _seekingValley;

    // Adaptive hysteresis: typical range (angle units), the last confirmed extremes, and the
    // hysteresis in force.
    private int _typicalRange;
    private int _lastPeak, _lastValley;
    private int _hysteresis;
    private int _sinceDecay;

    // Orientation: +1 or -1 applied to the conditioner's rate, and the vote's confidence.
    private int _sign;
    private int _confidence;
    private int _quietSamples;
    private bool _enteredFalling;
    private int _pendingVote;
    private int _cycleMax, _cycleMin;

    public PreIssue7Detector(SensorConfig sensor, MonitorSettings settings)
    {
        int rate = sensor.SampleRateHz;
        _foot = sensor.Mounting == MountingSite.Foot;
        // Leak shift k: 2^k samples closest to the time constant.
        int tauSamples = AngleHighPassMs * rate / 1000;
        int k = 1;
        while ((1 << (k + 1)) <= tauSamples + (tauSamples >> 1)) k++;
        _leakShift = k;

        // Minimum segment range for this mounting, in angle units (gyro counts × samples).
        int rangeDeg10 = (_foot ? settings.MinAnkleRangeDeg : settings.MinShankRangeDeg) * 10;
        // deg×10 × (counts per 10 °/s) × samples per second / 100 = counts × samples for deg.
        _minHysteresis = rangeDeg10 * sensor.GyroCountsPer10Dps / 10 * rate / 10;
        _samplesPerSecond = rate;
        _maxExtremeAge = MaxHalfCycleMs * rate / 1000;
        _quietCounts = FootQuietDps * sensor.GyroCountsPer10Dps / 10;
        _quietMinSamples = FootQuietMinMs * rate / 1000;
        _quietMaxSamples = FootQuietMaxMs * rate / 1000;
        _pushOffCounts = FootPushOffDps * sensor.GyroCountsPer10Dps / 10;
        _sign = 1;
        _confidence = 0;
        Reset();
    }

    public int LeakShift { get { return _leakShift; } }

    public int MinHysteresisUnits { get { return _minHysteresis; } }

    public int HysteresisUnits { get { return _hysteresis; } }

    public int Angle { get { return _angle; } }

    public int Sign { get { return _sign; } }

    public void AxisChanged()
    {
        _confidence = 0;
    }

    public void Reset()
    {
        _angle = 0;
        _extreme = 0;
        _extremeAge = 0;
        _seekingValley = false;
        _quietSamples = 0;
        _enteredFalling = false;
        _pendingVote = 0;
        _cycleMax = 0;
        _cycleMin = 0;
        _typicalRange = 0;
        _lastPeak = 0;
        _lastValley = 0;
        _hysteresis = _minHysteresis;
        _sinceDecay = 0;
    }

    public bool Update(int sagittalRate)
    {
        int rate = _sign < 0 ? -sagittalRate : sagittalRate;
        if (_foot)
        {
            if (rate < _quietCounts && rate > -_quietCounts)
            {
                if (_quietSamples == 0) _enteredFalling = _seekingValley;
                if (_quietSamples <= _quietMaxSamples) _quietSamples++;
            }
            else
            {
                // A foot-flat (entered and left the same way), or the end of a longer
                // stillness (standing before the first step: gait starts with heel-off).
                if (_quietSamples >= _quietMinSamples
                    && (_quietSamples > _quietMaxSamples || _enteredFalling == (rate < 0)))
                {
                    // A still spell entered and left in the same direction (entered while the
                    // angle was falling from a peak, left falling, or both rising): perhaps a
                    // foot-flat between the toe lowering after heel strike and heel-off, both
                    // plantarflexion. (A spell between opposite movements is only the turning
                    // point of a slow oscillation and tells nothing.) It votes once the
                    // rotation that left it proves to be a push-off by its speed.
                    _pendingVote = rate < 0 ? -1 : 1;
                }
                _quietSamples = 0;
                if (_pendingVote != 0)
                {
                    if ((rate < 0) != (_pendingVote < 0))
                    {
                        _pendingVote = 0;
                    }
                    else if (rate >= _pushOffCounts || rate <= -_pushOffCounts)
                    {
                        _pendingVote = 0;
                        if (Vote(rate < 0)) rate = -rate;
                    }
                }
            }
        }
        else if (rate > _cycleMax)
        {
            _cycleMax = rate;
        }
        else if (rate < _cycleMin)
        {
            _cycleMin = rate;
        }

        if (++_sinceDecay >= _samplesPerSecond)
        {
            _sinceDecay = 0;
            _typicalRange = _typicalRange * 7 / 10;
            UpdateHysteresis();
        }

        int angle = _angle + rate - (_angle >> _leakShift);
        _angle = angle;
        if (++_extremeAge > _maxExtremeAge)
        {
            // Too old to be the start of a half-cycle still under way: follow the present.
            _extreme = angle;
            _extremeAge = 0;
        }
        if (_seekingValley)
        {
            if (angle < _extreme)
            {
                _extreme = angle;
                _extremeAge = 0;
            }
            else if (angle - _extreme >= _hysteresis)
            {
                // Valley confirmed by a return of the hysteresis: one full cycle.
                _seekingValley = false;
                _lastValley = _extreme;
                LearnRange(_lastPeak - _extreme);
                _extreme = angle;
                _extremeAge = 0;
                if (!_foot) VoteShankPeaks();
                return true;
            }
        }
        else if (angle > _extreme)
        {
            _extreme = angle;
            _extremeAge = 0;
        }
        else if (_extreme - angle >= _hysteresis)
        {
            // Peak confirmed: the plantarflexion has begun.
            _seekingValley = true;
            _lastPeak = _extreme;
            LearnRange(_extreme - _lastValley);
            _extreme = angle;
            _extremeAge = 0;
        }
        return false;
    }

    private void LearnRange(int range)
    {
        if (_typicalRange == 0) _typicalRange = range;
        else _typicalRange += (range - _typicalRange) >> 2;
        UpdateHysteresis();
    }

    private void UpdateHysteresis()
    {
        int adaptive = _typicalRange / 100 * AdaptiveHysteresisPct;
        _hysteresis = adaptive > _minHysteresis ? adaptive : _minHysteresis;
    }

    private void VoteShankPeaks()
    {
        int up = _cycleMax, down = -_cycleMin;
        _cycleMax = 0;
        _cycleMin = 0;
        // The forward swing (positive when oriented right) is the faster rotation.
        if (up * 100 > down * (100 + ShankPeakMarginPct)) Vote(true);
        else if (down * 100 > up * (100 + ShankPeakMarginPct)) Vote(false);
    }

    private bool Vote(bool agrees)
    {
        if (agrees)
        {
            if (_confidence < MaxSignConfidence) _confidence++;
            return false;
        }
        if (_confidence > 0)
        {
            _confidence--;
            return false;
        }
        // Flip: everything in the angle domain changes sign; peaks become valleys.
        _sign = -_sign;
        _angle = -_angle;
        _extreme = -_extreme;
        _seekingValley = !_seekingValley;
        int peak = _lastPeak;
        _lastPeak = -_lastValley;
        _lastValley = -peak;
        _enteredFalling = !_enteredFalling;
        _pendingVote = -_pendingVote;
        int max = _cycleMax;
        _cycleMax = -_cycleMin;
        _cycleMin = -max;
        _confidence = 1;
        return true;
    }
}

internal sealed class PreIssue7Conditioner
{
    public const int StillGyroTenthsDps = 15;

    public const int BiasUpdateShift = 2;

    public const int BlockMs = 500;

    public const int CovarianceUpdateShift = 3;

    public const int CovarianceInputShift = 4;

    public const int MinAxisMotionDps = 4;

    public const int MaxGyroBiasDps = 30;

    public const int UnitQ14 = 16384;

    private readonly int _blockSamples;

    // Look-ahead delay line: bias-free gyro and time of the last block's samples.
    private readonly int[] _lineX, _lineY, _lineZ, _lineT;
    private int _lineHead;
    private int _linePending;
    private int _outputTimeMs;
    private bool _newAxis;
    private readonly int _stillLimitCounts;
    private readonly int _maxBias16;
    private readonly int _minAxisEnergy;

    // Gyro bias, counts ×16 (Q4), and whether one still block has been seen.
    private int _biasX16, _biasY16, _biasZ16;
    private bool _biasKnown;

    // Current block: sample count, first bias-free reading, sums, still flag.
    private int _n;
    private int _refX, _refY, _refZ;
    private bool _blockStill;
    private int _refRawX, _refRawY, _refRawZ;
    private int _sxx, _syy, _szz, _sxy, _sxz, _syz;

    // Block-averaged covariance (long: sums of up to 2^22 × rate).
    private long _cxx, _cyy, _czz, _cxy, _cxz, _cyz;

    // Sagittal axis, Q14 unit vector.
    private int _ux, _uy, _uz;

    // Gravity: the accelerometer at the last block's end, counts.
    private int _gravX, _gravY, _gravZ;
    private bool _stillNow;

    public PreIssue7Conditioner(SensorConfig sensor)
    {
        int countsPer10Dps = sensor.GyroCountsPer10Dps;
        _blockSamples = sensor.SampleRateHz * BlockMs / 1000;
        _lineX = new int[_blockSamples];
        _lineY = new int[_blockSamples];
        _lineZ = new int[_blockSamples];
        _lineT = new int[_blockSamples];
        _stillLimitCounts = StillGyroTenthsDps * countsPer10Dps / 100;
        _maxBias16 = MaxGyroBiasDps * countsPer10Dps * 16 / 10;
        // Block sum of squared (counts >> CovarianceInputShift) at that rms rate.
        int minRms = (MinAxisMotionDps * countsPer10Dps / 10) >> CovarianceInputShift;
        if (minRms < 1) minRms = 1;
        _minAxisEnergy = minRms * minRms * _blockSamples;
        Reset();
    }

    public void Reset()
    {
        _biasX16 = _biasY16 = _biasZ16 = 0;
        _biasKnown = false;
        _cxx = _cyy = _czz = _cxy = _cxz = _cyz = 0;
        // No prior about the mounting: until movement teaches the axis, all three board axes
        // weigh the same ((1, 1, 1)/√3 in Q14), so no way of wearing the board is favoured.
        _ux = 9459; _uy = 9459; _uz = 9459;
        _gravX = _gravY = _gravZ = 0;
        _stillNow = false;
        _lineHead = 0;
        _linePending = 0;
        _newAxis = false;
        StartBlock();
    }

    public int LookAheadSamples { get { return _blockSamples; } }

    public int Pending { get { return _linePending; } }

    public int OutputTimeMs { get { return _outputTimeMs; } }

    public int AxisX { get { return _ux; } }

    public int AxisY { get { return _uy; } }

    public int AxisZ { get { return _uz; } }

    public int BiasX16 { get { return _biasX16; } }

    public int BiasY16 { get { return _biasY16; } }

    public int BiasZ16 { get { return _biasZ16; } }

    public int GravityX { get { return _gravX; } }

    public int GravityY { get { return _gravY; } }

    public int GravityZ { get { return _gravZ; } }

    public bool IsStill { get { return _stillNow; } }

    public const int NoOutput = 0;

    public const int Output = 1;

    public const int OutputNewAxis = 2;

    public int Condition(int timeMs, int ax, int ay, int az, int gx, int gy, int gz, out int rate)
    {
        int x = gx - (_biasX16 >> 4);
        int y = gy - (_biasY16 >> 4);
        int z = gz - (_biasZ16 >> 4);

        if (_n == 0)
        {
            _refX = x; _refY = y; _refZ = z;
            _refRawX = gx; _refRawY = gy; _refRawZ = gz;
        }
        else if (_blockStill)
        {
            int dx = x - _refX, dy = y - _refY, dz = z - _refZ;
            if (dx < 0) dx = -dx;
            if (dy < 0) dy = -dy;
            if (dz < 0) dz = -dz;
            if (dx + dy + dz > _stillLimitCounts) _blockStill = false;
        }

        int sx = x >> CovarianceInputShift, sy = y >> CovarianceInputShift, sz = z >> CovarianceInputShift;
        _sxx += sx * sx; _syy += sy * sy; _szz += sz * sz;
        _sxy += sx * sy; _sxz += sx * sz; _syz += sy * sz;

        // Swap the new sample into the delay line; the one it replaces is a block old.
        int head = _lineHead;
        int ox = _lineX[head], oy = _lineY[head], oz = _lineZ[head], ot = _lineT[head];
        _lineX[head] = x; _lineY[head] = y; _lineZ[head] = z; _lineT[head] = timeMs;
        _lineHead = head + 1 == _blockSamples ? 0 : head + 1;

        if (++_n >= _blockSamples) EndBlock(ax, ay, az);

        if (_linePending < _blockSamples)
        {
            _linePending++;
            rate = 0;
            return NoOutput;
        }
        _outputTimeMs = ot;
        rate = (_ux * ox + _uy * oy + _uz * oz) >> 14;
        if (_newAxis)
        {
            _newAxis = false;
            return OutputNewAxis;
        }
        return Output;
    }

    public int Drain()
    {
        int i = _lineHead - _linePending;
        if (i < 0) i += _blockSamples;
        _linePending--;
        _outputTimeMs = _lineT[i];
        return (_ux * _lineX[i] + _uy * _lineY[i] + _uz * _lineZ[i]) >> 14;
    }

    private void StartBlock()
    {
        _n = 0;
        _blockStill = true;
        _sxx = _syy = _szz = _sxy = _sxz = _syz = 0;
    }

    private void EndBlock(int ax, int ay, int az)
    {
        // Gravity: the accelerometer at the block's end. Posture uses it only when the block
        // was still, and then every sample reads gravity to within the sensor noise (~4 mg);
        // reading one sample a block instead of summing all keeps the per-sample path short.
        _gravX = ax; _gravY = ay; _gravZ = az;
        _stillNow = _blockStill;

        if (_blockStill)
        {
            // Raw gyro of a still block, ×16: every sample lay within the still limit of the
            // first, so the first stands for the block; the running average over blocks
            // below smooths its noise (0.05 °/s rms).
            int mx = _refRawX * 16, my = _refRawY * 16, mz = _refRawZ * 16;
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

        // Only blocks with real movement teach the axis: while the limb rests, the axis learnt
        // from the last walk or exercise is kept (and with it the orientation the detector
        // gave it), instead of drifting to whatever direction sensor noise or sway favours.
        if (!_blockStill && _sxx + _syy + _szz >= _minAxisEnergy)
        {
            _cxx += (_sxx - _cxx) >> CovarianceUpdateShift;
            _cyy += (_syy - _cyy) >> CovarianceUpdateShift;
            _czz += (_szz - _czz) >> CovarianceUpdateShift;
            _cxy += (_sxy - _cxy) >> CovarianceUpdateShift;
            _cxz += (_sxz - _cxz) >> CovarianceUpdateShift;
            _cyz += (_syz - _cyz) >> CovarianceUpdateShift;
            // Two power-iteration steps a block: the sagittal axis carries several times the
            // energy of the other two in every movement we count, so this converges in seconds.
            PowerStep();
            PowerStep();
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
        long max = Abs(vx);
        if (Abs(vy) > max) max = Abs(vy);
        if (Abs(vz) > max) max = Abs(vz);
        if (max == 0) return;
        // Scale to at most 2^28 so the squares below cannot overflow.
        while (max >= (1L << 28))
        {
            vx >>= 1; vy >>= 1; vz >>= 1; max >>= 1;
        }
        long norm = BitByBitSqrt(vx * vx + vy * vy + vz * vz);
        if (norm == 0) return;
        _ux = (int)(vx * UnitQ14 / norm);
        _uy = (int)(vy * UnitQ14 / norm);
        _uz = (int)(vz * UnitQ14 / norm);
    }

    private bool InBias(int value16)
    {
        return value16 <= _maxBias16 && value16 >= -_maxBias16;
    }

    private static long BitByBitSqrt(long value)
    {
        if (value <= 0) return 0;
        long result = 0;
        long bit = 1L << 62;
        while (bit > value) bit >>= 2;
        while (bit != 0)
        {
            if (value >= result + bit)
            {
                value -= result + bit;
                result = (result >> 1) + bit;
            }
            else
            {
                result >>= 1;
            }
            bit >>= 2;
        }
        return result;
    }

    private static long Abs(long v)
    {
        return v < 0 ? -v : v;
    }
}
