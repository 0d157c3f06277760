using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;
using Xunit;

namespace CalfMonitor.Tests.Datasets;

public class HugadbReaderTests
{
    private const string Walking = "HuGaDB_v1_walking_01_00.txt";

    // ---- real recordings ----

    [SkippableFact]
    public void Reads_the_right_shin_of_a_real_walking_file_by_column_name()
    {
        DatasetPaths.RequireDatasets("hugadb");
        using var r = new HugadbReader(Path.Combine(DatasetPaths.Hugadb, Walking), Leg.Right, MountingSite.Shank);
        var s = r.ReadSamples().ToList();
        Assert.Equal(5989, s.Count);
        Assert.Equal("rs", r.SiteCode);
        Assert.Equal(MountingSite.Shank, r.Info.Site);
        Assert.Equal("act", r.Info.LabelName);
        // First data row: acc_rs_x = -32768, acc_rs_y = -6992, gyro_rs_y = 4417 (columns 7, 8, 11).
        Assert.Equal(-2.0, s[0].AxG, 9);
        Assert.Equal(-6992 / 16384.0, s[0].AyG, 9);
        Assert.Equal(4417 / 16.4, s[0].GyDps, 9);
        Assert.All(s, x => Assert.Equal("walking", x.Label));
        Assert.Equal(5988 / 58.8, s[^1].TimeS, 9);
        Assert.Equal(Enumerable.Range(0, s.Count).Select(i => (long)i), s.Select(x => x.Row));
        Assert.Empty(r.Warnings);
    }

    [SkippableFact]
    public void Reads_the_left_foot_when_asked()
    {
        DatasetPaths.RequireDatasets("hugadb");
        using var r = new HugadbReader(Path.Combine(DatasetPaths.Hugadb, Walking), Leg.Left, MountingSite.Foot);
        var first = r.ReadSamples().First();
        Assert.Equal("lf", r.SiteCode);
        Assert.Equal(-23928 / 16384.0, first.AxG, 9);   // acc_lf_x of the first row
        Assert.Equal(1544 / 16.4, first.GyDps, 9);      // gyro_lf_y
    }

    [SkippableFact]
    public void Labels_follow_the_act_codes_of_a_v2_sequence()
    {
        DatasetPaths.RequireDatasets("hugadb");
        using var r = new HugadbReader(Path.Combine(DatasetPaths.Hugadb, "v2", "HuGaDB_v2_various_01_00.txt"), Leg.Right, MountingSite.Shank);
        var labels = r.ReadSamples().Select(s => s.Label).Distinct().ToList();
        Assert.Equal(new[] { "sitting", "standing_up", "standing", "sitting_down" }, labels);
        Assert.Equal("sitting", r.DeclaredActivities[0]);
        Assert.Null(HugadbReader.ReadShinGyroQuality(r.Path));   // v2 files are not in the table
    }

    [SkippableFact]
    public void Every_real_file_reads_except_one_corrupt_left_shin_value()
    {
        DatasetPaths.RequireDatasets("hugadb");
        var files = Directory.GetFiles(DatasetPaths.Hugadb, "HuGaDB_*.txt", SearchOption.AllDirectories);
        Assert.True(files.Length > 100);
        var failures = new List<string>();
        var warned = new List<string>();
        foreach (var f in files)
        {
            foreach (var leg in new[] { Leg.Right, Leg.Left })
            {
                try
                {
                    using var r = new HugadbReader(f, leg, MountingSite.Shank);
                    Assert.True(r.ReadSamples().Count() > 0);
                    if (r.Warnings.Count > 0) warned.Add(Path.GetFileName(f));
                }
                catch (InputException e)
                {
                    failures.Add(e.Message);
                }
            }
        }
        // The release holds a few out-of-int16 values: gyro_ls_z in bicycling_01_08 (a channel we
        // read for the left shin) and a thigh gyro in walking_06_03/05 (not read: a warning only).
        var failure = Assert.Single(failures);
        Assert.Contains("HuGaDB_v1_bicycling_01_08.txt:7283:", failure);
        Assert.Contains("int16", failure);
        Assert.Contains("HuGaDB_v1_walking_06_03.txt", warned);
    }

