using System.Globalization;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Evaluation;

/// <summary>Where one marpino trace sits: group (Young, Elderly, …), site (shank or foot).</summary>
public sealed record MarpinoTraceInfo(string Group, string Recording, Leg Leg, MountingSite Site);

/// <summary>The quiet-standing part of one marpino trace: minutes outside the walk and the
/// activations counted there.</summary>
public readonly record struct StandingResult(double Minutes, int Activations);

/// <summary>
/// marpino walking dataset (../shared/datasets/marpino, native traces): every shank and foot trace
/// against the toe-offs of its leg's toe pressure insole and the heel strikes of its heel insole
/// (<c>&lt;Group&gt;_&lt;name&gt;_events.csv</c>), scored like IPOL — one-to-one, window
/// [toe-off − <see cref="EventMatcher.LeadS"/>, heel strike].
/// <para>The walk is the trace's <c>walking</c> label (0.5 s before the first to 0.5 s after the
/// last toe-off of either foot), stretched to cover every acceptance window; detections in it are
/// the <b>count</b> of the walk. Detections outside it fall in quiet standing before and after the
/// walk and are its <b>false activations</b> (per minute of standing). A swing without a heel
/// strike (the last step, where the insole did not register one) gets the median swing of its
/// trace, or <see cref="DefaultSwingS"/> when it has none.</para>
/// <para>Traces without truth (<c>label</c> = <c>unknown</c>: Disability, whose insoles saturate) are
/// replayed and listed as excluded with their count.</para>
/// </summary>
public static class MarpinoEvaluation
{
    /// <summary>Swing duration assumed where no heel strike followed and the trace has no other
    /// swing, s: swing is about 40 % of a 1.0–1.2 s stride.</summary>
    public const double DefaultSwingS = 0.45;

    /// <summary>Standing activations closer than this to a walk are counted apart as gait
    /// initiation or termination, s: the anticipatory weight shift before the first step starts
    /// 0.5–2 s before its toe-off (longer in older adults).</summary>
    public const double NearWalkS = 2.0;

    /// <summary>Diagnostic: a missed toe-off around which (±<see cref="StillWindowS"/>) the sensor
    /// never turns faster than this, °/s, is a miss with no movement to detect: a toe-off turns
    /// the foot at 200–600 °/s and swings the shank at 250–450 °/s, standing sway stays under 30.
    /// It does not change any score.</summary>
    public const double StillDps = 60;

    /// <summary>Half-width of the window of <see cref="StillDps"/>, s.</summary>
    public const double StillWindowS = 0.5;

    /// <summary>Parses <c>&lt;Group&gt;_&lt;name…&gt;_&lt;left|right&gt;_&lt;shank|foot&gt;.trace.csv</c>; null when the name does not follow it.</summary>
    public static MarpinoTraceInfo? Parse(string file)
    {
        string name = Path.GetFileName(file);
        const string ext = ".trace.csv";
        if (!name.EndsWith(ext, StringComparison.Ordinal)) return null;
        var parts = name[..^ext.Length].Split('_');
        if (parts.Length < 4) return null;
        MountingSite? site = parts[^1] switch { "shank" => MountingSite.Shank, "foot" => MountingSite.Foot, _ => null };
        Leg? leg = parts[^2] switch { "left" => Leg.Left, "right" => Leg.Right, _ => null };
        if (site == null || leg == null) return null;
        return new MarpinoTraceInfo(parts[0], string.Join('_', parts[..^2]), leg.Value, site.Value);
    }

