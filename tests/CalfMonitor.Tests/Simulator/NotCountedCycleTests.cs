using CalfMonitor.Core.Events;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Cli;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Replay;
using CalfMonitor.Simulator.Synthesis;
using Xunit;

namespace CalfMonitor.Tests.Simulator;

/// <summary>A replay lists every detected cycle that is not an activation, with its time, its
/// input row and why (<see cref="IMonitorListener.OnCycleNotCounted"/>): the summary's counts of
/// isolated, unrhythmic and recounted cycles are these lists' lengths, nothing set aside unseen.</summary>
public class NotCountedCycleTests
{
    private static ReplayResult ReplayFile(string path, int deviceRateHz)
    {
        using var source = new NativeTraceReader(path);
        return new ReplayRunner().Run(source, deviceRateHz: deviceRateHz);
    }

    private static string Synth(TempDir dir, string scenario, MountingSite site, int rateHz, int seed = 7)
    {
        string path = Path.Combine(dir.Path, $"{scenario}-{site}-{rateHz}.trace.csv");
        using (var w = new StreamWriter(path)) CalfMonitor.Simulator.Synthesis.SyntheticTrace.Create(scenario, new SynthOptions { Site = site, Seed = seed, RateHz = rateHz }).Write(w);
        return path;
    }

    private static void AssertListMatchesSummary(ReplayResult r, string what)
    {
        int Count(int reason) => r.NotCounted.Count(c => c.Reason == reason);
        Assert.True(r.IsolatedCycles == Count(NotCountedReason.Isolated), $"{what}: isolated {r.IsolatedCycles}, listed {Count(NotCountedReason.Isolated)}");
        Assert.True(r.UnrhythmicSmallCycles == Count(NotCountedReason.Unrhythmic), $"{what}: unrhythmic {r.UnrhythmicSmallCycles}, listed {Count(NotCountedReason.Unrhythmic)}");
        Assert.True(r.RecountedCycles == Count(NotCountedReason.Recounted), $"{what}: recounted {r.RecountedCycles}, listed {Count(NotCountedReason.Recounted)}");
        Assert.All(r.NotCounted, c => Assert.InRange(c.TimeS, 0, r.DurationS));
        // A cycle set aside is never also an activation (the same push-off counted and not).
        Assert.All(r.NotCounted, c => Assert.DoesNotContain(r.Activations, a => a.Sample == c.Sample));
    }

    [Fact]
    public void The_office_hours_lone_heel_raises_are_listed_as_isolated_where_they_happened()
    {
        using var source = Inputs.OpenEmbedded();
        var timeline = new CalfMonitor.Simulator.Plotting.TimelineCollector();
        var r = new ReplayRunner { OnSample = timeline.Observe }.Run(source);
        AssertListMatchesSummary(r, "office hour");
        var isolated = r.NotCounted.Where(c => c.Reason == NotCountedReason.Isolated).ToList();
        Assert.Equal(4, isolated.Count);
        // Each lies in a heel-raise stretch of the ground truth, at its own row, and alone: the
        // next is further away than a bout's longest gap.
        var raises = timeline.LabelRuns().Where(l => l.Label == "heel-raise").ToList();
        Assert.All(isolated, c => Assert.Contains(raises, l => c.TimeS >= l.StartS - 1 && c.TimeS <= l.EndS + 1));
        Assert.All(isolated, c => Assert.InRange(c.Sample / r.InputRateHz - c.TimeS, -0.03, 0.03));
        for (int i = 1; i < isolated.Count; i++)
        {
            Assert.True(isolated[i].TimeS - isolated[i - 1].TimeS > CalfMonitor.Core.Bouts.PumpBoutFilter.MaxCycleGapMs / 1000.0,
                $"{isolated[i - 1].TimeS} s and {isolated[i].TimeS} s");
        }
    }

    /// <summary>A trace that ends while a lone heel raise is still held (its bout could yet go
    /// on): the summary counts it as isolated, and the list has it, with its time.</summary>
    [Fact]
    public void A_cycle_still_held_when_the_trace_ends_is_listed_as_isolated()
    {
        using var dir = new TempDir();
        // The synthetic office hour's first lone heel raise comes at 482.3 s: end 4 s later.
        var trace = CalfMonitor.Simulator.Synthesis.SyntheticTrace.Create("office-hour", new SynthOptions { Minutes = 9 });
        string path = Path.Combine(dir.Path, "cut.trace.csv");
        using (var w = new StreamWriter(path))
        using (var writer = new NativeTraceWriter(w, trace.Header))
        {
            foreach (var row in trace.Rows().TakeWhile(row => row.TimeMs < 486_300)) writer.Write(row);
        }
        var r = ReplayFile(path, 50);
        AssertListMatchesSummary(r, "cut office hour");
        var c = Assert.Single(r.NotCounted);
        Assert.Equal(NotCountedReason.Isolated, c.Reason);
        Assert.InRange(c.TimeS, 480, 486.3);
        Assert.Empty(r.Activations);
    }

