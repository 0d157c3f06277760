using CalfMonitor.Core.Bouts;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Evaluation;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Tests.Datasets;
using Xunit;

namespace CalfMonitor.Tests.Bouts;

/// <summary>When the detector turns its orientation round, the cycles the bout filter still holds
/// were dated with the wrong one: of those closer together than a walking stride only the first is
/// kept, and the first cycle after the turn replaces the last held one within one swing (0.5 s) of it
/// (algorithm.md stage 2b, <see cref="PumpBoutFilter.OrientationTurned"/>).</summary>
public class RecountedStrideTests
{
    [Fact]
    public void An_orientation_turn_with_no_cycle_held_invents_none()
    {
        // The detector can turn its orientation round when the bout filter holds nothing (in a
        // confirmed walk, or before any cycle). No held cycle may appear from nowhere: the next two
        // cycles of a new bout stay held (a bout needs three), and the one after the turn is not
        // taken for a recount of a cycle that was never held.
        var heard = new RecordingListener();
        var f = new PumpBoutFilter { Listener = heard };
        f.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
        Assert.Equal(0, f.Held);
        Assert.Equal(0, f.Offer(1000, 50));
        Assert.Equal(0, f.Offer(2100, 105));
        Assert.Equal(2, f.Held);
        Assert.Equal(3, f.Offer(3200, 160));
        Assert.Equal(new[] { (1000, 50), (2100, 105), (3200, 160) }, PumpBoutFilterTests.Released(f, 3));
        Assert.Equal(0, f.RecountedCycles);
        Assert.Empty(heard.NotCounted);
    }

    [Fact]
    public void Held_cycles_within_a_stride_of_each_other_are_one_stride_once_the_orientation_turns()
    {
        // IPOL 4-6_rf's first step: its landing and the movement before it, 0.64 s apart.
        var f = new PumpBoutFilter();
        Assert.Equal(0, f.Offer(3920, 196));
        Assert.Equal(0, f.Offer(4560, 228));
        f.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
        Assert.Equal(1, f.Held);
        Assert.Equal(1, f.RecountedCycles);
        // The next push-offs, a stride apart, make the bout with the one kept.
        Assert.Equal(0, f.Offer(5240, 262));
        Assert.Equal(3, f.Offer(6240, 312));
        Assert.Equal(new[] { (3920, 196), (5240, 262), (6240, 312) }, PumpBoutFilterTests.Released(f, 3));
        Assert.Equal(1, f.RecountedCycles);
        Assert.Equal(0, f.IsolatedCycles);
    }

    [Fact]
    public void The_listener_is_told_of_each_recounted_cycle_with_its_own_time()
    {
        // The two cases above, with a listener: the cycle left out at the turn (the later of the
        // two within a stride), and the held one the first cycle after the turn replaces.
        var heard = new RecordingListener();
        var f = new PumpBoutFilter { Listener = heard };
        f.Offer(3920, 196);
        f.Offer(4560, 228);
        f.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
        Assert.Equal(new[] { (4560, 228, CalfMonitor.Core.Events.NotCountedReason.Recounted) }, heard.NotCounted);
        f.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
        f.Offer(4200, 210);
        Assert.Equal((3920, 196, CalfMonitor.Core.Events.NotCountedReason.Recounted), heard.NotCounted[^1]);
        Assert.Equal(2, heard.NotCounted.Count);
        Assert.Equal(f.RecountedCycles, heard.NotCounted.Count);
    }

    [Fact]
    public void The_first_cycle_after_the_turn_replaces_the_held_one_of_its_stride()
    {
        // IPOL 4-1_rf: a cycle counted at the pre-walk movement with the old orientation, the turn,
        // then the same stride's push-off 0.26 s later with the new one.
        var f = new PumpBoutFilter();
        Assert.Equal(0, f.Offer(5560, 278));
        f.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
        Assert.Equal(1, f.Held);
        Assert.Equal(0, f.Offer(5820, 291));
        Assert.Equal(1, f.Held);
        Assert.Equal(1, f.RecountedCycles);
        // Only the first cycle after a turn is checked.
        Assert.Equal(0, f.Offer(6500, 325));
        Assert.Equal(3, f.Offer(7200, 360));
        Assert.Equal(new[] { (5820, 291), (6500, 325), (7200, 360) }, PumpBoutFilterTests.Released(f, 3));
    }

