using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Simulator.Synthesis;

/// <summary>Options of one synthetic trace.</summary>
public sealed record SynthOptions
{
    /// <summary>Seed of every random choice: same seed, same options → byte-identical trace.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where the board is worn.</summary>
    public MountingSite Site { get; init; } = MountingSite.Shank;

    /// <summary>Output data rate, Hz.</summary>
    public int RateHz { get; init; } = 50;

    /// <summary>Length of the trace, minutes; null = the scenario's default.</summary>
    public int? Minutes { get; init; }

    /// <summary>Board rotation about the limb axis, degrees; null = drawn from the seed.</summary>
    public double? AboutLimbDeg { get; init; }
}

/// <summary>
/// A named scenario: a lazy sequence of activity segments (generated one at a time, so a day or
/// more streams in constant memory) and a default length.
/// </summary>
public sealed class Scenario
{
    private readonly Func<SynthOptions, SynthRandom, IEnumerable<ActivitySegment>> _segments;

    private Scenario(string name, string description, double defaultMinutes,
        Func<SynthOptions, SynthRandom, IEnumerable<ActivitySegment>> segments, bool fixedLength = false)
    {
        Name = name;
        Description = description;
        DefaultMinutes = defaultMinutes;
        _segments = segments;
        MaxMinutes = fixedLength ? defaultMinutes : null;
    }

    /// <summary>Longest possible length, minutes (a scripted scenario ends with its script);
    /// null = as long as asked.</summary>
    public double? MaxMinutes { get; }

    public string Name { get; }
    public string Description { get; }

    /// <summary>Length without --minutes, minutes.</summary>
    public double DefaultMinutes { get; }

    /// <summary>The segments for these options (endless for some scenarios: the trace cuts them
    /// at the requested length).</summary>
    public IEnumerable<ActivitySegment> Segments(SynthOptions options) =>
        _segments(options, new SynthRandom(options.Seed, LayoutStream));

    /// <summary>Random stream of the scenario layout (segment lengths and order).</summary>
    public const long LayoutStream = 3;

    /// <summary>Every scenario, in the order the command lists them.</summary>
    public static IReadOnlyList<Scenario> All { get; } = new[]
    {
        new Scenario("office-hour", "60 min at a desk: heel raises, a pump break at minute 12, a 4-min walk ending at 20:30, one alert at ~50:30", 60, (o, r) => OfficeHour(), fixedLength: true),
        new Scenario("office-day", "a working day (480 min by default): sitting blocks of 25-70 min, walks, standing, heel-raise breaks, a lunch walk", 480, OfficeDay),
        new Scenario("seated-movements", "a 1-min walk to the desk, then a grid of seated heel raises and ankle pumps (2-30 deg, 0.2-3 Hz), then toe taps, leg jiggle, foot shuffle (~34 min)",
            SeatedMovements().Sum(s => s.DurationS) / 60, (o, r) => SeatedMovements(), fixedLength: true),
        new Scenario("walk", "continuous walking, 105-120 steps/min (10 min by default)", 10, (o, r) => Single(Activity.Walk, o, 10, Activity.Stand)),
        new Scenario("cycle", "pedalling at 60-90 rpm (10 min by default)", 10, (o, r) => Single(Activity.Cycle, o, 10, Activity.Sit)),
        new Scenario("stairs", "stair ascent, 80-95 steps/min (5 min by default)", 5, (o, r) => Single(Activity.StairsUp, o, 5, Activity.Stand)),
        new Scenario("car", "seated in a moving car: 5-25 Hz vibration (30 min by default)", 30, (o, r) => Single(Activity.Car, o, 30, null)),
        new Scenario("stand", "quiet standing with sway and weight shifts (30 min by default)", 30, (o, r) => Single(Activity.Stand, o, 30, null)),
        new Scenario("lying", "lying supine, limb horizontal and still (30 min by default)", 30, (o, r) => Single(Activity.Lying, o, 30, null)),
    };

    /// <summary>The scenario of that name, or null.</summary>
    public static Scenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>office-hour timeline (minutes:seconds): 0:00 sit; 8:00 four heel raises 15 s
    /// apart (too few for a pump break); 9:00 sit; 12:00 pump break of 15 full heel raises (30°,
    /// as high as the heel goes seated, so that the shank strap sees them) at 0.5 Hz; 12:40 sit;
    /// 16:30 walk 4 min; 20:30 sit to 60:00. The spell restarts with the last
    /// walking activation (~20:28), so the alert falls at ~50:28 and its repeat (~60:28) after the end.</summary>
    public static IEnumerable<ActivitySegment> OfficeHour()
    {
        yield return new ActivitySegment(Activity.Sit, 480);
        yield return new ActivitySegment(Activity.HeelRaise, 60, RateHz: 0.5, AnkleRangeDeg: 30, Reps: 4, RepIntervalS: 15);
        yield return new ActivitySegment(Activity.Sit, 180);
        yield return new ActivitySegment(Activity.HeelRaise, 40, RateHz: 0.5, AnkleRangeDeg: 30, Reps: 15);
        yield return new ActivitySegment(Activity.Sit, 230);
        yield return new ActivitySegment(Activity.Walk, 240);
        yield return new ActivitySegment(Activity.Sit, 2370);
    }