    public static EventEvaluationResult Evaluate(IEnumerable<string> paths, EvaluationOptions opt)
    {
        var result = new EventEvaluationResult { Dataset = "marpino" };
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p)) files.AddRange(Directory.EnumerateFiles(p, "*.trace.csv", SearchOption.AllDirectories));
            else if (File.Exists(p)) files.Add(p);
            else throw new InputException(p, 0, "no such file or folder");
        }
        files = files.Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
        var rows = new EventFileResult?[files.Count];
        var excluded = new ExcludedInput?[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            try
            {
                rows[i] = EvaluateTrace(files[i], opt, out string? why);
                if (why != null) excluded[i] = new ExcludedInput(files[i], why);
            }
            catch (InputException e)
            {
                excluded[i] = new ExcludedInput(files[i], e.Message, Unreadable: true);
            }
        });
        result.Rows.AddRange(rows.Where(r => r != null)!);
        result.Excluded.AddRange(excluded.Where(e => e != null)!);
        return result;
    }

    /// <summary>One trace; null (with <paramref name="excludedWhy"/>) when it has no truth.</summary>
    public static EventFileResult? EvaluateTrace(string file, EvaluationOptions opt, out string? excludedWhy)
    {
        excludedWhy = null;
        var info = Parse(file) ?? throw new InputException(file, 0, "not a marpino trace name (<Group>_<name>_<left|right>_<shank|foot>.trace.csv)");
        string events = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", info.Recording + "_events.csv");

        // Sample times and the walk (label) from the trace itself.
        var times = new List<double>();
        var labels = new List<string?>();
        var fastest = new List<double>();
        using (var reader = new NativeTraceReader(file))
        {
            if (reader.Header.Mounting != info.Site)
            {
                throw new InputException(file, 0, $"header says mounting {reader.Header.Mounting.ToString().ToLowerInvariant()}, the name says {info.Site.ToString().ToLowerInvariant()}");
            }
            foreach (var s in reader.ReadSamples())
            {
                times.Add(s.TimeS);
                labels.Add(s.Label);
                fastest.Add(Math.Max(Math.Abs(s.GxDps), Math.Max(Math.Abs(s.GyDps), Math.Abs(s.GzDps))));
            }
        }
        DeviceRun run;
        using (var reader = new NativeTraceReader(file))
        {
            run = DeviceRun.Run(reader, opt.Configured(info.Site), opt.DeviceRateHz, opt.Rotation, opt.Record, opt.GyroScale, opt.LateStartSamples, opt.TimeScale, opt.GyroOffsetDps, opt.GyroOffsetSeed);
        }
        if (labels.Any(l => l == "unknown"))
        {
            excludedWhy = $"no truth (label unknown: insoles unusable); replayed: {run.ActivationsS.Count} activations";
            return null;
        }
        if (!File.Exists(events)) throw new InputException(events, 0, $"not found beside {Path.GetFileName(file)}: it holds the truth of that trace");

        var notStrides = new List<(TrueSwing Swing, string Why, bool Excluded)>();
        var swings = ReadSwings(events, info.Leg, times, notStrides);
        if (swings.Count == 0)
        {
            excludedWhy = $"no toe-offs of the {info.Leg.ToString().ToLowerInvariant()} leg in {Path.GetFileName(events)}";
            return null;
        }
        // Toe-offs that start no stride are left out with their windows, like IPOL's U-turn.
        var scope = Scope(times, labels, swings, run.Dropouts.Concat(notStrides.Where(n => n.Excluded).Select(n => EventMatcher.Window(n.Swing))));
        var walks = scope.Walks;
        var excludedSpans = scope.Excluded;
        var match = EventMatcher.Match(swings, run.ActivationsS, walks, excludedSpans);
        double standingS = scope.StandingS;
        var standingTimes = StandingTimes(run.ActivationsS, scope);
        int stillMisses = 0;
        for (int w = 0; w < match.Windows.Count; w++)
        {
            if (match.WindowMatch[w] >= 0) continue;
            double toeOff = match.Windows[w].StartS + EventMatcher.LeadS, peak = 0;
            for (int i = 0; i < times.Count; i++) if (Math.Abs(times[i] - toeOff) <= StillWindowS) peak = Math.Max(peak, fastest[i]);
            if (peak < StillDps) stillMisses++;
        }
        InsoleDiagnosis? insole = null;
        InputException? insoleError = null;
        if (opt.InsolePressureDir != null)
        {
            string press = InsolePressure.PathFor(opt.InsolePressureDir, info.Group, info.Recording);
            if (File.Exists(press))
            {
                var missed = new List<double>();
                for (int w = 0; w < match.Windows.Count; w++)
                {
                    if (match.WindowMatch[w] < 0) missed.Add(match.Windows[w].StartS + EventMatcher.LeadS);
                }
                try
                {
                    insole = InsolePressure.Diagnose(press, InsolePressure.Read(press, info.Leg), times, labels.Select(l => l == "standing").ToList(),
                        swings.Concat(notStrides.Select(n => n.Swing)).ToList(), missed, standingTimes);
                }
                catch (InputException e)
                {
                    // A bad pressure file is the diagnostic's input, not the trace's: the trace
                    // stays scored, and the command refuses the file (EvaluateCommand).
                    insoleError = e;
                }
            }
        }
        return new EventFileResult
        {
            File = file, Leg = info.Leg, Swings = swings, Evaluated = walks, Excluded = excludedSpans, Match = match, Run = run,
            Group = info.Group, Site = info.Site, Standing = new StandingResult(standingS / 60.0, standingTimes.Count),
            StandingTimesS = standingTimes,
            StillMisses = stillMisses,
            Insole = insole,
            InsoleError = insoleError,
            NotStrides = notStrides.Select(n => $"toe-off at {n.Swing.ToeOffS.ToString("0.00", CultureInfo.InvariantCulture)} s: {n.Why}").ToList(),
        };
    }

    /// <summary>What is judged of one trace: the walks, the spans left out, and the seconds of quiet standing.</summary>
    public sealed record TraceScope(List<TimeSpanS> Walks, List<TimeSpanS> Excluded, double StandingS);

    /// <summary>Walks: the runs of the <c>walking</c> label that hold a toe-off of this leg,
    /// stretched to cover their swings' windows; a swing whose toe-off lies in no such run is a
    /// walk of its own window. A walking run without a toe-off of this leg (around toe-offs that
    /// start no stride) is left out, with <paramref name="excluded"/> (dropouts, the windows of
    /// toe-offs that start no stride). Standing: the trace's span less its walking runs.</summary>
    public static TraceScope Scope(IReadOnlyList<double> times, IReadOnlyList<string?> labels, IReadOnlyList<TrueSwing> swings, IEnumerable<TimeSpanS> excluded)
    {
        var walks = new List<TimeSpanS>();
        var excludedSpans = excluded.ToList();
        double walkingS = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] != "walking") continue;
            int j = i;
            while (j + 1 < labels.Count && labels[j + 1] == "walking") j++;
            var span = new TimeSpanS(times[i], times[j]);
            walkingS += span.DurationS;
            var inside = swings.Where(s => span.Contains(s.ToeOffS)).ToList();
            if (inside.Count > 0)
            {
                walks.Add(new TimeSpanS(Math.Min(span.StartS, inside.Min(s => s.ToeOffS) - EventMatcher.LeadS), Math.Max(span.EndS, inside.Max(s => s.HeelStrikeS))));
            }
            else excludedSpans.Add(span);
            i = j;
        }
        foreach (var s in swings.Where(s => !walks.Any(w => w.Contains(s.ToeOffS)))) walks.Add(EventMatcher.Window(s));
        return new TraceScope(walks, excludedSpans, Math.Max(0, times[^1] - times[0] - walkingS));
    }

    /// <summary>The activations counted while standing: in no walk and in no excluded span.</summary>
    public static List<double> StandingTimes(IEnumerable<double> activations, TraceScope scope) =>
        activations.Where(t => !scope.Walks.Any(w => w.Contains(t)) && !scope.Excluded.Any(x => x.Contains(t))).ToList();

    /// <summary>How many standing activations lie within <see cref="NearWalkS"/> of a walk (before or after it).</summary>
    public static int NearWalk(IEnumerable<double> standingTimes, IEnumerable<TimeSpanS> walks) =>
        standingTimes.Count(t => walks.Any(w => t >= w.StartS - NearWalkS && t <= w.EndS + NearWalkS));

    /// <summary>A swing shorter than this is not one, s: walking swing lasts 0.35–0.6 s and even a
    /// sprint's 0.25 s; a toe that unloads and reloads within it is a weight shift on the insole.</summary>
    public const double MinSwingS = 0.2;

    /// <summary>Two toe-offs of one leg closer than this are one stride, s: a walking stride takes
    /// at least 0.8 s (150 steps a minute), a running one 0.6 s; the foot cannot leave the ground
    /// twice in between.</summary>
    public const double MinStrideS = 0.6;

    /// <summary>A toe-off with no other toe-off of its leg within this is a lone step, not a walk, s:
    /// the slowest walking stride (older adults, turns) takes under 2 s.</summary>
    public const double LoneStepS = 2.5;

    /// <summary>The swings of one leg from <c>leg,toe_off_sample,heel_strike_sample</c>; sample
    /// numbers are 0-based data rows of the traces, put on the trace's clock. Toe-offs that are not
    /// the start of a walking stride are returned in <paramref name="notStrides"/> with the reason
    /// (the insole truth has them: docs/validation.md): a "swing" shorter than
    /// <see cref="MinSwingS"/>, and a lone step (<see cref="LoneStepS"/>); a toe-off less than
    /// <see cref="MinStrideS"/> after the previous one of its leg is merged into that stride (its
    /// window reaches the later heel strike; reported, not excluded). Where two toe-offs share
    /// one heel strike, the earlier had none of its own (a heel strike ends one swing) and gets the
    /// median swing, like a toe-off with no heel strike at all.</summary>
    public static List<TrueSwing> ReadSwings(string eventsFile, Leg leg, IReadOnlyList<double> times, List<(TrueSwing Swing, string Why, bool Excluded)>? notStrides = null)
    {
        var raw = new List<(double ToeOff, double? HeelStrike)>();
        string want = leg == Leg.Right ? "right" : "left";
        using (var lines = LineReader.Open(eventsFile))
        {
            string? line;
            bool header = true;
            while ((line = lines.ReadLine()) != null)
            {
                if (line.Trim().Length == 0) continue;
                if (header)
                {
                    header = false;
                    if (line.Trim() != "leg,toe_off_sample,heel_strike_sample") throw new InputException(eventsFile, lines.LineNumber, "expected the header leg,toe_off_sample,heel_strike_sample");
                    continue;
                }
                var f = line.Split(',');
                if (f.Length != 3) throw new InputException(eventsFile, lines.LineNumber, $"expected 3 fields, found {f.Length}");
                string l = f[0].Trim();
                if (l is not ("left" or "right")) throw new InputException(eventsFile, lines.LineNumber, $"leg must be left or right, not '{l}'");
                if (l != want) continue;
                double toeOff = SampleTime(eventsFile, lines.LineNumber, f[1], times);
                double? heel = f[2].Trim().Length == 0 ? null : SampleTime(eventsFile, lines.LineNumber, f[2], times);
                if (heel != null && heel <= toeOff) throw new InputException(eventsFile, lines.LineNumber, "heel strike does not follow the toe-off");
                raw.Add((toeOff, heel));
            }
        }
        raw = raw.OrderBy(r => r.ToeOff).ToList();
        for (int i = 0; i + 1 < raw.Count; i++)
        {
            if (raw[i].HeelStrike != null && raw[i].HeelStrike == raw[i + 1].HeelStrike) raw[i] = (raw[i].ToeOff, null);
        }
        var known = raw.Where(r => r.HeelStrike != null && r.HeelStrike.Value - r.ToeOff >= MinSwingS).Select(r => r.HeelStrike!.Value - r.ToeOff).OrderBy(d => d).ToList();
        double swing = known.Count > 0 ? known[known.Count / 2] : DefaultSwingS;
        var swings = new List<TrueSwing>();
        for (int i = 0; i < raw.Count; i++)
        {
            var s = new TrueSwing(raw[i].ToeOff, raw[i].HeelStrike ?? raw[i].ToeOff + swing);
            bool lone = (i == 0 || s.ToeOffS - raw[i - 1].ToeOff > LoneStepS) && (i + 1 == raw.Count || raw[i + 1].ToeOff - s.ToeOffS > LoneStepS);
            if (raw[i].HeelStrike is { } hs && hs - s.ToeOffS < MinSwingS) notStrides?.Add((s, $"heel strike {(hs - s.ToeOffS).ToString("0.00", CultureInfo.InvariantCulture)} s after the toe-off: no swing", true));
            else if (lone) notStrides?.Add((s, $"lone step: no other toe-off of the leg within {LoneStepS.ToString(CultureInfo.InvariantCulture)} s", true));
            else if (swings.Count > 0 && s.ToeOffS - swings[^1].ToeOffS < MinStrideS)
            {
                var prev = swings[^1];
                swings[^1] = new TrueSwing(prev.ToeOffS, Math.Max(prev.HeelStrikeS, s.HeelStrikeS));
                notStrides?.Add((s, $"{(s.ToeOffS - prev.ToeOffS).ToString("0.00", CultureInfo.InvariantCulture)} s after the previous toe-off of the leg: the same stride (merged)", false));
            }
            else swings.Add(s);
        }
        return swings;
    }

    private static double SampleTime(string file, long line, string field, IReadOnlyList<double> times)
    {
        if (!int.TryParse(field.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            throw new InputException(file, line, $"sample number '{field.Trim()}' is not a whole number ≥ 0");
        }
        if (n >= times.Count) throw new InputException(file, line, $"sample {n} lies beyond the trace ({times.Count} samples)");
        return times[n];
    }
}

