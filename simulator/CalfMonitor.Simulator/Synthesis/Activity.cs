namespace CalfMonitor.Simulator.Synthesis;

/// <summary>What the wearer is doing during one segment of a synthetic trace.</summary>
public enum Activity
{
    Sit,
    Stand,
    Walk,
    HeelRaise,
    AnklePump,
    ToeTap,
    LegJiggle,
    FootShuffle,
    Cycle,
    StairsUp,
    Car,
    Lying,
}

/// <summary>Names used in the trace's <c>label</c> column and on the command line.</summary>
public static class ActivityNames
{
    public static string Name(Activity a) => a switch
    {
        Activity.Sit => "sit",
        Activity.Stand => "stand",
        Activity.Walk => "walk",
        Activity.HeelRaise => "heel-raise",
        Activity.AnklePump => "ankle-pump",
        Activity.ToeTap => "toe-tap",
        Activity.LegJiggle => "leg-jiggle",
        Activity.FootShuffle => "foot-shuffle",
        Activity.Cycle => "cycle",
        Activity.StairsUp => "stairs-up",
        Activity.Car => "car",
        Activity.Lying => "lying",
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };
}

/// <summary>
/// One activity segment of a scenario.
/// </summary>
/// <param name="Activity">What is done.</param>
/// <param name="DurationS">Length of the segment, seconds.</param>
/// <param name="RateHz">Cycles per second (strides, repetitions, pedal revolutions); 0 = the
/// activity's default, drawn from the seed where the default is a range.</param>
/// <param name="AnkleRangeDeg">Ankle range of motion of one cycle, degrees; 0 = the activity's default.</param>
/// <param name="Reps">Number of repetitions (seated movements); 0 = fill the segment.</param>
/// <param name="RepIntervalS">Start-to-start spacing of repetitions, seconds; 0 = back to back.</param>
public sealed record ActivitySegment(
    Activity Activity, double DurationS, double RateHz = 0, double AnkleRangeDeg = 0, int Reps = 0, double RepIntervalS = 0)
{
    public string Label => ActivityNames.Name(Activity);
}
