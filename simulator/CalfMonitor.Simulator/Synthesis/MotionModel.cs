using CalfMonitor.Core;

namespace CalfMonitor.Simulator.Synthesis;

/// <summary>
/// Everything the IMU model needs at one instant: the sagittal pitch of shank and foot with
/// their first two derivatives, the knee's linear acceleration, and the small extras (impacts,
/// out-of-plane rotation, vibration). Angles in degrees, rates in °/s, angular accelerations in
/// °/s², linear accelerations in g, world frame X forward, Z up.
/// <para>Pitch sign: positive = toe up / forward swing (the distal end moves forward and up).
/// Shank pitch 0 = vertical; foot pitch 0 = sole horizontal.</para>
/// </summary>
public struct Kinematics
{
    public double ShankDeg, ShankDps, ShankDps2, ShankLagDps;
    public double FootDeg, FootDps, FootDps2, FootLagDps;
    public double KneeAxG, KneeAzG;
    public double ImpactG;
    public double YawDps;
    public double OutOfPlaneX, OutOfPlaneZ;
    public double VibAxG, VibAyG, VibAzG;
    public double VibGxDps, VibGyDps, VibGzDps;
}

/// <summary>
/// One activity segment turned into motion: knot tracks for shank and foot pitch (and knee
/// position where the knee moves), postural sway, ground-truth activation times and extras.
/// Times are seconds from the start of the segment.
/// </summary>
public sealed class SegmentMotion
{
    /// <summary>Gravity, m/s² per g.</summary>
    private const double GravityMps2 = 9.80665;

    internal KnotTrack Shank = KnotTrack.Constant(0);
    internal KnotTrack Foot = KnotTrack.Constant(0);
    internal KnotTrack? KneeX;
    internal KnotTrack? KneeZ;
    internal KnotTrack? Yaw;
    internal readonly List<(double Amp, double Hz, double Phase)> ShankSway = new();
    internal readonly List<(double Amp, double Hz, double Phase)> FootSway = new();
    internal readonly List<double> ImpactTimes = new();
    internal double ImpactPeakG;
    internal double OutOfPlaneX, OutOfPlaneZ, OutOfPlaneLagS;
    internal (double Hz, double FwdG, double VertG, double FromS, double ToS) BodyBounce;
    internal (double Hz, double G) CarSurge;
    internal VibrationSource? Vibration;
    private int _impactCursor;

    public SegmentMotion(ActivitySegment segment) => Segment = segment;

    public ActivitySegment Segment { get; }

    /// <summary>Times (s from segment start) at which a true plantarflexion cycle completes.</summary>
    public List<double> TruthTimes { get; } = new();

    /// <summary>Shank and foot pitch at the end of the segment (without sway): the next segment
    /// starts from here.</summary>
    public (double ShankDeg, double FootDeg) EndPose => (Shank.EndValue, Foot.EndValue);

    /// <summary>Impact pulse half-width, s: heel strike lasts a few tens of ms.</summary>
    private const double ImpactSigmaS = 0.012;

    /// <summary>The motion at <paramref name="t"/> s into the segment. Call with increasing t.</summary>
    public Kinematics At(double t)
    {
        var k = new Kinematics();
        if (OutOfPlaneLagS > 0)
        {
            k.ShankLagDps = Shank.At(t - OutOfPlaneLagS).D1;
            k.FootLagDps = Foot.At(t - OutOfPlaneLagS).D1;
        }
        var s = Shank.At(t);
        var f = Foot.At(t);
        k.ShankDeg = s.V; k.ShankDps = s.D1; k.ShankDps2 = s.D2;
        k.FootDeg = f.V; k.FootDps = f.D1; k.FootDps2 = f.D2;
        AddSway(ShankSway, t, ref k.ShankDeg, ref k.ShankDps, ref k.ShankDps2);
        AddSway(FootSway, t, ref k.FootDeg, ref k.FootDps, ref k.FootDps2);
        if (OutOfPlaneLagS <= 0)
        {
            k.ShankLagDps = k.ShankDps;
            k.FootLagDps = k.FootDps;
        }
        k.OutOfPlaneX = OutOfPlaneX;
        k.OutOfPlaneZ = OutOfPlaneZ;
        if (KneeX != null) k.KneeAxG = KneeX.At(t).D2 / GravityMps2;
        if (KneeZ != null) k.KneeAzG = KneeZ.At(t).D2 / GravityMps2;
        if (Yaw != null) k.YawDps = Yaw.At(t).D1;
        var b = BodyBounce;
        if (b.Hz > 0 && t >= b.FromS && t <= b.ToS)
        {
            double w = 2 * Math.PI * b.Hz * (t - b.FromS);
            k.KneeAxG += b.FwdG * Math.Sin(w);
            k.KneeAzG += b.VertG * Math.Cos(w);
        }
        if (CarSurge.Hz > 0) k.KneeAxG += CarSurge.G * Math.Sin(2 * Math.PI * CarSurge.Hz * t);
        // Impacts are in time order and t only increases: skip the ones long past.
        while (_impactCursor < ImpactTimes.Count && ImpactTimes[_impactCursor] <= t - 4 * ImpactSigmaS) _impactCursor++;
        for (int i = _impactCursor; i < ImpactTimes.Count && ImpactTimes[i] < t + 4 * ImpactSigmaS; i++)
        {
            double d = t - ImpactTimes[i];
            k.ImpactG += ImpactPeakG * Math.Exp(-0.5 * d * d / (ImpactSigmaS * ImpactSigmaS));
        }
        if (Vibration != null) Vibration.Next(ref k);
        return k;
    }

