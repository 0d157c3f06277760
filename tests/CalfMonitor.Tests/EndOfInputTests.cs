using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests;

/// <summary>
/// <c>CalfPumpMonitor.EndOfInput</c>: when a replayed trace ends, what the conditioner's half-second
/// look-ahead still holds is detected (as before a gap) instead of silently dropped.
/// </summary>
public class EndOfInputTests
{
    // Heel raises of 20° at 1 Hz on the foot for 10.3 s: the last raise's return lies in the final
    // half second, so it is still in the look-ahead line when the input stops.
    private static (int Activations, List<(int TimeMs, int Sample)> Events) Run(bool endOfInput, double stillAfterS)
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l, MountingSite.Foot);
        int t = 1000;
        Signals.Still(m, ref t, 3);
        Signals.Sinusoid(m, ref t, 10.3, 1.0, 20);
        if (stillAfterS > 0) Signals.Still(m, ref t, stillAfterS);
        if (endOfInput) m.EndOfInput();
        return (m.Activations, l.Activations);
    }

    [Fact]
    public void The_last_half_second_is_detected_as_if_the_wearer_had_gone_on_standing()
    {
        var cut = Run(endOfInput: false, stillAfterS: 0);
        var flushed = Run(endOfInput: true, stillAfterS: 0);
        var kept = Run(endOfInput: false, stillAfterS: 2);
        // Without the flush the trace's last raise is lost; with it the count is what the device
        // counts when the samples go on.
        Assert.True(cut.Activations < kept.Activations, $"cut {cut.Activations}, kept {kept.Activations}: the test lost nothing to find");
        Assert.Equal(kept.Activations, flushed.Activations);
        Assert.Equal(kept.Events.Select(e => e.Sample), flushed.Events.Select(e => e.Sample));
    }

    [Fact]
    public void Ending_twice_or_before_any_sample_changes_nothing()
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l, MountingSite.Foot);
        m.EndOfInput();
        Assert.Equal(0, m.SampleCount);
        int t = 1000;
        Signals.Sinusoid(m, ref t, 10.3, 1.0, 20);
        m.EndOfInput();
        int once = m.Activations;
        m.EndOfInput();
        Assert.Equal(once, m.Activations);
    }
}
