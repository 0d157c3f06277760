using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;
using Xunit;

namespace CalfMonitor.Tests.Datasets;

public class GaitmapReaderTests
{
    [SkippableFact]
    public void Picks_each_sensor_by_name_in_the_interleaved_layout()
    {
        DatasetPaths.RequireDatasets("gaitmap");
        string f = Path.Combine(DatasetPaths.Gaitmap, "imu_sample.csv");
        using var left = new GaitmapReader(f, Leg.Left);
        using var right = new GaitmapReader(f, Leg.Right);
        var l = left.ReadSamples().ToList();
        var r = right.ReadSamples().ToList();
        Assert.Equal(7928, l.Count);
        Assert.Equal(7928, r.Count);
        Assert.Equal(0.8808107066241624 / 9.80665, l[0].AxG, 12);
        Assert.Equal(0.0846041735673653, r[0].GyDps, 12);      // right gyr_y, already °/s
        Assert.Equal(7927 / 204.8, l[^1].TimeS, 9);
        Assert.Equal(MountingSite.Foot, left.Info.Site);
    }

    [SkippableFact]
    public void Picks_each_sensor_by_name_in_the_grouped_layout()
    {
        DatasetPaths.RequireDatasets("gaitmap");
        using var r = new GaitmapReader(Path.Combine(DatasetPaths.Gaitmap, "imu_sample_not_rotated.csv"), Leg.Right);
        var first = r.ReadSamples().First();
        Assert.Equal(9.513275480139699 / 9.80665, first.AxG, 12);
        Assert.Equal(0.3230373811130934, first.GyDps, 12);
        using var stairs = new GaitmapReader(Path.Combine(DatasetPaths.Gaitmap, "imu_sample_healthy_stair_up.csv"), Leg.Left);
        Assert.Equal(5130, stairs.ReadSamples().Count());        // index column in seconds there
    }

    [SkippableFact]
    public void Single_sensor_files_are_read_at_the_rate_gaitmap_gives_them()
    {
        DatasetPaths.RequireDatasets("gaitmap");
        // The MS walker's sensors: one header row, a row number first, 102.4 Hz by gaitmap's loader.
        string f = Path.Combine(DatasetPaths.Gaitmap, "imu_sample_ms_left.csv");
        Assert.True(GaitmapReader.IsSingleSensorFile(f));
        Assert.Equal("gaitmap", SourceFactory.Sniff(f));
        using var r = new GaitmapReader(f, Leg.Right);     // the file's one sensor, whatever the leg
        var s = r.ReadSamples().ToList();
        Assert.True(r.SingleSensor);
        Assert.Equal(102.4, r.RateHz);
        Assert.Equal(7000, s.Count);
        Assert.Equal(-0.445124127139191 / 9.80665, s[0].AxG, 12);
        Assert.Equal(55.376219390326014, s[0].GyDps, 12);
        Assert.Equal(6999 / 102.4, s[^1].TimeS, 9);
        Assert.Empty(r.Warnings);
        Assert.Contains("one sensor", r.Info.Description);
    }

    [SkippableFact]
    public void The_rate_comes_from_a_time_column_or_from_gaitmap_s_loader()
    {
        DatasetPaths.RequireDatasets("gaitmap");
        // The IC-stride walk counts rows at 102.4 Hz (gaitmap's example_data.py), not 204.8.
        using (var ic = new GaitmapReader(Path.Combine(DatasetPaths.Gaitmap, "imu_sample_ic_stride.csv"), Leg.Left))
        {
            Assert.Equal(102.4, ic.RateHz);
            Assert.Equal(4052 / 102.4, ic.ReadSamples().Last().TimeS, 9);
        }
        // The stair files' first column is time in seconds: their rate is read from it.
        string stairs = Path.Combine(DatasetPaths.Gaitmap, "imu_sample_healthy_stair_down.csv");
        using (var st = new GaitmapReader(stairs, Leg.Left)) Assert.Equal(204.8, st.RateHz, 9);
        using (var st = new GaitmapReader(stairs, Leg.Left, 204.8)) Assert.Equal(204.8, st.RateHz, 9);
        var e = Assert.Throws<InputException>(() => new GaitmapReader(stairs, Leg.Left, 102.4));
        Assert.Contains("--rate 102.4 cannot be applied: the file's first column is time in seconds, which gives 204.8 Hz", e.Message);
    }