    /// <summary>An office day, endless (cut at the requested length): sitting blocks of 25–70 min,
    /// each followed by a walk (2–6 min), standing (2–8 min), or a seated heel-raise break; the
    /// first block ending after 4 h is followed by a 15–20 min lunch walk and 10 min standing.</summary>
    private static IEnumerable<ActivitySegment> OfficeDay(SynthOptions o, SynthRandom r)
    {
        double t = 0;
        bool lunch = false;
        while (true)
        {
            double sit = r.Uniform(25, 70) * 60;
            yield return new ActivitySegment(Activity.Sit, sit);
            t += sit;
            if (!lunch && t >= 240 * 60)
            {
                lunch = true;
                double walk = r.Uniform(15, 20) * 60;
                yield return new ActivitySegment(Activity.Walk, walk);
                yield return new ActivitySegment(Activity.Stand, 600);
                t += walk + 600;
                continue;
            }
            double pick = r.NextDouble();
            ActivitySegment next =
                pick < 0.45 ? new ActivitySegment(Activity.Walk, r.Uniform(2, 6) * 60)
                : pick < 0.65 ? new ActivitySegment(Activity.Stand, r.Uniform(2, 8) * 60)
                : pick < 0.85 ? new ActivitySegment(Activity.HeelRaise, 45, RateHz: r.Uniform(0.4, 0.8), AnkleRangeDeg: r.Uniform(12, 20), Reps: 15)
                : new ActivitySegment(Activity.StairsUp, r.Uniform(0.3, 1) * 60);
            yield return next;
            t += next.DurationS;
            if (next.Activity == Activity.StairsUp)
            {
                double walk = r.Uniform(1, 3) * 60;
                yield return new ActivitySegment(Activity.Walk, walk);
                t += walk;
            }
        }
    }

    /// <summary>Ranges of the seated-movement grid, degrees of ankle motion.</summary>
    public static double[] GridRangesDeg => new double[] { 2, 4, 6, 10, 15, 20, 30 };

    /// <summary>Rates of the seated-movement grid, Hz.</summary>
    public static double[] GridRatesHz => new double[] { 0.2, 0.5, 1, 1.5, 3 };

    /// <summary>Repetitions per grid cell.</summary>
    public const int GridReps = 8;

    /// <summary>Rest between grid cells, s: the detector's 2.5 s angle high-pass settles.</summary>
    public const double GridRestS = 6;

    private static IEnumerable<ActivitySegment> SeatedMovements()
    {
        // The walk to the desk: the monitor learns the sagittal axis and which way is
        // plantarflexion from gait, as on every real day before anyone sits down.
        yield return new ActivitySegment(Activity.Walk, 60);
        yield return new ActivitySegment(Activity.Sit, 30);
        foreach (var kind in new[] { Activity.HeelRaise, Activity.AnklePump })
        {
            foreach (double range in GridRangesDeg)
            {
                foreach (double hz in GridRatesHz)
                {
                    // Transition, reps with up to +15 % slower periods, and a second to finish.
                    double dur = MotionModel.TransitionS + GridReps / hz * 1.15 + 1;
                    yield return new ActivitySegment(kind, Math.Round(dur, 2), RateHz: hz, AnkleRangeDeg: range, Reps: GridReps);
                    yield return new ActivitySegment(Activity.Sit, GridRestS);
                }
            }
        }
        yield return new ActivitySegment(Activity.ToeTap, 60);
        yield return new ActivitySegment(Activity.Sit, GridRestS);
        yield return new ActivitySegment(Activity.LegJiggle, 60);
        yield return new ActivitySegment(Activity.Sit, GridRestS);
        yield return new ActivitySegment(Activity.FootShuffle, 60);
        yield return new ActivitySegment(Activity.Sit, 30);
    }

    private static IEnumerable<ActivitySegment> Single(Activity a, SynthOptions o, double defaultMinutes, Activity? around)
    {
        double total = (o.Minutes ?? defaultMinutes) * 60;
        if (around is Activity before && total > 60)
        {
            yield return new ActivitySegment(before, 10);
            yield return new ActivitySegment(a, total - 20);
            yield return new ActivitySegment(before, 10);
        }
        else
        {
            yield return new ActivitySegment(a, total);
        }
    }
}
