using System.Security.Cryptography;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Evaluation;

/// <summary>One labelled segment of one leg, with what the detector and the reference made of it.</summary>
public sealed record HugadbSegment(
    string File, string Subject, string Leg, string Activity, double StartS, double EndS,
    /// <summary>Start and end after trimming <see cref="HugadbEvaluation.TrimS"/> at each edge.</summary>
    double TrimStartS, double TrimEndS,
    int Activations,
    /// <summary>Reference strides per minute from this leg's foot sensor (rate segments), else null.</summary>
    double? ReferencePerMin,
    /// <summary>The same from the other foot (sanity check).</summary>
    double? OtherFootPerMin,
    /// <summary>Why this segment is left out of the error statistics, or null.</summary>
    string? Unusable)
{
    /// <summary>Times (s, the recording's clock) of the activations counted in the trimmed segment.</summary>
    public IReadOnlyList<double> ActivationTimesS { get; init; } = Array.Empty<double>();

    public double Minutes => (TrimEndS - TrimStartS) / 60.0;
    public double DetectedPerMin => Minutes > 0 ? Activations / Minutes : 0;
    public bool IsRate => HugadbEvaluation.RateActivities.Contains(Activity);
    public double? ErrorPct => IsRate && Unusable == null && ReferencePerMin is > 0 ? 100.0 * (DetectedPerMin - ReferencePerMin.Value) / ReferencePerMin.Value : null;
}

/// <summary>One leg of one HuGaDB file, at one site (shin or foot).</summary>
public sealed class HugadbLegResult
{
    public required string File { get; init; }
    public required string Subject { get; init; }
    public required Leg Leg { get; init; }
    /// <summary>Which of the leg's sensors the device was run on: the shin's (ankle strap) or the foot's (shoe clip).</summary>
    public MountingSite Site { get; init; } = MountingSite.Shank;
    public List<HugadbSegment> Segments { get; } = new();
    public DeviceRun? Run { get; set; }
    public string LegName => Leg == Leg.Right ? "right" : "left";
}

/// <summary>A HuGaDB evaluation of one site: rate error for movement, false activations for sitting / standing / car.
/// <see cref="HugadbEvaluation.Evaluate"/> returns the shin's (the ankle strap) with the foot's (the shoe clip) in <see cref="Foot"/>.</summary>
public sealed class HugadbEvaluationResult
{
    /// <summary>Which sensor the device was run on for these rows.</summary>
    public MountingSite Site { get; init; } = MountingSite.Shank;
    public string SiteName => Site == MountingSite.Foot ? "foot" : "shank";
    /// <summary>The same recordings with the device on the foot sensor (the shoe clip); null on the foot's own result.</summary>
    public HugadbEvaluationResult? Foot { get; set; }
    public List<HugadbLegResult> Rows { get; } = new();
    public List<ExcludedInput> Excluded { get; } = new();
    public IEnumerable<HugadbSegment> Segments => Rows.SelectMany(r => r.Segments);

    /// <summary>Mean absolute percentage error of the detector's rate over the usable segments of one activity.</summary>
    public double? Mape(string activity)
    {
        var e = Segments.Where(s => s.Activity == activity && s.ErrorPct != null).Select(s => Math.Abs(s.ErrorPct!.Value)).ToList();
        return e.Count == 0 ? null : e.Average();
    }

    /// <summary>Walking cadence MAPE: the headline number (target ≤ 1 %, issue #13).</summary>
    public double? CadenceMape => Mape("walking");

    /// <summary>Pooled false activations per minute over the given activities.</summary>
    public (double? PerMin, int Activations, double Minutes) FalseRate(params string[] activities)
    {
        var segs = Segments.Where(s => activities.Contains(s.Activity)).ToList();
        double min = segs.Sum(s => s.Minutes);
        int n = segs.Sum(s => s.Activations);
        return (min > 0 ? n / min : null, n, min);
    }

    public (double? PerMin, int Activations, double Minutes) FalseSitStand => FalseRate("sitting", "standing");
    public (double? PerMin, int Activations, double Minutes) FalseCar => FalseRate("sitting_in_car");
}

