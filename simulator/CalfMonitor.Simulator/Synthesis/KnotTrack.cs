namespace CalfMonitor.Simulator.Synthesis;

/// <summary>
/// A smooth angle (or position) trajectory through knots (time, value): monotone piecewise-cubic
/// Hermite interpolation (PCHIP, Fritsch–Carlson). Between two knots the curve never overshoots,
/// at a local extreme its slope is zero, and value and slope are continuous everywhere (C1), so
/// the rate is smooth and the angular acceleration is piecewise linear. One track covers one
/// activity segment (at most a few thousand knots), never a whole trace.
/// </summary>
public sealed class KnotTrack
{
    private readonly double[] _t;
    private readonly double[] _v;
    private readonly double[] _d;
    private int _cursor;

    /// <param name="knots">Knots in strictly increasing time; before the first and after the
    /// last the track holds the end value.</param>
    public KnotTrack(IReadOnlyList<(double T, double V)> knots)
    {
        if (knots.Count == 0) throw new ArgumentException("a track needs at least one knot");
        int n = knots.Count;
        _t = new double[n];
        _v = new double[n];
        for (int i = 0; i < n; i++)
        {
            _t[i] = knots[i].T;
            _v[i] = knots[i].V;
            if (i > 0 && _t[i] <= _t[i - 1]) throw new ArgumentException($"knot times must increase (knot {i})");
        }
        _d = Slopes(_t, _v);
    }

    /// <summary>A constant track.</summary>
    public static KnotTrack Constant(double value) => new(new[] { (0.0, value) });

    /// <summary>Value at the last knot.</summary>
    public double EndValue => _v[^1];

    /// <summary>Value, first and second derivative at <paramref name="t"/>.</summary>
    public (double V, double D1, double D2) At(double t)
    {
        int n = _t.Length;
        if (n == 1 || t <= _t[0]) return (_v[0], 0, 0);
        if (t >= _t[n - 1]) return (_v[n - 1], 0, 0);
        int i = Locate(t);
        double h = _t[i + 1] - _t[i];
        double s = (t - _t[i]) / h;
        double y0 = _v[i], y1 = _v[i + 1], m0 = _d[i] * h, m1 = _d[i + 1] * h;
        double s2 = s * s, s3 = s2 * s;
        double v = (2 * s3 - 3 * s2 + 1) * y0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * y1 + (s3 - s2) * m1;
        double d1 = ((6 * s2 - 6 * s) * y0 + (3 * s2 - 4 * s + 1) * m0 + (-6 * s2 + 6 * s) * y1 + (3 * s2 - 2 * s) * m1) / h;
        double d2 = ((12 * s - 6) * y0 + (6 * s - 4) * m0 + (-12 * s + 6) * y1 + (6 * s - 2) * m1) / (h * h);
        return (v, d1, d2);
    }

    private int Locate(double t)
    {
        // Samples arrive in time order: walk the cursor; fall back to bisection for jumps back.
        if (_cursor >= _t.Length - 1 || _t[_cursor] > t) _cursor = 0;
        if (t - _t[_cursor] > 0 && _cursor + 8 < _t.Length && _t[_cursor + 8] <= t)
        {
            int lo = _cursor, hi = _t.Length - 1;
            while (hi - lo > 1)
            {
                int mid = (lo + hi) / 2;
                if (_t[mid] <= t) lo = mid; else hi = mid;
            }
            _cursor = lo;
            return lo;
        }
        while (_t[_cursor + 1] <= t) _cursor++;
        return _cursor;
    }

    private static double[] Slopes(double[] t, double[] v)
    {
        int n = t.Length;
        var d = new double[n];
        if (n < 2) return d;
        var delta = new double[n - 1];
        for (int i = 0; i < n - 1; i++) delta[i] = (v[i + 1] - v[i]) / (t[i + 1] - t[i]);
        // End knots: zero slope (every track starts and ends at rest or at an extreme).
        for (int i = 1; i < n - 1; i++)
        {
            if (delta[i - 1] * delta[i] <= 0) { d[i] = 0; continue; }
            double h0 = t[i] - t[i - 1], h1 = t[i + 1] - t[i];
            double w1 = 2 * h1 + h0, w2 = h1 + 2 * h0;
            d[i] = (w1 + w2) / (w1 / delta[i - 1] + w2 / delta[i]);
        }
        return d;
    }
}
