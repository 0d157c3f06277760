using CalfMonitor.Core;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Sensing;
using Xunit;
using static CalfMonitor.Tests.Detection.DetectorSteering;

namespace CalfMonitor.Tests.Detection;

/// <summary>What a turn of the orientation leaves behind: everything the detector holds in the angle
/// domain changes sign with it (the last peak and valley, the direction a still spell was entered,
/// a vote still pending), and an update that votes without turning it is integrated as it comes.
/// Rates fed in gyro counts (16.4 a °/s at ±2000 °/s), 50 updates a second: a degree is 820
/// detector units. Once the orientation has turned, the rates fed are the sensor's, which the
/// detector now reads the other way round.</summary>
public class OrientationFlipTests
{
    private static void Run(PlantarflexionDetector d, int updates, int counts)
    {
        for (int i = 0; i < updates; i++) d.Update(counts);
    }

    /// <summary>A contrary vote that only wears down a confident orientation turns nothing, so the
    /// update that casts it is integrated as it comes: two standing spells left turning down at
    /// 183 °/s make the orientation confident, and the update leaving a third turning up as fast
    /// votes against it and adds its rate unturned.</summary>
    [Fact]
    public void The_update_of_a_vote_that_turns_nothing_is_integrated_as_it_comes()
    {
        var d = Detector(MountingSite.Foot);
        Run(d, RateHz, 0); Run(d, 5, -3000);
        Run(d, RateHz, 0); Run(d, 5, -3000);
        Run(d, RateHz, 0);
        int before = d.Angle;
        d.Update(3000);
        Assert.Equal(1, d.Sign);
        Assert.Equal(before + 3000 - (before >> d.LeakShift), d.Angle);
    }

    /// <summary>The last valley turns with the orientation: the foot turns up 40° (a stride's range,
    /// the typical range learnt from it) and down 15°, and stands 30 s, long enough for the typical
    /// range to fade to nothing. It leaves the stand turning up at 200 °/s against the orientation
    /// held, which turns at once: seen the new way round, the foot came down 40° to the stand and
    /// now falls from it, so the rise to the stand is learnt as a stride's range, and the push-off
    /// (20° down, 12° back) is gait, dated at its valley.</summary>
    [Fact]
    public void The_rise_to_a_stand_seen_the_new_way_round_makes_the_push_off_from_it_gait()
    {
        var d = Detector(MountingSite.Foot);
        SteerIn(d, 40 * Deg, 20);
        SteerIn(d, -15 * Deg, 5);
        Run(d, 30 * RateHz, 0);
        Assert.Equal(1, d.Sign);
        int counted = 0, age = -1;
        void Feed(int updates, int counts)
        {
            for (int i = 0; i < updates; i++)
            {
                if (d.Update(counts))
                {
                    counted++;
                    age = d.LastCycleAgeSamples;
                }
            }
        }
        Feed(5, 3280);
        Assert.Equal(-1, d.Sign);
        Feed(5, -1968);
        Assert.Equal(1, counted);
        Assert.True(age > 0, $"dated {age} updates before the update that counted it");
    }

    /// <summary>The direction a still spell was entered turns with the orientation: a foot that never
    /// rests, its strides' halves saying the orientation is the wrong way round (up 35° in 30
    /// updates, down in 15), ends its fourth stride with a closing step (4° back) and a foot-flat.
    /// The closing step's valley casts the third such vote and turns the orientation at the
    /// foot-flat's first update: the spell, entered falling, was entered rising seen the new way
    /// round, and leaving it falling is the turning point of an oscillation, no vote. So the
    /// orientation, confident by one vote, turns back at the second of two stands left against it.</summary>
    [Fact]
    public void A_still_spell_in_which_the_orientation_turns_was_entered_the_new_way_round()
    {
        var d = Detector(MountingSite.Foot);
        for (int k = 0; k < 3; k++)
        {
            SteerIn(d, 35 * Deg, 30);
            SteerIn(d, -35 * Deg, 15);
        }
        SteerIn(d, 35 * Deg, 30);
        SteerIn(d, -35 * Deg, 15);
        SteerIn(d, 4 * Deg, 3);
        Assert.Equal(1, d.Sign);
        Assert.True(d.Update(0), "the closing step was not counted");
        Assert.Equal(-1, d.Sign);
        Run(d, 9, 0);
        Run(d, 3, 3000);
        Run(d, RateHz, 0); Run(d, 3, -3000);
        Assert.Equal(-1, d.Sign);
        Run(d, RateHz, 0); Run(d, 3, -3000);
        Assert.Equal(1, d.Sign);
    }

    /// <summary>A vote still pending turns with the orientation: a foot that never rests, its
    /// strides' halves saying the orientation is the wrong way round, stands a second at its fourth
    /// valley and leaves the stand slowly upward (40 °/s: a vote pending until the movement proves
    /// a push-off by its speed). The return confirms the valley, whose halves turn the orientation;
    /// seen the new way round the foot now falls from the stand, and once it reaches push-off speed
    /// the pending vote is cast for the orientation just turned. Two stands left against it then
    /// only wear that confidence down.</summary>
    [Fact]
    public void A_vote_pending_as_the_orientation_turns_is_cast_the_new_way_round()
    {
        var d = Detector(MountingSite.Foot);
        for (int k = 0; k < 4; k++)
        {
            SteerIn(d, 35 * Deg, 30);
            SteerIn(d, -35 * Deg, 15);
        }
        Assert.Equal(0, d.Angle);
        Run(d, RateHz, 0);
        Run(d, 15, 656);
        Assert.Equal(-1, d.Sign);
        Run(d, 3, 3000);
        Run(d, RateHz, 0); Run(d, 3, -3000);
        Run(d, RateHz, 0); Run(d, 3, -3000);
        Assert.Equal(-1, d.Sign);
    }
}
