using System.Globalization;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Evaluation;

/// <summary>What the insoles' pressure says about one marpino trace (a diagnostic; it changes no
/// score): which missed toe-offs kept the foot on the ground, and which standing activations
/// fall on a lift of the foot that no toe-off registers. See <see cref="InsolePressure"/>.</summary>
public sealed record InsoleDiagnosis(int Misses, int LoadedMisses, int Lifts, int StandingActivations, int StandingInLift,
    int FirstToeOffs = 0, int FirstToeOffsLifted = 0);

/// <summary>
/// The toe and heel pressure of the marpino insoles, as the upstream release publishes them
/// (<c>Marpino/Walking-dataset</c>, <c>EstimatedData/&lt;group&gt;/&lt;name&gt;/Press.csv</c>: columns
/// <c>PressRT,PressRH,PressLT,PressLH</c>, one row per sample of the recording, low-pass filtered).
/// The shared traces keep only the insoles' verdict (toe-offs and heel strikes); the pressure
/// tells the cases that verdict cannot: a toe-off whose foot never left the ground (the toe
/// unloaded while the heel kept the weight), and a foot lifted for a whole swing with no toe-off
/// registered (no push-off through the forefoot). docs/validation.md, *What the insoles' pressure
/// says*. Only the insole is read here, never the IMU.
/// </summary>
public static class InsolePressure
{
    /// <summary>A foot is off the ground when its load (toe + heel pressure over its median in
    /// the trace's standing rows) is at most this: the toe-offs the insoles register fall to a
    /// median of 0.12 in the swing after them, 95 % to at most 0.21.</summary>
    public const double FootOffLoad = 0.3;

    /// <summary>Where a missed toe-off's swing is looked for: from this long before the toe-off …, s.</summary>
    public const double MissFromS = 0.1;

    /// <summary>… to this long after it, s: a walking swing ends 0.35–0.6 s after its toe-off.</summary>
    public const double MissToS = 0.7;

    /// <summary>Shortest lift of the foot counted as a step, s: a walking swing lasts 0.35–0.6 s;
    /// a load that dips for less is a weight shift.</summary>
    public const double MinLiftS = 0.3;

    /// <summary>A standing activation up to this long before a lift (or during it) belongs to it,
    /// s: a step is dated at its push-off valley, before the foot leaves the ground.</summary>
    public const double LiftLeadS = 0.6;

    /// <summary>… or up to this long after the lift ends, s (the landing).</summary>
    public const double LiftTailS = 0.2;

    /// <summary>A toe-off whose toe pressure stays at most this many times its standing level in
    /// the <see cref="PushWindowS"/> before it is a foot lifted, not pushed off: the forefoot the
    /// calf pushes through peaks at a median of 4.2 × (95 % above 1.59 ×) before the toe-offs of
    /// walking; the lifts no toe-off registers stay at or below 1.32 ×.</summary>
    public const double LiftedToePeak = 1.5;

    /// <summary>How long before a toe-off the push is looked for, s: push-off is the last ~0.3 s
    /// of stance.</summary>
    public const double PushWindowS = 0.5;

    /// <summary>A toe-off with no toe-off of its leg this long before it starts a walk, s (the
    /// lone-step span of the stride rules).</summary>
    public const double WalkGapS = 2.5;

    /// <summary>Rows of the pressure file and of the trace may differ by this many: the release's
    /// exports of one recording end a sample or two apart.</summary>
    public const int RowSlack = 5;

    /// <summary>The Press.csv of a recording under the release's <c>EstimatedData</c> folder:
    /// Young and Elderly directly, the others under <c>Additional</c>.</summary>
    public static string PathFor(string estimatedDataDir, string group, string recording)
    {
        string name = recording.StartsWith(group + "_", StringComparison.Ordinal) ? recording[(group.Length + 1)..] : recording;
        return group is "Young" or "Elderly"
            ? Path.Combine(estimatedDataDir, group, name, "Press.csv")
            : Path.Combine(estimatedDataDir, "Additional", group, name, "Press.csv");
    }

    /// <summary>One leg's load per row: toe + heel pressure.</summary>
    public static double[] ReadLoad(string file, Leg leg) => Read(file, leg).Select(p => p.Toe + p.Heel).ToArray();

    /// <summary>One leg's toe and heel pressure per row.</summary>
    public static (double Toe, double Heel)[] Read(string file, Leg leg)
    {
        var load = new List<(double, double)>();
        using var lines = LineReader.Open(file);
        string? line;
        bool header = true;
        int toe = leg == Leg.Right ? 0 : 2;
        while ((line = lines.ReadLine()) != null)
        {
            if (line.Trim().Length == 0) continue;
            if (header)
            {
                header = false;
                if (line.Trim().Replace(" ", "") != "PressRT,PressRH,PressLT,PressLH")
                {
                    throw new InputException(file, lines.LineNumber, "expected the header PressRT,PressRH,PressLT,PressLH");
                }
                continue;
            }
            var f = line.Split(',');
            if (f.Length != 4) throw new InputException(file, lines.LineNumber, $"expected 4 pressures, found {f.Length} fields");
            double t = Number(file, lines.LineNumber, f[toe]), h = Number(file, lines.LineNumber, f[toe + 1]);
            load.Add((t, h));
        }
        if (load.Count == 0) throw new InputException(file, lines.LineNumber, "no pressure rows");
        return load.ToArray();
    }