    [SkippableFact]
    public void Reads_the_shin_gyro_quality_flags()
    {
        DatasetPaths.RequireDatasets("hugadb");
        var q = HugadbReader.ReadShinGyroQuality(Path.Combine(DatasetPaths.Hugadb, Walking));
        Assert.NotNull(q);
        Assert.True(q!.IsTrusted(Leg.Right));
        Assert.True(q.IsTrusted(Leg.Left));
        var table = HugadbReader.ReadShinGyroQualityTable(Path.Combine(DatasetPaths.Hugadb, HugadbReader.ShinGyroQualityFile));
        Assert.True(table.Count >= 60);
        Assert.All(table.Values, x => Assert.False(x.RightShinAmplified || x.LeftShinAmplified)); // these four subjects are clean
    }

    [SkippableFact]
    public void Through_the_device_adapter_gives_50_Hz_samples_with_monotone_source_rows()
    {
        DatasetPaths.RequireDatasets("hugadb");
        using var r = new HugadbReader(Path.Combine(DatasetPaths.Hugadb, Walking), Leg.Right, MountingSite.Shank);
        var device = new DeviceSignalAdapter(SensorConfig.Default(MountingSite.Shank)).Convert(r).ToList();
        double expected = 5989 * 50 / 58.8;
        Assert.InRange(device.Count, expected - 3, expected + 3);
        long last = 0;
        foreach (var d in device)
        {
            Assert.InRange(d.SourceRow, last, 5988);
            last = d.SourceRow;
            Assert.Equal("walking", d.Label);
        }
        Assert.Equal(Enumerable.Range(0, device.Count).Select(i => i * 20L), device.Select(d => d.TimeMs));
    }

    // ---- hand-written files ----

    private static readonly string ColumnLine = string.Join('\t',
        new[] { "rf", "rs", "rt", "lf", "ls", "lt" }
            .SelectMany(s => new[] { "acc", "gyro" }.SelectMany(k => new[] { "x", "y", "z" }.Select(a => $"{k}_{s}_{a}")))
            .Concat(new[] { "EMG_r", "EMG_l", "act" }));

    /// <summary>A data row: all channels 0 except those given, EMG 100, act as given.</summary>
    private static string Row(int act = 1, int rsGyroY = 0, string? replaceField = null, int replaceAt = -1)
    {
        var f = Enumerable.Repeat("0", 39).ToArray();
        f[10] = rsGyroY.ToString();  // gyro_rs_y
        f[36] = "100"; f[37] = "100"; f[38] = act.ToString();
        if (replaceAt >= 0) f[replaceAt] = replaceField!;
        return string.Join('\t', f);
    }

    private static string File(params string[] rows) =>
        "#Activity\twalking \n#ActivityID\t1 \n#Date 10-20-15-35\n" + ColumnLine + "\n" + string.Join("\n", rows) + "\n";

    private static InputException Fails(string text, Leg leg = Leg.Right)
    {
        using var d = new TempDir();
        string f = d.Write("bad.txt", text);
        return Assert.Throws<InputException>(() =>
        {
            using var r = new HugadbReader(f, leg, MountingSite.Shank);
            r.ReadSamples().ToList();
        });
    }

    [Fact]
    public void Reads_a_small_file_with_scaling_and_labels()
    {
        using var d = new TempDir();
        string f = d.Write("ok.txt", File(Row(1, 164), Row(5, -1640)));
        using var r = new HugadbReader(f, Leg.Right, MountingSite.Shank, rateHz: 50);
        var s = r.ReadSamples().ToList();
        Assert.Equal(2, s.Count);
        Assert.Equal(10.0, s[0].GyDps, 9);
        Assert.Equal(-100.0, s[1].GyDps, 9);
        Assert.Equal(("walking", "sitting"), (s[0].Label, s[1].Label));
        Assert.Equal(0.02, s[1].TimeS, 12);
    }

    [Fact]
    public void Wrong_column_count_names_file_and_line()
    {
        var e = Fails(File(Row(), Row() + "\t5"));
        Assert.Equal(6, e.Line);
        Assert.Contains("bad.txt:6:", e.Message);
        Assert.Contains("expected 39", e.Message);
    }

    [Fact]
    public void Non_numeric_field_is_an_error()
    {
        var e = Fails(File(Row(replaceField: "12a", replaceAt: 3)));
        Assert.Equal(5, e.Line);
        Assert.Contains("column 4", e.Message);
        Assert.Contains("'12a'", e.Message);
    }