/// <summary>Counts of one group and site of marpino: the walk's count against the insole, event
/// scores, and the quiet standing around the walks.</summary>
public sealed record MarpinoGroupResult(string Group, MountingSite Site, int Traces, int Truth, int NotStrides, int Counted, EventCounts Events, StandingResult Standing, int StandingNearWalk, int StillMisses)
{
    /// <summary>(counted − insole strides) / insole strides, percent.</summary>
    public double CountErrorPct => Truth == 0 ? 0 : 100.0 * (Counted - Truth) / Truth;
    public double FalsePerMinStanding => Standing.Minutes <= 0 ? 0 : Standing.Activations / Standing.Minutes;
    public string SiteName => Site == MountingSite.Foot ? "foot" : "shank";

    public static List<MarpinoGroupResult> Of(EventEvaluationResult e)
    {
        return e.Rows.Where(r => r.Group != null && r.Site != null)
            .GroupBy(r => (r.Group!, r.Site!.Value))
            .OrderBy(g => GroupOrder(g.Key.Item1)).ThenBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2)
            .Select(g => new MarpinoGroupResult(g.Key.Item1, g.Key.Item2, g.Count(),
                g.Sum(r => r.Match.Windows.Count), g.Sum(r => r.NotStrides.Count), g.Sum(r => r.Match.Detections.Count),
                g.Aggregate(new EventCounts(0, 0, 0), (a, r) => a + r.Counts),
                new StandingResult(g.Sum(r => r.Standing!.Value.Minutes), g.Sum(r => r.Standing!.Value.Activations)),
                g.Sum(r => MarpinoEvaluation.NearWalk(r.StandingTimesS, r.Evaluated)),
                g.Sum(r => r.StillMisses)))
            .ToList();
    }

    internal static int GroupOrder(string g) => g switch { "Young" => 0, "Elderly" => 1, "Marzia" => 2, "LongDistance" => 3, _ => 4 };
}

