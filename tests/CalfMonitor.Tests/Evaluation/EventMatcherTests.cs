using CalfMonitor.Simulator.Evaluation;
using Xunit;

namespace CalfMonitor.Tests.Evaluation;

public class EventMatcherTests
{
    private static readonly TrueSwing Swing = new(10.0, 10.5);   // window [9.6, 10.5]

    private static MatchResult M(double[] dets, TimeSpanS[]? evaluated = null, TimeSpanS[]? excluded = null, params TrueSwing[] swings) =>
        EventMatcher.Match(swings.Length == 0 ? new[] { Swing } : swings, dets, evaluated, excluded);

    [Fact]
    public void Activation_just_before_toe_off_minus_lead_is_a_false_positive_and_a_miss()
    {
        var r = M(new[] { 10.0 - EventMatcher.LeadS - 0.001 });
        Assert.Equal((0, 1, 1), (r.Tp, r.Fp, r.Fn));
    }

    [Fact]
    public void Window_edges_are_inclusive()
    {
        Assert.Equal((1, 0, 0), Counts(M(new[] { 10.0 - EventMatcher.LeadS })));
        Assert.Equal((1, 0, 0), Counts(M(new[] { 10.5 })));
        Assert.Equal((0, 1, 1), Counts(M(new[] { 10.501 })));
    }

    [Fact]
    public void Two_activations_in_one_window_are_one_hit_and_one_false_positive()
    {
        var r = M(new[] { 9.9, 10.2 });
        Assert.Equal((1, 1, 0), Counts(r));
        Assert.Equal(0, r.WindowMatch[0]);   // the first one takes the window
        Assert.Equal(-1, r.DetectionMatch[1]);
        // The second one counts the swing twice; a false positive between swings does not.
        Assert.Equal(1, r.CountedTwice);
        Assert.Equal(0, M(new[] { 9.9, 11.0 }).CountedTwice);
    }

    [Fact]
    public void Matching_is_one_to_one_and_optimal_when_windows_overlap()
    {
        // Windows [0.6, 1.5] and [1.1, 1.3]: a detection at 1.2 must go to the window that ends first
        // so that the one at 1.4 can still take the other: 2 TP.
        var swings = new[] { new TrueSwing(1.0, 1.5), new TrueSwing(1.5, 1.3) };
        var r = EventMatcher.Match(swings, new[] { 1.2, 1.4 }, null, null);
        Assert.Equal((2, 0, 0), Counts(r));
    }

    [Fact]
    public void Detections_outside_the_evaluated_span_are_not_counted()
    {
        var r = M(new[] { 5.0, 10.1, 20.0 }, new[] { new TimeSpanS(9, 11) });
        Assert.Equal((1, 0, 0), Counts(r));
        Assert.Equal(2, r.DetectionsExcluded);
        r = M(new[] { 9.0, 10.1, 11.0 }, new[] { new TimeSpanS(9, 11) });   // span edges are inside
        Assert.Equal((1, 2, 0), Counts(r));
    }

    [Fact]
    public void UTurn_span_is_removed_from_truth_and_detections()
    {
        var swings = new[] { new TrueSwing(10.0, 10.5), new TrueSwing(13.0, 13.5), new TrueSwing(16.0, 16.5) };
        var uturn = new TimeSpanS(12.9 - EventMatcher.ExclusionMarginS, 13.2 + EventMatcher.ExclusionMarginS);
        // 12.8: inside the U-turn; 12.2: outside the U-turn but in the window [12.6, 13.5]? no — 12.2 is
        // before it, an ordinary false positive; 13.4: in the excluded swing's window.
        var r = EventMatcher.Match(swings, new[] { 10.2, 12.2, 12.8, 13.4, 16.1 }, null, new[] { uturn });
        Assert.Equal(1, r.TruthExcluded);
        Assert.Equal(2, r.DetectionsExcluded);
        Assert.Equal((2, 1, 0), Counts(r));
    }

    [Fact]
    public void A_detection_in_the_excluded_span_but_in_no_swing_window_is_not_charged()
    {
        // The U-turn [12.4, 13.7] removes the swing at 13.0 (window [12.6, 13.5]); 12.45 lies in the
        // U-turn before that window: it is left out with the U-turn, not a false positive.
        var swings = new[] { new TrueSwing(10.0, 10.5), new TrueSwing(13.0, 13.5), new TrueSwing(16.0, 16.5) };
        var uturn = new TimeSpanS(12.9 - EventMatcher.ExclusionMarginS, 13.2 + EventMatcher.ExclusionMarginS);
        var r = EventMatcher.Match(swings, new[] { 10.2, 12.45, 16.1 }, null, new[] { uturn });
        Assert.Equal(1, r.TruthExcluded);
        Assert.Equal(1, r.DetectionsExcluded);
        Assert.Equal((2, 0, 0), Counts(r));
    }

    [Fact]
    public void Missing_detection_is_a_false_negative()
    {
        var swings = new[] { new TrueSwing(10.0, 10.5), new TrueSwing(11.0, 11.5) };
        var r = EventMatcher.Match(swings, new[] { 10.3 }, null, null);
        Assert.Equal((1, 0, 1), Counts(r));
        var c = new EventCounts(r.Tp, r.Fp, r.Fn);
        Assert.Equal(2.0 / 3.0, c.F1, 12);
        Assert.Equal(1.0, c.Precision);
        Assert.Equal(0.5, c.Recall);
    }

    private static (int, int, int) Counts(MatchResult r) => (r.Tp, r.Fp, r.Fn);
}
