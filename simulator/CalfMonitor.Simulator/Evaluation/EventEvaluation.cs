using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Evaluation;

/// <summary>The event-level result of one foot sensor of one recording.</summary>
public sealed class EventFileResult
{
    public required string File { get; init; }
    public required Leg Leg { get; init; }
    public required IReadOnlyList<TrueSwing> Swings { get; init; }
    public required IReadOnlyList<TimeSpanS> Evaluated { get; init; }
    public required IReadOnlyList<TimeSpanS> Excluded { get; init; }
    public required MatchResult Match { get; init; }
    public required DeviceRun Run { get; init; }
    /// <summary>marpino: the group (Young, Elderly, …), the site, and the quiet standing around the walk; null elsewhere.</summary>
    public string? Group { get; init; }
    public MountingSite? Site { get; init; }
    public StandingResult? Standing { get; init; }
    /// <summary>marpino: times of the activations counted while standing, s.</summary>
    public IReadOnlyList<double> StandingTimesS { get; init; } = Array.Empty<double>();
    /// <summary>marpino, diagnostic: misses around which the sensor stays nearly still (<see cref="MarpinoEvaluation.StillDps"/>).</summary>
    public int StillMisses { get; init; }
    /// <summary>marpino with <c>--insole-pressure</c>, diagnostic: what the insoles' pressure says
    /// about the misses and the standing activations; null without it (or without a Press.csv).</summary>
    public InsoleDiagnosis? Insole { get; init; }
    /// <summary>marpino with <c>--insole-pressure</c>: why its pressure file could not be read.</summary>
    public CalfMonitor.Simulator.Input.InputException? InsoleError { get; init; }
    /// <summary>marpino: insole toe-offs that start no stride, left out with the reason.</summary>
    public IReadOnlyList<string> NotStrides { get; init; } = Array.Empty<string>();
    public EventCounts Counts => new(Match.Tp, Match.Fp, Match.Fn);
    public string LegName => Leg == Leg.Right ? "right" : "left";

    /// <summary>Diagnostic: the median over this recording's detections of the time from the
    /// nearest true toe-off, s; null without detections or swings.</summary>
    public double? MedianAfterToeOffS => Swings.Count == 0 || Match.Detections.Count == 0
        ? null
        : EvaluationReport.Median(Match.Detections.Select(FromNearestToeOffS).ToList());

    /// <summary>Time from the nearest true toe-off to <paramref name="t"/>, s (negative before it).</summary>
    public double FromNearestToeOffS(double t) => Swings.Select(s => t - s.ToeOffS).MinBy(Math.Abs);

    /// <summary>A recording whose detections come a median of at least this long after toe-off
    /// is counted near heel strike, s: a push-off detection lies 0–0.15 s after toe-off, heel
    /// strike 0.3–0.5 s after it — the orientation was most likely learnt the wrong way round
    /// (docs/algorithm.md, *Which way is plantarflexion*).</summary>
    public const double LateMedianS = 0.25;

    public bool CountedLate => MedianAfterToeOffS is { } m && m >= LateMedianS;
}

/// <summary>An event-level evaluation of a dataset (IPOL or gaitmap).</summary>
public sealed class EventEvaluationResult
{
    public required string Dataset { get; init; }
    public List<EventFileResult> Rows { get; } = new();
    public List<ExcludedInput> Excluded { get; } = new();
    public EventCounts Overall => Rows.Aggregate(new EventCounts(0, 0, 0), (a, r) => a + r.Counts);
    /// <summary>Swings counted twice: false positives inside a window that has its own detection.</summary>
    public int CountedTwice => Rows.Sum(r => r.Match.CountedTwice);
}