    [SkippableFact]
    public void Reads_the_stride_events_per_foot()
    {
        DatasetPaths.RequireDatasets("gaitmap");
        var s = GaitmapStrides.Read(Path.Combine(DatasetPaths.Gaitmap, "stride_events_sample.csv"));
        Assert.Equal(28, s.Count(x => x.Foot == Leg.Left));
        Assert.Equal(29, s.Count(x => x.Foot == Leg.Right));
        var first = s[0];
        Assert.Equal((0, Leg.Left, 494L, 709L, 657L, 586L), (first.Id, first.Foot, first.Start, first.End, first.Ic, first.Tc));
        Assert.Equal(438L, first.PreIc);
        Assert.Equal(657 / 204.8, first.IcS, 12);
        // Strides run mid-stance to mid-stance: toe-off, then heel strike, inside each stride.
        Assert.All(s, x => Assert.True(x.Start < x.Tc && x.Tc < x.Ic && x.Ic < x.End));
    }

    // ---- hand-written files ----

    private const string TwoRows = "sensor,left_sensor,left_sensor,left_sensor,left_sensor,left_sensor,left_sensor,right_sensor,right_sensor,right_sensor,right_sensor,right_sensor,right_sensor\n" +
                                   "axis,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n";

    private static InputException Fails(string text, Leg leg = Leg.Left)
    {
        using var d = new TempDir();
        string f = d.Write("imu.csv", text);
        return Assert.Throws<InputException>(() =>
        {
            using var r = new GaitmapReader(f, leg);
            r.ReadSamples().ToList();
        });
    }

    [Fact]
    public void Reads_a_small_file_with_bom_crlf_and_no_final_newline()
    {
        using var d = new TempDir();
        string f = d.Write("imu.csv", (TwoRows + "0,9.80665,0,0,0,10,0,1,1,1,1,1,1\n1,0,0,0,0,20,0,1,1,1,1,1,1").Replace("\n", "\r\n"), bom: true);
        using var r = new GaitmapReader(f, Leg.Left);
        var s = r.ReadSamples().ToList();
        Assert.Equal(2, s.Count);
        Assert.Equal(1.0, s[0].AxG, 12);
        Assert.Equal(20.0, s[1].GyDps, 12);
        Assert.Equal(1 / 204.8, s[1].TimeS, 12);
    }

    [Fact]
    public void A_row_number_file_of_unknown_rate_is_read_at_the_default_with_a_warning_or_at_the_given_rate()
    {
        using var d = new TempDir();
        string f = d.Write("mine.csv", TwoRows + "0,1,1,1,1,1,1,1,1,1,1,1,1\n1,1,1,1,1,1,1,1,1,1,1,1,1\n");
        using (var r = new GaitmapReader(f, Leg.Left))
        {
            Assert.Equal(GaitmapReader.DefaultRateHz, r.RateHz);
            Assert.Contains("does not give its sample rate: 204.8 Hz assumed", Assert.Single(r.Warnings));
        }
        using (var r = new GaitmapReader(f, Leg.Left, 60))
        {
            Assert.Equal(1 / 60.0, r.ReadSamples().Last().TimeS, 12);
            Assert.Empty(r.Warnings);
        }
    }

