using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Evaluation;
using CalfMonitor.Simulator.Input;
using Xunit;

namespace CalfMonitor.Tests.Evaluation;

public class ReferenceRateTests
{
    [Theory]
    [InlineData(1.0731, 58.8, 0.6, 2.0)]
    [InlineData(0.5457, 58.8, 0.4, 2.0)]
    [InlineData(1.2913, 100.0, 0.6, 2.0)]
    [InlineData(0.8123, 58.8, 0.5, 1.5)]
    public void Finds_the_period_of_a_gait_like_signal_to_sub_sample_accuracy(double period, double rate, double lo, double hi)
    {
        var rng = new Random(7);
        int n = (int)(40 * rate);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            double ph = 2 * Math.PI * i / rate / period;
            // A stride with a strong second and third harmonic (push-off and heel strike), plus noise.
            x[i] = 300 * Math.Sin(ph) + 150 * Math.Sin(2 * ph + 0.7) + 60 * Math.Sin(3 * ph + 1.9) + 20 * (rng.NextDouble() - 0.5);
        }
        var p = ReferenceRate.Period(x, rate, lo, hi);
        Assert.NotNull(p);
        Assert.True(Math.Abs(p!.Value.PeriodS - period) / period < 0.005, $"period {p.Value.PeriodS:0.0000} s vs {period} s");
        // And it is finer than one sample: the lag grid alone would be off by up to half a sample.
        Assert.True(Math.Abs(p.Value.PeriodS - period) < 0.5 / rate);
    }

    [Fact]
    public void Returns_null_for_a_constant_signal() =>
        Assert.Null(ReferenceRate.Period(Enumerable.Repeat(5.0, 2000).ToArray(), 50, 0.6, 2.0));

    [Fact]
    public void Principal_axis_finds_the_rotation_axis()
    {
        var axis = (X: 0.48, Y: 0.6, Z: 0.64);   // unit
        var x = new double[500]; var y = new double[500]; var z = new double[500];
        for (int i = 0; i < 500; i++)
        {
            double w = 200 * Math.Sin(i * 0.1);
            x[i] = w * axis.X + 3 * Math.Cos(i * 0.37); y[i] = w * axis.Y; z[i] = w * axis.Z;
        }
        var a = PrincipalAxis.Of(x, y, z);
        Assert.True(Math.Abs(Math.Abs(a.X * axis.X + a.Y * axis.Y + a.Z * axis.Z) - 1) < 1e-3);
    }
}

public class RotatedSourceTests
{
    private sealed class Fixed(List<SourceSample> s) : ISampleSource
    {
        public string Path => "fixed";
        public SourceInfo Info => new("native", 50, MountingSite.Foot, "fixed", null);
        public IReadOnlyList<string> Warnings => Array.Empty<string>();
        public IEnumerable<SourceSample> ReadSamples() => s;
    }

    [Fact]
    public void Rotation_preserves_vector_norms_and_changes_directions()
    {
        var rng = new Random(3);
        var samples = Enumerable.Range(0, 200).Select(i => new SourceSample(i, i / 50.0,
            rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1,
            rng.NextDouble() * 600 - 300, rng.NextDouble() * 600 - 300, rng.NextDouble() * 600 - 300, "x")).ToList();
        for (int k = 0; k < 5; k++)
        {
            var m = RotatedSource.RandomRotation(rng);
            double det = m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0]) + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
            Assert.Equal(1.0, det, 9);   // a proper rotation, no mirror
            var rotated = new RotatedSource(new Fixed(samples), m).ReadSamples().ToList();
            Assert.Equal(samples.Count, rotated.Count);
            bool moved = false;
            for (int i = 0; i < samples.Count; i++)
            {
                var a = samples[i]; var b = rotated[i];
                Assert.Equal(Norm(a.AxG, a.AyG, a.AzG), Norm(b.AxG, b.AyG, b.AzG), 9);
                Assert.Equal(Norm(a.GxDps, a.GyDps, a.GzDps), Norm(b.GxDps, b.GyDps, b.GzDps), 9);
                Assert.Equal((a.Row, a.TimeS, a.Label), (b.Row, b.TimeS, b.Label));
                moved |= Math.Abs(a.GxDps - b.GxDps) > 1e-6;
            }
            Assert.True(moved);
        }
    }

    private static double Norm(double x, double y, double z) => Math.Sqrt(x * x + y * y + z * z);
}
