using CalfMonitor.Core;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Sensing;
using Xunit;
using static CalfMonitor.Tests.Detection.DetectorSteering;

namespace CalfMonitor.Tests.Detection;

/// <summary>Issue #13: a stride is dated at its push-off, and the shank's first valley after a
/// reset does not vote on the orientation.</summary>
public class StrideTimingTests
{
    private static int Counts(double dps) => (int)Math.Round(dps * 16.4);

    /// <summary>Feeds the angle A·sin(2πft) (as its rate) for <paramref name="seconds"/>; returns
    /// (sample index, age) of every cycle counted.</summary>
    private static List<(int Sample, int Age)> Sinusoid(PlantarflexionDetector d, double hz, double rangeDeg, double seconds)
    {
        var cycles = new List<(int, int)>();
        for (int i = 0; i < seconds * RateHz; i++)
        {
            double t = (double)i / RateHz;
            double dps = rangeDeg / 2 * 2 * Math.PI * hz * Math.Cos(2 * Math.PI * hz * t);
            if (d.Update(Counts(dps))) cycles.Add((i, d.LastCycleAgeSamples));
        }
        return cycles;
    }

    [Fact]
    public void A_foot_stride_is_dated_at_its_valley_a_seated_repetition_at_its_return()
    {
        // Strides: 60° at 1 Hz. The valley is at the angle's minimum (3/4 of each period); the
        // return of a quarter of the range (the adaptive hysteresis) takes a sixth of a period.
        var gait = Sinusoid(Detector(MountingSite.Foot), 1.0, 60, 12);
        Assert.True(gait.Count >= 10, $"{gait.Count} strides");
        foreach (var (sample, age) in gait.Skip(2))
        {
            int valley = sample - age;
            Assert.InRange(valley % RateHz, RateHz * 3 / 4 - 2, RateHz * 3 / 4 + 2);
            Assert.InRange(age, 5, 12);
        }
        // A seated heel raise of 15° is complete when it has returned: dated where it is confirmed.
        var seated = Sinusoid(Detector(MountingSite.Foot), 0.5, 15, 20);
        Assert.True(seated.Count >= 8);
        Assert.All(seated, c => Assert.Equal(0, c.Age));
    }

    [Fact]
    public void The_monitor_reports_a_stride_at_its_push_off()
    {
        var listener = new RecordingListener();
        var monitor = Signals.Monitor(listener, MountingSite.Foot);
        int t = 0;
        Signals.Still(monitor, ref t, 2);
        int start = t;
        Signals.Sinusoid(monitor, ref t, 20, 1.0, 60);
        Signals.Still(monitor, ref t, 3);
        var acts = listener.Activations.Where(a => a.TimeMs > start + 3000).ToList();
        Assert.True(acts.Count >= 15, $"{acts.Count} activations");
        // The turns of the angle lie at a quarter and three quarters of each second; whichever of
        // them the orientation makes the valley, the activation lies on it, not a sixth of a
        // period (the confirmation) later.
        foreach (var (timeMs, _) in acts)
        {
            int phase = (timeMs - start) % 500;
            int offTurn = Math.Abs(phase - 250);
            Assert.True(offTurn <= 60, $"activation at {timeMs} ms is {offTurn} ms off a turn");
        }
    }

    /// <summary>A shank stride: slow backward rotation through stance, a fast one in pre-swing
    /// (up to toe-off), then the forward swing (the fastest rotation, a half sine) — the forward
    /// swing positive as the detector orients it.</summary>
    private static IEnumerable<double> ShankStride() => ShankStride(0.6, -200, 0.15, 320, 0.35);

