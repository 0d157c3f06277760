using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;
using Xunit;

namespace CalfMonitor.Tests.Datasets;

public class IpolReaderTests
{
    // ---- real recordings ----

    [SkippableFact]
    public void Places_real_samples_by_packet_counter_and_reports_missing_packets()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        using var r = new IpolReader(Path.Combine(DatasetPaths.Ipol, "1-1_rf.txt"));
        var p = r.ReadPackets().ToList();
        Assert.Equal(100.0, r.RateHz);
        Assert.Equal(Leg.Right, r.Leg);
        Assert.Equal(MountingSite.Foot, r.Info.Site);
        Assert.Equal(2913, p.Count);
        Assert.Equal(0, r.FirstCounter);
        Assert.Equal(3044, p[^1].Counter);
        Assert.Equal(132, r.MissingPackets);                   // 3045 counters, 2913 rows
        Assert.All(p, x => Assert.Equal(x.Counter / 100.0, x.Sample.TimeS, 12));
        Assert.Equal(Enumerable.Range(0, p.Count).Select(i => (long)i), p.Select(x => x.Sample.Row));
        Assert.Empty(r.Warnings);   // missing packets are told gaps or bridged where they are replayed (DeviceSignalAdapter)
        // Units: row 3 holds Gyr_Y = 0.009572 rad/s, Acc_Z = 7.696423 m/s².
        Assert.Equal(0.009572 * 180 / Math.PI, p[0].Sample.GyDps, 9);
        Assert.Equal(7.696423 / 9.80665, p[0].Sample.AzG, 9);
        // Walking peaks reach a few hundred °/s about the sagittal axis: rad/s was converted.
        Assert.InRange(p.Max(x => Math.Abs(x.Sample.GyDps)), 200, 1000);
    }

    [SkippableFact]
    public void A_file_starting_at_counter_1_keeps_its_clock()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        using var r = new IpolReader(Path.Combine(DatasetPaths.Ipol, "12-3"), Leg.Left);
        var first = r.ReadSamples().First();
        Assert.Equal(1, r.FirstCounter);
        Assert.Equal(0.01, first.TimeS, 12);
        Assert.Equal(0, first.Row);
    }

    [SkippableFact]
    public void Counts_missing_packets_of_the_worst_real_file()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        using var r = new IpolReader(Path.Combine(DatasetPaths.Ipol, "12-3_lf.txt"));
        var replayed = new CalfMonitor.Simulator.Replay.ReplayRunner().Run(r);
        Assert.Equal(645, r.MissingPackets);
        // 406 runs of missing packets: each one either a gap (a warning) or a bridged dropout.
        Assert.Equal(406, replayed.Gaps + replayed.BridgedDropouts);
        Assert.Equal(replayed.Gaps, replayed.Warnings.Count(w => w.Contains("gap of")));
        Assert.Equal(645, replayed.BridgedSamples + replayed.Warnings.Where(w => w.Contains("gap of")).Sum(w => int.Parse(System.Text.RegularExpressions.Regex.Match(w, @"about (\d+) lost").Groups[1].Value)));
    }

    [SkippableFact]
    public void The_repeated_counter_of_trial_11_1_is_a_dropped_duplicate()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        using var r = new IpolReader(Path.Combine(DatasetPaths.Ipol, "11-1_rf.txt"));
        var packets = r.ReadPackets().ToList();
        Assert.Single(packets, p => p.Counter == 308);
        Assert.Equal(packets.Count, packets.Select(p => p.Counter).Distinct().Count());
        Assert.Contains(r.Warnings, w => w.Contains("11-1_rf.txt:312: PacketCounter 308 repeats the previous row; the duplicate packet is dropped"));
    }

    [SkippableFact]
    public void Loads_a_real_trial_with_events_as_times_and_rows()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        var t = IpolTrial.Load(Path.Combine(DatasetPaths.Ipol, "1-1.json"));
        Assert.Equal((1, 1, 49, "F"), (t.Subject, t.Trial, t.Age, t.Gender));
        Assert.Equal(175.0, t.HeightCm);
        Assert.Equal(100.0, t.RateHz);
        Assert.Equal(459, t.TrialBoundaries!.Value.Start.Counter);
        Assert.Equal(24.64, t.TrialBoundaries.Value.End.TimeS, 9);
        Assert.Equal((1316L, 1474L), (t.UTurnBoundaries!.Value.Start.Counter, t.UTurnBoundaries.Value.End.Counter));
        Assert.Equal(18, t.RightFootEvents.Count);
        Assert.Equal(17, t.Events(Leg.Left).Count);
        var first = t.LeftFootEvents[0];
        Assert.Equal((527L, 574L), (first.ToeOff.Counter, first.HeelStrike.Counter));
        Assert.Equal(5.27, first.ToeOff.TimeS, 9);

        // Every row given is the row of that very counter in the foot file.
        using var r = new IpolReader(Path.Combine(DatasetPaths.Ipol, "1-1_lf.txt"));
        var rows = r.ReadPackets().ToDictionary(p => p.Counter, p => p.Sample.Row);
        foreach (var s in t.LeftFootEvents)
        {
            foreach (var m in new[] { s.ToeOff, s.HeelStrike })
            {
                if (rows.TryGetValue(m.Counter, out long row)) Assert.Equal(row, m.Row);
                else Assert.Null(m.Row);
            }
        }
    }

    [SkippableFact]
    public void Real_trials_with_NaN_height_and_weight_load()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        var t = IpolTrial.Load(Path.Combine(DatasetPaths.Ipol, "10-5.json"));
        Assert.Null(t.HeightCm);
        Assert.Null(t.WeightKg);
        Assert.Equal(66, t.Age);
        Assert.NotEmpty(t.LeftFootEvents);
    }

    [SkippableFact]
    public void Some_real_events_fall_on_lost_packets()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        int lost = 0, total = 0;
        foreach (var json in Directory.GetFiles(DatasetPaths.Ipol, "*.json"))
        {
            if (Path.GetFileName(json).StartsWith("11-1.")) continue;   // repeated counter: unreadable
            var t = IpolTrial.Load(json);
            foreach (var s in t.LeftFootEvents.Concat(t.RightFootEvents))
            {
                total += 2;
                lost += (s.ToeOff.Row == null ? 1 : 0) + (s.HeelStrike.Row == null ? 1 : 0);
            }
        }
        Assert.True(total > 4000);
        Assert.InRange(lost, 1, total / 10);
    }

    [SkippableFact]
    public void Real_missing_packets_become_a_timestamp_jump_through_the_adapter()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        using var r = new IpolReader(Path.Combine(DatasetPaths.Ipol, "12-3_lf.txt"));
        var d = new DeviceSignalAdapter(SensorConfig.Default(MountingSite.Foot)).Convert(r).ToList();
        var steps = d.Zip(d.Skip(1), (a, b) => b.TimeMs - a.TimeMs).ToList();
        Assert.Contains(steps, s => s > 20);
        Assert.All(steps, s => Assert.True(s >= 20));
    }

    // ---- hand-written files ----

    private const string Header = "PacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\tMag_X\tMag_Y\tMag_Z";

    private static string Row(double counter, double gyrY = 0) =>
        FormattableString.Invariant($"{counter:0.0}\t0.0\t0.0\t9.80665\t0.0\t{gyrY}\t0.0\t0.1\t0.1\t0.1");

    private static string Foot(params string[] rows) =>
        "Acquisition frequency: 100 Hz\n" + Header + "\n" + string.Join("\n", rows) + "\n";

    private static InputException Fails(string text)
    {
        using var d = new TempDir();
        string f = d.Write("9-9_rf.txt", text);
        return Assert.Throws<InputException>(() =>
        {
            using var r = new IpolReader(f);
            r.ReadSamples().ToList();
        });
    }

    [Fact]
    public void Missing_packets_are_counted_and_a_step_in_time()
    {
        using var d = new TempDir();
        string f = d.Write("9-9_rf.txt", Foot(Row(2), Row(3, 1.0), Row(6), Row(7)));
        using var r = new IpolReader(f);
        var s = r.ReadSamples().ToList();
        Assert.Equal(new[] { 0.02, 0.03, 0.06, 0.07 }, s.Select(x => Math.Round(x.TimeS, 9)));
        Assert.Equal(new long[] { 0, 1, 2, 3 }, s.Select(x => x.Row));
        Assert.Equal(180 / Math.PI, s[1].GyDps, 9);
        Assert.Equal(1.0, s[0].AzG, 12);
        Assert.Empty(r.Warnings);
        Assert.Equal(2, r.MissingPackets);
        Assert.Equal(2, r.FirstCounter);
    }

    [Fact]
    public void Missing_packets_jump_the_device_timeline()
    {
        using var d = new TempDir();
        var rows = Enumerable.Range(0, 100).Select(i => (double)i).Concat(Enumerable.Range(150, 100).Select(i => (double)i));
        string f = d.Write("9-9_rf.txt", Foot(rows.Select(c => Row(c)).ToArray()));
        using var r = new IpolReader(f);
        var adapter = new DeviceSignalAdapter(SensorConfig.Default(MountingSite.Foot));
        var dev = adapter.Convert(r).ToList();
        var jumps = dev.Zip(dev.Skip(1), (a, b) => (a.TimeMs, Step: b.TimeMs - a.TimeMs)).Where(x => x.Step != 20).ToList();
        var jump = Assert.Single(jumps);
        Assert.InRange(jump.Step, 500, 520);                     // 50 packets lost = 0.5 s
        Assert.Equal(1, adapter.Gaps);
        Assert.Equal(0, adapter.BridgedDropouts);
        Assert.StartsWith(f + ":103: gap of 510 ms in the samples (about 50 lost", Assert.Single(adapter.GapWarnings));
    }

    [Fact]
    public void Counter_going_backwards_is_an_error()
    {
        var e = Fails(Foot(Row(0), Row(1), Row(0)));
        Assert.Equal(5, e.Line);
        Assert.Contains("backwards", e.Message);
        Assert.Contains("9-9_rf.txt:5:", e.Message);
    }

    [Fact]
    public void Counter_repeating_is_a_dropped_duplicate_with_a_warning()
    {
        using var d = new TempDir();
        string f = d.Write("9-9_rf.txt", Foot(Row(0), Row(1, 1.0), Row(1, 2.0), Row(2)));
        using var r = new IpolReader(f);
        var packets = r.ReadPackets().ToList();
        Assert.Equal(new long[] { 0, 1, 2 }, packets.Select(p => p.Counter));
        // The first of the two is kept, and the rows stay consecutive.
        Assert.Equal(1.0 * 180 / Math.PI, packets[1].Sample.GyDps, 9);
        Assert.Equal(new long[] { 0, 1, 2 }, packets.Select(p => p.Sample.Row));
        var w = Assert.Single(r.Warnings);
        Assert.Contains("9-9_rf.txt:5: PacketCounter 1 repeats the previous row; the duplicate packet is dropped", w);
    }

    [Fact]
    public void Wrong_column_count_and_non_numeric_values_are_errors()
    {
        Assert.Contains("expected 10", Fails(Foot(Row(0), Row(1) + "\t3")).Message);
        var e = Fails(Foot(Row(0).Replace("9.80665", "g")));
        Assert.Equal(3, e.Line);
        Assert.Contains("Acc_Z", e.Message);
        Assert.Contains("PacketCounter", Fails(Foot("1.5" + Row(0)[3..])).Message);
        Assert.Contains("PacketCounter", Fails(Foot("-1.0" + Row(0)[3..])).Message);
    }

    [Fact]
    public void Bad_rate_line_is_an_error()
    {
        Assert.Contains("Acquisition frequency", Fails(Header + "\n" + Row(0) + "\n").Message);
        Assert.Contains("from 1 to 10000 Hz", Fails(Foot(Row(0)).Replace("100 Hz", "fast")).Message);
        // Fuzzing found that a rate of 1e-26 Hz made the replay interpolate for ever.
        Assert.Contains("from 1 to 10000 Hz, got '1e-26'", Fails(Foot(Row(0)).Replace("100 Hz", "1e-26 Hz")).Message);
    }

    [Fact]
    public void Bom_crlf_and_no_final_newline_are_accepted()
    {
        using var d = new TempDir();
        string f = d.Write("9-9_lf.txt", Foot(Row(0), Row(1)).TrimEnd('\n').Replace("\n", "\r\n"), bom: true);
        using var r = new IpolReader(f);
        Assert.Equal(2, r.ReadSamples().Count());
        Assert.Equal(Leg.Left, r.Leg);
    }

    [Fact]
    public void Empty_and_header_only_files_are_errors()
    {
        Assert.Contains("empty file", Fails("").Message);
        Assert.Contains("header only", Fails("Acquisition frequency: 100 Hz\n").Message);
        Assert.Contains("header only", Fails(Foot()).Message);
    }

    [Fact]
    public void Resolves_the_foot_file_of_a_trial()
    {
        Assert.Equal("d/1-1_lf.txt", IpolReader.ResolveFootFile("d/1-1.json", Leg.Left));
        Assert.Equal("d/1-1_rf.txt", IpolReader.ResolveFootFile("d/1-1", Leg.Right));
        Assert.Equal("d/1-1_rf.txt", IpolReader.ResolveFootFile("d/1-1_rf.txt", null));
        Assert.Contains("--leg", Assert.Throws<InputException>(() => IpolReader.ResolveFootFile("d/1-1.json", null)).Message);
        Assert.Contains("lower-back", Assert.Throws<InputException>(() => IpolReader.ResolveFootFile("d/1-1_lb.txt", Leg.Left)).Message);
        Assert.Contains("right foot", Assert.Throws<InputException>(() => IpolReader.ResolveFootFile("d/1-1_rf.txt", Leg.Left)).Message);
    }

    [Fact]
    public void Trial_json_accepts_arrays_written_as_strings_and_maps_counters_to_rows()
    {
        using var d = new TempDir();
        d.Write("7-2_rf.txt", Foot(Row(1), Row(2), Row(4), Row(5)));
        string json = d.Write("7-2.json",
            "{\"Subject\": 7, \"Trial\": 2, \"Age\": \"30\", \"Gender\": \"M\", \"Height\": 180.5, \"Weight\": NaN, \"Filename\": \"NaN \\\" NaN\",\n" +
            " \"TrialBoundaries\": \"[1, 5]\", \"UTurnBoundaries\": [2, 4],\n" +
            " \"RightFootEvents\": \"[[2, 4], [3, 5]]\", \"LeftFootEvents\": [\"[1, 2]\", [3.0, 4]]}");
        var t = IpolTrial.Load(json);
        Assert.Equal((7, 2, 30, "M"), (t.Subject, t.Trial, t.Age, t.Gender));
        Assert.Equal(100.0, t.RateHz);
        Assert.Null(t.WeightKg);                                   // bare NaN (Python's json) = unknown
        Assert.Equal("NaN \" NaN", t.Filename);                    // …but not inside strings
        Assert.Equal(new IpolMoment(5, 0.05, 3), t.TrialBoundaries!.Value.End);
        Assert.Equal(2, t.RightFootEvents.Count);
        Assert.Equal(new IpolMoment(2, 0.02, 1), t.RightFootEvents[0].ToeOff);
        Assert.Equal(new IpolMoment(4, 0.04, 2), t.RightFootEvents[0].HeelStrike);
        Assert.Null(t.RightFootEvents[1].ToeOff.Row);            // packet 3 was lost
        Assert.Equal(2, t.LeftFootEvents.Count);
        Assert.Null(t.LeftFootEvents[0].ToeOff.Row);             // no left foot file
        Assert.Equal(0.03, t.LeftFootEvents[1].ToeOff.TimeS, 12);
    }

    [Fact]
    public void Trial_json_errors_name_the_file_and_the_line_of_the_field()
    {
        using var d = new TempDir();
        string bad = d.Write("1-1.json", "{\"LeftFootEvents\": [[1, 2], [3]]}");
        Assert.Contains("1-1.json:1: 'LeftFootEvents'", Assert.Throws<InputException>(() => IpolTrial.Load(bad)).Message);
        // The line of the field's key (the fuzzer's queue: these were told without a line).
        var counter = JsonFails("{\n\"Subject\": 1,\n\"RightFootEvents\": [[1, 2]],\n\"LeftFootEvents\": [[1, 2],\n [3, -4]]}");
        Assert.Equal((4L, "'LeftFootEvents' holds -4: PacketCounter values are whole, non-negative and at most 1e15"), (counter.Line, counter.Problem));
        var twice = JsonFails("{\n\"Age\": 1,\n\"Age\": \"old\"}");      // the value read is the last one
        Assert.Equal((3L, "'Age' must be a number"), (twice.Line, twice.Problem));
        var array = JsonFails("\n\n[1, 2]");
        Assert.Equal((3L, "the JSON must be an object"), (array.Line, array.Problem));
        string broken = d.Write("1-2.json", "{\n\"Subject\": 1,\n\"LeftFootEvents\": [[1, 2]\n");
        var e = Assert.Throws<InputException>(() => IpolTrial.Load(broken));
        Assert.Contains("not valid JSON", e.Message);
        string str = d.Write("1-3.json", "{\"RightFootEvents\": \"[[1, 2], oops]\"}");
        Assert.Contains("does not hold a JSON array", Assert.Throws<InputException>(() => IpolTrial.Load(str)).Message);
    }

    private static InputException JsonFails(string text) => JsonFails(System.Text.Encoding.UTF8.GetBytes(text));

    private static InputException JsonFails(byte[] bytes)
    {
        using var d = new TempDir();
        string json = d.FileBytes("1-1.json", bytes);
        return Assert.Throws<InputException>(() => IpolTrial.Load(json));
    }

    [Fact]
    public void Trial_json_syntax_errors_are_told_in_plain_words_at_the_editor_s_line()
    {
        foreach (var e in new[] { JsonFails(""), JsonFails("  \n") })
        {
            Assert.Equal("not valid JSON: the file holds no JSON (expected an object { … })", e.Problem);
        }
        var cut = JsonFails("{\n\"Subject\": 1,\n\"LeftFootEvents\": [[1, 2]\n");
        Assert.Equal("not valid JSON: the JSON ends before it is complete (an unclosed '{', '[' or string, or a key without a value)", cut.Problem);
        var comma = JsonFails("{\n\"Subject\": 1\n\"Trial\": 2}");
        Assert.Equal(3, comma.Line);
        Assert.StartsWith("1-1.json:3: not valid JSON: ", comma.Message[(comma.Message.IndexOf("1-1.json", StringComparison.Ordinal))..]);
        Assert.Contains("(column 1)", comma.Message);
        foreach (var e in new[] { cut, comma })
        {
            Assert.DoesNotContain("LineNumber", e.Message);
            Assert.DoesNotContain("BytePositionInLine", e.Message);
            Assert.DoesNotContain("isFinalBlock", e.Message);
        }
        // Not UTF-8: refused at its line, as the config and sidecar readers do.
        var latin1 = JsonFails(System.Text.Encoding.Latin1.GetBytes("{\n\"Gender\": \"f\u00e9\"}"));
        Assert.Equal(2, latin1.Line);
        Assert.Equal("not UTF-8 text (byte 0xE9); save the file as UTF-8", latin1.Problem);
        // A byte-order mark is fine.
        using var d = new TempDir();
        Assert.Equal(3, IpolTrial.Load(d.Write("2-2.json", "{\"Subject\": 3}", bom: true)).Subject);
    }

    [Fact]
    public void Trial_json_counters_are_quoted_as_written_and_never_overflow_into_another_value()
    {
        Assert.Equal("'RightFootEvents' holds 1e300: PacketCounter values are whole, non-negative and at most 1e15",
            JsonFails("{\"RightFootEvents\": [[1e300, 507]]}").Problem);
        // Both ends beyond 2^63 used to become the same counter, a pair accepted as [2^63 − 1, 2^63 − 1].
        Assert.Contains("holds 1e300:", JsonFails("{\"RightFootEvents\": [[1e300, 1e300]]}").Problem);
        Assert.Contains("holds 2e15:", JsonFails("{\"TrialBoundaries\": [\"2e15\", 3e15]}").Problem);
        Assert.Equal("'RightFootEvents' pair [600.0, 5.07e2] ends before it starts", JsonFails("{\"RightFootEvents\": [[600.0, 5.07e2]]}").Problem);
        Assert.Contains("PacketCounter must be a whole non-negative number of at most 1e15, got '1e300'", Fails(Foot("1e300" + Row(0)[3..])).Message);
    }
}