    [Fact]
    public void A_time_column_must_keep_its_step()
    {
        using var d = new TempDir();
        string f = d.Write("t.csv", TwoRows + "0.5,1,1,1,1,1,1,1,1,1,1,1,1\n0.51,1,1,1,1,1,1,1,1,1,1,1,1\n0.52,1,1,1,1,1,1,1,1,1,1,1,1\n");
        using (var r = new GaitmapReader(f, Leg.Left))
        {
            Assert.Equal(100, r.RateHz, 9);
            Assert.Equal(new[] { 0, 0.01, 0.02 }, r.ReadSamples().Select(x => Math.Round(x.TimeS, 9)));
        }
        var e = Fails(TwoRows + "0,1,1,1,1,1,1,1,1,1,1,1,1\n0.01,1,1,1,1,1,1,1,1,1,1,1,1\n0.02,1,1,1,1,1,1,1,1,1,1,1,1\n0.04,1,1,1,1,1,1,1,1,1,1,1,1\n");
        Assert.Contains("imu.csv:6: the time column jumps to 0.04 s where 0.03 s was due", e.Message);
        e = Fails(TwoRows + "0,1,1,1,1,1,1,1,1,1,1,1,1\n0,1,1,1,1,1,1,1,1,1,1,1,1\n");
        Assert.Contains("imu.csv:4: the first column is neither a row number nor a time in seconds: 0 then 0", e.Message);
    }

    [Fact]
    public void A_single_sensor_file_needs_every_axis_and_keeps_blank_lines_apart()
    {
        Assert.Contains("imu.csv:1: single-sensor layout (one header row with acc_x …) has no gyr_y column",
            Fails(",index,acc_x,acc_y,acc_z,gyr_x,gyr_z\n0,5,1,1,1,1,1\n").Message);
        // A blank line read ahead while looking for the rate is still "inside the data".
        Assert.Contains("imu.csv:3: blank line inside the data", Fails(",acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n0,1,1,1,1,1,1\n\n2,1,1,1,1,1,1\n").Message);
        using var d = new TempDir();
        string f = d.Write("one.csv", ",acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n0,9.80665,0,0,0,7,0\n1,0,0,0,0,8,0\n\n\n");
        using var r = new GaitmapReader(f, Leg.Left);
        var s = r.ReadSamples().ToList();
        Assert.Equal(new[] { 7.0, 8.0 }, s.Select(x => x.GyDps));
        Assert.Equal(1.0, s[0].AxG, 12);
    }

    [Fact]
    public void Errors_name_file_and_line()
    {
        var e = Fails(TwoRows + "0,1,1,1,1,1,1,1,1,1,1,1,1\n1,1,1\n");
        Assert.Contains("imu.csv:4:", e.Message);
        Assert.Contains("expected 13", e.Message);
        e = Fails(TwoRows + "0,1,1,1,1,x,1,1,1,1,1,1,1\n");
        Assert.Equal(3, e.Line);
        Assert.Contains("gyr_y must be a finite number", e.Message);
        Assert.Contains("no column (left_sensor, gyr_y)", Fails(TwoRows.Replace("gyr_y,gyr_z,acc_x", "gyr_q,gyr_z,acc_x") + "0,1,1,1,1,1,1,1,1,1,1,1,1\n").Message);
        // A first row that names no sensor says so (the fuzzer's queue: "sensors in the file: " and nothing).
        e = Fails("sensor,,\naxis,acc_x,acc_y\n0,1,1\n");
        Assert.Equal((2L, "no column (left_sensor, acc_x); sensors in the file: none (line 1 names no sensor)"), (e.Line, e.Problem));
    }

    [Fact]
    public void Empty_and_header_only_files_are_errors()
    {
        Assert.Contains("empty file", Fails("").Message);
        Assert.Contains("header only", Fails(TwoRows).Message);
        Assert.Contains("header only", Fails(TwoRows.Split('\n')[0] + "\n").Message);
    }

