namespace CalfMonitor.Simulator.Evaluation;

/// <summary>The principal (largest-variance) axis of 3-D angular rate samples, and projections on it.</summary>
public static class PrincipalAxis
{
    /// <summary>Unit vector of the largest-variance direction (power iteration on the 3×3 covariance).</summary>
    public static (double X, double Y, double Z) Of(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> z, int from = 0, int to = -1)
    {
        if (to < 0) to = x.Count;
        int n = Math.Max(1, to - from);
        double mx = 0, my = 0, mz = 0;
        for (int i = from; i < to; i++) { mx += x[i]; my += y[i]; mz += z[i]; }
        mx /= n; my /= n; mz /= n;
        var c = new double[3, 3];
        for (int i = from; i < to; i++)
        {
            double a = x[i] - mx, b = y[i] - my, d = z[i] - mz;
            c[0, 0] += a * a; c[0, 1] += a * b; c[0, 2] += a * d;
            c[1, 1] += b * b; c[1, 2] += b * d; c[2, 2] += d * d;
        }
        c[1, 0] = c[0, 1]; c[2, 0] = c[0, 2]; c[2, 1] = c[1, 2];
        // Start from the axis with the largest variance, so that the iteration cannot start orthogonal.
        double[] v = { 0, 0, 0 };
        int k = c[0, 0] >= c[1, 1] && c[0, 0] >= c[2, 2] ? 0 : c[1, 1] >= c[2, 2] ? 1 : 2;
        v[k] = 1;
        for (int it = 0; it < 200; it++)
        {
            double[] w = new double[3];
            for (int r = 0; r < 3; r++) w[r] = c[r, 0] * v[0] + c[r, 1] * v[1] + c[r, 2] * v[2];
            double norm = Math.Sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
            if (norm == 0) break;
            for (int r = 0; r < 3; r++) w[r] /= norm;
            double diff = Math.Abs(w[0] - v[0]) + Math.Abs(w[1] - v[1]) + Math.Abs(w[2] - v[2]);
            v = w;
            if (diff < 1e-12) break;
        }
        return (v[0], v[1], v[2]);
    }

    /// <summary>The samples projected on <paramref name="axis"/>, with the sign chosen so that the
    /// largest excursion is positive (a fixed convention, so that plots look alike).</summary>
    public static double[] Project(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> z, (double X, double Y, double Z) axis, int from = 0, int to = -1)
    {
        if (to < 0) to = x.Count;
        var p = new double[to - from];
        for (int i = from; i < to; i++) p[i - from] = x[i] * axis.X + y[i] * axis.Y + z[i] * axis.Z;
        double max = p.Length > 0 ? p.Max() : 0, min = p.Length > 0 ? p.Min() : 0;
        if (-min > max) for (int i = 0; i < p.Length; i++) p[i] = -p[i];
        return p;
    }
}

/// <summary>
/// Period of a quasi-periodic signal by autocorrelation: the normalised autocorrelation
/// (mean removed, unbiased by the overlap length) is searched for its highest local maximum between
/// a shortest and a longest period, and the peak is refined to a fraction of a sample by fitting a
/// parabola through the peak and its two neighbours.
/// </summary>
public static class ReferenceRate
{
    /// <summary>The period in seconds, with the autocorrelation value at the peak (its "clarity", ≤ 1);
    /// null when no local maximum lies in the range.</summary>
    public static (double PeriodS, double Clarity)? Period(IReadOnlyList<double> signal, double rateHz, double minPeriodS, double maxPeriodS)
    {
        int n = signal.Count;
        int minLag = Math.Max(1, (int)Math.Floor(minPeriodS * rateHz));
        int maxLag = (int)Math.Ceiling(maxPeriodS * rateHz);
        if (maxLag + 2 >= n / 2) maxLag = n / 2 - 2;
        if (maxLag <= minLag + 1) return null;
        double mean = 0;
        for (int i = 0; i < n; i++) mean += signal[i];
        mean /= n;
        var x = new double[n];
        double energy = 0;
        for (int i = 0; i < n; i++) { x[i] = signal[i] - mean; energy += x[i] * x[i]; }
        if (energy <= 0) return null;
        energy /= n;
        var r = new double[maxLag + 2];
        for (int lag = Math.Max(0, minLag - 1); lag <= maxLag + 1; lag++)
        {
            double s = 0;
            for (int i = 0; i + lag < n; i++) s += x[i] * x[i + lag];
            r[lag] = s / (n - lag) / energy;
        }
        int best = -1;
        for (int lag = minLag; lag <= maxLag; lag++)
        {
            if (r[lag] >= r[lag - 1] && r[lag] > r[lag + 1] && (best < 0 || r[lag] > r[best])) best = lag;
        }
        if (best < 0) return null;
        // A half-period peak nearly as high means the best peak is a multiple of the period.
        int half = (int)Math.Round(best / 2.0);
        for (int lag = Math.Max(minLag, half - 2); lag <= Math.Min(maxLag, half + 2); lag++)
        {
            if (r[lag] >= r[lag - 1] && r[lag] > r[lag + 1] && r[lag] >= 0.85 * r[best]) { best = lag; break; }
        }
        double y0 = r[best - 1], y1 = r[best], y2 = r[best + 1];
        double denom = y0 - 2 * y1 + y2;
        double delta = denom < 0 ? 0.5 * (y0 - y2) / denom : 0;
        delta = Math.Clamp(delta, -0.5, 0.5);
        return ((best + delta) / rateHz, y1 - 0.25 * (y0 - y2) * delta);
    }
}
