using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Synthesis;

/// <summary>
/// Where and how the board sits on the limb: the fixed rotation sensor ← segment.
/// <para>Segment frame: x forward (shank: anterior; foot: toward the toes), y to the left
/// (medio-lateral, the sagittal rotation axis), z = x × y (shank: toward the knee; foot: out of
/// the dorsum). The nominal mounting (all angles 0) puts board Y on −y, so that a toe-up rotation
/// reads positive on board Y: the axis and sign the conditioner assumes before it has learnt any.</para>
/// </summary>
/// <param name="AboutLimbDeg">Rotation about the limb's long axis (shank z, foot x), degrees:
/// how far round the strap or clip the board sits.</param>
/// <param name="TiltXDeg">Tilt about segment x afterwards, degrees.</param>
/// <param name="TiltYDeg">Tilt about segment y afterwards, degrees.</param>
public sealed record Mounting(double AboutLimbDeg, double TiltXDeg, double TiltYDeg)
{
    /// <summary>Largest random tilt of the board against the segment, degrees: a strap or clip
    /// never sits perfectly square.</summary>
    public const double MaxTiltDeg = 6;

    /// <summary>A mounting from the seed: any angle about the limb, a few degrees of tilt.</summary>
    public static Mounting Random(SynthRandom rng, double? aboutLimbDeg = null)
    {
        double about = rng.Uniform(0, 360);
        double tx = rng.Uniform(-MaxTiltDeg, MaxTiltDeg), ty = rng.Uniform(-MaxTiltDeg, MaxTiltDeg);
        return new Mounting(aboutLimbDeg ?? Math.Round(about, 1), Math.Round(tx, 1), Math.Round(ty, 1));
    }

    /// <summary>The 3×3 matrix taking segment-frame vectors into the sensor frame.</summary>
    public double[,] Matrix(MountingSite site)
    {
        double[,] about = site == MountingSite.Foot ? RotX(AboutLimbDeg) : RotZ(AboutLimbDeg);
        // Nominal board: X backward, Y to the right, Z up / out of the limb, so a toe-up
        // rotation reads positive on board Y, the axis and sign the firmware starts from.
        return Mul(RotY(TiltYDeg), Mul(RotX(TiltXDeg), Mul(RotZ(180), about)));
    }

    // Passive rotations (frame rotated by +angle): v' = R·v.
    private static double[,] RotX(double deg)
    {
        double c = Math.Cos(deg * Math.PI / 180), s = Math.Sin(deg * Math.PI / 180);
        return new double[,] { { 1, 0, 0 }, { 0, c, s }, { 0, -s, c } };
    }

    private static double[,] RotY(double deg)
    {
        double c = Math.Cos(deg * Math.PI / 180), s = Math.Sin(deg * Math.PI / 180);
        return new double[,] { { c, 0, -s }, { 0, 1, 0 }, { s, 0, c } };
    }

    private static double[,] RotZ(double deg)
    {
        double c = Math.Cos(deg * Math.PI / 180), s = Math.Sin(deg * Math.PI / 180);
        return new double[,] { { c, s, 0 }, { -s, c, 0 }, { 0, 0, 1 } };
    }

    private static double[,] Mul(double[,] a, double[,] b)
    {
        var r = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[i, j] = a[i, 0] * b[0, j] + a[i, 1] * b[1, j] + a[i, 2] * b[2, j];
        return r;
    }
}

/// <summary>
/// Turns segment kinematics into what an MPU6050 on the shank or foot reports: a planar
/// two-link chain (knee → ankle → sensor) gives the linear acceleration of the sensor point,
/// gravity is added and everything is expressed in the segment frame, then in the sensor frame
/// via the <see cref="Mounting"/>; noise, zero-rate bias, quantisation and saturation follow.
/// </summary>
public sealed class ImuSynthesizer
{
    /// <summary>m/s² per g.</summary>
    private const double GravityMps2 = 9.80665;

    /// <summary>Knee to shank strap, m: the strap sits just above the ankle bones, ~8 cm above
    /// the ankle joint of a 0.42 m shank.</summary>
    public const double KneeToStrapM = 0.34;

    /// <summary>Ankle joint to shoe clip along the foot, m (forward) …</summary>
    public const double AnkleToClipForwardM = 0.08;

    /// <summary>… and up, m (the clip sits on the instep).</summary>
    public const double AnkleToClipUpM = 0.04;

    /// <summary>Share of the heel-strike impact that reaches the shank strap: soft tissue and the
    /// ankle joint damp it.</summary>
    public const double ShankImpactShare = 0.4;

    /// <summary>Gyro white noise, °/s rms per sample: MPU6050 rate noise density
    /// 0.005 °/s/√Hz over the 20 Hz DLPF bandwidth (≈ 0.05 °/s).</summary>
    public const double GyroNoiseDps = 0.05;

    /// <summary>Largest zero-rate bias drawn per axis, °/s (fixed for a trace).</summary>
    public const double GyroMaxBiasDps = 3;

    /// <summary>Accelerometer white noise, g rms per sample: 400 µg/√Hz over ~100 Hz ≈ 4 mg.</summary>
    public const double AccelNoiseG = 0.004;

    /// <summary>Largest accelerometer zero-g offset drawn per axis, g.</summary>
    public const double AccelMaxBiasG = 0.03;

    private readonly MountingSite _site;
    private readonly double[,] _m;
    private readonly DeviceSignalAdapter _adapter;
    private readonly SynthRandom _noise;
    private readonly double[] _gyroBias = new double[3];
    private readonly double[] _accelBias = new double[3];