    /// <summary>A shank stride, rates in °/s: stance at −90 for <paramref name="stanceS"/>, a
    /// pre-swing half sine to <paramref name="preSwingDps"/> over <paramref name="preSwingS"/>,
    /// a forward-swing half sine to <paramref name="swingDps"/> over <paramref name="swingS"/>.</summary>
    private static IEnumerable<double> ShankStride(double stanceS, double preSwingDps, double preSwingS, double swingDps, double swingS)
    {
        for (int i = 0; i < stanceS * RateHz; i++) yield return -90;
        for (int i = 0; i < preSwingS * RateHz; i++) yield return preSwingDps * Math.Sin(Math.PI * (i + 0.5) / (preSwingS * RateHz));
        for (int i = 0; i < swingS * RateHz; i++) yield return swingDps * Math.Sin(Math.PI * (i + 0.5) / (swingS * RateHz));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void The_first_step_from_standing_does_not_turn_the_shank_orientation_around(int mounting)
    {
        // Standing, then the first stride: at its toe-off the fast pre-swing has been seen but the
        // swing has only begun, so comparing the two peaks would say "backwards is faster".
        var d = Detector(MountingSite.Shank);
        int counted = 0, sample = 0;
        var signs = new List<int>();
        for (int i = 0; i < RateHz; i++, sample++) d.Update(0);
        for (int stride = 0; stride < 8; stride++)
        {
            foreach (double dps in ShankStride())
            {
                if (d.Update(Counts(dps * mounting))) counted++;
                sample++;
            }
            signs.Add(d.Sign);
        }
        // Correctly mounted: the orientation never flips. Mounted the other way round: the votes
        // of whole strides turn it once, and it stays.
        if (mounting == 1) Assert.All(signs, s => Assert.Equal(1, s));
        else
        {
            int turn = signs.IndexOf(-1);
            Assert.True(turn >= 0, "never turned: " + string.Join(",", signs));
            Assert.All(signs.Skip(turn), s => Assert.Equal(-1, s));
        }
        Assert.InRange(counted, 7, 8);
    }

    /// <summary>A turn confirmed right after a counting turn never counts (the two halves of one
    /// cycle, when the shank changes between counting peaks and valleys). After a rest longer than
    /// a half-cycle (<see cref="PlantarflexionDetector.MaxHalfCycleMs"/>) the next turn is no half
    /// of the last cycle. A seated set on the shank is counted at its peaks, the heel back down; a
    /// walk starts with a push-off, a valley: after a set and a rest, the walk lost its first
    /// stride (on the shank, the synthetic office hour's walk, seed 1, once its pump break no
    /// longer turned the orientation round). It counts them as from standing.</summary>
    [Fact]
    public void A_walk_after_a_seated_set_and_a_rest_counts_its_strides_as_from_standing()
    {
        var fresh = Detector(MountingSite.Shank);
        for (int i = 0; i < RateHz; i++) fresh.Update(0);
        var fromStanding = ShankWalkDated(fresh);

        var d = Detector(MountingSite.Shank);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        // Ten seated raises of the shank by 4° at 0.5 Hz, each from rest and back ((1 − cos)
        // shaped), then 30 s still.
        int raises = 0;
        for (int i = 0; i < 10 * 2 * RateHz; i++)
        {
            if (d.Update(Counts(2 * 2 * Math.PI * 0.5 * Math.Sin(2 * Math.PI * 0.5 * i / RateHz)))) raises++;
        }
        for (int i = 0; i < 30 * RateHz; i++) Assert.False(d.Update(0));
        Assert.Equal(10, raises);
        var afterTheSet = ShankWalkDated(d);
        Assert.InRange(fromStanding.Count, 9, 10);
        Assert.Equal(fromStanding.Count, afterTheSet.Count);
        Assert.Equal(fromStanding[0], afterTheSet[0]);
    }

    /// <summary>Feeds ten <see cref="ShankStride()"/> strides; returns the sample, from the walk's
    /// start, each activation is dated at.</summary>
    private static List<int> ShankWalkDated(PlantarflexionDetector d)
    {
        var dated = new List<int>();
        int sample = 0;
        for (int stride = 0; stride < 10; stride++)
        {
            foreach (double dps in ShankStride())
            {
                sample++;
                if (d.Update(Counts(dps))) dated.Add(sample - d.LastCycleAgeSamples);
            }
        }
        return dated;
    }

    /// <summary>Feeds <paramref name="strides"/> strides of <paramref name="stride"/>'s rates
    /// (°/s), turned by <paramref name="mounting"/> (±1); returns the sample each cycle counted is
    /// dated at (sample − age, counted from <paramref name="firstSample"/>), and adds the
    /// detector's sign after each stride to <paramref name="signs"/> when given.</summary>
    private static List<int> Walk(PlantarflexionDetector d, int strides, Func<IEnumerable<double>> stride, int mounting, int firstSample, List<int>? signs)
    {
        var dated = new List<int>();
        int sample = firstSample;
        for (int k = 0; k < strides; k++)
        {
            foreach (double dps in stride())
            {
                sample++;
                if (d.Update(Counts(dps * mounting))) dated.Add(sample - d.LastCycleAgeSamples);
            }
            signs?.Add(d.Sign);
        }
        return dated;
    }

    /// <summary>A shank stride whose two peaks are alike (300 and 327 °/s, within the 15 % the peak
    /// vote needs): stance turns the shank back slowly for 0.5 s and fast in a 0.2 s pre-swing (to
    /// toe-off), the forward swing takes 0.4 s — the same range each way. Only the time tells
    /// the forward swing: the shorter half.</summary>
    private static IEnumerable<double> ShankStrideWithAlikePeaks() => ShankStride(0.5, -300, 0.2, 327, 0.4);

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void A_shank_whose_swing_is_no_faster_than_its_stance_is_oriented_by_time(int mounting)
    {
        var d = Detector(MountingSite.Shank);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        const int strides = 10;
        var dated = Walk(d, strides, ShankStrideWithAlikePeaks, mounting, RateHz, null);
        // Either way round the forward swing ends up positive, and the last strides are dated at
        // their toe-off: the end of the pre-swing, 0.7 s into each 1.1 s stride (not at the end
        // of the swing, as a shank oriented the wrong way would date them).
        Assert.Equal(mounting, d.Sign);
        int strideSamples = (int)(1.1 * RateHz), toeOff = (int)(0.7 * RateHz);
        Assert.True(dated.Count >= strides - 2, string.Join(",", dated));
        foreach (int v in dated.TakeLast(4))
        {
            int phase = (v - RateHz) % strideSamples;
            Assert.True(Math.Abs(phase - toeOff) <= 3, $"stride dated at phase {phase} samples, toe-off at {toeOff}: {string.Join(",", dated)}");
        }
    }

    /// <summary>A strap fitted the other way round, and a jog: strides of 0.57 s (stance 0.2 s,
    /// pre-swing 0.15 s to 250 °/s, forward swing 0.22 s to 299 °/s). Too short for the time vote,
    /// but the forward swing is 20 % faster than the backward turn, more than the peak vote's
    /// <see cref="PlantarflexionDetector.ShankPeakMarginPct"/>: the peaks turn the orientation.</summary>
    [Fact]
    public void A_jog_whose_swing_is_a_fifth_faster_than_its_stance_is_oriented_by_its_peaks()
    {
        var d = Detector(MountingSite.Shank);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        Walk(d, 12, () => ShankStride(0.2, -250, 0.15, 299, 0.22), -1, RateHz, null);
        Assert.Equal(-1, d.Sign);
    }

    /// <summary>A strap fitted the other way round on someone whose swing is no faster than their
    /// stance (peaks alike): a jog first, strides of 0.6 s (stance 0.2 s, pre-swing 0.15 s, swing
    /// 0.25 s, peaks 300 and 293 °/s). A stride shorter than
    /// <see cref="PlantarflexionDetector.TimeVoteStrideMinMs"/> says nothing by its halves (running
    /// turns the time cue round), so the jog builds no confidence in the orientation either way,
    /// and the walk after it turns the orientation by its halves.</summary>
    [Fact]
    public void A_jog_whose_halves_say_nothing_builds_no_confidence_against_the_walk_after_it()
    {
        var d = Detector(MountingSite.Shank);
        for (int i = 0; i < RateHz; i++) d.Update(0);
        Walk(d, 10, () => ShankStride(0.2, -300, 0.15, 293, 0.25), -1, RateHz, null);
        Assert.Equal(1, d.Sign);
        Walk(d, 10, ShankStrideWithAlikePeaks, -1, 0, null);
        Assert.Equal(-1, d.Sign);
    }

    /// <summary>Samples of <see cref="FootStrideWithoutRest"/>: stance turning slowly, push-off,
    /// swing (0.56 + 0.16 + 0.4 = 1.12 s at 50 Hz).</summary>
    private const int NoRestStanceN = 28, NoRestPushOffN = 8, NoRestSwingN = 20;

    /// <summary>A foot stride that never rests, rates in °/s (plantarflexion negative): from heel
    /// strike the foot keeps turning towards plantarflexion at 45 °/s for 0.56 s (it rolls over
    /// the shoe), pushes off at 250 °/s for 0.16 s to toe-off (0.72 s into the stride: 65° in
    /// all), then swings back through the same angle in 0.4 s (a half sine, peak 255 °/s). It is
    /// never below the still threshold (30 °/s) for longer than a sample or two, so no still spell
    /// votes; gaitmap's IC-stride walk keeps its right foot turning like this.</summary>
    private static IEnumerable<double> FootStrideWithoutRest()
    {
        for (int i = 0; i < NoRestStanceN; i++) yield return -45;
        for (int i = 0; i < NoRestPushOffN; i++) yield return -250;
        double swingDeg = (45.0 * NoRestStanceN + 250.0 * NoRestPushOffN) / RateHz, swingS = (double)NoRestSwingN / RateHz;
        for (int i = 0; i < NoRestSwingN; i++) yield return swingDeg * Math.PI / (2 * swingS) * Math.Sin(Math.PI * (i + 0.5) / NoRestSwingN);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void A_foot_that_never_rests_is_oriented_by_the_time_of_its_halves(int mounting)
    {
        // Mid-walk from the first sample (a monitor switched on while walking, or a walk whose
        // first fast rotation did not leave a stillness): no still spell, and no first push-off
        // from standing, votes.
        var d = Detector(MountingSite.Foot);
        var signs = new List<int>();
        const int strides = 12;
        var dated = Walk(d, strides, FootStrideWithoutRest, mounting, 0, signs);
        // Either way round plantarflexion ends up a fall; mounted the other way round it turns
        // once, after the strides the vote waits for, and stays.
        Assert.Equal(mounting, d.Sign);
        int turn = signs.IndexOf(mounting);
        Assert.InRange(turn, 0, PlantarflexionDetector.FootTimeVoteStrides + 2);
        Assert.All(signs.Skip(turn), s => Assert.Equal(mounting, s));
        // One activation a stride, before and after the turn, and the last strides are dated at
        // their toe-off, 0.72 s into each 1.12 s stride (the wrong way round: the swing's end).
        Assert.InRange(dated.Count, strides - 2, strides);
        Assert.Equal(dated.Count, dated.Distinct().Count());
        int strideSamples = NoRestStanceN + NoRestPushOffN + NoRestSwingN, toeOff = NoRestStanceN + NoRestPushOffN;
        foreach (int v in dated.TakeLast(5))
        {
            int phase = v % strideSamples;
            Assert.True(Math.Abs(phase - toeOff) <= 3, $"stride dated at phase {phase} samples, toe-off at {toeOff}: {string.Join(",", dated)}");
        }
        // No stride counted twice, none skipped: across the turn the last stride dated at its
        // swing's end and the next at its push-off lie a stance apart, every other pair a stride.
        for (int k = 1; k < dated.Count; k++) Assert.InRange(dated[k] - dated[k - 1], NoRestStanceN, strideSamples + 3);
    }

    /// <summary>The foot's time vote turns the orientation only after
    /// <see cref="PlantarflexionDetector.FootTimeVoteStrides"/> strides in a row say so with no other
    /// vote in between. A foot that never rests walks with the sensor the wrong way round: left
    /// alone, its strides turn the orientation in the fifth (the first stride's valley casts no
    /// vote, and each stride's is cast as the next one rises). Here it pauses in the fourth stride's
    /// stance — standing still twice for 0.9 s, left once by a quick drop of the heel (a vote for the
    /// orientation held) and once by a quick lift (one against it) — and walks on. Those votes end
    /// the run the strides before had built, so it starts again after the pause and the
    /// orientation turns in the fourth stride after it; kept, the run turned it in the second.</summary>
    [Fact]
    public void A_still_spell_vote_between_strides_starts_the_foot_s_time_vote_run_afresh()
    {
        var d = Detector(MountingSite.Foot);
        // The detector's view: a no-rest stride with the sensor the other way round.
        IEnumerable<double> Wrong() => FootStrideWithoutRest().Select(r => -r);
        var alone = new List<int>();
        Walk(Detector(MountingSite.Foot), 5, Wrong, 1, 0, alone);
        Assert.Equal(new[] { 1, 1, 1, 1, -1 }, alone.ToArray());
        Walk(d, 3, Wrong, 1, 0, null);
        Assert.Equal(1, d.Sign);
        // The fourth stride: half its stance, the pause with its two votes, the rest of it.
        var paused = new List<double>();
        for (int i = 0; i < RateHz / 2; i++) paused.Add(45);
        for (int i = 0; i < 0.9 * RateHz; i++) paused.Add(0);
        paused.Add(-250);
        for (int i = 0; i < 0.9 * RateHz; i++) paused.Add(0);
        paused.Add(250);
        paused.AddRange(Wrong().Skip(RateHz / 2));
        foreach (double dps in paused) d.Update(Counts(dps));
        var signs = new List<int>();
        Walk(d, 4, Wrong, 1, 0, signs);
        Assert.Equal(new[] { 1, 1, 1, -1 }, signs.ToArray());
    }

    /// <summary>Only a stride whose halves say the orientation is right ends the foot's time-vote run;
    /// one whose halves say nothing (its swing, here 0.64 s, within
    /// <see cref="PlantarflexionDetector.SwingTimeMarginPct"/> of its 0.72 s stance and push-off)
    /// leaves it as it is. Three strides with the sensor the wrong way round, one even stride, then
    /// wrong ones again: the orientation turns in the sixth stride, the run's third vote.</summary>
    [Fact]
    public void A_stride_whose_halves_say_nothing_leaves_the_foot_s_time_vote_run_as_it_is()
    {
        var d = Detector(MountingSite.Foot);
        IEnumerable<double> Wrong() => FootStrideWithoutRest().Select(r => -r);
        IEnumerable<double> Even()
        {
            // The stance and push-off of Wrong(), then the swing back over 32 updates.
            foreach (double r in Wrong().Take(NoRestStanceN + NoRestPushOffN)) yield return r;
            double swingDeg = (45.0 * NoRestStanceN + 250.0 * NoRestPushOffN) / RateHz, swingS = 32.0 / RateHz;
            for (int i = 0; i < 32; i++) yield return -swingDeg * Math.PI / (2 * swingS) * Math.Sin(Math.PI * (i + 0.5) / 32);
        }
        var signs = new List<int>();
        Walk(d, 3, Wrong, 1, 0, signs);
        Walk(d, 1, Even, 1, 0, signs);
        Walk(d, 4, Wrong, 1, 0, signs);
        Assert.Equal(new[] { 1, 1, 1, 1, 1, -1, -1, -1 }, signs.ToArray());
    }

    /// <summary>A stride whose rise has no length says nothing about its halves. It happens after
    /// a closing step found at the very update its valley's half-cycle life
    /// (<see cref="PlantarflexionDetector.MaxHalfCycleMs"/>) runs out: the valley is then dated at
    /// that update, and so is the peak the foot falls from at once. Here three strides with the
    /// sensor the wrong way round end at a valley; the foot rises from it by about 5° (more than
    /// the closing step's half of the minimum range, less than the hysteresis) and jiggles there,
    /// never still, for 3 s; at the update the valley expires it stops (the closing step, counted
    /// and dated there), then falls some 50° over a second and walks on the wrong way round. The
    /// stride from that peak to the next valley has a fall and no rise: it leaves the run of
    /// contrary time votes as it is, so the orientation turns in the third stride after it, the
    /// run's third vote; taken for a stride whose stance is the longer half, it would end the run,
    /// and the orientation would turn a stride later.</summary>
    [Fact]
    public void A_stride_with_no_rise_after_a_closing_step_leaves_the_foot_s_time_vote_run_as_it_is()
    {
        var d = Detector(MountingSite.Foot);
        IEnumerable<double> Wrong() => FootStrideWithoutRest().Select(r => -r);
        var signs = new List<int>();
        Walk(d, 3, Wrong, 1, 0, signs);
        // The walk ends at its valley: the update that set the extreme, whose life runs out
        // MaxHalfCycleMs later, at the first update beyond it.
        int life = PlantarflexionDetector.MaxHalfCycleMs * RateHz / 1000 + 1;
        int valley = d.Angle, level = valley + 4000;
        int closingRange = new MonitorSettings().MinAnkleRangeDeg * 820 / 100 * PlantarflexionDetector.ClosingStepPct;
        Assert.InRange(4000 - 400, closingRange, d.MinHysteresisUnits - 400);
        for (int k = 1; k < life; k++)
        {
            // 400 units either side of the level (the leaky integrator written out): rates of
            // 40–60 °/s, never still.
            int rate = level + (k % 2 == 0 ? 400 : -400) - d.Angle + (d.Angle >> d.LeakShift);
            Assert.True(Math.Abs(rate) >= Counts(PlantarflexionDetector.FootQuietDps), $"still at update {k}");
            Assert.False(d.Update(rate), $"counted at update {k}");
        }
        Assert.True(d.Update(0), "the closing step was not counted as the valley expired");
        Assert.Equal(0, d.LastCycleAgeSamples);
        for (int i = 0; i < RateHz; i++) d.Update(Counts(-60));
        Walk(d, 4, Wrong, 1, 0, signs);
        Assert.Equal(new[] { 1, 1, 1, 1, 1, -1, -1 }, signs.ToArray());
    }

    /// <summary>A stride whose halves say the orientation held is right (its swing, here 1 s,
    /// more than <see cref="PlantarflexionDetector.SwingTimeMarginPct"/> longer than its 0.72 s
    /// stance and push-off) ends the foot's time-vote run. Three strides with the sensor the wrong
    /// way round, that one, then wrong ones again: the run starts afresh after it, and the
    /// orientation turns in the fourth wrong stride after it; kept, the run turned it in the
    /// second, as after a stride whose halves say nothing.</summary>
    [Fact]
    public void A_stride_whose_halves_agree_starts_the_foot_s_time_vote_run_afresh()
    {
        var d = Detector(MountingSite.Foot);
        IEnumerable<double> Wrong() => FootStrideWithoutRest().Select(r => -r);
        const int agreeSwingN = 50;
        IEnumerable<double> Agree()
        {
            // The stance and push-off of Wrong(), then the swing back over 50 updates.
            foreach (double r in Wrong().Take(NoRestStanceN + NoRestPushOffN)) yield return r;
            double swingDeg = (45.0 * NoRestStanceN + 250.0 * NoRestPushOffN) / RateHz, swingS = (double)agreeSwingN / RateHz;
            for (int i = 0; i < agreeSwingN; i++) yield return -swingDeg * Math.PI / (2 * swingS) * Math.Sin(Math.PI * (i + 0.5) / agreeSwingN);
        }
        var signs = new List<int>();
        Walk(d, 3, Wrong, 1, 0, signs);
        Walk(d, 1, Agree, 1, 0, signs);
        Walk(d, 5, Wrong, 1, 0, signs);
        Assert.Equal(new[] { 1, 1, 1, 1, 1, 1, 1, -1, -1 }, signs.ToArray());
    }

    /// <summary>A stride's halves vote only while nothing is confident: they never wear down an
    /// orientation the foot's still spells have voted for. Eight still spells (0.9 s standing),
    /// each left by a quick drop of the heel and back, vote for the orientation held up to
    /// <see cref="PlantarflexionDetector.MaxSignConfidence"/>; thirty strides without rest whose
    /// halves disagree (the sensor's view of <see cref="FootStrideWithoutRest"/> the wrong way
    /// round) then leave it as it is, and each stride counts once. Worn down by a vote every
    /// three strides, it turned in the 22nd.</summary>
    [Fact]
    public void Strides_whose_halves_disagree_do_not_wear_down_an_orientation_the_rests_made_confident()
    {
        var d = Detector(MountingSite.Foot);
        for (int spell = 0; spell < 8; spell++)
        {
            for (int i = 0; i < 0.9 * RateHz; i++) d.Update(0);
            d.Update(Counts(-250));
            d.Update(Counts(250));
        }
        Assert.Equal(1, d.Sign);
        var signs = new List<int>();
        var dated = Walk(d, 30, () => FootStrideWithoutRest().Select(r => -r), 1, 0, signs);
        Assert.All(signs, s => Assert.Equal(1, s));
        // (The first stride is counted from standing, dated where it left the last still spell.)
        Assert.InRange(dated.Count, 28, 30);
        int strideSamples = NoRestStanceN + NoRestPushOffN + NoRestSwingN;
        for (int k = 1; k < dated.Count; k++) Assert.True(dated[k] - dated[k - 1] >= strideSamples - 3, $"counted twice: {string.Join(",", dated)}");
    }

    /// <summary>The one-push-off-a-stride bound of a slow walk (<see cref="PlantarflexionDetector.MinStridePeriodPct"/>)
    /// is taken from the shorter of the last two strides: a walker who stops for a moment in one
    /// stride (the foot flat for 1.7 s at a door: a 2.4 s stride) walks on at the pace of before,
    /// 1 s strides, and loses none of them. From that long stride alone the bound (1.08 s) would
    /// drop the first stride after it; from the stride before it, the second.</summary>
    [Fact]
    public void A_walker_who_pauses_for_one_stride_loses_no_stride_walking_on()
    {
        var angles = new List<double> { 0 };
        Hold(angles, 1);
        var pushOffs = new List<int>();
        for (int stride = 0; stride < 14; stride++)
        {
            // Push-off to −30°, the swing to +30°, the foot lowered flat at heel strike, foot-flat.
            Move(angles, -30, 0.2);
            pushOffs.Add(angles.Count - 1);
            Move(angles, 60, 0.3);
            Move(angles, -30, 0.2);
            Hold(angles, stride == 6 ? 1.7 : 0.3);
        }
        string seen(List<int> dated) => $"dated {string.Join(",", dated)}; push-offs {string.Join(",", pushOffs)}";
        Assert.InRange(pushOffs[7] - pushOffs[6], 2.4 * RateHz - 2, 2.4 * RateHz + 2);
        Assert.InRange(pushOffs[8] - pushOffs[7], RateHz - 2, RateHz + 2);
        foreach (int mounting in new[] { 1, -1 })
        {
            var dated = DatedOnTheFoot(angles, mounting: mounting);
            Assert.True(dated.Count == pushOffs.Count, seen(dated));
            for (int k = 0; k < pushOffs.Count; k++) Assert.True(Math.Abs(dated[k] - pushOffs[k]) <= 5, seen(dated));
        }
    }

    /// <summary>After a gap in the samples (a sensor fault, reads lost on the bus) the detector
    /// starts over mid-walk, and no push-off counted before the restart bounds the next one: a
    /// walk of 60° strides at 1 Hz restarted anywhere in a stride loses no stride after it, not
    /// even a push-off sooner than the shortest stride (<see cref="PlantarflexionDetector.MinStrideMs"/>)
    /// after the restart.</summary>
    [Theory]
    [InlineData(MountingSite.Foot, 0)]
    [InlineData(MountingSite.Foot, 15)]
    [InlineData(MountingSite.Foot, 30)]
    [InlineData(MountingSite.Shank, 0)]
    [InlineData(MountingSite.Shank, 15)]
    [InlineData(MountingSite.Shank, 30)]
    public void A_walk_through_a_restart_loses_no_stride(MountingSite site, int restartIntoStride)
    {
        var d = Detector(site);
        var dated = new List<int>();
        double previous = 0;
        int restart = 5 * RateHz + restartIntoStride;
        for (int i = 1; i < 12 * RateHz; i++)
        {
            if (i == restart) d.Reset();
            double angle = 30 * Math.Sin(2 * Math.PI * i / RateHz);
            if (d.Update(Counts((angle - previous) * RateHz))) dated.Add(i - d.LastCycleAgeSamples);
            previous = angle;
        }
        // The valleys (push-offs) at 0.75 s + k, twelve in all; each counted once, near it.
        string seen = $"dated {string.Join(",", dated)}; restarted at {restart}";
        Assert.True(dated.Count == 12, seen);
        for (int k = 0; k < 12; k++) Assert.True(Math.Abs(dated[k] - (k * RateHz + RateHz * 3 / 4)) <= 8, seen);
    }

    /// <summary>A heel bounced seated on the ball of the foot (a fidget that works the calf) goes
    /// faster than any stride, 3 to 4 Hz, through a few degrees: below
    /// <see cref="PlantarflexionDetector.FootGaitRangeDeg"/> it is no walk, and no stride's minimum
    /// (<see cref="PlantarflexionDetector.MinStrideMs"/>) keeps a bounce from counting. Every one
    /// counts but the first (there is no valley before it); held to a stride's minimum, every other
    /// one would be lost.</summary>
    [Theory]
    [InlineData(3.0, 10)]
    [InlineData(4.0, 10)]
    [InlineData(3.0, 20)]
    public void A_foot_bouncing_its_heel_faster_than_a_stride_counts_every_bounce(double hz, double rangeDeg)
    {
        const double seconds = 10;
        var cycles = Sinusoid(Detector(MountingSite.Foot), hz, rangeDeg, seconds);
        Assert.InRange(cycles.Count, hz * seconds - 1, hz * seconds);
    }

    /// <summary>Feeds a walk of foot strides (60° at 1 Hz, valleys at 0.75 s + k), ending at a
    /// peak (the last heel strike), then a closing step: the foot falls by <paramref name="fallDeg"/>
    /// to a valley <paramref name="valleyAfterS"/> after the walk's last push-off and returns by
    /// <paramref name="returnDeg"/>, then stands still. Returns the valleys counted (sample − age).</summary>
    private static List<int> WalkThenClosingStep(int strides, double fallDeg, double returnDeg, double valleyAfterS)
    {
        var angles = new List<double>();
        for (int i = 0; i < (strides + 0.25) * RateHz; i++) angles.Add(30 * Math.Sin(2 * Math.PI * i / RateHz));
        // From the last heel strike (the peak at strides + 0.25 s, one quarter-period before where
        // the next valley would be) down to the closing valley, up by the return, then still.
        double fallS = valleyAfterS - 0.5;
        for (int i = 1; i <= fallS * RateHz; i++) angles.Add(30 - fallDeg * (1 - Math.Cos(Math.PI * i / (fallS * RateHz))) / 2);
        double valley = 30 - fallDeg;
        for (int i = 1; i <= 0.2 * RateHz; i++) angles.Add(valley + returnDeg * (1 - Math.Cos(Math.PI * i / (0.2 * RateHz))) / 2);
        for (int i = 0; i < 4 * RateHz; i++) angles.Add(valley + returnDeg);
        return DatedOnTheFoot(angles);
    }

    [Fact]
    public void A_walks_closing_step_counts_in_the_walks_rhythm_at_half_the_minimum_range()
    {
        // Ten strides; the valley of the last one at 9.75 s. The closing step's valley comes one
        // period later (10.75 s), falls 20° and returns 5°: less than the adaptive hysteresis
        // (a quarter of 60°) and than the 7° minimum, more than half of it.
        var closing = WalkThenClosingStep(10, 20, 5, 1.0);
        Assert.Contains(closing, v => Math.Abs(v - 10.75 * RateHz) <= 3);
        // Dated at the valley, and nothing else after the walk.
        Assert.Single(closing, v => v > 10.25 * RateHz);
        // A return of 3° (under half the minimum) is a foot settling, not a step.
        Assert.DoesNotContain(WalkThenClosingStep(10, 20, 3, 1.0), v => v > 10.25 * RateHz);
        // Out of the rhythm (two periods after the last push-off) it is not the walk's step either.
        Assert.DoesNotContain(WalkThenClosingStep(10, 20, 5, 2.0), v => v > 10.25 * RateHz);
    }

    [Fact]
    public void A_wobble_in_the_swing_is_not_a_second_push_off()
    {
        // Strides of 60° at 1 Hz (valleys at 0.75 s + k); in every swing, 0.2 s after the push-off,
        // the foot wobbles back by about 25° — more than the adaptive hysteresis, so the wobble
        // makes a valley of its own, but a stride has one push-off.
        var d = Detector(MountingSite.Foot);
        var valleys = new List<int>();
        double previous = 0;
        for (int i = 1; i < 12 * RateHz; i++)
        {
            double t = (double)i / RateHz, phase = t % 1.0;
            double wobble = -25 * Math.Exp(-Math.Pow((phase - 0.97) / 0.03, 2));
            double angle = 30 * Math.Sin(2 * Math.PI * t) + wobble;
            if (d.Update(Counts((angle - previous) * RateHz))) valleys.Add(i - d.LastCycleAgeSamples);
            previous = angle;
        }
        Assert.True(valleys.Count >= 10 && valleys.Count <= 12, string.Join(",", valleys));
        for (int k = 1; k < valleys.Count; k++)
            Assert.True(valleys[k] - valleys[k - 1] >= RateHz * 8 / 10, $"push-offs {valleys[k - 1]} and {valleys[k]} in one stride");
    }

    /// <summary>Appends a cosine-shaped move of the angle by <paramref name="deltaDeg"/> over <paramref name="seconds"/>.</summary>
    private static void Move(List<double> angles, double deltaDeg, double seconds)
    {
        double from = angles[^1];
        int n = (int)Math.Round(seconds * RateHz);
        for (int i = 1; i <= n; i++) angles.Add(from + deltaDeg * (1 - Math.Cos(Math.PI * i / n)) / 2);
    }

    /// <summary>Appends <paramref name="seconds"/> of the angle held where it is.</summary>
    private static void Hold(List<double> angles, double seconds)
    {
        double at = angles[^1];
        for (int i = 0; i < seconds * RateHz; i++) angles.Add(at);
    }

    /// <summary>Appends seated heel raises: the foot plantarflexed by <paramref name="deg"/> in
    /// <paramref name="downSeconds"/> and back in <paramref name="upSeconds"/>, <paramref name="reps"/> times.</summary>
    private static void HeelRaises(List<double> angles, int reps, double deg, double downSeconds, double upSeconds)
    {
        for (int rep = 0; rep < reps; rep++)
        {
            Move(angles, -deg, downSeconds);
            Move(angles, deg, upSeconds);
        }
    }

    /// <summary>Feeds a foot detector (<paramref name="d"/>, or a new one) the rate of
    /// <paramref name="angles"/> (°, one per sample), times <paramref name="mounting"/> (−1: the
    /// sensor the other way round); returns the sample each activation is dated at.</summary>
    private static List<int> DatedOnTheFoot(List<double> angles, PlantarflexionDetector? d = null, int mounting = 1)
    {
        d ??= Detector(MountingSite.Foot);
        var dated = new List<int>();
        for (int i = 1; i < angles.Count; i++)
        {
            if (d.Update(Counts(mounting * (angles[i] - angles[i - 1]) * RateHz))) dated.Add(i - d.LastCycleAgeSamples);
        }
        return dated;
    }

    /// <summary>After Reset the angle's reference (the last valley) is 0. Standing, the angle may
    /// drift below it, and the extreme follows the drift once it expires: the first turn confirmed
    /// — the first push-off falling from the rest — is then a peak below 0, a "rise" from the
    /// reference that is negative. That is no range: learnt, it made the typical range negative,
    /// the walk's first stride then taught only a quarter of its own range, and the hysteresis
    /// stayed at the minimum through the first strides (a landing wobble counted as a push-off).</summary>
    [Fact]
    public void A_rest_the_angle_drifted_from_teaches_no_range_the_first_stride_does()
    {
        // 6 s standing, the angle still (clean) or drifting down by 0.3 °/s (drifted, as an
        // uncorrected gyro bias would make it); then one stride of 80° (foot) at 1 Hz,
        // push-off first: the fall from the rest.
        List<double> Walk(double driftDps)
        {
            var angles = new List<double> { 0 };
            for (int i = 1; i <= 6 * RateHz; i++) angles.Add(-driftDps * i / RateHz);
            double rest = angles[^1];
            for (int i = 1; i <= RateHz + RateHz / 4; i++) angles.Add(rest - 40 * Math.Sin(2 * Math.PI * i / RateHz));
            return angles;
        }
        var clean = Detector(MountingSite.Foot);
        var drifted = Detector(MountingSite.Foot);
        DatedOnTheFoot(Walk(0), clean);
        DatedOnTheFoot(Walk(0.3), drifted);
        // The stride alone teaches the typical range (a fall of 40°, a rise of 80°), whose quarter
        // is above the 7° minimum, with or without the drift. (Learning the drifted rest's negative
        // "rise" left the hysteresis at the minimum.)
        Assert.True(clean.HysteresisUnits > clean.MinHysteresisUnits, $"{clean.HysteresisUnits} vs minimum {clean.MinHysteresisUnits}");
        Assert.InRange(drifted.HysteresisUnits, clean.HysteresisUnits * 95 / 100, clean.HysteresisUnits * 105 / 100);
    }

    /// <summary>A slow seated heel raise moves the foot at about the still threshold
    /// (<see cref="PlantarflexionDetector.FootQuietDps"/>, 30 °/s): 20° lowered in 1.1 s peaks at
    /// 28.6 °/s, raised in 0.98 s at 32 °/s. Its return leaves a "still spell" (the slow part of the
    /// movement) before the next peak, which the landing rule took for a first step's heel-off:
    /// the repetition was dated there, 0.1 s after the one before. A first step's heel-off never
    /// lies within a stride (<see cref="PlantarflexionDetector.MinStrideMs"/>) of the last
    /// activation: each repetition is dated where it is confirmed, one period after the last.</summary>
    [Fact]
    public void A_slow_seated_heel_raise_is_no_first_step_each_repetition_is_dated_a_period_after_the_last()
    {
        var angles = new List<double> { 0 };
        Hold(angles, 2);
        HeelRaises(angles, 10, 20, 1.1, 0.98);
        Hold(angles, 2);
        var dated = DatedOnTheFoot(angles);
        Assert.InRange(dated.Count, 9, 10);
        int period = (int)Math.Round(2.08 * RateHz);
        for (int k = 1; k < dated.Count; k++)
            Assert.InRange(dated[k] - dated[k - 1], period - 5, period + 5);
    }

    /// <summary>The foot's time vote is gait's: only a stride, a valley the foot's gait range
    /// (<see cref="PlantarflexionDetector.FootGaitRangeDeg"/>) below its peak, casts it. Seated heel
    /// raises with the heel lifted briskly (0.4 s) and lowered slowly (1 s) have uneven halves too —
    /// a short fall and a long return, what a stride says with the sensor the other way round — and
    /// three of them in a row would turn a monitor that has not seen a walk yet.</summary>
    [Fact]
    public void A_seated_set_lifted_briskly_and_lowered_slowly_does_not_turn_the_foot_s_orientation()
    {
        var angles = new List<double> { 0 };
        Hold(angles, 2);
        HeelRaises(angles, 10, 20, 0.4, 1.0);
        Hold(angles, 2);
        var d = Detector(MountingSite.Foot);
        var dated = DatedOnTheFoot(angles, d);
        Assert.Equal(1, d.Sign);
        Assert.InRange(dated.Count, 9, 10);
    }

    /// <summary>A slow seated set moves the foot slower than the still threshold throughout (20° at
    /// 0.2 Hz peaks at 13 °/s), so the last "still spell" the foot left may be a quick shift of the
    /// foot long before. The landing rule took that for the heel-off of a first step and dated the
    /// set's first repetition there, 15 s back (in `calfmon synth seated-movements`, 20 s): older
    /// than the bout gap, it was dropped as isolated. A first step's heel-off lies within a half-cycle (<see
    /// cref="PlantarflexionDetector.MaxHalfCycleMs"/>) before its swing's peak.</summary>
    [Fact]
    public void A_slow_seated_set_long_after_a_brisk_movement_is_dated_within_the_set()
    {
        var angles = new List<double> { 0 };
        Hold(angles, 2);
        // Brisk heel raises (20° at 1 Hz, 63 °/s); 10 s later a quick shift of the foot (3° and
        // back, 47 °/s: no cycle, but the foot leaves a still spell), then 15 s seated still.
        HeelRaises(angles, 5, 20, 0.5, 0.5);
        int briskEnd = angles.Count;
        Hold(angles, 10);
        HeelRaises(angles, 1, 3, 0.1, 0.1);
        Hold(angles, 15);
        int slowSet = angles.Count;
        // Slow heel raises: 20° at 0.2 Hz, never faster than 13 °/s.
        HeelRaises(angles, 6, 20, 2.5, 2.5);
        Hold(angles, 5);
        var dated = DatedOnTheFoot(angles);
        // Nothing is dated while the foot sat still (the shift is no cycle)...
        Assert.DoesNotContain(dated, d => d > briskEnd && d < slowSet);
        // ...and each slow repetition within the set, one period (5 s) after the last.
        var slow = dated.Where(d => d >= slowSet).ToList();
        Assert.True(slow.Count >= 5, string.Join(",", dated));
        for (int k = 1; k < slow.Count; k++) Assert.InRange(slow[k] - slow[k - 1], 5 * RateHz - 10, 5 * RateHz + 10);
        Assert.InRange(slow[0] - slowSet, 0, 5 * RateHz);
    }

    [Fact]
    public void A_first_step_that_barely_plantarflexes_is_dated_at_its_heel_off_not_at_its_landing()
    {
        // Standing still for 2 s; the first step from standing: the heel comes up 4° (under the 7°
        // minimum), the foot swings toe-up to +18° and slaps down to −12° at heel strike, rebounds
        // flat and rests (foot-flat); then strides of 60° at 1 Hz. The largest fall of that first
        // step is its landing (valley at 2.62 s); its push-off was the heel-off at 2.0 s.
        var angles = new List<double> { 0 };
        for (int i = 0; i < 2 * RateHz; i++) angles.Add(0);
        Move(angles, -4, 0.1);
        Move(angles, 22, 0.4);
        Move(angles, -30, 0.12);
        int landing = angles.Count - 1;
        Move(angles, 12, 0.12);
        for (int i = 0; i < 0.5 * RateHz; i++) angles.Add(0);
        int walk = angles.Count;
        for (int i = 1; i <= 6 * RateHz; i++) angles.Add(-30 * Math.Sin(2 * Math.PI * i / RateHz));
        var dated = DatedOnTheFoot(angles);
        Assert.True(dated.Count >= 6, string.Join(",", dated));
        // The first step: once, at its heel-off (the foot leaves its rest at 2.0 s), not at the landing.
        Assert.InRange(dated[0], 2 * RateHz, 2 * RateHz + 5);
        Assert.True(landing - dated[0] > RateHz / 2, $"dated {dated[0]}, landing {landing}");
        Assert.True(dated[1] > walk, $"a second activation {dated[1]} before the walk at {walk}: the first step counted twice");
        // The walk's first stride, and the strides after it at their push-off valleys (a quarter
        // period into each second).
        Assert.InRange(dated[1], walk, walk + RateHz / 2);
        foreach (int v in dated.Skip(2)) Assert.True(Math.Abs((v - walk) % RateHz - RateHz / 4) <= 3, $"stride dated {v}: {string.Join(",", dated)} (walk from {walk})");
    }

    [Fact]
    public void A_push_off_after_a_wobble_on_leaving_rest_is_dated_at_its_valley_not_as_a_landing()
    {
        // IPOL 1-1, left foot: standing, the foot dips 5° as the weight shifts, rests, wobbles 8°
        // up as it leaves that rest, and then pushes off: a 68° fall at 450 °/s to the toe-off,
        // the swing, a landing, foot-flat, and strides. The valley lies 65° below the angle the
        // foot rested at — a push-off, not a first step's landing back to flat — so it is dated
        // at the valley, not half a second earlier where the foot left its rest.
        var angles = new List<double> { 0 };
        for (int i = 0; i < 2 * RateHz; i++) angles.Add(0);
        Move(angles, -5, 0.1);
        for (int i = 0; i < 0.2 * RateHz; i++) angles.Add(-5);
        int leftRest = angles.Count;
        Move(angles, 8, 0.15);
        Move(angles, -68, 0.3);
        int valley = angles.Count - 1;
        Move(angles, 90, 0.4);
        Move(angles, -25, 0.15);
        for (int i = 0; i < 0.4 * RateHz; i++) angles.Add(0);
        for (int i = 1; i <= 4 * RateHz; i++) angles.Add(-30 * Math.Sin(2 * Math.PI * i / RateHz));
        var dated = DatedOnTheFoot(angles);
        Assert.True(dated.Count >= 4, string.Join(",", dated));
        Assert.True(Math.Abs(dated[0] - valley) <= 2, $"push-off dated {dated[0]}, its valley {valley}, the foot left its rest at {leftRest}");
    }

    [Fact]
    public void A_first_push_off_from_standing_is_counted_whatever_the_length_of_the_rest()
    {
        // Standing still for 3–6 s (every length, sample by sample, over one MaxHalfCycleMs), then
        // a small first push-off (14° at about 120 °/s, IPOL 10-5 right foot, 4.88 s), its swing,
        // a landing flat that rests 0.5 s and merges with the next push-off, and strides of 60° at
        // 1 Hz. The rest is one long extreme of the angle; however long it lasted, the push-off
        // that leaves it is counted, once: at its valley, or as this small a push-off is no stride's
        // (under FootGaitRangeDeg) where its return confirms it, within a fifth of a second.
        int restLife = PlantarflexionDetector.MaxHalfCycleMs * RateHz / 1000;
        for (int extra = 0; extra <= restLife; extra++)
        {
            var angles = new List<double> { 0 };
            for (int i = 0; i < restLife + extra; i++) angles.Add(0);
            Move(angles, -14, 0.12);
            int valley = angles.Count - 1;
            Move(angles, 34, 0.3);
            Move(angles, -20, 0.15);
            for (int i = 0; i < 0.5 * RateHz; i++) angles.Add(0);
            int walk = angles.Count;
            for (int i = 1; i <= 4 * RateHz; i++) angles.Add(-30 * Math.Sin(2 * Math.PI * i / RateHz));
            var dated = DatedOnTheFoot(angles);
            Assert.True(dated.Count >= 4, $"rest of {angles.Count} samples: {string.Join(",", dated)}");
            Assert.True(dated[0] >= valley - 2 && dated[0] <= valley + RateHz / 5 && dated[1] > walk,
                $"rest of {restLife + extra} samples: dated {string.Join(",", dated)}; the first push-off's valley {valley}, the walk from {walk}");
        }
    }

    [Fact]
    public void A_slow_walker_s_landing_wobble_is_not_a_second_push_off_and_a_faster_walk_keeps_every_stride()
    {
        // Strides of 2 s (55 steps a minute, a slow older walker): push-off to −30° in 0.3 s, the
        // swing up to +30°, heel strike and the foot lowered flat, foot-flat. From the fourth
        // stride on the landing wobbles (on a turn, uneven ground): the foot falls to −5° 0.55 s
        // after the push-off — later than MinStrideMs — and rebounds by 17°. The eighth stride
        // lands flat and goes straight on into strides of 1 s, the first push-off 0.95 s after
        // the last slow one (the bound, 45 % of 2 s, is 0.9 s). With two stride periods known,
        // every stride counts once: the wobble lies within MinStridePeriodPct of the stride and
        // is no push-off, and the faster walk loses no stride.
        var angles = new List<double> { 0 };
        for (int i = 0; i < RateHz; i++) angles.Add(0);
        var pushOffs = new List<int>();
        for (int stride = 0; stride < 8; stride++)
        {
            Move(angles, -30, 0.3);
            pushOffs.Add(angles.Count - 1);
            Move(angles, 60, 0.4);
            if (stride == 7)
            {
                Move(angles, -30, 0.3);
                break;
            }
            if (stride >= 3)
            {
                Move(angles, -35, 0.15);
                Move(angles, 17, 0.15);
                Move(angles, -12, 0.3);
            }
            else
            {
                Move(angles, -30, 0.6);
            }
            for (int i = 0; i < 0.7 * RateHz; i++) angles.Add(0);
        }
        int fastFrom = angles.Count;
        for (int i = 1; i <= 6 * RateHz; i++) angles.Add(-30 * Math.Sin(2 * Math.PI * i / RateHz));
        for (int k = 0; k < 6; k++) pushOffs.Add(fastFrom + RateHz / 4 + k * RateHz);
        var dated = DatedOnTheFoot(angles);
        string seen = $"dated {string.Join(",", dated)}; push-offs {string.Join(",", pushOffs)}";
        Assert.True(pushOffs[8] - pushOffs[7] < RateHz, seen);
        Assert.True(dated.Count == pushOffs.Count, seen);
        for (int k = 0; k < pushOffs.Count; k++) Assert.True(Math.Abs(dated[k] - pushOffs[k]) <= 5, seen);
    }

    [Fact]
    public void The_rest_angle_a_landing_is_judged_by_turns_with_the_orientation()
    {
        // The sensor mounted the other way round: the heel-off that leaves a rest is the first
        // fast rotation after standing, and its vote turns the orientation round (every angle
        // changes sign). The foot rested toes-up, 8° above where it stood (high-passed angle); it
        // leaves that rest with a small heel-off, swings up and falls to 37° below where it stood
        // — 45° below its rest, more than a stride's range (35°), so a push-off (dated at its
        // valley), not a landing back to flat (which would be dated where the foot left the rest).
        // Judged against the rest angle in the old frame (−8°) the valley would lie only 29°
        // below it.
        var angles = new List<double> { 0 };
        for (int i = 0; i < 2 * RateHz; i++) angles.Add(0);
        Move(angles, 10, 0.4);
        for (int i = 0; i < 0.9 * RateHz; i++) angles.Add(10);
        int leftRest = angles.Count;
        Move(angles, -4, 0.02);
        Move(angles, 25, 0.3);
        Move(angles, -65, 0.3);
        int valley = angles.Count - 1;
        Move(angles, 60, 0.4);
        Move(angles, -30, 0.15);
        for (int i = 0; i < 0.4 * RateHz; i++) angles.Add(angles[^1]);
        // Mirrored: the detector sees every rate with the other sign until its vote turns it.
        var d = Detector(MountingSite.Foot);
        var dated = DatedOnTheFoot(angles, d, mounting: -1);
        Assert.Equal(-1, d.Sign);
        Assert.NotEmpty(dated);
        Assert.True(Math.Abs(dated[0] - valley) <= 2, $"dated {string.Join(",", dated)}; the valley {valley}, the foot left its rest at {leftRest}");
    }

    /// <summary>Re-dating a landing at its heel-off never puts an activation before one already
    /// reported: on every IPOL and marpino recording (both feet, foot and shank) the activations
    /// come in time order.</summary>
    [SkippableFact]
    public void Activations_are_reported_in_time_order_on_every_recording()
    {
        CalfMonitor.Tests.Datasets.DatasetPaths.RequireDatasets("ipol-foot");
        CalfMonitor.Tests.Datasets.DatasetPaths.RequireDatasets("marpino");
        var ipol = CalfMonitor.Simulator.Cli.EvaluateCommand.Run("ipol", new[] { CalfMonitor.Tests.Datasets.DatasetPaths.Ipol });
        var marpino = CalfMonitor.Simulator.Cli.EvaluateCommand.Run("marpino", new[] { Path.Combine(CalfMonitor.Tests.Datasets.DatasetPaths.Root!, "marpino") });
        int recordings = 0, activations = 0;
        foreach (var row in ipol.Events!.Rows.Concat(marpino.Events!.Rows))
        {
            var t = row.Run.ActivationsS;
            for (int i = 1; i < t.Count; i++)
                Assert.True(t[i] >= t[i - 1], $"{Path.GetFileName(row.File)} ({row.LegName}): activation at {t[i]:0.00} s reported after one at {t[i - 1]:0.00} s");
            recordings++;
            activations += t.Count;
        }
        Assert.True(recordings >= 300, $"{recordings} recordings");
        // The order was checked on real walks: IPOL's 2064 and marpino's 1436 strides (less what
        // is missed) were counted, not a handful.
        Assert.True(activations >= 3300, $"{activations} activations");
    }
}