/// <summary>
/// HuGaDB: the device run on the shin sensor (ankle strap) and, apart, on the foot sensor (shoe
/// clip) of each leg, against the labels and an independent reference from the feet of the same recording.
/// <list type="bullet">
/// <item>Segments are runs of one <c>act</c> label of at least <see cref="MinSegmentS"/> (movement)
/// or <see cref="MinStillSegmentS"/> (sitting, standing, car);
/// <see cref="TrimS"/> is cut from each edge (transitions).</item>
/// <item>walking, running, going_up, going_down, bicycling: detector rate (activations in the trimmed
/// segment per minute) against the stride rate of the SAME leg's foot sensor (for the foot run the
/// very sensor the device reads: still an independent method, autocorrelation of the raw gyro
/// against the detector's events) — the foot gyro projected
/// on its principal axis over the segment, period by autocorrelation with parabolic sub-sample
/// refinement, searched in 0.6–2.0 s (0.5–1.5 s cycling) so that a stride, not a step, is found.
/// The other foot must agree within <see cref="FootAgreementPct"/>, else the reference is called
/// unreliable and the segment is listed but left out of the error.</item>
/// <item>sitting, standing: false activations per minute; sitting_in_car separately (vibration).</item>
/// <item>A leg whose shin gyro is flagged in <c>shin-gyro-quality.csv</c>, or found amplified here
/// (walking std &gt; 3× the other shin's, or |raw| ≥ 32000 on &gt; 2 % of walking samples), is skipped;
/// the foot run skips a foot by the same test against the other foot (the table flags shins only).</item>
/// <item>Byte-identical files are counted once.</item>
/// </list>
/// </summary>
public static class HugadbEvaluation
{
    public const double MinSegmentS = 20;
    /// <summary>Sitting / standing / car segments need only this long (the release's sitting and
    /// standing files are 11–18 s; nothing periodic is estimated in them).</summary>
    public const double MinStillSegmentS = 10;
    public const double TrimS = 2;
    public const double FootAgreementPct = 3;
    public const double AmplifiedStdRatio = 3;
    public const double ClipRaw = 32000;
    public const double ClipFraction = 0.02;

    public static readonly string[] RateActivities = { "walking", "running", "going_up", "going_down", "bicycling" };
    public static readonly string[] StillActivities = { "sitting", "standing", "sitting_in_car" };

