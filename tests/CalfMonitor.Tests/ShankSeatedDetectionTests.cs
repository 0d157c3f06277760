using CalfMonitor.Core;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests;

/// <summary>
/// Which turn of the shank's angle completes a cycle (PlantarflexionDetector.CompletesCycle): the
/// valley (push-off) in gait, the peak (heel back down) in seated movements, so that the last
/// raise of a set is counted without waiting for another movement. Fed straight into the detector
/// with the orientation fixed (+1: a seated raise turns the shank the positive way, as after gait
/// has taught the orientation).
/// </summary>
public class ShankSeatedDetectionTests
{
    private const int RateHz = 50;
    private static readonly SensorConfig Shank = new(RateHz, 8, 2000, MountingSite.Shank);

    /// <summary>Feeds rates (°/s) and returns the sample index of every cycle.</summary>
    private static List<int> Feed(PlantarflexionDetector d, IEnumerable<double> dps, ref int sample)
    {
        var cycles = new List<int>();
        double countsPerDps = Shank.GyroCountsPer10Dps / 10.0;
        foreach (double r in dps)
        {
            if (d.Update((int)Math.Round(r * countsPerDps))) cycles.Add(sample);
            sample++;
        }
        return cycles;
    }

    private static IEnumerable<double> Still(double seconds) => Enumerable.Repeat(0.0, (int)(seconds * RateHz));