/// <summary>
/// IPOL reference gait dataset: every trial's two foot sensors against the trial's
/// [toe-off, heel-strike] pairs. Detections count inside the trial boundaries (stretched, if need
/// be, to cover the first swing's window: its push-off can precede the annotated start); the
/// U-turn ± <see cref="EventMatcher.ExclusionMarginS"/> is removed from both sides.
/// </summary>
public static class IpolEvaluation
{
    /// <summary>The trial prefixes (…/S-T) named by the paths: folders hold trials as S-T.json.</summary>
    public static List<string> Trials(IEnumerable<string> paths)
    {
        var prefixes = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                prefixes.AddRange(Directory.EnumerateFiles(p, "*.json", SearchOption.AllDirectories).Select(IpolTrial.TrialPrefix));
            }
            else
            {
                string prefix = IpolTrial.TrialPrefix(p);
                if (!File.Exists(p) && !File.Exists(prefix + ".json")) throw new InputException(p, 0, "no such file or folder");
                prefixes.Add(prefix);
            }
        }
        return prefixes.Distinct().OrderBy(TrialOrder).ThenBy(s => s, StringComparer.Ordinal).ToList();
    }

    /// <summary>Sorts "…/2-1" before "…/10-1".</summary>
    private static (int, int) TrialOrder(string prefix)
    {
        var parts = Path.GetFileName(prefix).Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], out int s) && int.TryParse(parts[1], out int t) ? (s, t) : (int.MaxValue, 0);
    }

    public static EventEvaluationResult Evaluate(IEnumerable<string> paths, EvaluationOptions opt)
    {
        var result = new EventEvaluationResult { Dataset = "ipol" };
        var trials = Trials(paths);
        var rows = new EventFileResult?[trials.Count * 2];
        var excluded = new ExcludedInput?[trials.Count * 2];
        Parallel.For(0, trials.Count * 2, i =>
        {
            string prefix = trials[i / 2];
            Leg leg = i % 2 == 0 ? Leg.Right : Leg.Left;
            string foot = prefix + (leg == Leg.Right ? "_rf.txt" : "_lf.txt");
            try
            {
                var trial = IpolTrial.Load(prefix + ".json");
                rows[i] = EvaluateFoot(trial, foot, leg, opt);
            }
            catch (InputException e)
            {
                excluded[i] = new ExcludedInput(foot, e.Message, Unreadable: true);
            }
            catch (NoTruthException e)
            {
                excluded[i] = new ExcludedInput(foot, e.Message);
            }
        });
        result.Rows.AddRange(rows.Where(r => r != null)!);
        // A trial that cannot be read at all is reported once, not once per foot.
        foreach (var e in excluded.Where(e => e != null).DistinctBy(e => e!.Reason)) result.Excluded.Add(e!);
        return result;
    }

    /// <summary>What is judged of one foot of a trial: detections count inside the trial
    /// boundaries, stretched where need be to cover the first swing's whole window (its push-off
    /// can precede the annotated start) and the last heel strike (the boundaries absent: from the
    /// first window to the last heel strike); the U-turn, widened by
    /// <see cref="EventMatcher.ExclusionMarginS"/> on both sides, is excluded (none without one).</summary>
    public static (TimeSpanS Evaluated, TimeSpanS[] Excluded) Scope(IReadOnlyList<TrueSwing> swings, TimeSpanS? trialBoundaries, TimeSpanS? uTurn)
    {
        double firstWindow = swings.Min(s => s.ToeOffS) - EventMatcher.LeadS;
        var evaluated = trialBoundaries is { } tb
            ? new TimeSpanS(Math.Min(tb.StartS, firstWindow), Math.Max(tb.EndS, swings.Max(s => s.HeelStrikeS)))
            : new TimeSpanS(firstWindow, swings.Max(s => s.HeelStrikeS));
        var excluded = uTurn is { } ut
            ? new[] { new TimeSpanS(ut.StartS - EventMatcher.ExclusionMarginS, ut.EndS + EventMatcher.ExclusionMarginS) }
            : Array.Empty<TimeSpanS>();
        return (evaluated, excluded);
    }

    public static EventFileResult EvaluateFoot(IpolTrial trial, string footFile, Leg leg, EvaluationOptions opt)
    {
        var swings = trial.Events(leg).Select(s => new TrueSwing(s.ToeOff.TimeS, s.HeelStrike.TimeS)).ToList();
        if (swings.Count == 0) throw new NoTruthException(trial.JsonPath, $"no {(leg == Leg.Right ? "RightFootEvents" : "LeftFootEvents")}: nothing to evaluate");
        var tb = trial.TrialBoundaries is { } b ? new TimeSpanS(b.Start.TimeS, b.End.TimeS) : (TimeSpanS?)null;
        var ut = trial.UTurnBoundaries is { } u ? new TimeSpanS(u.Start.TimeS, u.End.TimeS) : (TimeSpanS?)null;
        var (evaluated, excluded) = Scope(swings, tb, ut);
        DeviceRun run;
        using (var reader = new IpolReader(footFile, leg))
        {
            run = DeviceRun.Run(reader, opt.Configured(MountingSite.Foot), opt.DeviceRateHz, opt.Rotation, opt.Record, opt.GyroScale, opt.LateStartSamples, opt.TimeScale, opt.GyroOffsetDps, opt.GyroOffsetSeed);
        }
        // Packets lost for longer than the device's own gap threshold: the data is not there, so
        // swings overlapping such a dropout are left out like the U-turn (docs/validation.md).
        excluded = excluded.Concat(run.Dropouts).ToArray();
        var match = EventMatcher.Match(swings, run.ActivationsS, new[] { evaluated }, excluded);
        return new EventFileResult
        {
            File = footFile, Leg = leg, Swings = swings, Evaluated = new[] { evaluated }, Excluded = excluded, Match = match, Run = run,
        };
    }
}