    public static List<string> Files(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                files.AddRange(Directory.EnumerateFiles(p, "*.txt", SearchOption.AllDirectories)
                    .Where(f => !Path.GetFileName(f).Contains("ReadMe", StringComparison.OrdinalIgnoreCase))
                    .OrderBy(f => f, StringComparer.Ordinal));
            }
            else if (File.Exists(p)) files.Add(p);
            else throw new InputException(p, 0, "no such file or folder");
        }
        return files.Distinct().ToList();
    }

    public static HugadbEvaluationResult Evaluate(IEnumerable<string> paths, EvaluationOptions opt)
    {
        var result = new HugadbEvaluationResult();
        var files = Files(paths);
        var seen = new Dictionary<string, string>();
        var unique = new List<string>();
        foreach (var f in files)
        {
            string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)));
            if (seen.TryGetValue(hash, out var first)) result.Excluded.Add(new ExcludedInput(f, $"byte-identical copy of {first}: counted once"));
            else
            {
                seen[hash] = f;
                unique.Add(f);
            }
        }
        var foot = new HugadbEvaluationResult { Site = MountingSite.Foot };
        result.Foot = foot;
        var perFile = new (List<HugadbLegResult> Legs, List<ExcludedInput> Excluded)[unique.Count];
        Parallel.For(0, unique.Count, i =>
        {
            var legs = new List<HugadbLegResult>();
            var ex = new List<ExcludedInput>();
            try
            {
                EvaluateFile(unique[i], opt, legs, ex);
            }
            catch (InputException e)
            {
                legs.Clear();
                ex.Add(new ExcludedInput(unique[i], e.Message, Unreadable: true));
            }
            perFile[i] = (legs, ex);
        });
        foreach (var (legs, ex) in perFile)
        {
            result.Rows.AddRange(legs.Where(l => l.Site == MountingSite.Shank));
            foot.Rows.AddRange(legs.Where(l => l.Site == MountingSite.Foot));
            result.Excluded.AddRange(ex);
        }
        // The files left out and why are the same for both sites (a foot skipped is listed there too).
        foot.Excluded.AddRange(result.Excluded);
        return result;
    }

    /// <summary>"06" for HuGaDB_v1_walking_06_00.txt; "?" when the name does not tell.</summary>
    public static string SubjectOf(string file)
    {
        var parts = Path.GetFileNameWithoutExtension(file).Split('_');
        return parts.Length >= 2 && parts[^2].Length == 2 && parts[^2].All(char.IsDigit) ? parts[^2] : "?";
    }

    /// <summary>All samples of one sensor, in memory.</summary>
    private sealed class Recorded(ISampleSource from, List<SourceSample> samples) : ISampleSource
    {
        public List<SourceSample> Samples => samples;
        public string Path => from.Path;
        public SourceInfo Info => from.Info;
        public IReadOnlyList<string> Warnings { get; } = from.Warnings.ToList();
        public IEnumerable<SourceSample> ReadSamples() => samples;
    }

    private static Recorded Read(string file, Leg leg, MountingSite site)
    {
        using var r = new HugadbReader(file, leg, site);
        var list = r.ReadSamples().ToList();
        return new Recorded(r, list);
    }

    private static void EvaluateFile(string file, EvaluationOptions opt, List<HugadbLegResult> legs, List<ExcludedInput> excluded)
    {
        var shin = new Dictionary<Leg, Recorded> { [Leg.Right] = Read(file, Leg.Right, MountingSite.Shank), [Leg.Left] = Read(file, Leg.Left, MountingSite.Shank) };
        var foot = new Dictionary<Leg, Recorded> { [Leg.Right] = Read(file, Leg.Right, MountingSite.Foot), [Leg.Left] = Read(file, Leg.Left, MountingSite.Foot) };
        double rate = shin[Leg.Right].Info.RateHz;
        var labels = shin[Leg.Right].Samples.Select(s => s.Label ?? "").ToArray();
        var segments = Segments(labels, rate);
        if (segments.Count == 0)
        {
            excluded.Add(new ExcludedInput(file, $"no walking/running/stairs/bicycling segment of ≥ {MinSegmentS:0} s and no sitting/standing/car segment of ≥ {MinStillSegmentS:0} s"));
            return;
        }
        string subject = SubjectOf(file);
        var quality = HugadbReader.ReadShinGyroQuality(file);
        var amplified = Amplified(shin, labels, "shin");
        var amplifiedFeet = Amplified(foot, labels, "foot");
        foreach (var leg in new[] { Leg.Right, Leg.Left })
        {
            string legName = leg == Leg.Right ? "right" : "left";
            if (quality != null && !quality.IsTrusted(leg))
            {
                excluded.Add(new ExcludedInput(file, $"{legName} leg skipped: shin gyro flagged as amplified in {HugadbReader.ShinGyroQualityFile}"));
                continue;
            }
            if (amplified.TryGetValue(leg, out var why))
            {
                excluded.Add(new ExcludedInput(file, $"{legName} leg skipped: shin gyro looks amplified ({why})"));
                continue;
            }
            legs.Add(LegRow(file, subject, leg, MountingSite.Shank, shin[leg], foot, segments, rate, opt));
        }
        foreach (var leg in new[] { Leg.Right, Leg.Left })
        {
            string legName = leg == Leg.Right ? "right" : "left";
            if (amplifiedFeet.TryGetValue(leg, out var why))
            {
                excluded.Add(new ExcludedInput(file, $"{legName} foot skipped (foot run): foot gyro looks amplified ({why})"));
                continue;
            }
            legs.Add(LegRow(file, subject, leg, MountingSite.Foot, foot[leg], foot, segments, rate, opt));
        }
    }

    /// <summary>The device run on one sensor of one leg, scored on every segment against the feet's reference.</summary>
    private static HugadbLegResult LegRow(string file, string subject, Leg leg, MountingSite site, Recorded sensor, Dictionary<Leg, Recorded> foot,
        List<(string Label, int Start, int End)> segments, double rate, EvaluationOptions opt)
    {
        string legName = leg == Leg.Right ? "right" : "left";
        var run = DeviceRun.Run(sensor, opt.Configured(site), opt.DeviceRateHz, opt.Rotation, opt.Record, opt.GyroScale, opt.LateStartSamples, opt.TimeScale, opt.GyroOffsetDps, opt.GyroOffsetSeed);
        var row = new HugadbLegResult { File = file, Subject = subject, Leg = leg, Site = site, Run = run };
        Leg other = leg == Leg.Right ? Leg.Left : Leg.Right;
        foreach (var seg in segments)
        {
            var (t0, t1, a, b) = Trim(seg.Start, seg.End, rate);
            var inSeg = InSegment(run.ActivationsS, t0, t1);
            int acts = inSeg.Count;
            double? refRate = null, otherRate = null;
            string? unusable = null;
            if (RateActivities.Contains(seg.Label))
            {
                (double lo, double hi) = seg.Label switch { "bicycling" => (0.5, 1.5), "running" => (0.4, 2.0), _ => (0.6, 2.0) };
                refRate = StrideRate(foot[leg].Samples, a, b, rate, lo, hi);
                otherRate = StrideRate(foot[other].Samples, a, b, rate, lo, hi);
                unusable = Unusable(refRate, otherRate);
            }
            row.Segments.Add(new HugadbSegment(file, subject, legName, seg.Label, seg.Start / rate, seg.End / rate, t0, t1, acts, refRate, otherRate, unusable) { ActivationTimesS = inSeg });
        }
        return row;
    }

    /// <summary>The segments judged: runs of a movement label of at least <see cref="MinSegmentS"/>
    /// and of a still label of at least <see cref="MinStillSegmentS"/>; [Start, End) sample indices.</summary>
    public static List<(string Label, int Start, int End)> Segments(IReadOnlyList<string> labels, double rate) =>
        Runs(labels, rate).Where(r => (RateActivities.Contains(r.Label) && (r.End - r.Start) / rate >= MinSegmentS)
            || (StillActivities.Contains(r.Label) && (r.End - r.Start) / rate >= MinStillSegmentS)).ToList();

    /// <summary>The judged part of a segment of samples [<paramref name="start"/>, <paramref name="end"/>):
    /// <see cref="TrimS"/> cut from each edge — on the clock [T0, T1) for the activations, and the
    /// samples [A, B) for the feet's reference.</summary>
    public static (double T0, double T1, int A, int B) Trim(int start, int end, double rate) =>
        (start / rate + TrimS, (end - 1) / rate - TrimS, start + (int)Math.Round(TrimS * rate), end - (int)Math.Round(TrimS * rate));

    /// <summary>The activations of a trimmed segment [<paramref name="t0"/>, <paramref name="t1"/>).</summary>
    public static List<double> InSegment(IEnumerable<double> activations, double t0, double t1) => activations.Where(t => t >= t0 && t < t1).ToList();

    /// <summary>Why a movement segment's reference is not used (null: it is): a foot without a stride
    /// period, or feet more than <see cref="FootAgreementPct"/> of the reference apart.</summary>
    public static string? Unusable(double? refRate, double? otherRate)
    {
        if (refRate == null) return "no stride period found in the foot signal";
        if (otherRate == null) return "no stride period found in the other foot's signal";
        if (Math.Abs(refRate.Value - otherRate.Value) > FootAgreementPct / 100 * refRate.Value)
        {
            return $"feet disagree ({refRate.Value:0.0} vs {otherRate.Value:0.0} strides/min)";
        }
        return null;
    }

    /// <summary>Runs of one label: [Start, End) sample indices.</summary>
    public static List<(string Label, int Start, int End)> Runs(IReadOnlyList<string> labels, double rate)
    {
        var runs = new List<(string, int, int)>();
        int start = 0;
        for (int i = 1; i <= labels.Count; i++)
        {
            if (i == labels.Count || labels[i] != labels[start])
            {
                runs.Add((labels[start], start, i));
                start = i;
            }
        }
        return runs;
    }

    /// <summary>Strides per minute of one foot over samples [a, b): principal-axis gyro, autocorrelation.</summary>
    public static double? StrideRate(IReadOnlyList<SourceSample> s, int a, int b, double rate, double minPeriodS, double maxPeriodS)
    {
        if (b - a < 4) return null;
        var x = new double[b - a];
        var y = new double[b - a];
        var z = new double[b - a];
        for (int i = a; i < b; i++) { x[i - a] = s[i].GxDps; y[i - a] = s[i].GyDps; z[i - a] = s[i].GzDps; }
        var axis = PrincipalAxis.Of(x, y, z);
        var p = PrincipalAxis.Project(x, y, z, axis);
        var period = ReferenceRate.Period(p, rate, minPeriodS, maxPeriodS);
        return period == null ? null : 60.0 / period.Value.PeriodS;
    }

    /// <summary>Legs whose sensor (shin or foot) gyro reads too high against the same sensor of the other leg, with the evidence.</summary>
    private static Dictionary<Leg, string> Amplified(Dictionary<Leg, Recorded> shin, string[] labels, string sensorName)
    {
        var found = new Dictionary<Leg, string>();
        var walk = Enumerable.Range(0, labels.Length).Where(i => labels[i] == "walking").ToArray();
        if (walk.Length < 10 * shin[Leg.Right].Info.RateHz) return found;
        var std = new Dictionary<Leg, double>();
        var clip = new Dictionary<Leg, double>();
        foreach (var leg in new[] { Leg.Right, Leg.Left })
        {
            var s = shin[leg].Samples;
            double m = walk.Average(i => s[i].GyDps);
            std[leg] = Math.Sqrt(walk.Average(i => (s[i].GyDps - m) * (s[i].GyDps - m)));
            double raw(double dps) => Math.Abs(dps * HugadbReader.CountsPerDps);
            clip[leg] = walk.Count(i => raw(s[i].GxDps) >= ClipRaw || raw(s[i].GyDps) >= ClipRaw || raw(s[i].GzDps) >= ClipRaw) / (double)walk.Length;
        }
        foreach (var leg in new[] { Leg.Right, Leg.Left })
        {
            Leg other = leg == Leg.Right ? Leg.Left : Leg.Right;
            if (std[leg] > AmplifiedStdRatio * std[other]) found[leg] = $"walking gyro y std {std[leg]:0} °/s vs {std[other]:0} °/s on the other {sensorName}";
            else if (clip[leg] > ClipFraction) found[leg] = $"clips (|raw| ≥ {ClipRaw:0}) on {100 * clip[leg]:0.0}% of walking samples";
        }
        return found;
    }
}