    [Fact]
    public void A_cycle_after_the_turn_more_than_a_swing_after_the_held_one_is_the_next_stride()
    {
        // A walk's start where the held cycle (the first stride, dated late with the old
        // orientation) and the next push-off (dated early with the new one) lie 0.76 s apart:
        // two strides, both kept.
        var f = new PumpBoutFilter();
        Assert.Equal(0, f.Offer(1020, 51));
        f.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
        Assert.Equal(0, f.Offer(1780, 89));
        Assert.Equal(3, f.Offer(2840, 142));
        Assert.Equal(new[] { (1020, 51), (1780, 89), (2840, 142) }, PumpBoutFilterTests.Released(f, 3));
        Assert.Equal(0, f.RecountedCycles);
    }

    [Fact]
    public void Only_the_first_cycle_after_the_turn_can_take_a_held_one_s_place()
    {
        // The turn, then brisk ankle pumps 0.4 s apart (2.5 Hz): the first comes more than a swing
        // after the held cycle and is a cycle of its own; so is the next, though it comes sooner
        // than a swing after it — only the first cycle since the turn was dated differently.
        var f = new PumpBoutFilter();
        Assert.Equal(0, f.Offer(1000, 50));
        f.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
        Assert.Equal(0, f.Offer(1600, 80));
        Assert.Equal(3, f.Offer(2000, 100));
        Assert.Equal(new[] { (1000, 50), (1600, 80), (2000, 100) }, PumpBoutFilterTests.Released(f, 3));
        Assert.Equal(0, f.RecountedCycles);
    }

    [Fact]
    public void A_cycle_after_the_turn_a_whole_shortest_stride_after_the_held_one_is_the_next_stride()
    {
        // The detector counts a push-off that comes exactly its shortest stride (0.5 s) after the
        // last one as the next stride: only a sooner one is a wobble of the same swing. After a
        // turn the bout filter draws its line at the same instant, so a walk at 50 Hz (0.5 s is 25
        // samples) keeps that stride and replaces a cycle one sample sooner.
        var f = new PumpBoutFilter();
        Assert.Equal(0, f.Offer(1000, 50));
        f.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
        Assert.Equal(0, f.Offer(1000 + PlantarflexionDetector.MinStrideMs, 75));
        Assert.Equal(2, f.Held);
        Assert.Equal(0, f.RecountedCycles);

        var g = new PumpBoutFilter();
        Assert.Equal(0, g.Offer(1000, 50));
        g.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
        Assert.Equal(0, g.Offer(1000 + PlantarflexionDetector.MinStrideMs - 20, 74));
        Assert.Equal(1, g.Held);
        Assert.Equal(1, g.RecountedCycles);
    }

    [Fact]
    public void Cycles_a_stride_apart_and_cycles_already_released_are_left_alone()
    {
        var f = new PumpBoutFilter();
        f.Offer(1000, 50);
        f.Offer(1800, 90);
        f.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
        Assert.Equal(2, f.Held);
        Assert.Equal(3, f.Offer(2600, 130));
        // In a bout nothing is held: a turn takes nothing back, and the next cycle passes.
        f.OrientationTurned(PumpBoutFilter.WalkingStrideMinMs, PlantarflexionDetector.MinStrideMs);
        Assert.Equal(1, f.Offer(3000, 150));
        Assert.Equal(0, f.RecountedCycles);
    }

    /// <summary>The four IPOL swings counted twice before the sixth pass of issue #13 (a walk's
    /// first stride counted while the orientation was still the wrong way round) are counted once,
    /// and so are the two strides after them: nothing of the walk's start is lost.</summary>
    [SkippableTheory]
    [InlineData("4-6", Leg.Right)]
    [InlineData("4-6", Leg.Left)]
    [InlineData("4-1", Leg.Right)]
    [InlineData("11-3", Leg.Right)]
    public void A_first_stride_counted_with_the_wrong_orientation_is_counted_once(string trialName, Leg leg)
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        var trial = IpolTrial.Load(Path.Combine(DatasetPaths.Ipol, trialName + ".json"));
        string file = Path.Combine(DatasetPaths.Ipol, trialName + (leg == Leg.Right ? "_rf.txt" : "_lf.txt"));
        DeviceRun run;
        using (var reader = new IpolReader(file, leg))
        {
            run = DeviceRun.Run(reader, MountingSite.Foot, 50, null, false);
        }
        Assert.True(run.Result.RecountedCycles >= 1, $"{run.Result.RecountedCycles} recounted");
        foreach (var swing in trial.Events(leg).Take(3))
        {
            var window = EventMatcher.Window(new TrueSwing(swing.ToeOff.TimeS, swing.HeelStrike.TimeS));
            var inside = run.ActivationsS.Where(t => window.Contains(t)).ToList();
            Assert.True(inside.Count == 1, $"swing {swing.ToeOff.TimeS:0.00} s: {inside.Count} activations ({string.Join(", ", inside.Select(t => t.ToString("0.00")))})");
        }
    }
}