/// <summary>
/// gaitmap example recording: each foot against the motion-capture strides of
/// <c>stride_events_sample.csv</c> (toe-off <c>tc</c>, heel strike <c>ic</c>). Detections count from
/// the first stride's start to the last stride's end (stretched to cover the windows).
/// The truth belongs to <c>imu_sample.csv</c> and to the same recording before its axes were aligned
/// to the foot frame, <c>imu_sample_not_rotated.csv</c>; the other files have no toe-off truth and
/// are reported as excluded.
/// </summary>
public static class GaitmapEvaluation
{
    public const string EventsFile = "stride_events_sample.csv";

    /// <summary>Recordings the stride events belong to.</summary>
    public static readonly string[] WithTruth = { "imu_sample.csv", "imu_sample_not_rotated.csv" };

    public static EventEvaluationResult Evaluate(IEnumerable<string> paths, EvaluationOptions opt)
    {
        var result = new EventEvaluationResult { Dataset = "gaitmap" };
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                files.AddRange(Directory.EnumerateFiles(p, "imu_sample*.csv", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal));
            }
            else if (File.Exists(p)) files.Add(p);
            else throw new InputException(p, 0, "no such file or folder");
        }
        var jobs = new List<(string File, Leg Leg)>();
        foreach (var f in files.Distinct())
        {
            string name = Path.GetFileName(f);
            string events = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(f)) ?? ".", EventsFile);
            if (!WithTruth.Contains(name)) result.Excluded.Add(new ExcludedInput(f, $"no toe-off truth: {EventsFile} belongs to {string.Join(" and ", WithTruth)} only"));
            else if (!File.Exists(events)) result.Excluded.Add(new ExcludedInput(f, $"{events} not found beside it", Unreadable: true));
            else
            {
                jobs.Add((f, Leg.Right));
                jobs.Add((f, Leg.Left));
            }
        }
        var rows = new EventFileResult?[jobs.Count];
        var excluded = new ExcludedInput?[jobs.Count];
        Parallel.For(0, jobs.Count, i =>
        {
            try
            {
                rows[i] = EvaluateFoot(jobs[i].File, jobs[i].Leg, opt);
            }
            catch (InputException e)
            {
                excluded[i] = new ExcludedInput(jobs[i].File, e.Message, Unreadable: true);
            }
            catch (NoTruthException e)
            {
                excluded[i] = new ExcludedInput(jobs[i].File, e.Message);
            }
        });
        result.Rows.AddRange(rows.Where(r => r != null)!);
        result.Excluded.AddRange(excluded.Where(e => e != null)!);
        return result;
    }

    /// <summary>The true swings of strides: toe-off <c>tc</c>, heel strike <c>ic</c> (in that order within a stride).</summary>
    public static List<TrueSwing> Swings(IReadOnlyList<GaitmapStride> strides) => strides.Select(s => new TrueSwing(s.TcS, s.IcS)).ToList();

    /// <summary>Where detections count: the first stride's start to the last stride's end,
    /// stretched to cover every swing's window (a push-off up to <see cref="EventMatcher.LeadS"/>
    /// before a toe-off near the first start) and every heel strike.</summary>
    public static TimeSpanS Evaluated(IReadOnlyList<GaitmapStride> strides)
    {
        var swings = Swings(strides);
        return new TimeSpanS(
            Math.Min(strides.Min(s => s.StartS), swings.Min(s => s.ToeOffS) - EventMatcher.LeadS),
            Math.Max(strides.Max(s => s.EndS), swings.Max(s => s.HeelStrikeS)));
    }

    public static EventFileResult EvaluateFoot(string file, Leg leg, EvaluationOptions opt)
    {
        string events = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", EventsFile);
        var strides = GaitmapStrides.Read(events).Where(s => s.Foot == leg).ToList();
        if (strides.Count == 0) throw new NoTruthException(events, $"no strides of the {leg.ToString().ToLowerInvariant()} foot");
        var swings = Swings(strides);
        var evaluated = Evaluated(strides);
        DeviceRun run;
        using (var reader = new GaitmapReader(file, leg))
        {
            run = DeviceRun.Run(reader, opt.Configured(MountingSite.Foot), opt.DeviceRateHz, opt.Rotation, opt.Record, opt.GyroScale, opt.LateStartSamples, opt.TimeScale, opt.GyroOffsetDps, opt.GyroOffsetSeed);
        }
        var match = EventMatcher.Match(swings, run.ActivationsS, new[] { evaluated }, null);
        return new EventFileResult
        {
            File = file, Leg = leg, Swings = swings, Evaluated = new[] { evaluated }, Excluded = Array.Empty<TimeSpanS>(), Match = match, Run = run,
        };
    }
}
