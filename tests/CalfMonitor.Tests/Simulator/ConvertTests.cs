using CalfMonitor.Simulator.Input;
using CalfMonitor.Tests.Cli;
using CalfMonitor.Tests.Datasets;
using CalfMonitor.Tests.Trace;
using System.Text.Json;
using Xunit;

namespace CalfMonitor.Tests.Simulator;

public class ConvertTests
{
    private static JsonElement ReplayJson(params string[] args)
    {
        var run = CliRunner.Run(new[] { "replay", "--format", "json" }.Concat(args).ToArray());
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    [SkippableFact]
    public void HugadbToNativeReplaysToTheSameActivations()
    {
        DatasetPaths.RequireDatasets("hugadb");
        using var dir = new TempDir();
        string src = Path.Combine(DatasetPaths.Hugadb, "HuGaDB_v1_various_06_23.txt");
        string native = Path.Combine(dir.Path, "various.trace.csv");
        var conv = CliRunner.Run("convert", "--input-format", "hugadb", "--leg", "left", src, "--out", native);
        Assert.True(conv.ExitCode == 0, conv.Stderr);

        using (var reader = new NativeTraceReader(native))
        {
            Assert.Equal(50, reader.Header.SampleRateHz);
            Assert.Contains("label", reader.Header.ExtraColumns);
            Assert.Contains("HuGaDB_v1_various_06_23.txt", reader.Header.Source);
            Assert.Contains("left", reader.Header.Source);
            var labels = reader.ReadSamples().Select(s => s.Label).Distinct().ToList();
            Assert.Contains("walking", labels);
        }

        var direct = ReplayJson("--input-format", "hugadb", "--leg", "left", src);
        var converted = ReplayJson(native);
        var a = direct.GetProperty("activations").EnumerateArray().Select(x => x.GetProperty("t").GetDouble()).ToList();
        var b = converted.GetProperty("activations").EnumerateArray().Select(x => x.GetProperty("t").GetDouble()).ToList();
        Assert.NotEmpty(a);
        Assert.Equal(a, b);
        Assert.Equal(direct.GetProperty("summary").GetProperty("alerts").GetInt32(), converted.GetProperty("summary").GetProperty("alerts").GetInt32());
    }

    [SkippableFact]
    public void IpolConversionMarksToeOffsInATruthColumn()
    {
        DatasetPaths.RequireDatasets("ipol-foot");
        using var dir = new TempDir();
        string src = Path.Combine(DatasetPaths.Ipol, "1-1_rf.txt");
        Skip.IfNot(File.Exists(Path.Combine(DatasetPaths.Ipol, "1-1.json")), "IPOL trial 1-1 not found");
        string native = Path.Combine(dir.Path, "ipol.trace.csv");
        var conv = CliRunner.Run("convert", "--input-format", "ipol", src, "--out", native);
        Assert.True(conv.ExitCode == 0, conv.Stderr);
        var trial = IpolTrial.Load(src);
        using var reader = new NativeTraceReader(native);
        Assert.Equal("foot", MountingSiteName(reader));
        Assert.Contains("truth", reader.Header.ExtraColumns);
        int truth = reader.Header.ExtraColumns.ToList().IndexOf("truth");
        var markedMs = reader.ReadRows().Where(r => r.Extra![truth] == "1").Select(r => r.TimeMs).ToList();
        long marked = markedMs.Count;
        Assert.InRange(marked, trial.RightFootEvents.Count / 2, trial.RightFootEvents.Count);   // toe-offs inside packet-loss gaps are not marked
        Assert.True(marked > 0);
        // The marks are the right foot's toe-offs, each on the output sample nearest to it (half a
        // 20 ms period, on the reader's clock): not its heel strikes, not the other foot's. Every
        // toe-off is marked but those convert reports it could not place.
        var toeOffsMs = trial.RightFootEvents.Select(e => e.ToeOff.TimeS * 1000).Where(double.IsFinite).ToList();
        Assert.All(markedMs, t => Assert.True(toeOffsMs.Any(o => Math.Abs(o - t) <= 10 + 1e-6), $"a mark at {t} ms is no right toe-off"));
        var notPlaced = System.Text.RegularExpressions.Regex.Match(conv.Stderr, @"(\d+) of \d+ truth marks");
        Assert.Equal(toeOffsMs.Count - (notPlaced.Success ? int.Parse(notPlaced.Groups[1].Value) : 0), marked);
        Assert.Contains($"{marked} toe-offs marked in 'truth'", conv.Stderr);
    }

    private static string MountingSiteName(NativeTraceReader r) => r.Header.Mounting == CalfMonitor.Core.Sensing.MountingSite.Foot ? "foot" : "shank";

    [Fact]
    public void NativeToNativeKeepsTheSamples()
    {
        using var dir = new TempDir();
        string output = Path.Combine(dir.Path, "copy.trace.csv");
        var conv = CliRunner.Run("convert", SimTestKit.OfficeHour, "--out", output);
        Assert.True(conv.ExitCode == 0, conv.Stderr);
        Assert.Equal(File.ReadLines(SimTestKit.OfficeHour).Skip(7), File.ReadLines(output).Skip(7));
    }

    /// <summary>Times (ms) of the rows marked 1 in 'truth', and the labels, of a native trace.</summary>
    private static (List<long> Truth, List<string> Labels, long Rows) TruthOf(string path)
    {
        using var reader = new NativeTraceReader(path);
        int truth = reader.Header.ExtraColumns.ToList().IndexOf("truth");
        int label = reader.Header.ExtraColumns.ToList().IndexOf("label");
        Assert.True(truth >= 0, "no truth column in " + path);
        Assert.True(label >= 0, "no label column in " + path);
        var marks = new List<long>();
        var labels = new List<string>();
        long rows = 0;
        foreach (var r in reader.ReadRows())
        {
            if (r.Extra![truth] == "1") marks.Add(r.TimeMs);
            labels.Add(r.Extra[label]);
            rows++;
        }
        return (marks, labels, rows);
    }

    [Fact]
    public void NativeToNativeKeepsLabelAndTruth()
    {
        using var dir = new TempDir();
        string src = Path.Combine(dir.Path, "walk.trace.csv");
        Assert.Equal(0, CliRunner.Run("synth", "walk", "--minutes", "1", "--out", src).ExitCode);
        var original = TruthOf(src);
        Assert.NotEmpty(original.Truth);

        string same = Path.Combine(dir.Path, "same.trace.csv");
        var conv = CliRunner.Run("convert", src, "--out", same);
        Assert.True(conv.ExitCode == 0, conv.Stderr);
        var copied = TruthOf(same);
        Assert.Equal(original.Truth, copied.Truth);
        Assert.Equal(original.Labels, copied.Labels);
        Assert.Equal(File.ReadLines(src).Skip(7), File.ReadLines(same).Skip(7));

        // At another rate every mark lands on the output row nearest to it.
        string fast = Path.Combine(dir.Path, "fast.trace.csv");
        conv = CliRunner.Run("convert", src, "--device-rate", "100", "--out", fast);
        Assert.True(conv.ExitCode == 0, conv.Stderr);
        var resampled = TruthOf(fast);
        Assert.Equal(original.Rows * 2 - 1, resampled.Rows);
        Assert.Equal(original.Truth, resampled.Truth);   // 20 ms grid ⊂ 10 ms grid
        string slow = Path.Combine(dir.Path, "slow.trace.csv");
        conv = CliRunner.Run("convert", src, "--device-rate", "25", "--out", slow);
        Assert.True(conv.ExitCode == 0, conv.Stderr);
        var coarse = TruthOf(slow);
        Assert.Equal(original.Truth.Count, coarse.Truth.Count);
        for (int i = 0; i < coarse.Truth.Count; i++) Assert.InRange(coarse.Truth[i] - original.Truth[i], -20, 20);
        Assert.Contains($"{original.Truth.Count} truth marks", conv.Stderr);
    }

    [Fact]
    public void NativeToNativeNamesTheExtraColumnsItDoesNotCarry()
    {
        using var dir = new TempDir();
        string src = dir.Write("seq.trace.csv", NativeTraceTests.Header.Replace("gz\n", "gz,seq,note\n") +
            "0,1,2,4090,4,5,6,0,a\n20,1,2,4090,4,5,7,1,b\n");
        string output = Path.Combine(dir.Path, "out.trace.csv");
        var conv = CliRunner.Run("convert", src, "--out", output);
        Assert.True(conv.ExitCode == 0, conv.Stderr);
        var warning = Assert.Single(conv.Stderr.Split('\n'), l => l.Contains("not carried"));
        Assert.Contains(src, warning);
        Assert.Contains("'seq', 'note'", warning);
        using var reader = new NativeTraceReader(output);
        Assert.Empty(reader.Header.ExtraColumns);
    }

    [Fact]
    public void A_conversion_that_fails_says_only_why_not_which_columns_it_would_have_dropped()
    {
        using var dir = new TempDir();
        string src = dir.Write("seq.trace.csv", NativeTraceTests.Header.Replace("gz\n", "gz,seq\n") +
            "0,1,2,4090,4,5,6,0\n20,1,x,4090,4,5,7,1\n");
        var conv = CliRunner.Run("convert", src, "--out", Path.Combine(dir.Path, "out.trace.csv"));
        Assert.Equal(2, conv.ExitCode);
        string line = Assert.Single(conv.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("seq.trace.csv:", line);
    }

    [Fact]
    public void BadInputIsExitCode2AndLeavesNoFile()
    {
        using var dir = new TempDir();
        string bad = dir.Write("bad.trace.csv", "# calfmon-trace 1\n# sample_rate_hz: 50\n# accel_range_g: 8\n# gyro_range_dps: 2000\nt_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n20,1,x,3,4,5,6\n");
        string output = Path.Combine(dir.Path, "out.trace.csv");
        var run = CliRunner.Run("convert", bad, "--out", output);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.trace.csv:7:", run.Stderr);
        Assert.False(File.Exists(output));
        Assert.Equal(new[] { "bad.trace.csv" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));   // no temporary file left
        // --out is required: said so, not only exit 2 (an optional --out also exits 2, "the path is empty").
        var noOut = CliRunner.Run("convert", SimTestKit.OfficeHour);
        Assert.Equal(2, noOut.ExitCode);
        Assert.StartsWith("calfmon: Option '--out' is required.", noOut.Stderr);
    }

    [Fact]
    public void A_recording_too_short_for_one_device_sample_is_refused_not_written_as_a_trace_replay_refuses()
    {
        // The fuzzer's find (convert target): a HuGaDB file with one row at 58.8 Hz gives no
        // sample at 50 Hz; convert wrote a header-only trace with exit code 0, which replay refuses.
        using var dir = new TempDir();
        string one = Path.Combine(dir.Path, "one.txt");
        File.Copy(Path.Combine(CorpusTests.CorpusFolder(), "bad", "65-hugadb-one-row.txt"), one);
        string output = Path.Combine(dir.Path, "one.trace.csv");
        var run = CliRunner.Run("convert", one, "--out", output);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"calfmon: {one}: no samples to convert: 1 sample at 58.8 Hz gives none at the device's 50 Hz (its samples are interpolated between two of the recording's)",
            run.Stderr.TrimEnd('\n'));
        Assert.Equal(new[] { "one.txt" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));   // nothing written, no temporary file left
        Assert.Equal(2, CliRunner.Run("convert", one, "--out", "-").ExitCode);
    }

    [SkippableFact]
    public void Output_never_touches_a_file_the_user_did_not_name_and_writes_through_an_empty_target()
    {
        using var dir = new TempDir();
        // A user's own "OUT.tmp" was overwritten and then deleted by the old fixed temporary name.
        string mine = dir.Write("copy.trace.csv.tmp", "mine\n");
        string output = Path.Combine(dir.Path, "copy.trace.csv");
        var conv = CliRunner.Run("convert", SimTestKit.OfficeHour, "--out", output);
        Assert.True(conv.ExitCode == 0, conv.Stderr);
        Assert.Equal("mine\n", File.ReadAllText(mine));
        Assert.Equal(new[] { "copy.trace.csv", "copy.trace.csv.tmp" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
        // Converting onto the input itself replaces it whole.
        var again = CliRunner.Run("convert", output, "--out", output);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(File.ReadLines(SimTestKit.OfficeHour).Skip(7), File.ReadLines(output).Skip(7));
        // An existing empty target (an empty file, /dev/null, a FIFO) is written into, not renamed
        // over: renaming replaced a device node with a regular file.
        string empty = dir.Write("empty.trace.csv", "");
        var through = CliRunner.Run("convert", SimTestKit.OfficeHour, "--out", empty);
        Assert.True(through.ExitCode == 0, through.Stderr);
        Assert.Equal(File.ReadLines(SimTestKit.OfficeHour).Skip(7), File.ReadLines(empty).Skip(7));
        Skip.If(OperatingSystem.IsWindows(), "FIFOs are a POSIX thing");
        string fifo = Path.Combine(dir.Path, "pipe");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", fifo)) mk.WaitForExit();
        var read = Task.Run(() => File.ReadAllText(fifo));
        var piped = CliRunner.Run("convert", SimTestKit.OfficeHour, "--out", fifo);
        bool heard = read.Wait(TimeSpan.FromSeconds(30));
        if (!heard) using (File.OpenWrite(fifo)) { }   // nothing was written into the FIFO: free its reader
        Assert.True(piped.ExitCode == 0, piped.Stderr);
        Assert.True(heard, "nothing came through the FIFO");
        Assert.StartsWith("# calfmon-trace 1", read.Result);
        Assert.Equal("fifo", FileType(fifo));
        // A link to a file with content: the file is replaced whole, the link stays a link.
        string real = dir.Write("real.trace.csv", "old content\n");
        string link = Path.Combine(dir.Path, "link.trace.csv");
        File.CreateSymbolicLink(link, real);
        var linked = CliRunner.Run("convert", SimTestKit.OfficeHour, "--out", link);
        Assert.True(linked.ExitCode == 0, linked.Stderr);
        Assert.Equal("symbolic link", FileType(link));
        Assert.Equal(File.ReadLines(SimTestKit.OfficeHour).Skip(7), File.ReadLines(real).Skip(7));
        Assert.Equal(new[] { "copy.trace.csv", "copy.trace.csv.tmp", "empty.trace.csv", "link.trace.csv", "pipe", "real.trace.csv" },
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    private static string FileType(string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("stat", new[] { "-c", "%F", path }) { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        string type = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return type;
    }

    [SkippableFact]
    public void Dataset_truth_outside_the_recording_is_counted_and_warned_of_not_dropped_silently()
    {
        DatasetPaths.RequireDatasets("gaitmap");
        using var dir = new TempDir();
        string events = dir.Write("events.csv", File.ReadAllText(Path.Combine(DatasetPaths.Gaitmap, "stride_events_sample.csv")).TrimEnd() + "\n99,right,9000.0,9200.0,9100.0,9050.0,9000.0,8900.0\n");
        string output = Path.Combine(dir.Path, "g.trace.csv");
        var run = CliRunner.Run("convert", Path.Combine(DatasetPaths.Gaitmap, "imu_sample.csv"), "--events", events, "--out", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var (marks, _, _) = TruthOfColumn(output);
        Assert.Contains($"{marks} toe-offs marked in 'truth'", run.Stderr);
        Assert.Contains("1 of 30 truth marks lie outside the recording", run.Stderr);
        Assert.Equal(29, marks);
        // And they are the right foot's toe-offs ('tc'), each on the output sample nearest to it
        // (half a 20 ms period): not its heel strikes ('ic'), not the left foot's.
        var toeOffsMs = GaitmapStrides.Read(events).Where(x => x.Foot == Leg.Right).Select(x => x.TcS * 1000).ToList();
        using var reader = new NativeTraceReader(output);
        int truth = reader.Header.ExtraColumns.ToList().IndexOf("truth");
        var markedMs = reader.ReadRows().Where(r => r.Extra![truth] == "1").Select(r => r.TimeMs).ToList();
        Assert.Equal(29, markedMs.Count);
        Assert.All(markedMs, t => Assert.True(toeOffsMs.Any(o => Math.Abs(o - t) <= 10 + 1e-6), $"a mark at {t} ms is no right toe-off"));
    }

    private static (int Marks, long Rows, int Column) TruthOfColumn(string path)
    {
        using var reader = new NativeTraceReader(path);
        int truth = reader.Header.ExtraColumns.ToList().IndexOf("truth");
        int marks = 0;
        long rows = 0;
        foreach (var r in reader.ReadRows())
        {
            if (r.Extra![truth] == "1") marks++;
            rows++;
        }
        return (marks, rows, truth);
    }
    /// <summary>An IPOL foot file converted without --leg is read as its own leg (the left foot of
    /// an _lf file), and the trace's source line says that leg, not the option's default.</summary>
    [Fact]
    public void An_ipol_left_foot_file_converted_without_leg_is_named_the_left_leg_in_the_header()
    {
        using var dir = new TempDir();
        const string header = "PacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\tMag_X\tMag_Y\tMag_Z";
        var rows = Enumerable.Range(0, 300).Select(i => FormattableString.Invariant($"{i}\t0.0\t0.0\t9.80665\t0.0\t0.0\t0.0\t0.1\t0.1\t0.1"));
        string src = dir.Write("9-9_lf.txt", "Acquisition frequency: 100 Hz\n" + header + "\n" + string.Join("\n", rows) + "\n");
        string native = Path.Combine(dir.Path, "lf.trace.csv");
        var conv = CliRunner.Run("convert", src, "--out", native);
        Assert.True(conv.ExitCode == 0, conv.Stderr);
        using var reader = new NativeTraceReader(native);
        Assert.Contains("left foot dorsum", reader.Header.Source);
        Assert.Contains("; left leg;", reader.Header.Source);
        Assert.DoesNotContain("right", reader.Header.Source);
    }
    /// <summary>IPOL foot rows (a still foot), as the dataset writes them.</summary>
    private static string IpolFootText()
    {
        const string header = "PacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\tMag_X\tMag_Y\tMag_Z";
        var rows = Enumerable.Range(0, 300).Select(i => FormattableString.Invariant($"{i}\t0.0\t0.0\t9.80665\t0.0\t0.0\t0.0\t0.1\t0.1\t0.1"));
        return "Acquisition frequency: 100 Hz\n" + header + "\n" + string.Join("\n", rows) + "\n";
    }

    /// <summary>An IPOL foot file whose name does not say its foot (renamed, or piped in), converted
    /// without --leg: the trace's source line says the leg is not known rather than the option's
    /// default, and the missing 'truth' column is explained, naming the file, not left unsaid.</summary>
    [Fact]
    public void An_ipol_foot_file_whose_name_does_not_say_the_foot_is_of_a_leg_not_known_and_its_missing_truth_is_said()
    {
        using var dir = new TempDir();
        string src = dir.Write("walk.txt", IpolFootText());
        // A trial's .json beside it cannot be tied to a file that does not say its foot.
        dir.Write("walk.json", "{}");
        string native = Path.Combine(dir.Path, "walk.trace.csv");
        var conv = CliRunner.Run("convert", "--input-format", "ipol", src, "--out", native);
        Assert.True(conv.ExitCode == 0, conv.Stderr);
        Assert.Contains($"{src}: no 'truth' column: the file name does not end in _lf.txt or _rf.txt, so neither its foot (give --leg) nor", conv.Stderr);
        using (var reader = new NativeTraceReader(native))
        {
            Assert.Contains("; leg not known;", reader.Header.Source);
            Assert.DoesNotContain("right", reader.Header.Source);
            Assert.DoesNotContain(TraceHeader.TruthColumn, reader.Header.ExtraColumns);
        }

        // With --leg the foot is the option's; the trial's toe-offs are still not known.
        var left = CliRunner.Run("convert", "--input-format", "ipol", "--leg", "left", src, "--out", native);
        Assert.True(left.ExitCode == 0, left.Stderr);
        Assert.Contains($"{src}: no 'truth' column: the file name does not end in _lf.txt or _rf.txt, so its trial's .json (the toe-offs) is not known", left.Stderr);
        using (var reader = new NativeTraceReader(native)) Assert.Contains("; left leg;", reader.Header.Source);

        // Piped in: no name at all.
        var piped = CliRunner.RunWithInput(IpolFootText(), "convert", "--input-format", "ipol", "-", "--out", native);
        Assert.True(piped.ExitCode == 0, piped.Stderr);
        // Named as the reader names standard input in its other messages.
        Assert.Contains("calfmon: warning: <stdin>: no 'truth' column: read from standard input", piped.Stderr);
        using (var reader = new NativeTraceReader(native))
        {
            Assert.Contains("; leg not known;", reader.Header.Source);
            Assert.DoesNotContain("right", reader.Header.Source);
        }
    }

    /// <summary>A foot file named as IPOL names them, without its trial's .json beside it: converted
    /// (the samples are all there), and the warning names the .json the toe-offs would come from.</summary>
    [Fact]
    public void An_ipol_foot_file_without_its_trials_json_says_which_json_the_truth_would_come_from()
    {
        using var dir = new TempDir();
        string src = dir.Write("9-9_rf.txt", IpolFootText());
        string native = Path.Combine(dir.Path, "rf.trace.csv");
        var conv = CliRunner.Run("convert", src, "--out", native);
        Assert.True(conv.ExitCode == 0, conv.Stderr);
        Assert.Contains($"{src}: no 'truth' column: its toe-offs are in the trial's 9-9.json, which is not beside it", conv.Stderr);
        using var reader = new NativeTraceReader(native);
        Assert.Contains("; right leg;", reader.Header.Source);
    }
}
