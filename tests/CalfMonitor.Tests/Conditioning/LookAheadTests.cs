using CalfMonitor.Core;
using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Conditioning;

/// <summary>The look-ahead holds every sample back by a block (docs/algorithm.md, stage 1); what
/// the monitor reports is dated at the sample it happened at, not at the one that confirmed it.</summary>
public class LookAheadTests
{
    /// <summary>Every activation's sample number is the number of the sample taken at its time
    /// (samples counted from 0 at t = 0, one every 20 ms at 50 Hz), although it left the
    /// look-ahead line half a second after that sample came in.</summary>
    [Fact]
    public void Each_activation_s_sample_number_is_the_sample_taken_at_its_time()
    {
        var l = new RecordingListener();
        var m = Signals.Monitor(l);
        int t = 0;
        Signals.Still(m, ref t, 3, noiseDps: 0.1);
        Signals.Sinusoid(m, ref t, 20, 1.0, 20, noiseDps: 0.1);
        Assert.InRange(l.Activations.Count, 19, 20);
        Assert.All(l.Activations, a => Assert.Equal(a.TimeMs, a.Sample * 20));
    }
}
