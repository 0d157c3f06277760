using CalfMonitor.Simulator.Synthesis;
using Xunit;
using Xunit.Abstractions;

namespace CalfMonitor.Tests.Synthesis;

public class OfficeHourTests
{
    private readonly ITestOutputHelper _out;
    public OfficeHourTests(ITestOutputHelper output) => _out = output;

    /// <summary>Time after a movement ends that its own detections may still arrive, ms.</summary>
    private const long SettleMs = 3000;

    [Fact]
    public void Office_hour_replays_as_documented()
    {
        var r = SynthKit.Run("office-hour", new SynthOptions());
        Assert.Equal(60 * 60 * 50, r.Trace.SampleCount);
        foreach (var (i, seg, start, end) in r.Segments)
        {
            _out.WriteLine($"{i} {seg.Label} {start / 1000.0:F0}-{end / 1000.0:F0} s: truth {r.TruthIn(start, end).Count}, detected {r.DetectionsIn(start, end).Count}");
        }
        foreach (var e in r.Events.SpellsEnded) _out.WriteLine($"spell ended at {e.TimeMs / 1000.0:F1} s after {e.SpellS} s");
        foreach (var a in r.Events.Alerts) _out.WriteLine($"alert at {a.TimeMs / 1000.0:F1} s, spell {a.SpellS} s, repeat {a.Repeat}");

        // No activations while just sitting. The first 3 s of a sitting segment still belong to
        // the movement before it: the detector confirms a cycle only once the angle has come back
        // by the minimum range, and its 2.5 s angle high-pass is still settling.
        foreach (var (_, seg, start, end) in r.Segments.Where(s => s.Segment.Activity == Activity.Sit))
        {
            Assert.Empty(r.DetectionsIn(start + SettleMs, end));
        }

        // The walk: counted within ±5 % of its true strides.
        var walk = r.Segments.Single(s => s.Segment.Activity == Activity.Walk);
        int strides = r.TruthIn(walk.StartMs, walk.EndMs).Count;
        var walkDetections = r.DetectionsIn(walk.StartMs, walk.EndMs + SettleMs);
        _out.WriteLine($"walk: {strides} true strides, {walkDetections.Count} counted");
        Assert.InRange(walkDetections.Count, strides * 0.95, strides * 1.05);

        // Pump breaks: the first event of each break ends a real spell (later events of the same
        // break end spells of a few seconds). Exactly one in the heel-raise break, none from the
        // four early raises, one from the walk.
        var breaks = r.Events.SpellsEnded.Where(e => e.SpellS > 60).ToList();
        var raises = r.Segments.Where(s => s.Segment.Activity == Activity.HeelRaise).ToList();
        Assert.DoesNotContain(breaks, b => b.TimeMs < raises[1].StartMs);
        Assert.Single(breaks, b => b.TimeMs >= raises[1].StartMs && b.TimeMs < raises[1].EndMs + 1000);
        Assert.Equal(2, breaks.Count);

        // Exactly one alert, 30 min ± 1 min after the walk's last activation; no repeat fits.
        long lastWalk = walkDetections.Max();
        var alert = Assert.Single(r.Events.Alerts);
        Assert.InRange(alert.TimeMs - lastWalk, 29 * 60000, 31 * 60000);
    }
}