    [Fact]
    public void Out_of_range_value_in_a_read_channel_is_an_error()
    {
        var e = Fails(File(Row(replaceField: "40000", replaceAt: 10)));
        Assert.Equal(5, e.Line);
        Assert.Contains("int16", e.Message);
    }

    [Fact]
    public void Out_of_range_value_in_an_unread_channel_is_a_warning()
    {
        using var d = new TempDir();
        string f = d.Write("w.txt", File(Row(), Row(replaceField: "-27682432", replaceAt: 16)));
        using var r = new HugadbReader(f, Leg.Right, MountingSite.Shank);
        Assert.Equal(2, r.ReadSamples().Count());
        Assert.Contains(r.Warnings, w => w.StartsWith(f + ":6:") && w.Contains("-27682432"));
    }

    [Fact]
    public void Unknown_activity_code_is_an_error()
    {
        var e = Fails(File(Row(act: 13)));
        Assert.Equal(5, e.Line);
        Assert.Contains("act = 13", e.Message);
    }

    [Fact]
    public void Missing_column_is_an_error_naming_it()
    {
        var e = Fails(File(Row()).Replace("gyro_ls_y", "gyro_ls_q"), Leg.Left);
        Assert.Equal(4, e.Line);
        Assert.Contains("gyro_ls_y", e.Message);
    }

    [Fact]
    public void Bom_crlf_and_no_final_newline_are_accepted()
    {
        using var d = new TempDir();
        string text = File(Row(1, 164), Row(2, 328)).TrimEnd('\n').Replace("\n", "\r\n");
        string f = d.Write("crlf.txt", text, bom: true);
        using var r = new HugadbReader(f, Leg.Right, MountingSite.Shank);
        var s = r.ReadSamples().ToList();
        Assert.Equal(2, s.Count);
        Assert.Equal(("walking", "running"), (s[0].Label, s[1].Label));
        Assert.Equal(20.0, s[1].GyDps, 9);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        var e = Fails("");
        Assert.Contains("empty file", e.Message);
    }

    [Fact]
    public void Header_only_is_an_error()
    {
        Assert.Contains("header only", Fails(File().TrimEnd('\n') + "\n").Message);
        Assert.Contains("header only", Fails("#Activity\twalking\n#ActivityID\t1\n#Date x\n").Message);
    }

    [Fact]
    public void A_file_that_is_not_hugadb_is_an_error_on_line_1()
    {
        var e = Fails("hello\n");
        Assert.Equal(1, e.Line);
        Assert.Contains("#Activity", e.Message);
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("-4294967295")]
    [InlineData("0")]
    [InlineData("99999999999999999999999")]
    public void An_unknown_activity_code_is_quoted_as_written(string act)
    {
        var e = Fails(File(Row(replaceField: act, replaceAt: 38)));
        Assert.Equal(5, e.Line);
        Assert.Equal($"unknown activity code act = {act} (known: 1–12)", e.Problem);
    }

    [Fact]
    public void A_count_too_long_for_64_bits_is_out_of_range_as_written()
    {
        var e = Fails(File(Row(replaceField: "-99999999999999999999999", replaceAt: 10)));
        Assert.Equal("column 11 = -99999999999999999999999 is outside the int16 range of the sensor (-32768…32767)", e.Problem);
    }

    [Fact]
    public void A_resampled_recording_reports_every_data_row_as_its_samples()
    {
        // 10 rows at 58.8 Hz end at 153 ms; the last device sample (140 ms at 50 Hz) is nearest
        // row 8, but the input has 10 data rows, which is what "samples" means (simulator.md).
        using var d = new TempDir();
        string f = d.Write("ten.txt", File(Enumerable.Range(0, 10).Select(i => Row(1, 10 * i)).ToArray()));
        var json = CalfMonitor.Tests.Cli.CliRunner.Run("replay", "--format", "json", f);
        Assert.Equal(0, json.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        var input = doc.RootElement;
        Assert.Equal(10, input.GetProperty("samples").GetInt64());
        Assert.Equal(8, input.GetProperty("device_samples").GetInt64());
        var text = CalfMonitor.Tests.Cli.CliRunner.Run("replay", f);
        Assert.Contains("(hugadb, shank, 10 samples at 58.8 Hz → 8 at 50 Hz)", text.Stdout);
    }
}