    private static void AddSway(List<(double Amp, double Hz, double Phase)> sway, double t, ref double v, ref double d1, ref double d2)
    {
        foreach (var (amp, hz, phase) in sway)
        {
            double w = 2 * Math.PI * hz;
            double x = w * t + phase;
            v += amp * Math.Sin(x);
            d1 += amp * w * Math.Cos(x);
            d2 -= amp * w * w * Math.Sin(x);
        }
    }
}

/// <summary>
/// Vehicle vibration: white Gaussian noise through a band-pass biquad (centre
/// <see cref="CentreHz"/>, Q 0.7, i.e. roughly 5–25 Hz at 50 Hz sampling), scaled to the requested
/// rms from the filter's own noise gain; linear acceleration in the world frame, a little rotation
/// on every segment axis.
/// </summary>
public sealed class VibrationSource
{
    /// <summary>Centre of the vibration band, Hz: seat vibration in cars peaks around 10–15 Hz.</summary>
    public const double CentreHz = 12;

    /// <summary>Band-pass quality factor: 0.7 spans about 5–25 Hz around the 12 Hz centre.</summary>
    public const double BandQ = 0.7;

    private readonly SynthRandom _rng;
    private readonly Bandpass[] _filters = new Bandpass[6];
    private readonly double _accelScale, _gyroScale;

    public VibrationSource(SynthRandom rng, double rateHz, double accelRmsG, double gyroRmsDps)
    {
        _rng = rng;
        double centre = Math.Min(CentreHz, 0.3 * rateHz);
        for (int i = 0; i < 6; i++) _filters[i] = new Bandpass(rateHz, centre, BandQ);
        double gain = _filters[0].NoiseGain();
        _accelScale = accelRmsG / gain;
        _gyroScale = gyroRmsDps / gain;
    }

    public void Next(ref Kinematics k)
    {
        k.VibAxG = _accelScale * 0.5 * _filters[0].Step(_rng.Gaussian());   // fore-aft: weaker than vertical
        k.VibAyG = _accelScale * 0.5 * _filters[1].Step(_rng.Gaussian());   // lateral: weaker than vertical
        k.VibAzG = _accelScale * _filters[2].Step(_rng.Gaussian());
        k.VibGxDps = _gyroScale * _filters[3].Step(_rng.Gaussian());
        k.VibGyDps = _gyroScale * _filters[4].Step(_rng.Gaussian());
        k.VibGzDps = _gyroScale * _filters[5].Step(_rng.Gaussian());
    }

    /// <summary>RBJ band-pass biquad (0 dB peak gain).</summary>
    private sealed class Bandpass
    {
        private readonly double _b0, _b2, _a1, _a2;
        private double _x1, _x2, _y1, _y2;

        public Bandpass(double fs, double fc, double q)
        {
            double w = 2 * Math.PI * fc / fs;
            double alpha = Math.Sin(w) / (2 * q);
            double a0 = 1 + alpha;
            _b0 = alpha / a0;
            _b2 = -alpha / a0;
            _a1 = -2 * Math.Cos(w) / a0;
            _a2 = (1 - alpha) / a0;
        }

