namespace CalfMonitor.Simulator.Evaluation;

/// <summary>A span of time in seconds, [StartS, EndS] (both ends included).</summary>
public readonly record struct TimeSpanS(double StartS, double EndS)
{
    public bool Contains(double t) => t >= StartS && t <= EndS;
    public bool Overlaps(TimeSpanS o) => o.StartS <= EndS && o.EndS >= StartS;
    public double DurationS => EndS - StartS;
}

/// <summary>One true swing phase: toe-off and heel strike, seconds on the recording's clock.</summary>
public readonly record struct TrueSwing(double ToeOffS, double HeelStrikeS);

/// <summary>The outcome of matching one foot's detections against its swings.</summary>
public sealed class MatchResult
{
    /// <summary>The acceptance windows [toe-off − lead, heel strike] of the evaluated swings, in time order.</summary>
    public required IReadOnlyList<TimeSpanS> Windows { get; init; }
    /// <summary>For each window: the index (into <see cref="Detections"/>) of its matched detection, or -1 (a miss).</summary>
    public required int[] WindowMatch { get; init; }
    /// <summary>The evaluated detections (seconds), in time order.</summary>
    public required IReadOnlyList<double> Detections { get; init; }
    /// <summary>For each evaluated detection: its window index, or -1 (a false positive).</summary>
    public required int[] DetectionMatch { get; init; }
    /// <summary>Swings left out because their window touches an excluded span.</summary>
    public int TruthExcluded { get; init; }
    /// <summary>Detections left out: outside the evaluated span, in an excluded span, or in the window of an excluded swing.</summary>
    public int DetectionsExcluded { get; init; }

    public int Tp => WindowMatch.Count(m => m >= 0);
    public int Fn => WindowMatch.Count(m => m < 0);
    public int Fp => DetectionMatch.Count(m => m < 0);
    /// <summary>False positives that lie inside a swing's window: that swing already has its
    /// detection (the matching is maximal), so this one counts the swing a second time.</summary>
    public int CountedTwice => Enumerable.Range(0, Detections.Count).Count(d => DetectionMatch[d] < 0 && Windows.Any(w => w.Contains(Detections[d])));
}

/// <summary>
/// One-to-one matching of detected activations to true swing phases, in time order.
/// <para>Each swing [toe-off, heel strike] accepts a detection in the window
/// [toe-off − <see cref="LeadS"/>, heel strike]: the push-off (plantarflexion) happens in the last
/// part of stance, just before the toe leaves the ground, and the foot returns (dorsiflexes)
/// during the swing. A window takes at most one detection, a detection at most one window.
/// Detections inside no window are false positives; windows without a detection are misses.</para>
/// <para>Scope: only detections inside an evaluated span count. An excluded span (IPOL's U-turn,
/// widened by <see cref="ExclusionMarginS"/>) removes every swing whose window touches it, and every
/// detection inside it or inside the window of a removed swing — so that neither side is charged for
/// the part of the recording that is not judged.</para>
/// <para>The assignment processes detections in time order and gives each to the open window, among
/// those containing it, that ends first. For intervals and points this greedy rule yields a maximum
/// matching (the classic earliest-deadline argument), i.e. the optimal TP count.</para>
/// </summary>
public static class EventMatcher
{
    /// <summary>How long before toe-off a push-off may be detected, seconds.</summary>
    public const double LeadS = 0.4;

    /// <summary>Margin added on both sides of an excluded span (the IPOL U-turn), seconds.</summary>
    public const double ExclusionMarginS = 0.5;

    public static TimeSpanS Window(TrueSwing s, double leadS = LeadS) => new(s.ToeOffS - leadS, s.HeelStrikeS);

    /// <param name="swings">The true swings of one foot.</param>
    /// <param name="detections">Detected activation times of that foot's sensor, seconds.</param>
    /// <param name="evaluated">Spans in which detections count (null: everywhere).</param>
    /// <param name="excluded">Spans removed from both sides (already widened by the caller's margin).</param>
    public static MatchResult Match(IReadOnlyList<TrueSwing> swings, IReadOnlyList<double> detections,
        IReadOnlyList<TimeSpanS>? evaluated, IReadOnlyList<TimeSpanS>? excluded, double leadS = LeadS)
    {
        excluded ??= Array.Empty<TimeSpanS>();
        var windows = new List<TimeSpanS>();
        var dropped = new List<TimeSpanS>();
        foreach (var s in swings.OrderBy(s => s.ToeOffS))
        {
            var w = Window(s, leadS);
            if (excluded.Any(x => x.Overlaps(w))) dropped.Add(w);
            else windows.Add(w);
        }
        var dets = new List<double>();
        int detExcluded = 0;
        foreach (double t in detections.OrderBy(t => t))
        {
            bool inScope = evaluated == null || evaluated.Any(e => e.Contains(t));
            bool ex = excluded.Any(x => x.Contains(t)) || dropped.Any(w => w.Contains(t));
            if (!inScope || ex) detExcluded++;
            else dets.Add(t);
        }

        var windowMatch = Enumerable.Repeat(-1, windows.Count).ToArray();
        var detMatch = Enumerable.Repeat(-1, dets.Count).ToArray();
        int firstOpen = 0;   // windows before this one end before the current detection
        for (int d = 0; d < dets.Count; d++)
        {
            double t = dets[d];
            while (firstOpen < windows.Count && windows[firstOpen].EndS < t) firstOpen++;
            int best = -1;
            for (int w = firstOpen; w < windows.Count && windows[w].StartS <= t; w++)
            {
                if (windowMatch[w] >= 0 || !windows[w].Contains(t)) continue;
                if (best < 0 || windows[w].EndS < windows[best].EndS) best = w;
            }
            if (best >= 0)
            {
                windowMatch[best] = d;
                detMatch[d] = best;
            }
        }
        return new MatchResult
        {
            Windows = windows, WindowMatch = windowMatch, Detections = dets, DetectionMatch = detMatch,
            TruthExcluded = dropped.Count, DetectionsExcluded = detExcluded,
        };
    }
}

/// <summary>Event counts and the scores made from them.</summary>
public readonly record struct EventCounts(int Tp, int Fp, int Fn)
{
    public double Precision => Tp + Fp == 0 ? 0 : (double)Tp / (Tp + Fp);
    public double Recall => Tp + Fn == 0 ? 0 : (double)Tp / (Tp + Fn);
    public double F1 => 2 * Tp + Fp + Fn == 0 ? 0 : 2.0 * Tp / (2 * Tp + Fp + Fn);
    public static EventCounts operator +(EventCounts a, EventCounts b) => new(a.Tp + b.Tp, a.Fp + b.Fp, a.Fn + b.Fn);
}
