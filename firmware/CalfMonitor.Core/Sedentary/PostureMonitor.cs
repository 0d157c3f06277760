namespace CalfMonitor.Core.Sedentary
{
    /// <summary>
    /// Is the limb upright (sitting, standing) or near horizontal and still (lying in bed, device
    /// put down on a desk)? Fed once a second with the acceleration (gravity) and the stillness of
    /// the conditioner's last half-second block (the acceleration read at the block's end; while
    /// the block is still, every sample of it reads gravity to within the sensor's noise).
    /// <list type="bullet">
    /// <item>Upright reference: the gravity direction at start-up, then learnt while walking —
    /// during a walk the block's acceleration lies, on average, along the upright limb, whatever
    /// the board's rotation about the limb. Walking is told by the caller (an activation in the
    /// last two seconds: <c>stepping</c>) and by the limb itself: a walk
    /// throws the limb about, so that now and then the block's end reads more than half a g off
    /// gravity (<see cref="GaitOffGravityPercent"/>), which ankle pumps in bed seldom do. Learnt only
    /// from moving stepping seconds within <see cref="GaitMemoryS"/> of such a reading, and not
    /// from the reading itself (it is no measure of gravity). Not learnt while suspended, and once
    /// a walk has taught it (<see cref="TrustedAfterS"/>) not from a reading that looks horizontal
    /// to it.</item>
    /// <item>Near horizontal: the line of gravity is more than
    /// <see cref="MonitorSettings.HorizontalAngleDeg"/> (default 60°) from the reference line
    /// (sign ignored: only the limb's inclination matters).</item>
    /// <item>Suspended (lying / not worn): near horizontal and still for
    /// <see cref="MonitorSettings.NotWornStillS"/> consecutive seconds (default 120 s). It ends at
    /// the first upright second; movement while horizontal (turning in bed, ankle pumps) does not
    /// end it, but walking does (<see cref="UprightEvidenceS"/>): one cannot walk lying down, so a
    /// reference that calls walking horizontal is wrong (the device was switched on lying on a
    /// desk) and is learnt afresh.</item>
    /// </list>
    /// Integer arithmetic only; nothing is allocated after construction.
    /// </summary>
    public sealed class PostureMonitor
    {
        /// <summary>cos² of 0…90°, Q14 (16384 = 1.0): the horizontal test compares squared cosines
        /// so it needs neither square roots nor System.Math.</summary>
        private static readonly short[] Cos2Q14 =
        {
            16384, 16379, 16364, 16339, 16304, 16260, 16205, 16141, 16067, 15983, 15890, 15787, 15676,
            15555, 15425, 15286, 15139, 14983, 14819, 14647, 14467, 14280, 14085, 13883, 13674, 13458,
            13235, 13007, 12773, 12533, 12288, 12038, 11783, 11524, 11261, 10994, 10723, 10450, 10174,
            9895, 9615, 9332, 9048, 8763, 8478, 8192, 7906, 7621, 7336, 7052, 6769, 6489, 6210, 5934,
            5661, 5390, 5123, 4860, 4601, 4346, 4096, 3851, 3611, 3377, 3149, 2926, 2710, 2501, 2299,
            2104, 1917, 1737, 1565, 1401, 1245, 1098, 959, 829, 708, 597, 494, 401, 317, 243, 179, 124,
            80, 45, 20, 5, 0,
        };

        /// <summary>Right shift of the reference update while walking: each walking second moves the
        /// reference a quarter of the way, so a short walk re-learns it after the strap was moved.</summary>
        public const int ReferenceUpdateShift = 2;

        /// <summary>A walk's sign, %: the block's end reads an acceleration more than this far from
        /// 1 g (below 0.5 g or above 1.5 g). Walking does at 9–36 % of its block ends (marpino's
        /// young and older walkers, shank and foot: swing and heel strike); an ankle pump in bed
        /// turns the foot about the ankle, 5–10 cm from the sensor, at 1–1.5 Hz by ±25–30°, which
        /// accelerates it by 0.1–0.45 g.</summary>
        public const int GaitOffGravityPercent = 50;

        /// <summary>Seconds after a walk's sign that stepping seconds still teach the reference: a
        /// walker's strides throw the limb that far every few seconds (at 9 % of block ends, two a
        /// second, one in 5.5 s on average).</summary>
        public const int GaitMemoryS = 10;

        /// <summary>Seconds with a walk's sign that end a suspension: three, so that one jolt of a
        /// bed or a car seat does not.</summary>
        public const int UprightEvidenceS = 3;

        /// <summary>Walking seconds after which the reference is trusted: from then on a reading
        /// that looks horizontal to it teaches nothing (8 s of walking take a reference ¼ a second
        /// to within 10 % of the walking limb's line). Untrusted at power-on, at a site change and
        /// when walking ends a suspension (the reference was wrong). The cost: a strap that slips by
        /// more than the horizontal angle is learnt afresh only after the next still sit has been
        /// taken for lying and a walk has ended that.</summary>
        public const int TrustedAfterS = 8;

        /// <summary>Vectors are scaled below this magnitude per axis before squaring, so the squared
        /// products fit a long (2^10 per axis → products below 2^62).</summary>
        private const int ScaleLimit = 1024;

        private int _cos2Q14;
        private int _stillNeededS;
        // Squared acceleration magnitudes, counts², between which a block's end reads gravity
        // (1.5 g at the ±2 g range is 24 576 counts: its square fits an int).
        private readonly int _gravityLowSq, _gravityHighSq;
        // Seconds a walk's sign still lets stepping seconds teach the reference; and the walk's
        // signs seen since the suspension began.
        private int _gaitS;
        private int _gaitWhileSuspended;
        // Walking seconds the reference has learnt from since it was last set or found wrong
        // (counted up to TrustedAfterS).
        private int _learntS;
        // The last reading tested pointed away from the reference (more than 90°): a quarter step
        // toward it can take the reference's line further from it.
        private bool _againstReference;

        private bool _hasReference;
        private int _refX, _refY, _refZ;
        // The reference scaled below ScaleLimit and its squared length, kept from when it was
        // last set or learnt (it changes only while walking).
        private int _refSX, _refSY, _refSZ;
        private long _refNorm2;
        private bool _horizontal;
        private int _stillHorizontalS;
        private bool _suspended;

        /// <summary>Prepares the monitor for one set of settings and the accelerometer's scale
        /// (<see cref="Sensing.SensorConfig.AccelCountsPerG"/>).</summary>
        public PostureMonitor(MonitorSettings settings, int accelCountsPerG)
        {
            int low = accelCountsPerG * (100 - GaitOffGravityPercent) / 100;
            int high = accelCountsPerG * (100 + GaitOffGravityPercent) / 100;
            _gravityLowSq = low * low;
            _gravityHighSq = high * high;
            Configure(settings);
        }

        /// <summary>Takes new angle and time settings; learnt state is kept.</summary>
        public void Configure(MonitorSettings settings)
        {
            _cos2Q14 = Cos2Q14[settings.HorizontalAngleDeg];
            _stillNeededS = settings.NotWornStillS;
        }

        /// <summary>Forgets the reference and the posture.</summary>
        public void Reset()
        {
            _hasReference = false;
            _refX = _refY = _refZ = 0;
            _refSX = _refSY = _refSZ = 0;
            _refNorm2 = 0;
            _horizontal = false;
            _stillHorizontalS = 0;
            _suspended = false;
            _gaitS = 0;
            _gaitWhileSuspended = 0;
            _learntS = 0;
        }

        /// <summary>True while the limb is judged lying / not worn: the spell and alerts are suspended.</summary>
        public bool Suspended { get { return _suspended; } }

        /// <summary>True when the last second's gravity was within the horizontal angle of the reference.</summary>
        public bool Upright { get { return !_horizontal; } }

        /// <summary>Upright reference, X (acceleration counts).</summary>
        public int ReferenceX { get { return _refX; } }

        /// <summary>Upright reference, Y (acceleration counts).</summary>
        public int ReferenceY { get { return _refY; } }

        /// <summary>Upright reference, Z (acceleration counts).</summary>
        public int ReferenceZ { get { return _refZ; } }

        /// <summary>
        /// One second of posture. <paramref name="gx"/>…<paramref name="gz"/>: the acceleration at
        /// the last block's end; <paramref name="still"/>: the block was still; <paramref name="stepping"/>:
        /// an activation was counted in the last two seconds (with a walk's sign, the reference may be
        /// learnt). Returns <see cref="Suspended"/>.
        /// </summary>
        public bool OnSecond(int gx, int gy, int gz, bool still, bool stepping)
        {
            if (gx == 0 && gy == 0 && gz == 0) return _suspended; // no block yet (or a dead sensor)
            if (_gaitS > 0) _gaitS--;
            bool reading = true;   // the block's end reads gravity (within GaitOffGravityPercent)
            if (stepping && !still)
            {
                long a2 = (long)gx * gx + (long)gy * gy + (long)gz * gz;
                if (a2 < _gravityLowSq || a2 > _gravityHighSq)
                {
                    // A walk's sign: the limb is thrown about as only walking throws it.
                    reading = false;
                    _gaitS = GaitMemoryS;
                    if (_suspended && ++_gaitWhileSuspended >= UprightEvidenceS)
                    {
                        // Walking while "lying": the reference is wrong. Learn it afresh.
                        _suspended = false;
                        _stillHorizontalS = 0;
                        _learntS = 0;
                    }
                }
            }
            if (!_hasReference)
            {
                _refX = gx; _refY = gy; _refZ = gz;
                _hasReference = true;
                ScaleReference();
                _horizontal = false;
            }
            else
            {
                _horizontal = IsHorizontal(gx, gy, gz);
                // A reference a walk has taught (trusted) learns nothing that looks horizontal to
                // it: a walker who lies down within a second of the last stride, or pumps the ankles
                // briskly in bed, is lying, not showing a new upright.
                if (stepping && !still && reading && _gaitS > 0 && !_suspended
                    && (_learntS < TrustedAfterS || !_horizontal))
                {
                    _refX += (gx - _refX) >> ReferenceUpdateShift;
                    _refY += (gy - _refY) >> ReferenceUpdateShift;
                    _refZ += (gz - _refZ) >> ReferenceUpdateShift;
                    ScaleReference();
                    if (_learntS < TrustedAfterS) _learntS++;
                    // A quarter step toward a reading within the angle of the reference and less
                    // than 90° from it keeps it within; any other reading is tested again.
                    if (_horizontal || _againstReference) _horizontal = IsHorizontal(gx, gy, gz);
                }
            }

            if (!_horizontal)
            {
                _stillHorizontalS = 0;
                _suspended = false;
            }
            else if (still)
            {
                if (_stillHorizontalS < _stillNeededS) _stillHorizontalS++;
                if (_stillHorizontalS >= _stillNeededS && !_suspended)
                {
                    _suspended = true;
                    _gaitWhileSuspended = 0;
                }
            }
            else
            {
                _stillHorizontalS = 0; // moving while horizontal: not (yet) lying still; a suspension goes on
            }
            return _suspended;
        }

        /// <summary>True when a second with these inputs — those of the last <see cref="OnSecond"/>
        /// (the caller's promise: no block ended since) — would change nothing: the reference is
        /// learnt and does not move, and the posture has settled (upright; lying still for long
        /// enough; or horizontal and moving).</summary>
        public bool Settled(int gx, int gy, int gz, bool still, bool stepping)
        {
            if (gx == 0 && gy == 0 && gz == 0) return true;
            if (!_hasReference || _gaitS != 0 || (stepping && !still)) return false;
            if (!_horizontal) return _stillHorizontalS == 0 && !_suspended;
            return still ? _stillHorizontalS >= _stillNeededS && _suspended : _stillHorizontalS == 0;
        }

        private void ScaleReference()
        {
            int bx = _refX, by = _refY, bz = _refZ;
            while (OverScale(bx) || OverScale(by) || OverScale(bz))
            {
                bx >>= 1; by >>= 1; bz >>= 1;
            }
            _refSX = bx; _refSY = by; _refSZ = bz;
            _refNorm2 = (long)bx * bx + (long)by * by + (long)bz * bz;
        }

        private bool IsHorizontal(int gx, int gy, int gz)
        {
            // Once a second: the scale test is written out (one unsigned comparison per axis,
            // as in OverScale) rather than called.
            int ax = gx, ay = gy, az = gz;
            while ((uint)(ax + (ScaleLimit - 1)) > 2 * (ScaleLimit - 1)
                || (uint)(ay + (ScaleLimit - 1)) > 2 * (ScaleLimit - 1)
                || (uint)(az + (ScaleLimit - 1)) > 2 * (ScaleLimit - 1))
            {
                ax >>= 1; ay >>= 1; az >>= 1;
            }
            int bx = _refSX, by = _refSY, bz = _refSZ;
            long dot = (long)ax * bx + (long)ay * by + (long)az * bz;
            _againstReference = dot < 0;
            long a2 = (long)ax * ax + (long)ay * ay + (long)az * az;
            long b2 = _refNorm2;
            if (a2 == 0 || b2 == 0) return false;
            // cos²θ = dot² / (a²b²); horizontal when cos²θ < cos²(limit).
            return (dot * dot) << 14 < _cos2Q14 * a2 * b2;
        }

        /// <summary>|v| ≥ ScaleLimit: v + (ScaleLimit − 1) outside 0…2 (ScaleLimit − 1), one
        /// unsigned comparison.</summary>
        private static bool OverScale(int v)
        {
            return (uint)(v + (ScaleLimit - 1)) > 2 * (ScaleLimit - 1);
        }
    }
}