    [Fact]
    public void Stride_file_errors()
    {
        using var d = new TempDir();
        string f = d.Write("s.csv", "s_id,foot,start,end,ic,tc,min_vel,pre_ic\n0,middle,1,2,3,4,1,\n");
        Assert.Contains("s.csv:2: foot must be", Assert.Throws<InputException>(() => GaitmapStrides.Read(f)).Message);
        f = d.Write("t.csv", "s_id,foot,start,end,ic,tc,min_vel,pre_ic\n0,left,10,20,15,12,10,nan\n");
        Assert.Null(GaitmapStrides.Read(f)[0].PreIc);
        // Header names and foot values in any case are a benign variation.
        f = d.Write("c.csv", "S_ID, Foot ,START,End,IC,TC,Min_Vel,PRE_IC\n0,Right,10,20,15,12,10,nan\n1, LEFT ,30,40,35,32,30,15\n");
        Assert.Equal(new[] { Leg.Right, Leg.Left }, GaitmapStrides.Read(f).Select(x => x.Foot));
        Assert.Equal(30L, GaitmapStrides.Read(f)[1].MinVel);
        // The stride's id is no sample number, and one past int's range is not wrapped (fuzz queue).
        f = d.Write("i.csv", "s_id,foot,start,end,ic,tc\n!,left,10,20,15,12\n");
        Assert.Contains("i.csv:2: s_id must be a whole number from 0 to 2147483647 (the stride's number), got '!'",
            Assert.Throws<InputException>(() => GaitmapStrides.Read(f)).Message);
        f = d.Write("j.csv", "s_id,foot,start,end,ic,tc\n0,left,10,20,15,12\n3000000000,left,30,40,35,32\n");
        Assert.Contains("j.csv:3: s_id must be a whole number", Assert.Throws<InputException>(() => GaitmapStrides.Read(f)).Message);
        f = d.Write("k.csv", "s_id,foot,start,end,ic,tc\n7.0,left,10,20,15,12\n");
        Assert.Equal(7, GaitmapStrides.Read(f)[0].Id);
        f = d.Write("u.csv", "s_id,foot,start,end\n");
        Assert.Contains("no 'ic' column", Assert.Throws<InputException>(() => GaitmapStrides.Read(f)).Message);
    }

    private static string Rows(params int[] index) => string.Concat(index.Select(i => $"{i},0,0,9.80665,0,0,0,0,0,9.80665,0,{i % 7},0\n"));

    [Fact]
    public void A_jump_in_a_row_number_index_is_missing_rows_replayed_as_a_gap_not_compressed_time()
    {
        using var d = new TempDir();
        var index = Enumerable.Range(0, 300).Concat(Enumerable.Range(500, 300)).ToArray();
        string f = d.Write("mine.csv", TwoRows + Rows(index));
        using (var r = new GaitmapReader(f, Leg.Right, 100))
        {
            var s = r.ReadSamples().ToList();
            Assert.Equal(600, s.Count);
            Assert.Equal(2.99, s[299].TimeS, 9);
            Assert.Equal(5.00, s[300].TimeS, 9);      // row number 500 at 100 Hz: 2 s of rows are missing
            Assert.Equal(300, s[300].Row);             // still the 301st data row of the file
        }
        using (var r = new GaitmapReader(f, Leg.Right, 100))
        {
            var result = new CalfMonitor.Simulator.Replay.ReplayRunner().Run(r);
            Assert.Equal(600, result.InputSamples);
            Assert.Equal(1, result.Gaps);
            Assert.Equal(8.0, result.DurationS, 2);         // not 6 s: the missing rows keep their time
            Assert.StartsWith(f + ":303: gap of 2010 ms in the samples", Assert.Single(result.Warnings));
        }
        // A jump between the first two rows is a row number too.
        using (var r = new GaitmapReader(d.Write("late.csv", TwoRows + Rows(0, 5, 6)), Leg.Right, 100))
        {
            Assert.Equal(new[] { 0, 0.05, 0.06 }, r.ReadSamples().Select(x => Math.Round(x.TimeS, 9)));
        }
    }

    [Fact]
    public void A_row_number_index_must_be_whole_and_increase()
    {
        Assert.Contains("imu.csv:6: row number 2 repeats the previous row", Fails(TwoRows + Rows(0, 1, 2, 2)).Message);
        Assert.Contains("imu.csv:6: the row number goes backwards (1 after 2)", Fails(TwoRows + Rows(0, 1, 2, 1)).Message);
        Assert.Contains("imu.csv:5: the first column holds row numbers, so it must be a whole number from 0 to 1e15, got 2.5",
            Fails(TwoRows + Rows(0, 1).Replace("\n1,", "\n1,") + "2.5,0,0,9.80665,0,0,0,0,0,9.80665,0,0,0\n").Message);
    }
}