    /// <summary>A clock that jumps on by more than the 32-bit clock's half range (24.8 days) while
    /// a lone heel raise is held: the jump ends the bout (the held cycle belongs to the old
    /// timeline), and the cycle is listed at its own time, not 2^32 ms later.</summary>
    [Fact]
    public void A_cycle_set_aside_at_a_clock_jump_of_a_month_keeps_its_own_time()
    {
        using var dir = new TempDir();
        // The synthetic office hour's first lone heel raise comes at 482.3 s: the clock jumps 30
        // days on 4 s later, while it is held.
        const long jumpMs = 30L * 86_400_000;
        var trace = CalfMonitor.Simulator.Synthesis.SyntheticTrace.Create("office-hour", new SynthOptions { Minutes = 10 });
        string path = Path.Combine(dir.Path, "jump.trace.csv");
        using (var w = new StreamWriter(path))
        using (var writer = new NativeTraceWriter(w, trace.Header))
        {
            foreach (var row in trace.Rows())
            {
                if (row.TimeMs < 486_300) writer.Write(row);
                else if (row.TimeMs >= 500_000) writer.Write(row with { TimeMs = row.TimeMs + jumpMs });
            }
        }
        var r = ReplayFile(path, 50);
        AssertListMatchesSummary(r, "office hour with a clock jump");
        var c = Assert.Single(r.NotCounted, c => c.TimeS < 1000);
        Assert.Equal(NotCountedReason.Isolated, c.Reason);
        Assert.InRange(c.TimeS, 480, 486.3);
        Assert.InRange(c.Sample / 50.0 - c.TimeS, -0.03, 0.03);
    }

    /// <summary>What the wearer's CI reads: the JSON lists each cycle with its row, time and
    /// reason; the text summary says when.</summary>
    [Fact]
    public void Json_and_text_say_when_each_cycle_was_set_aside_and_why()
    {
        var json = System.Text.Json.JsonDocument.Parse(CalfMonitor.Tests.Cli.CliRunner.Run("replay", "--format", "json").Stdout).RootElement;
        var listed = json.GetProperty("not_counted").EnumerateArray().ToList();
        Assert.Equal(json.GetProperty("summary").GetProperty("isolated_cycles").GetInt32(), listed.Count(c => c.GetProperty("reason").GetString() == "isolated"));
        Assert.Equal(4, listed.Count);
        Assert.All(listed, c => Assert.InRange(c.GetProperty("t").GetDouble(), 480, 540));
        Assert.All(listed, c => Assert.InRange(c.GetProperty("sample").GetInt64(), 24_000, 27_000));
        string text = CalfMonitor.Tests.Cli.CliRunner.Run("replay").Stdout;
        string line = Assert.Single(text.Split('\n'), l => l.TrimStart().StartsWith("isolated cycles", StringComparison.Ordinal));
        var times = listed.Select(c => ReplayReport.FormatDuration(c.GetProperty("t").GetDouble()));
        Assert.EndsWith("at " + string.Join(", ", times), line.TrimEnd());
    }

    [Fact]
    public void The_text_lists_the_first_times_and_says_how_many_more()
    {
        var r = new ReplayResult { Input = "x", InputFormat = "native", Mounting = "shank", InputRateHz = 50, DeviceRateHz = 50, DurationS = 600, UnrhythmicSmallCycles = 11 };
        for (int i = 10; i >= 0; i--) r.NotCounted.Add(new NotCountedCycle(i * 500, i * 10.0, NotCountedReason.Unrhythmic));
        string line = Assert.Single(ReplayReport.Text(r).Split('\n'), l => l.TrimStart().StartsWith("unrhythmic small", StringComparison.Ordinal));
        Assert.EndsWith("at 0m00s, 0m10s, 0m20s, 0m30s, 0m40s, 0m50s, 1m00s, 1m10s, … (3 more: --format json lists all)", line.TrimEnd());
    }

    public static IEnumerable<object[]> SeatedSites() => new[] { new object[] { MountingSite.Shank }, new object[] { MountingSite.Foot } };

    /// <summary>The seated grid holds every kind: small shank cycles in no rhythm, movements
    /// alone, and (foot) strides recounted while the orientation is learnt; a walk too.</summary>
    [Theory]
    [MemberData(nameof(SeatedSites))]
    public void Every_cycle_the_summary_sets_aside_is_listed_with_its_time_and_row(MountingSite site)
    {
        using var dir = new TempDir();
        var kinds = new int[NotCountedReason.Max];
        foreach (string scenario in new[] { "seated-movements", "office-hour", "walk" })
        {
            string path = Synth(dir, scenario, site, 50);
            var r = ReplayFile(path, 50);
            AssertListMatchesSummary(r, $"{scenario} {site}");
            // Same rate in and out: the row is the time in samples.
            Assert.All(r.NotCounted, c => Assert.InRange(c.Sample - c.TimeS * 50, -1, 1));
            foreach (var c in r.NotCounted) kinds[c.Reason - 1]++;
        }
        // The grid's single movements are isolated on both sites; the strap follows small cycles
        // (the shoe clip has none: every movement it follows is full).
        Assert.True(kinds[NotCountedReason.Isolated - 1] > 0, $"{site}: no isolated cycle listed");
        if (site == MountingSite.Shank) Assert.True(kinds[NotCountedReason.Unrhythmic - 1] > 0, "shank: no unrhythmic cycle listed");
    }

    /// <summary>At the highest device rate a small cycle's activation is released up to a rhythm
    /// and a bout after it (4 cycles up to 8 s apart, then 2 more held by the bout: tens of
    /// seconds), and its row must still be its own, not one a ring of recent rows overwrote.</summary>
    [Fact]
    public void At_200_Hz_late_released_and_late_set_aside_cycles_keep_their_own_rows()
    {
        using var dir = new TempDir();
        string path = Synth(dir, "seated-movements", MountingSite.Shank, 200);
        var r = ReplayFile(path, 200);
        Assert.True(r.Activations.Count > 100, $"{r.Activations.Count} activations");
        Assert.All(r.Activations, a => Assert.True(Math.Abs(a.Sample - a.TimeS * 200) <= 1, $"activation at {a.TimeS} s reports row {a.Sample}"));
        Assert.All(r.NotCounted, c => Assert.True(Math.Abs(c.Sample - c.TimeS * 200) <= 1, $"{c.ReasonName} cycle at {c.TimeS} s reports row {c.Sample}"));
    }
}