    private static double Number(string file, long line, string field)
    {
        if (!double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new InputException(file, line, $"'{field.Trim()}' is not a number");
        }
        return v;
    }

    /// <summary>
    /// The diagnosis of one trace. <paramref name="load"/>: the leg's toe + heel pressure per row;
    /// <paramref name="times"/> and <paramref name="standing"/>: the trace's sample times and
    /// whether each row is labelled standing; <paramref name="insoleSwings"/>: every swing the
    /// events file lists for the leg (also those that start no stride);
    /// <paramref name="missedToeOffsS"/> and <paramref name="standingActivationsS"/>: what the
    /// evaluation found. Rows beyond the shorter of the two files are not looked at.
    /// </summary>
    public static InsoleDiagnosis Diagnose(string pressureFile, (double Toe, double Heel)[] feet, IReadOnlyList<double> times, IReadOnlyList<bool> standing,
        IReadOnlyList<TrueSwing> insoleSwings, IReadOnlyList<double> missedToeOffsS, IReadOnlyList<double> standingActivationsS)
    {
        var d = Diagnose(pressureFile, feet.Select(p => p.Toe + p.Heel).ToArray(), times, standing, insoleSwings, missedToeOffsS, standingActivationsS);
        int n = Math.Min(feet.Length, times.Count);
        var toes = new List<double>();
        for (int i = 0; i < n; i++) if (standing[i]) toes.Add(feet[i].Toe);
        toes.Sort();
        double toeStanding = toes[toes.Count / 2];
        if (!(toeStanding > 0)) return d;
        int first = 0, lifted = 0;
        var toeOffs = insoleSwings.Select(s => s.ToeOffS).OrderBy(t => t).ToList();
        for (int k = 0; k < toeOffs.Count; k++)
        {
            if (k > 0 && toeOffs[k] - toeOffs[k - 1] <= WalkGapS) continue;
            double peak = 0;
            for (int i = 0; i < n; i++)
            {
                if (times[i] >= toeOffs[k] - PushWindowS && times[i] <= toeOffs[k]) peak = Math.Max(peak, feet[i].Toe);
            }
            first++;
            if (peak <= LiftedToePeak * toeStanding) lifted++;
        }
        return d with { FirstToeOffs = first, FirstToeOffsLifted = lifted };
    }

    /// <summary>The load-only part of the diagnosis (<paramref name="load"/>: toe + heel per row).</summary>
    public static InsoleDiagnosis Diagnose(string pressureFile, double[] load, IReadOnlyList<double> times, IReadOnlyList<bool> standing,
        IReadOnlyList<TrueSwing> insoleSwings, IReadOnlyList<double> missedToeOffsS, IReadOnlyList<double> standingActivationsS)
    {
        if (Math.Abs(load.Length - times.Count) > RowSlack)
        {
            throw new InputException(pressureFile, 0, $"{load.Length} pressure rows against {times.Count} samples in the trace: not the same recording");
        }
        int n = Math.Min(load.Length, times.Count);
        var still = new List<double>();
        for (int i = 0; i < n; i++) if (standing[i]) still.Add(load[i]);
        if (still.Count == 0) throw new InputException(pressureFile, 0, "the trace has no standing rows to take the foot's standing load from");
        still.Sort();
        double baseline = still[still.Count / 2];
        if (!(baseline > 0)) throw new InputException(pressureFile, 0, "the foot's load while standing is not above 0");

        int loadedMisses = 0;
        foreach (double toeOff in missedToeOffsS)
        {
            double lowest = double.MaxValue;
            for (int i = 0; i < n; i++)
            {
                if (times[i] >= toeOff - MissFromS && times[i] <= toeOff + MissToS) lowest = Math.Min(lowest, load[i] / baseline);
            }
            if (lowest != double.MaxValue && lowest > FootOffLoad) loadedMisses++;
        }

        // Lifts: the foot off the ground for a swing's length outside every swing the insole lists.
        var lifts = new List<TimeSpanS>();
        bool InListedSwing(double t) => insoleSwings.Any(s => t >= s.ToeOffS - 0.05 && t <= s.HeelStrikeS);
        for (int i = 0; i < n; i++)
        {
            if (load[i] / baseline > FootOffLoad || InListedSwing(times[i])) continue;
            int j = i;
            while (j + 1 < n && load[j + 1] / baseline <= FootOffLoad && !InListedSwing(times[j + 1])) j++;
            if (times[j] - times[i] >= MinLiftS) lifts.Add(new TimeSpanS(times[i], times[j]));
            i = j;
        }
        int inLift = standingActivationsS.Count(t => lifts.Any(l => t >= l.StartS - LiftLeadS && t <= l.EndS + LiftTailS));
        return new InsoleDiagnosis(missedToeOffsS.Count, loadedMisses, lifts.Count, standingActivationsS.Count, inLift);
    }
}