    public ImuSynthesizer(SensorConfig sensor, Mounting mounting, SynthRandom noise)
    {
        _site = sensor.Mounting;
        _m = mounting.Matrix(_site);
        _adapter = new DeviceSignalAdapter(sensor);
        _noise = noise;
        for (int i = 0; i < 3; i++)
        {
            _gyroBias[i] = noise.Uniform(-GyroMaxBiasDps, GyroMaxBiasDps);
            _accelBias[i] = noise.Uniform(-AccelMaxBiasG, AccelMaxBiasG);
        }
        Mounting = mounting;
    }

    public Mounting Mounting { get; }

    /// <summary>Physical readings (g, °/s) in the sensor frame, before noise.</summary>
    public (double Ax, double Ay, double Az, double Gx, double Gy, double Gz) Ideal(in Kinematics k)
    {
        const double d2r = Math.PI / 180;
        // Shank: pitch θs, unit vectors in the world (X forward, Z up).
        double ts = k.ShankDeg * d2r, ws = k.ShankDps * d2r, als = k.ShankDps2 * d2r;
        double sxX = Math.Cos(ts), sxZ = Math.Sin(ts);        // segment x
        double szX = -Math.Sin(ts), szZ = Math.Cos(ts);       // segment z (toward the knee)
        // Knee acceleration, m/s², world.
        double kneeX = (k.KneeAxG + k.VibAxG) * GravityMps2, kneeZ = (k.KneeAzG + k.VibAzG) * GravityMps2;
        double ay = k.VibAyG * GravityMps2;
        double ax, az, rate, rateLag;
        double xX, xZ, zX, zZ;   // the site's segment axes
        double impact = k.ImpactG * GravityMps2;
        if (_site == MountingSite.Shank)
        {
            // Point r below the knee: p = knee − r·z_s; p'' = knee'' + r(θ''·x_s + θ'²·z_s).
            double r = KneeToStrapM;
            ax = kneeX + r * (als * sxX + ws * ws * szX);
            az = kneeZ + r * (als * sxZ + ws * ws * szZ) + ShankImpactShare * impact;
            xX = sxX; xZ = sxZ; zX = szX; zZ = szZ;
            rate = k.ShankDps; rateLag = k.ShankLagDps;
        }
        else
        {
            double L = MotionModel.ShankLengthM;
            double ankX = kneeX + L * (als * sxX + ws * ws * szX);
            double ankZ = kneeZ + L * (als * sxZ + ws * ws * szZ) + impact;
            double tf = k.FootDeg * d2r, wf = k.FootDps * d2r, alf = k.FootDps2 * d2r;
            double fxX = Math.Cos(tf), fxZ = Math.Sin(tf), fzX = -Math.Sin(tf), fzZ = Math.Cos(tf);
            // x_f'' = θ''·z_f − θ'²·x_f;  z_f'' = −θ''·x_f − θ'²·z_f.
            double a = AnkleToClipForwardM, b = AnkleToClipUpM;
            ax = ankX + a * (alf * fzX - wf * wf * fxX) + b * (-alf * fxX - wf * wf * fzX);
            az = ankZ + a * (alf * fzZ - wf * wf * fxZ) + b * (-alf * fxZ - wf * wf * fzZ);
            xX = fxX; xZ = fxZ; zX = fzX; zZ = fzZ;
            rate = k.FootDps; rateLag = k.FootLagDps;
        }
        // Specific force = acceleration − gravity = acceleration + 1 g up.
        az += GravityMps2;
        double fx = (ax * xX + az * xZ) / GravityMps2;
        double fy = ay / GravityMps2;
        double fz = (ax * zX + az * zZ) / GravityMps2;
        // Angular rate in the segment frame: toe-up pitch turns about −y; small roll and yaw.
        double gx = k.OutOfPlaneX * rate + k.VibGxDps;
        double gy = -rate + k.VibGyDps;
        double gz = k.OutOfPlaneZ * rateLag + k.YawDps + k.VibGzDps;
        var (sax, say, saz) = Rotate(fx, fy, fz);
        var (sgx, sgy, sgz) = Rotate(gx, gy, gz);
        return (sax, say, saz, sgx, sgy, sgz);
    }

    /// <summary>One sample in counts: ideal readings + bias + white noise, rounded and clipped.</summary>
    public (short Ax, short Ay, short Az, short Gx, short Gy, short Gz) Sample(in Kinematics k)
    {
        var v = Ideal(k);
        return (
            _adapter.AccelCounts(v.Ax + _accelBias[0] + AccelNoiseG * _noise.Gaussian()),
            _adapter.AccelCounts(v.Ay + _accelBias[1] + AccelNoiseG * _noise.Gaussian()),
            _adapter.AccelCounts(v.Az + _accelBias[2] + AccelNoiseG * _noise.Gaussian()),
            _adapter.GyroCounts(v.Gx + _gyroBias[0] + GyroNoiseDps * _noise.Gaussian()),
            _adapter.GyroCounts(v.Gy + _gyroBias[1] + GyroNoiseDps * _noise.Gaussian()),
            _adapter.GyroCounts(v.Gz + _gyroBias[2] + GyroNoiseDps * _noise.Gaussian()));
    }

    private (double, double, double) Rotate(double x, double y, double z) =>
        (_m[0, 0] * x + _m[0, 1] * y + _m[0, 2] * z,
         _m[1, 0] * x + _m[1, 1] * y + _m[1, 2] * z,
         _m[2, 0] * x + _m[2, 1] * y + _m[2, 2] * z);
}