        public double Step(double x)
        {
            double y = _b0 * x + _b2 * _x2 - _a1 * _y1 - _a2 * _y2;
            _x2 = _x1; _x1 = x; _y2 = _y1; _y1 = y;
            return y;
        }

        /// <summary>Output rms for unit-variance white input: √Σh² over the impulse response.</summary>
        public double NoiseGain()
        {
            var probe = new Bandpass(this);
            double sum = 0;
            for (int i = 0; i < 4000; i++)
            {
                double h = probe.Step(i == 0 ? 1 : 0);
                sum += h * h;
            }
            return Math.Sqrt(sum);
        }

        private Bandpass(Bandpass other)
        {
            _b0 = other._b0; _b2 = other._b2; _a1 = other._a1; _a2 = other._a2;
        }
    }
}

/// <summary>
/// Turns activity segments into <see cref="SegmentMotion"/>: the angle trajectories of shank and
/// foot per activity, with the numbers and sources listed in docs/synthesis.md.
/// </summary>
public static class MotionModel
{
    /// <summary>Minimum ankle range of a true activation, degrees: the detector's default
    /// minimum. A cycle at least this large is ground truth, smaller ones are not.</summary>
    public const double TruthMinAnkleRangeDeg = MonitorSettings.DefaultMinAnkleRangeDeg;

    /// <summary>Shank tilt per ankle degree in a seated heel raise, fraction (negative: the shank
    /// pitches the opposite way to the foot). Two-link geometry of a seated leg (hip fixed, thigh
    /// 0.45 m, shank 0.42 m, ball of the foot 14 cm ahead of and 8 cm below the ankle, knee at
    /// 70–110°): lifting the heel by 5–30° moves the ankle up and forward about the ball of the
    /// foot while the knee rises on the thigh's arc and moves back, so the shank turns by 23–31 %
    /// of the ankle angle in the sense of a forward swing (docs/synthesis.md).</summary>
    public const double SeatedShankShare = -0.27;

    /// <summary>Shank tilt per ankle degree in seated ankle pumps, fraction: the heel stays on the
    /// floor as the pivot, so the ankle joint hardly moves and the shank only twitches with the
    /// muscle contraction.</summary>
    public const double AnklePumpShankShare = 0.05;

    /// <summary>Shank tilt per ankle degree in toe taps, fraction: the heel stays down, so the
    /// shank barely follows.</summary>
    public const double ToeTapShankShare = 0.2;

    /// <summary>Knee rise per unit sin(ankle angle) in a seated heel raise, m: the heel-to-ankle
    /// lever of an adult foot (~13 cm) lifts the ankle and with it the knee.</summary>
    public const double HeelLiftLeverM = 0.13;

    /// <summary>Shank length, knee to ankle, m (adult, ~0.42 m).</summary>
    public const double ShankLengthM = 0.42;

    /// <summary>Time allowed at the start of a segment to move from the previous pose, s.</summary>
    public const double TransitionS = 1.0;

    /// <summary>Walking knots, per stride (phase 0 = heel strike of the instrumented leg):
    /// shank pitch ~+20° at heel strike, falling through stance to ~−20° at toe-off (62 %), rising
    /// to ~+28° in late swing (87 %): peak rate ~280–300 °/s in mid-swing.</summary>
    private static readonly (double P, double V)[] WalkShank = { (0.0, 20), (0.30, 3), (0.62, -20), (0.87, 28) };

    /// <summary>Walking foot knots: +20° (toe up) at heel strike, flat 10–45 %, heel-off, −36°
    /// at toe-off (ankle ~16° plantarflexed), back near the shank angle (ankle neutral) at
    /// 75 %, +25° before heel strike: peak rates 300–450 °/s.</summary>
    private static readonly (double P, double V)[] WalkFoot = { (0.0, 20), (0.10, 0), (0.45, 0), (0.62, -36), (0.75, 4), (0.88, 25) };

    /// <summary>Ankle plantarflexion at toe-off of the walking tables, degrees (foot −36° against
    /// shank −20°); physiology notes: 15–25°. A walk given another range scales both tables.</summary>
    public const double WalkAnkleRangeDeg = 16;

    /// <summary>Phase of a walking stride at which the ankle has returned from push-off
    /// (mid-swing, ankle back to neutral): the truth instant.</summary>
    private const double WalkTruthPhase = 0.75;