    /// <summary>Repetitions from rest: the angle goes 0 → sign·range → 0, (1 − cos) shaped.</summary>
    private static IEnumerable<double> Raises(int reps, double hz, double rangeDeg, int sign = 1)
    {
        int n = (int)(reps / hz * RateHz);
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / RateHz;
            yield return sign * rangeDeg / 2 * 2 * Math.PI * hz * Math.Sin(2 * Math.PI * hz * t);
        }
    }

    /// <summary>Strides: angle = range/2 · sin(2πft).</summary>
    private static IEnumerable<double> Strides(int n, double hz, double rangeDeg)
    {
        int samples = (int)(n / hz * RateHz);
        for (int i = 0; i < samples; i++)
        {
            double t = (double)i / RateHz;
            yield return rangeDeg / 2 * 2 * Math.PI * hz * Math.Cos(2 * Math.PI * hz * t);
        }
    }

    /// <summary>Repetitions with a rest after each: the angle goes 0 → range in
    /// <paramref name="moveS"/>, back to 0 in as long, (1 − cos) shaped, then rests for
    /// <paramref name="restS"/>. Raise and lowering are mirror images: their peak rates are alike.</summary>
    private static IEnumerable<double> RaisesWithRests(int reps, double rangeDeg, double moveS, double restS)
    {
        int n = (int)(moveS * RateHz);
        for (int rep = 0; rep < reps; rep++)
        {
            for (int i = 0; i < n; i++) yield return rangeDeg / 2 * Math.PI / moveS * Math.Sin(Math.PI * (i + 0.5) / n);
            for (int i = 0; i < n; i++) yield return -rangeDeg / 2 * Math.PI / moveS * Math.Sin(Math.PI * (i + 0.5) / n);
            foreach (double r in Still(restS)) yield return r;
        }
    }

    /// <summary>A new detector fed 2 s of stillness, then <paramref name="set"/>, then 10 s of
    /// stillness; returns every cycle's sample, with the set's first sample and the detector.</summary>
    private static List<int> SetBetweenRests(IEnumerable<double> set, out int start, out PlantarflexionDetector d)
    {
        d = new PlantarflexionDetector(Shank, new MonitorSettings());
        int sample = 0;
        Feed(d, Still(2), ref sample);
        start = sample;
        var cycles = Feed(d, set, ref sample);
        cycles.AddRange(Feed(d, Still(10), ref sample));
        return cycles;
    }

    [Theory]
    [InlineData(0.2, 3)]
    [InlineData(0.5, 2.7)]
    [InlineData(1.5, 5)]
    public void Every_small_raise_is_counted_as_the_heel_comes_down_the_last_one_included(double hz, double rangeDeg)
    {
        var cycles = SetBetweenRests(Raises(12, hz, rangeDeg), out int start, out var d);
        Assert.Equal(12, cycles.Count);
        int period = (int)(RateHz / hz);
        for (int k = 0; k < 12; k++)
        {
            // Rep k: up in its first half, down in its second; counted on the way down.
            int phase = cycles[k] - start - k * period;
            Assert.InRange(phase, period / 2, period);
        }
        Assert.True(d.LastCycleSmall);
    }

    [Fact]
    public void With_the_orientation_the_other_way_round_a_set_is_counted_one_short()
    {
        // Before any gait the orientation is a guess: the raise then looks like a dip and its
        // return, each repetition is counted as the next one begins, and the last one is not.
        var cycles = SetBetweenRests(Raises(12, 0.5, 3, sign: -1), out _, out _);
        Assert.Equal(11, cycles.Count);
    }

    [Fact]
    public void Gait_is_counted_at_the_valley_push_off()
    {
        var d = new PlantarflexionDetector(Shank, new MonitorSettings());
        int sample = 0;
        Feed(d, Still(2), ref sample);
        int start = sample;
        var cycles = Feed(d, Strides(20, 1.0, 45), ref sample);
        Assert.InRange(cycles.Count, 19, 20);
        // After the first stride: the valley is at 3/4 of the stride, confirmed on the way back up.
        foreach (int c in cycles.Skip(1))
        {
            int phase = (c - start) % RateHz;
            Assert.InRange(phase, RateHz * 3 / 4, RateHz - 1);
        }
        Assert.False(d.LastCycleSmall);
    }

    /// <summary>The orientation's time vote (the forward swing is the shorter half of a walking
    /// stride) is a fact about gait: a seated set does not cast it. Raises of 8° (a full cycle on
    /// the shank, under a stride's <see cref="PlantarflexionDetector.ShankGaitRangeDeg"/>) with a
    /// rest after each have alike peaks, and the detector's half-cycles are uneven — from the
    /// valley at the rest's start to the peak 1.4 s, back 0.8 s — which the time vote read as a
    /// shank mounted the other way round (in the synthetic office hour, seed 1, the pump break's
    /// first raise from rest did the same): it turned the orientation at the first raise, each
    /// raise was then counted as the next began, and the set's last raise not at all.</summary>
    [Fact]
    public void A_seated_set_with_rests_does_not_turn_the_orientation_and_its_last_raise_counts()
    {
        var cycles = SetBetweenRests(RaisesWithRests(12, 8, 0.8, 0.6), out int start, out var d);
        Assert.Equal(1, d.Sign);
        Assert.Equal(12, cycles.Count);
        // Each counted on its way down (0.8–1.6 s into its 2.2 s repetition), the last one too.
        int period = (int)(2.2 * RateHz);
        for (int k = 0; k < 12; k++) Assert.InRange(cycles[k] - start - k * period, (int)(0.8 * RateHz), (int)(1.6 * RateHz));
    }

    /// <summary>The first repetition right after the walk may be lost (its rise is measured from
    /// the walk's last valley, so it looks like gait); none is ever counted twice.</summary>
    [Fact]
    public void Changing_from_gait_to_a_seated_set_and_back_counts_no_cycle_twice()
    {
        var d = new PlantarflexionDetector(Shank, new MonitorSettings());
        int sample = 0;
        int walk1 = Feed(d, Strides(20, 1.0, 45), ref sample).Count;
        int pause = Feed(d, Still(6), ref sample).Count;
        int set = Feed(d, Raises(10, 0.5, 4), ref sample).Count;
        int walk2 = Feed(d, Strides(20, 1.0, 45), ref sample).Count;
        Assert.Equal(0, pause);
        Assert.InRange(walk1, 19, 20);
        Assert.InRange(set, 9, 10);
        Assert.InRange(walk2, 19, 20);
    }
}
