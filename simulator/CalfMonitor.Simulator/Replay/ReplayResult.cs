namespace CalfMonitor.Simulator.Replay;

/// <summary>One detected activation.</summary>
/// <param name="Sample">0-based data row of the input file (the nearest in time if resampled).</param>
/// <param name="TimeS">Seconds from the first sample.</param>
public readonly record struct ActivationEvent(long Sample, double TimeS);

/// <summary>A detected plantarflexion cycle that is not an activation, and why.</summary>
/// <param name="Sample">0-based data row of the input file, as an activation's.</param>
/// <param name="TimeS">Seconds from the first sample: the cycle's own time, as an activation's.</param>
/// <param name="Reason">NotCountedReason code (1 isolated, 2 unrhythmic, 3 recounted).</param>
public readonly record struct NotCountedCycle(long Sample, double TimeS, int Reason)
{
    /// <summary>The reason as a word, as in the JSON report.</summary>
    public string ReasonName => Reason switch
    {
        CalfMonitor.Core.Events.NotCountedReason.Isolated => "isolated",
        CalfMonitor.Core.Events.NotCountedReason.Unrhythmic => "unrhythmic",
        CalfMonitor.Core.Events.NotCountedReason.Recounted => "recounted",
        _ => "unknown",
    };
}

/// <summary>One sedentary alert.</summary>
/// <param name="Reason">AlertReason code (1 threshold, 2 repeat, 3 snooze ended, 4 after activity).</param>
public readonly record struct AlertEvent(double TimeS, int SpellS, int Repeat, int Reason = 1);

/// <summary>An alert that fell due but was not raised.</summary>
/// <param name="SpellS">Spell length at which it fell due, seconds.</param>
/// <param name="Reason">SuppressionReason code (1 quiet hours, 2 not worn).</param>
public readonly record struct SuppressedAlertEvent(double TimeS, int SpellS, int Reason)
{
    /// <summary>The reason as a word, as in the JSON report.</summary>
    public string ReasonName => Reason switch
    {
        CalfMonitor.Core.Sedentary.SuppressionReason.QuietHours => "quiet_hours",
        CalfMonitor.Core.Sedentary.SuppressionReason.NotWorn => "not_worn",
        _ => "unknown",
    };

    /// <summary>The reason for people.</summary>
    public string ReasonText => Reason switch
    {
        CalfMonitor.Core.Sedentary.SuppressionReason.QuietHours => "quiet hours",
        CalfMonitor.Core.Sedentary.SuppressionReason.NotWorn => "not worn / lying",
        _ => "unknown reason",
    };
}

/// <summary>A pump break that ended a sedentary spell.</summary>
public readonly record struct SpellEndEvent(double TimeS, int SpellS);

/// <summary>Activations counted in one minute after the start.</summary>
/// <param name="Partial">True for the last minute when the trace ends inside it.</param>
public readonly record struct MinuteCount(int Minute, int Activations, int SpellSAtEnd, bool Partial);

/// <summary>What the core's sensor-fault watch (<see cref="CalfMonitor.Core.Sensing.SensorHealth"/>)
/// counted over a replay, in device samples.</summary>
public sealed record SensorFaultCounts(int FaultSpells, int FaultySamples, int SaturatedSamples, int GarbageSamples, int StuckSamples, int AccelSaturatedSamples, int FaultBits = 0)
{
    /// <summary>Accelerometer samples at full scale, as a share of all samples, from which they are
    /// a warning: a foot's impacts reach full scale for a sample now and then, a dead or shorted
    /// sensor sits there.</summary>
    public const double AccelSaturationWarnShare = 0.05;

    /// <summary>Names of the fault kinds, as in the JSON summary and the sidecar's "sensor_faults".</summary>
    public static readonly IReadOnlyList<string> KindNames = new[] { "saturation", "garbage", "stuck", "accel_saturation" };

    /// <summary>The kinds found in <paramref name="deviceSamples"/> samples (each a warning).</summary>
    public List<string> Kinds(long deviceSamples)
    {
        var kinds = new List<string>();
        // Saturation is a fault only when a gyro rail is held (SensorHealth.StuckMs), not a moment at full scale.
        if ((FaultBits & CalfMonitor.Core.Sensing.SensorHealth.FaultSaturation) != 0) kinds.Add("saturation");
        if (GarbageSamples > 0) kinds.Add("garbage");
        if (StuckSamples > 0) kinds.Add("stuck");
        if (AccelSaturatedSamples > 0 && AccelSaturatedSamples >= deviceSamples * AccelSaturationWarnShare) kinds.Add("accel_saturation");
        return kinds;
    }
}

/// <summary>Everything a replay produced, in the order it happened.</summary>
public sealed class ReplayResult
{
    public required string Input { get; init; }
    public required string InputFormat { get; init; }
    public required string Mounting { get; init; }
    public long InputSamples { get; set; }
    public double InputRateHz { get; init; }
    public long DeviceSamples { get; set; }
    public int DeviceRateHz { get; init; }
    public double DurationS { get; set; }
    /// <summary>Gaps: steps in the clock over the core's gap threshold
    /// (<see cref="CalfMonitor.Core.CalfPumpMonitor.GapThresholdMs"/>), as the core counted them.</summary>
    public int Gaps { get; set; }
    /// <summary>Shorter losses (over 1.5 source periods, within the gap threshold), bridged.</summary>
    public int BridgedDropouts { get; set; }
    /// <summary>Source samples missing in the bridged dropouts.</summary>
    public long BridgedSamples { get; set; }
    /// <summary>Plantarflexion cycles that stood alone (no bout of at least
    /// PumpBoutFilter.MinBoutCycles): posture changes, not counted as activations.</summary>
    public int IsolatedCycles { get; set; }
    /// <summary>Held cycles left out as a stride counted twice while the orientation was being
    /// learnt (PumpBoutFilter.OrientationTurned, RecountedCycles): not activations.</summary>
    public int RecountedCycles { get; set; }
    /// <summary>Small cycles (below the full minimum range, shank only) that were in no steady
    /// rhythm (RhythmicSetFilter): sway and fidgets, not counted as activations.</summary>
    public int UnrhythmicSmallCycles { get; set; }
    public List<ActivationEvent> Activations { get; } = new();
    /// <summary>Every cycle counted in <see cref="IsolatedCycles"/>, <see cref="UnrhythmicSmallCycles"/>
    /// and <see cref="RecountedCycles"/>, in the order the filters set them aside (those still held
    /// when the trace ends last).</summary>
    public List<NotCountedCycle> NotCounted { get; } = new();
    public List<AlertEvent> Alerts { get; } = new();
    /// <summary>Alerts that fell due but were suppressed (quiet hours, not worn), with time and reason.</summary>
    public List<SuppressedAlertEvent> SuppressedAlerts { get; } = new();
    public List<SpellEndEvent> SpellsEnded { get; } = new();
    public List<MinuteCount> Minutes { get; } = new();
    public List<string> Warnings { get; } = new();
    public int LongestSpellS { get; set; }
    /// <summary>The sensor-fault watch's counts (all zero for a healthy sensor).</summary>
    public SensorFaultCounts SensorFaults { get; set; } = new(0, 0, 0, 0, 0, 0, 0);
    /// <summary>The fault kinds that were warned about (<see cref="SensorFaultCounts.KindNames"/>).</summary>
    public List<string> SensorFaultKinds { get; } = new();
}