    /// <summary>Stair ascent knots: larger shank swing (knee lifts the foot onto the step),
    /// shorter push-off.</summary>
    private static readonly (double P, double V)[] StairsShank = { (0.0, 15), (0.35, 0), (0.62, -22), (0.85, 40) };
    /// <summary>Stair ascent foot knots: the foot lands flat on the step, pushes off to −38°
    /// (ankle ~16° plantarflexed against the shank's −22°).</summary>
    private static readonly (double P, double V)[] StairsFoot = { (0.0, 5), (0.10, 0), (0.50, 0), (0.64, -38), (0.76, 8), (0.88, 18) };
    /// <summary>Phase of a stair stride at which the ankle has returned from push-off.</summary>
    private const double StairsTruthPhase = 0.76;

    /// <summary>The pose a trace starts in when it starts with this activity: lying starts lying,
    /// everything else upright with a flat foot.</summary>
    public static (double ShankDeg, double FootDeg) StartPose(Activity a) => a == Activity.Lying ? (-90, 70) : (0, 0);

    /// <summary>Builds the motion of one segment.</summary>
    /// <param name="segment">The activity.</param>
    /// <param name="rng">This segment's own random stream.</param>
    /// <param name="startPose">Shank and foot pitch at which the previous segment ended.</param>
    /// <param name="rateHz">Sample rate, for the vibration filter.</param>
    public static SegmentMotion Build(ActivitySegment segment, SynthRandom rng, (double ShankDeg, double FootDeg) startPose, double rateHz)
    {
        var m = new SegmentMotion(segment);
        double dur = segment.DurationS;
        switch (segment.Activity)
        {
            case Activity.Sit:
                Still(m, rng, startPose, dur, 0, 0, swayDeg: 0.15, shiftEveryS: 120, shiftDeg: 1.0);
                break;
            case Activity.Stand:
                // Quiet standing: ankle-strategy sway of the body over the planted foot.
                Still(m, rng, startPose, dur, 0, 0, swayDeg: 0.4, shiftEveryS: 40, shiftDeg: 1.0);
                m.FootSway.Clear();
                break;
            case Activity.Lying:
                // Supine: shank horizontal, foot relaxed ~20° plantarflexed, toes up.
                Still(m, rng, startPose, dur, -90, 70, swayDeg: 0.08, shiftEveryS: 300, shiftDeg: 0.8);
                break;
            case Activity.Car:
                Still(m, rng, startPose, dur, 0, 0, swayDeg: 0.15, shiftEveryS: 120, shiftDeg: 1.0);
                // Seat vibration 0.05–0.2 g rms, rotation 1–3 °/s rms; gentle surges of ±0.1 g.
                m.Vibration = new VibrationSource(rng, rateHz, rng.Uniform(0.05, 0.2), rng.Uniform(1, 3));
                m.CarSurge = (rng.Uniform(0.02, 0.05), rng.Uniform(0.05, 0.12));
                break;
            case Activity.Walk:
                Gait(m, rng, startPose, dur, segment.RateHz > 0 ? segment.RateHz : rng.Uniform(105, 120) / 120.0,
                    Scale(WalkShank, segment.AnkleRangeDeg, WalkAnkleRangeDeg), Scale(WalkFoot, segment.AnkleRangeDeg, WalkAnkleRangeDeg), WalkTruthPhase,
                    segment.AnkleRangeDeg > 0 ? segment.AnkleRangeDeg : WalkAnkleRangeDeg, bounceFwdG: 0.12, bounceVertG: 0.25, impactG: 2.5);
                break;
            case Activity.StairsUp:
                Gait(m, rng, startPose, dur, segment.RateHz > 0 ? segment.RateHz : rng.Uniform(80, 95) / 120.0,
                    StairsShank, StairsFoot, StairsTruthPhase, WalkAnkleRangeDeg, bounceFwdG: 0.1, bounceVertG: 0.3, impactG: 1.5);
                break;
            case Activity.HeelRaise:
                SeatedReps(m, rng, startPose, segment, 0.5, 15, heelRaise: true);
                break;
            case Activity.AnklePump:
                SeatedReps(m, rng, startPose, segment, 0.5, 20, heelRaise: false);
                break;
            case Activity.ToeTap:
                ToeTap(m, rng, startPose, segment);
                break;
            case Activity.LegJiggle:
                Jiggle(m, rng, startPose, segment);
                break;
            case Activity.FootShuffle:
                Shuffle(m, rng, startPose, segment);
                break;
            case Activity.Cycle:
                Cycle(m, rng, startPose, segment);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(segment));
        }
        return m;
    }

    /// <summary>Scales the push-off part of a gait table for a requested ankle range (0 = keep).</summary>
    private static (double P, double V)[] Scale((double P, double V)[] table, double rangeDeg, double nominalRangeDeg)
    {
        if (rangeDeg <= 0) return table;
        double f = rangeDeg / nominalRangeDeg;
        return table.Select(k => (k.P, k.V * f)).ToArray();
    }

    /// <summary>Still postures: hold a pose, with sway and rare small weight shifts. A weight shift
    /// moves the segment to a new offset of at most <paramref name="shiftDeg"/> about the pose
    /// within 1–2 s and holds it.</summary>
    private static void Still(SegmentMotion m, SynthRandom rng, (double ShankDeg, double FootDeg) start, double dur,
        double shankPose, double footPose, double swayDeg, double shiftEveryS, double shiftDeg)
    {
        var shank = new List<(double, double)> { (0, start.ShankDeg) };
        var foot = new List<(double, double)> { (0, start.FootDeg) };
        double t = Math.Abs(start.ShankDeg - shankPose) + Math.Abs(start.FootDeg - footPose) > 5 ? 3 : TransitionS;
        shank.Add((t, shankPose));
        foot.Add((t, footPose));
        while (true)
        {
            t += Math.Max(10, -shiftEveryS * Math.Log(1 - rng.NextDouble()));
            double move = rng.Uniform(1, 2);
            if (t + move >= dur) break;
            shank.Add((t, shank[^1].Item2));
            foot.Add((t, foot[^1].Item2));
            t += move;
            shank.Add((t, shankPose + rng.Uniform(-shiftDeg, shiftDeg)));
            foot.Add((t, footPose + rng.Uniform(-shiftDeg, shiftDeg) * 0.5));
        }
        if (dur > shank[^1].Item1) { shank.Add((dur, shank[^1].Item2)); foot.Add((dur, foot[^1].Item2)); }
        m.Shank = new KnotTrack(shank);
        m.Foot = new KnotTrack(foot);
        // Two slow sway components each, total amplitude ≤ swayDeg.
        for (int i = 0; i < 2; i++)
        {
            m.ShankSway.Add((swayDeg / 2 * rng.Uniform(0.5, 1), rng.Uniform(0.05, 0.4), rng.Uniform(0, 2 * Math.PI)));
            m.FootSway.Add((swayDeg / 4 * rng.Uniform(0.5, 1), rng.Uniform(0.05, 0.4), rng.Uniform(0, 2 * Math.PI)));
        }
        m.OutOfPlaneX = 0.3; m.OutOfPlaneZ = 0.2;   // sway and shifts are not purely sagittal
    }

    /// <summary>Walking and stairs: one stride per cycle of the instrumented leg, from the knot
    /// tables, with stride-to-stride variability (period σ 2 %, amplitude σ 4 %).</summary>
    private static void Gait(SegmentMotion m, SynthRandom rng, (double ShankDeg, double FootDeg) start, double dur,
        double strideHz, (double P, double V)[] shankTable, (double P, double V)[] footTable, double truthPhase,
        double ankleRangeDeg, double bounceFwdG, double bounceVertG, double impactG)
    {
        double period = 1 / strideHz;
        var shank = new List<(double, double)> { (0, start.ShankDeg) };
        var foot = new List<(double, double)> { (0, start.FootDeg) };
        const double firstS = 0.6;   // the first knot after the start: gait initiation
        // The first stride is entered at heel-off (45 %), so the walk starts from a flat foot.
        double s = firstS - 0.45 * period;
        double lastHeelStrike = 0, firstHeelStrike = -1;
        while (true)
        {
            double p = period * (1 + rng.Jitter(0.02));
            if (s + p > dur - 1.2) break;
            double a = 1 + rng.Jitter(0.04), b = 1 + rng.Jitter(0.04);
            foreach (var (ph, v) in shankTable) if (s + ph * p > firstS) shank.Add((s + ph * p, v * a));
            foreach (var (ph, v) in footTable) if (s + ph * p > firstS) foot.Add((s + ph * p, v * b));
            if (s + truthPhase * p > firstS && ankleRangeDeg >= TruthMinAnkleRangeDeg) m.TruthTimes.Add(s + truthPhase * p);
            if (s > firstS)
            {
                m.ImpactTimes.Add(s);
                if (firstHeelStrike < 0) firstHeelStrike = s;
            }
            s += p;
            lastHeelStrike = s;
        }
        if (lastHeelStrike > 0)
        {
            // Final heel strike, then settle into quiet standing.
            shank.Add((lastHeelStrike, shankTable[0].V));
            foot.Add((lastHeelStrike, footTable[0].V));
            m.ImpactTimes.Add(lastHeelStrike);
            foot.Add((lastHeelStrike + 0.1 * period, 0));
            shank.Add((lastHeelStrike + 0.4 * period, 0));
            m.BodyBounce = (2 * strideHz, bounceFwdG, bounceVertG, Math.Max(firstHeelStrike, 0), lastHeelStrike);
        }
        if (dur > shank[^1].Item1) shank.Add((dur, 0));
        if (dur > foot[^1].Item1) foot.Add((dur, 0));
        m.Shank = new KnotTrack(shank);
        m.Foot = new KnotTrack(foot);
        m.ImpactPeakG = impactG;
        // Shank and foot also roll and yaw a little in gait (10–15 % of the sagittal rate).
        m.OutOfPlaneX = 0.12; m.OutOfPlaneZ = 0.08; m.OutOfPlaneLagS = 0.05;
    }

    /// <summary>Seated heel raises (heel up, toes down: the foot pitches by −ankle) and ankle
    /// pumps (dorsi- and plantarflexion about neutral, heel down). In a heel raise the shank tilts
    /// by <see cref="SeatedShankShare"/> of the ankle angle and rises with the heel; in an ankle
    /// pump it tilts by <see cref="AnklePumpShankShare"/>.
    /// Repetition range jitters σ 4 %, period σ 4 %.</summary>
    private static void SeatedReps(SegmentMotion m, SynthRandom rng, (double ShankDeg, double FootDeg) start,
        ActivitySegment seg, double defaultHz, double defaultRangeDeg, bool heelRaise)
    {
        double hz = seg.RateHz > 0 ? seg.RateHz : defaultHz;
        double range = seg.AnkleRangeDeg > 0 ? seg.AnkleRangeDeg : defaultRangeDeg;
        double period = 1 / hz;
        double interval = seg.RepIntervalS > 0 ? Math.Max(seg.RepIntervalS, period) : period;
        int reps = seg.Reps > 0 ? seg.Reps : (int)Math.Floor((seg.DurationS - TransitionS - 1) / interval);
        bool truth = range >= TruthMinAnkleRangeDeg;
        // Ankle angle knots, positive = plantarflexion.
        var ankle = new List<(double T, double V)>();
        double t = TransitionS;
        ankle.Add((t, 0));
        for (int r = 0; r < reps; r++)
        {
            double p = period * (1 + rng.Jitter(0.04));
            double a = range * (1 + rng.Jitter(0.04));
            if (t + p * 1.5 > seg.DurationS - 0.2) break;
            if (heelRaise)
            {
                ankle.Add((t + p / 2, a));
                ankle.Add((t + p, 0));
                if (truth) m.TruthTimes.Add(t + p);
            }
            else
            {
                // Pumping between plantarflexion and dorsiflexion: a set starts by pointing the
                // toes, each cycle plantarflexes and returns up to dorsiflexion (the end of the
                // return stroke is the truth instant), and the set ends by relaxing from
                // dorsiflexion to neutral. So no half-cycle straddles the rest between sets.
                double top = ankle[^1].V == 0 ? ankle[^1].T - p / 4 : ankle[^1].T;
                ankle.Add((top + p / 2, a / 2));
                ankle.Add((top + p, -a / 2));
                if (truth) m.TruthTimes.Add(top + p);
                bool last = r == reps - 1 || interval > period;
                if (last) ankle.Add((top + p + p / 4, 0));
                t = ankle[^1].T;
                if (!last) continue;
            }
            double next = t + interval * (1 + (interval > period ? rng.Jitter(0.05) : 0));
            t = Math.Max(next, ankle[^1].T + 0.01);
            if (ankle[^1].Item1 < t - 0.01) ankle.Add((t, 0));
        }
        if (ankle[^1].V != 0) ankle.Add((ankle[^1].T + period / 4, 0));
        BuildFromAnkle(m, start, seg.DurationS, ankle, heelRaise ? SeatedShankShare : AnklePumpShankShare, heelRaise ? HeelLiftLeverM : 0);
        m.OutOfPlaneX = 0.06; m.OutOfPlaneZ = 0.04;
        SmallSway(m, rng);
    }

    /// <summary>Foot and shank from an ankle track (positive = plantarflexion): the foot pitches
    /// by −ankle, the shank by −share × ankle, the knee rises by lever × sin(ankle).</summary>
    private static void BuildFromAnkle(SegmentMotion m, (double ShankDeg, double FootDeg) start, double dur,
        List<(double T, double V)> ankle, double shankShare, double liftLeverM)
    {
        if (ankle.Count == 0 || ankle[^1].T < dur) ankle.Add((dur, ankle.Count == 0 ? 0 : ankle[^1].V));
        var shank = new List<(double, double)> { (0, start.ShankDeg) };
        var foot = new List<(double, double)> { (0, start.FootDeg) };
        var lift = new List<(double, double)> { (0, 0) };
        foreach (var (t, a) in ankle)
        {
            if (t <= 0) continue;
            shank.Add((t, -shankShare * a));
            foot.Add((t, -a));
            lift.Add((t, liftLeverM * Math.Sin(Math.Max(a, 0) * Math.PI / 180)));
        }
        m.Shank = new KnotTrack(shank);
        m.Foot = new KnotTrack(foot);
        if (liftLeverM > 0) m.KneeZ = new KnotTrack(lift);
    }

    private static void SmallSway(SegmentMotion m, SynthRandom rng)
    {
        m.ShankSway.Add((0.1, rng.Uniform(0.05, 0.3), rng.Uniform(0, 2 * Math.PI)));
        m.FootSway.Add((0.05, rng.Uniform(0.05, 0.3), rng.Uniform(0, 2 * Math.PI)));
    }

    /// <summary>Toe taps: the forefoot lifts 2–5° (dorsiflexion) and drops, 2–3 Hz, heel down;
    /// never truth (no plantarflexion, below the minimum range).</summary>
    private static void ToeTap(SegmentMotion m, SynthRandom rng, (double ShankDeg, double FootDeg) start, ActivitySegment seg)
    {
        double hz = seg.RateHz > 0 ? seg.RateHz : 2.5;
        double range = seg.AnkleRangeDeg > 0 ? seg.AnkleRangeDeg : 3.5;
        var ankle = new List<(double, double)> { (TransitionS, 0) };
        double t = TransitionS;
        while (true)
        {
            double p = (1 / hz) * (1 + rng.Jitter(0.08));
            if (t + p > seg.DurationS - 0.2) break;
            ankle.Add((t + p / 2, -Math.Clamp(range * (1 + rng.Jitter(0.2)), 1, 5)));
            ankle.Add((t + p, 0));
            t += p;
        }
        BuildFromAnkle(m, start, seg.DurationS, ankle, ToeTapShankShare, 0);
        m.OutOfPlaneX = 0.1; m.OutOfPlaneZ = 0.1;
        SmallSway(m, rng);
    }

    /// <summary>Leg jiggle: the heel bounces 2–4° at 3–5 Hz (a tiny, fast heel raise), the knee
    /// bobbing with it; below the minimum range, so never truth.</summary>
    private static void Jiggle(SegmentMotion m, SynthRandom rng, (double ShankDeg, double FootDeg) start, ActivitySegment seg)
    {
        double hz = seg.RateHz > 0 ? seg.RateHz : rng.Uniform(3, 5);
        double range = seg.AnkleRangeDeg > 0 ? seg.AnkleRangeDeg : 3;
        var ankle = new List<(double, double)> { (TransitionS, 0) };
        double t = TransitionS;
        while (true)
        {
            double p = (1 / hz) * (1 + rng.Jitter(0.05));
            if (t + p > seg.DurationS - 0.2) break;
            ankle.Add((t + p / 2, Math.Clamp(range * (1 + rng.Jitter(0.15)), 1, 4.5)));
            ankle.Add((t + p, 0));
            t += p;
        }
        BuildFromAnkle(m, start, seg.DurationS, ankle, SeatedShankShare, HeelLiftLeverM);
        m.OutOfPlaneX = 0.1; m.OutOfPlaneZ = 0.1;
    }

    /// <summary>Foot shuffle: irregular slides of the foot along the floor, 2–6 cm every 1–4 s.
    /// The knee follows half the slide, so the shank tilts by asin(slide/2 / shank length) (1–4°);
    /// the foot pitches ≤ 1.5° and yaws ≤ 3°. Never truth: no plantarflexion cycle.</summary>
    private static void Shuffle(SegmentMotion m, SynthRandom rng, (double ShankDeg, double FootDeg) start, ActivitySegment seg)
    {
        var knee = new List<(double, double)> { (0, 0) };
        var shank = new List<(double, double)> { (0, start.ShankDeg) };
        var foot = new List<(double, double)> { (0, start.FootDeg) };
        var yaw = new List<(double, double)> { (0, 0) };
        double t = TransitionS, x = 0;
        shank.Add((t, 0)); foot.Add((t, 0)); knee.Add((t, 0)); yaw.Add((t, 0));
        while (true)
        {
            t += rng.Uniform(1, 4);
            double move = rng.Uniform(0.4, 0.8);
            if (t + move > seg.DurationS - 0.2) break;
            knee.Add((t, x)); shank.Add((t, shank[^1].Item2)); foot.Add((t, foot[^1].Item2)); yaw.Add((t, yaw[^1].Item2));
            // Stay within ±6 cm of the start, so the shank stays within a few degrees.
            double target = Math.Clamp(x + (rng.NextDouble() < 0.5 ? -1 : 1) * rng.Uniform(0.02, 0.06), -0.06, 0.06);
            x = target;
            t += move;
            knee.Add((t, x / 2));
            shank.Add((t, Math.Asin(x / 2 / ShankLengthM) * 180 / Math.PI));
            foot.Add((t, rng.Uniform(-1.5, 1.5)));
            yaw.Add((t, rng.Uniform(-3, 3)));
        }
        shank.Add((seg.DurationS, shank[^1].Item2)); foot.Add((seg.DurationS, foot[^1].Item2));
        m.Shank = new KnotTrack(shank);
        m.Foot = new KnotTrack(foot);
        m.KneeX = new KnotTrack(knee);
        m.Yaw = new KnotTrack(yaw);
        SmallSway(m, rng);
    }

    /// <summary>Pedalling: shank pitch 15 ± 18° and foot pitch −5 ± range/2 (ankling, lagging
    /// the crank by a tenth of a revolution), knee bobbing ±9 cm; one plantarflexion per
    /// revolution; 60–90 rpm unless given. Truth at the foot's return to its most toe-up pitch.</summary>
    private static void Cycle(SegmentMotion m, SynthRandom rng, (double ShankDeg, double FootDeg) start, ActivitySegment seg)
    {
        double hz = seg.RateHz > 0 ? seg.RateHz : rng.Uniform(60, 90) / 60;
        double range = seg.AnkleRangeDeg > 0 ? seg.AnkleRangeDeg : 24;
        var shank = new List<(double, double)> { (0, start.ShankDeg) };
        var foot = new List<(double, double)> { (0, start.FootDeg) };
        var knee = new List<(double, double)> { (0, 0) };
        const double firstS = 1.5;
        double t = firstS - 0.25 / hz;
        double last = 0;
        while (true)
        {
            double p = (1 / hz) * (1 + rng.Jitter(0.02));
            if (t + p > seg.DurationS - 1) break;
            double a = 1 + rng.Jitter(0.04);
            void Add(List<(double, double)> list, double ph, double v) { if (t + ph * p > firstS - 1e-9) list.Add((t + ph * p, v)); }
            Add(shank, 0.25, 15 + 18 * a);
            Add(shank, 0.75, 15 - 18 * a);
            Add(foot, 0.35, -5 + range / 2 * a);
            Add(foot, 0.85, -5 - range / 2 * a);
            Add(knee, 0.0, 0.09);
            Add(knee, 0.5, -0.09);
            if (range >= TruthMinAnkleRangeDeg && t + 1.35 * p < seg.DurationS - 1 && t + 0.85 * p > firstS) m.TruthTimes.Add(t + 1.35 * p);
            t += p;
            last = t;
        }
        if (last > 0)
        {
            shank.Add((last + 0.25 / hz, 15 + 18));
            foot.Add((last + 0.35 / hz, -5 + range / 2));
        }
        shank.Add((Math.Max(seg.DurationS, shank[^1].Item1 + 0.5), 15));
        foot.Add((Math.Max(seg.DurationS, foot[^1].Item1 + 0.5), -5));
        m.Shank = new KnotTrack(shank);
        m.Foot = new KnotTrack(foot);
        m.KneeZ = new KnotTrack(knee);
        m.OutOfPlaneX = 0.1; m.OutOfPlaneZ = 0.06; m.OutOfPlaneLagS = 0.05;
    }
}