/// <summary>What the insoles' pressure says about one group and site (<c>--insole-pressure</c>;
/// only the traces that have a Press.csv): misses of a foot that stayed on the ground, and
/// standing activations on a lift of the foot that no toe-off registers. A diagnostic.</summary>
public sealed record MarpinoInsoleGroup(string Group, MountingSite Site, int Traces, int Misses, int LoadedMisses, int Lifts,
    double StandingMinutes, int StandingActivations, int StandingInLift, int FirstToeOffs, int FirstToeOffsLifted)
{
    public string SiteName => Site == MountingSite.Foot ? "foot" : "shank";

    /// <summary>Standing activations not on a lift, per minute of standing: quiet standing as the
    /// insoles see it (no foot off the ground).</summary>
    public double QuietFalsePerMin => StandingMinutes <= 0 ? 0 : (StandingActivations - StandingInLift) / StandingMinutes;

    public static List<MarpinoInsoleGroup> Of(EventEvaluationResult e)
    {
        return e.Rows.Where(r => r.Group != null && r.Site != null && r.Insole != null)
            .GroupBy(r => (r.Group!, r.Site!.Value))
            .OrderBy(g => MarpinoGroupResult.GroupOrder(g.Key.Item1)).ThenBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2)
            .Select(g => new MarpinoInsoleGroup(g.Key.Item1, g.Key.Item2, g.Count(),
                g.Sum(r => r.Insole!.Misses), g.Sum(r => r.Insole!.LoadedMisses), g.Sum(r => r.Insole!.Lifts),
                g.Sum(r => r.Standing!.Value.Minutes), g.Sum(r => r.Insole!.StandingActivations), g.Sum(r => r.Insole!.StandingInLift),
                g.Sum(r => r.Insole!.FirstToeOffs), g.Sum(r => r.Insole!.FirstToeOffsLifted)))
            .ToList();
    }
}
