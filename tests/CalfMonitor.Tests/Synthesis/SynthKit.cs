using CalfMonitor.Core;
using CalfMonitor.Simulator.Synthesis;

namespace CalfMonitor.Tests.Synthesis;

/// <summary>A synthetic trace replayed through the monitor, with its truth and segments.</summary>
public sealed class Replay
{
    public required SyntheticTrace Trace { get; init; }
    public required RecordingListener Events { get; init; }
    public List<(long TimeMs, int Segment)> Truth { get; } = new();
    public List<(int Index, ActivitySegment Segment, long StartMs, long EndMs)> Segments { get; } = new();

    /// <summary>Detections (activation times) within [fromMs, toMs).</summary>
    public List<long> DetectionsIn(long fromMs, long toMs) =>
        Events.Activations.Select(a => (long)a.TimeMs).Where(t => t >= fromMs && t < toMs).ToList();

    public List<long> TruthIn(long fromMs, long toMs) =>
        Truth.Select(t => t.TimeMs).Where(t => t >= fromMs && t < toMs).ToList();
}

public static class SynthKit
{
    /// <summary>Generates and replays a trace, feeding rows straight into the monitor.</summary>
    public static Replay Run(string scenario, SynthOptions options, MonitorSettings? settings = null)
    {
        var trace = SyntheticTrace.Create(scenario, options);
        var listener = new RecordingListener();
        var monitor = new CalfPumpMonitor(trace.Sensor, settings ?? new MonitorSettings(), listener);
        var replay = new Replay { Trace = trace, Events = listener };
        int lastSeg = -1;
        long lastMs = 0;
        foreach (var s in trace.Samples())
        {
            if (s.SegmentIndex != lastSeg)
            {
                if (lastSeg >= 0) Close(replay, s.TimeMs);
                replay.Segments.Add((s.SegmentIndex, s.Segment, s.TimeMs, -1));
                lastSeg = s.SegmentIndex;
            }
            if (s.Truth) replay.Truth.Add((s.TimeMs, s.SegmentIndex));
            monitor.OnSample((int)s.TimeMs, s.Ax, s.Ay, s.Az, s.Gx, s.Gy, s.Gz);
            lastMs = s.TimeMs;
        }
        Close(replay, lastMs + 1000 / options.RateHz);
        return replay;
    }

    private static void Close(Replay r, long endMs)
    {
        var last = r.Segments[^1];
        r.Segments[^1] = (last.Index, last.Segment, last.StartMs, endMs);
    }

    /// <summary>One-to-one matching of detections to true cycles: each true cycle takes the
    /// nearest unmatched detection within the tolerance. Returns (matched, truths, detections).</summary>
    public static (int Matched, int Truths, int Detections) Match(IReadOnlyList<long> truth, IReadOnlyList<long> detections, long toleranceMs)
    {
        var used = new bool[detections.Count];
        int matched = 0;
        foreach (long t in truth)
        {
            int best = -1;
            long bestD = long.MaxValue;
            for (int i = 0; i < detections.Count; i++)
            {
                if (used[i]) continue;
                long d = Math.Abs(detections[i] - t);
                if (d <= toleranceMs && d < bestD) { best = i; bestD = d; }
            }
            if (best >= 0) { used[best] = true; matched++; }
        }
        return (matched, truth.Count, detections.Count);
    }

    /// <summary>Matching tolerance for a segment: ±0.6 s, or ¾ of a period for slower movements.
    /// Which turning point of a symmetric seated movement is the plantarflexion cannot be seen in
    /// one segment's rotation without a gait cycle (docs/algorithm.md, orientation): until the
    /// monitor has seen a walk, a detection may come at either end of the true cycle, up to half a
    /// period plus the confirmation delay away from the true instant. Matching stays one-to-one,
    /// so every true cycle still needs its own detection.</summary>
    public static long ToleranceMs(ActivitySegment s) =>
        s.RateHz > 0 ? (long)Math.Max(600, 750 / s.RateHz) : 600;
}
