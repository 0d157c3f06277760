using System.Text;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Tests.Simulator;

/// <summary>
/// Writes simple synthetic native traces for the simulator tests (calfmon synth lives on another
/// branch): stretches of sitting (sensor noise, a slow sway) and walking (the shank swinging about
/// the board's Y axis at ~0.9 Hz, ±250 °/s), each with a ground-truth label. Deterministic.
/// </summary>
public static class SyntheticTrace
{
    public readonly record struct Segment(string Label, double Minutes);

    /// <summary>An office hour: 34 min sitting (an alert at 30), 3 min walking, 20 min sitting, 3 min walking.</summary>
    public static readonly Segment[] OfficeHour =
    {
        new("sitting", 34), new("walking", 3), new("sitting", 20), new("walking", 3),
    };

    /// <summary>A working day of <paramref name="hours"/> hours: 45 min sitting then 4 min walking, repeated.</summary>
    public static Segment[] Day(double hours)
    {
        var list = new List<Segment>();
        double left = hours * 60;
        int i = 0;
        while (left > 0)
        {
            double sit = Math.Min(left, i % 3 == 2 ? 65 : 45);
            list.Add(new Segment("sitting", sit));
            left -= sit;
            if (left <= 0) break;
            double walk = Math.Min(left, 4);
            list.Add(new Segment("walking", walk));
            left -= walk;
            i++;
        }
        return list.ToArray();
    }

    /// <summary>Writes the segments to <paramref name="path"/> at <paramref name="rateHz"/>; returns the rows written.</summary>
    public static long Write(string path, IEnumerable<Segment> segments, int rateHz = 50, bool labels = true)
    {
        using var text = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var header = new TraceHeader(rateHz, 8, 2000, MountingSite.Shank, "tests SyntheticTrace", labels ? new[] { "label" } : Array.Empty<string>());
        using var w = new NativeTraceWriter(text, header);
        const double g = 4096;          // counts per g at ±8 g
        const double dps = 16.4;        // counts per °/s at ±2000 °/s
        var rng = new Random(7);
        long n = 0;
        double phase = 0;
        var cell = new string[1];
        foreach (var seg in segments)
        {
            long count = (long)Math.Round(seg.Minutes * 60 * rateHz);
            bool walking = seg.Label == "walking";
            for (long i = 0; i < count; i++, n++)
            {
                double t = n / (double)rateHz;
                double gy, ax, az;
                if (walking)
                {
                    phase += 2 * Math.PI * 0.9 / rateHz;
                    gy = 250 * Math.Sin(phase) + 60 * Math.Sin(2 * phase + 0.6);
                    double swing = 0.5 * Math.Cos(phase);
                    ax = -Math.Cos(swing) + 0.15 * Math.Sin(2 * phase);
                    az = Math.Sin(swing);
                }
                else
                {
                    gy = 0.4 * Math.Sin(2 * Math.PI * t / 7.0);
                    ax = -0.2;
                    az = 0.98;
                }
                short N(double v) => (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue);
                double noise() => rng.NextDouble() - 0.5;
                if (labels) cell[0] = seg.Label;
                w.Write(new TraceRow(n * 1000L / rateHz,
                    N(ax * g + 8 * noise()), N(0.05 * g + 8 * noise()), N(az * g + 8 * noise()),
                    N(2 * dps + 3 * noise()), N(gy * dps + 3 * noise()), N(-1 * dps + 3 * noise()),
                    labels ? cell : null));
            }
        }
        return n;
    }
}
