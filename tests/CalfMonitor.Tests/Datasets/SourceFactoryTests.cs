using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Input;
using Xunit;

namespace CalfMonitor.Tests.Datasets;

public class SourceFactoryTests
{
    [SkippableFact]
    public void Auto_recognises_every_dataset_format()
    {
        DatasetPaths.RequireDatasets();
        Assert.Equal("hugadb", SourceFactory.Sniff(Path.Combine(DatasetPaths.Hugadb, "HuGaDB_v1_walking_01_00.txt")));
        Assert.Equal("ipol", SourceFactory.Sniff(Path.Combine(DatasetPaths.Ipol, "1-1_rf.txt")));
        Assert.Equal("ipol", SourceFactory.Sniff(Path.Combine(DatasetPaths.Ipol, "1-1.json")));
        Assert.Equal("ipol", SourceFactory.Sniff(Path.Combine(DatasetPaths.Ipol, "1-1")));
        Assert.Equal("gaitmap", SourceFactory.Sniff(Path.Combine(DatasetPaths.Gaitmap, "imu_sample.csv")));
        Assert.Equal("gaitmap", SourceFactory.Sniff(Path.Combine(DatasetPaths.Gaitmap, "imu_sample_healthy_stair_down.csv")));

        using var h = (IDisposable)SourceFactory.Open(Path.Combine(DatasetPaths.Hugadb, "HuGaDB_v1_walking_01_00.txt"), "auto", Leg.Left, null, null);
        Assert.IsType<HugadbReader>(h);
        Assert.Equal(MountingSite.Shank, ((ISampleSource)h).Info.Site);     // HuGaDB defaults to the shin
        Assert.Equal("ls", ((HugadbReader)h).SiteCode);
        using var i = (IDisposable)SourceFactory.Open(Path.Combine(DatasetPaths.Ipol, "1-1"), "auto", Leg.Left, MountingSite.Foot, null);
        Assert.EndsWith("1-1_lf.txt", ((IpolReader)i).FootFile);
    }

    /// <summary>An IPOL foot file is one foot's: without --leg, replay reads that foot (before,
    /// the default --leg right refused every _lf file); a --leg that contradicts the file is still
    /// refused, and a trial (.json), which holds both, still defaults to the right.</summary>
    [SkippableFact]
    public void An_ipol_foot_file_is_replayed_as_its_own_leg_unless_another_is_asked()
    {
        DatasetPaths.RequireDatasets();
        string left = Path.Combine(DatasetPaths.Ipol, "2-3_lf.txt");
        // The activations' times: which foot was read.
        string Activations(params string[] args)
        {
            var run = CalfMonitor.Tests.Cli.CliRunner.Run(args.Prepend("replay").Concat(new[] { "--format", "json" }).ToArray());
            Assert.True(run.ExitCode == 0, run.Stderr);
            var list = System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement.GetProperty("activations").EnumerateArray();
            return string.Join(" ", list.Select(a => a.GetProperty("t").GetDouble()));
        }
        string asLeft = Activations(left, "--leg", "left");
        Assert.True(asLeft.Split(' ').Length > 10, asLeft);
        Assert.Equal(asLeft, Activations(left));
        var refused = CalfMonitor.Tests.Cli.CliRunner.Run("replay", left, "--leg", "right");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("is the left foot, but --leg right was asked", refused.Stderr);
        string trial = Path.Combine(DatasetPaths.Ipol, "2-3.json");
        Assert.Equal(Activations(Path.Combine(DatasetPaths.Ipol, "2-3_rf.txt")), Activations(trial));
        Assert.NotEqual(Activations(trial), Activations(trial, "--leg", "left"));
    }

    [SkippableFact]
    public void Shin_is_refused_for_foot_only_datasets()
    {
        DatasetPaths.RequireDatasets();
        string ipol = Path.Combine(DatasetPaths.Ipol, "1-1_rf.txt");
        var e = Assert.Throws<InputException>(() => SourceFactory.Open(ipol, "ipol", Leg.Right, MountingSite.Shank, null));
        Assert.Equal(ipol, e.File);
        Assert.Contains("foot sensors only", e.Message);
        string gm = Path.Combine(DatasetPaths.Gaitmap, "imu_sample.csv");
        Assert.Contains("foot sensors only", Assert.Throws<InputException>(() => SourceFactory.Open(gm, "auto", Leg.Right, MountingSite.Shank, null)).Message);
        Assert.Contains("Acquisition frequency", Assert.Throws<InputException>(() => SourceFactory.Open(ipol, "ipol", Leg.Right, null, 50)).Message);
    }

    [Fact]
    public void Auto_recognises_a_native_trace()
    {
        using var d = new TempDir();
        string f = Path.Combine(d.Path, "t.csv");
        using (var w = new StreamWriter(f))
        using (var tw = new NativeTraceWriter(w, new TraceHeader(50, 8, 2000, MountingSite.Foot, "test", Array.Empty<string>())))
        {
            tw.Write(new TraceRow(0, 0, 0, 4096, 0, 0, 0, null));
        }
        Assert.Equal("native", SourceFactory.Sniff(f));
        using var src = (NativeTraceReader)SourceFactory.Open(f, "auto", Leg.Right, null, null);
        Assert.Single(src.ReadSamples());
        Assert.Contains("mounting foot", Assert.Throws<InputException>(() => SourceFactory.Open(f, "native", Leg.Right, MountingSite.Shank, null)).Message);
        Assert.Contains("--rate", Assert.Throws<InputException>(() => SourceFactory.Open(f, "native", Leg.Right, null, 100)).Message);
    }

    [Fact]
    public void Unknown_content_and_unknown_format_names_are_errors()
    {
        using var d = new TempDir();
        string f = d.Write("mystery.csv", "a,b,c\n1,2,3\n");
        var e = Assert.Throws<InputException>(() => SourceFactory.Open(f, "auto", Leg.Right, null, null));
        Assert.Contains("mystery.csv:1: cannot tell the format", e.Message);
        Assert.Contains("--input-format", e.Message);
        Assert.Contains("empty file", Assert.Throws<InputException>(() => SourceFactory.Open(d.Write("e.csv", ""), "auto", Leg.Right, null, null)).Message);
        var u = Assert.Throws<InputException>(() => SourceFactory.Open(f, "matlab", Leg.Right, null, null));
        Assert.Contains("unknown input format 'matlab'", u.Message);
        Assert.Contains("no such file", Assert.Throws<InputException>(() => SourceFactory.Open(Path.Combine(d.Path, "nope.txt"), "auto", Leg.Right, null, null)).Message);
    }

    [Fact]
    public void Hugadb_rate_override_applies()
    {
        using var d = new TempDir();
        string cols = string.Join('\t', new[] { "rf", "rs", "rt", "lf", "ls", "lt" }
            .SelectMany(s => new[] { "acc", "gyro" }.SelectMany(k => new[] { "x", "y", "z" }.Select(a => $"{k}_{s}_{a}")))
            .Concat(new[] { "EMG_r", "EMG_l", "act" }));
        string row = string.Join('\t', Enumerable.Repeat("0", 38).Append("8"));
        string f = d.Write("h.txt", $"#Activity\tstanding\n#ActivityID\t8\n#Date x\n{cols}\n{row}\n{row}\n");
        using var src = (HugadbReader)SourceFactory.Open(f, "hugadb", Leg.Right, MountingSite.Foot, 60);
        Assert.Equal(60, src.Info.RateHz);
        Assert.Equal(MountingSite.Foot, src.Info.Site);
        Assert.Equal(1 / 60.0, src.ReadSamples().Last().TimeS, 12);
    }

    // ---- header case and spacing: benign variations, sniffed and read like the canonical file ----

    private static readonly string HugadbColumns = string.Join('\t', new[] { "rf", "rs", "rt", "lf", "ls", "lt" }
        .SelectMany(s => new[] { "acc", "gyro" }.SelectMany(k => new[] { "x", "y", "z" }.Select(a => $"{k}_{s}_{a}")))
        .Concat(new[] { "EMG_r", "EMG_l", "act" }));

    private static string HugadbRow(int i) => string.Join('\t', Enumerable.Range(0, 38).Select(c => ((c * 7 + i * 13) % 200 - 100).ToString()).Append("1"));

    private const string GaitmapTwoRows = "sensor,left_sensor,left_sensor,left_sensor,left_sensor,left_sensor,left_sensor,right_sensor,right_sensor,right_sensor,right_sensor,right_sensor,right_sensor\n" +
                                          "axis,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n";

    public static TheoryData<string, string, string, string> HeaderVariants()
    {
        string native = NativeTraceTestsHeader().Replace("gz\n", "gz,label,truth\n") + "0,1,2,3,4,5,6,walk,0\n20,7,8,9,10,11,12,sit,1\n";
        string hugadb = "#Activity\twalking \n#ActivityID\t1 \n#Date 10-20-15-35\n" + HugadbColumns + "\n" + HugadbRow(0) + "\n" + HugadbRow(1) + "\n";
        string ipol = "Acquisition frequency: 100 Hz\nPacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\tMag_X\tMag_Y\tMag_Z\n" +
                      "0.0\t1.0\t2.0\t9.8\t0.1\t0.2\t0.3\t0\t0\t0\n1.0\t1.5\t2.5\t9.7\t0.4\t0.5\t0.6\t0\t0\t0\n";
        string gaitmap = GaitmapTwoRows + "0,1,2,3,4,5,6,7,8,9,10,11,12\n1,2,3,4,5,6,7,8,9,10,11,12,13\n";
        string single = ",acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n0,1,2,3,4,5,6\n1,2,3,4,5,6,7\n";
        var data = new TheoryData<string, string, string, string>
        {
            { "t.csv", native, "native magic in title case", native.Replace("# calfmon-trace 1", "# Calfmon-Trace 1") },
            { "t.csv", native, "native magic with spaces and a tab", native.Replace("# calfmon-trace 1", "  #  calfmon-trace \t 1\t") },
            { "t.csv", native, "native magic without a space after #", native.Replace("# calfmon-trace 1", "#CALFMON-TRACE 1") },
            { "t.csv", native, "native column line in upper case", native.Replace("t_ms,ax,ay,az,gx,gy,gz,label,truth", "T_MS, AX ,Ay,AZ,GX,GY,GZ,LABEL,Truth\t") },
            { "h.txt", hugadb, "HuGaDB #activity in lower case", hugadb.Replace("#Activity\t", "#activity\t") },
            { "h.txt", hugadb, "HuGaDB # ACTIVITY with spaces", hugadb.Replace("#Activity\t", "  # ACTIVITY  ") },
            { "h.txt", hugadb, "HuGaDB column line in upper case", hugadb.Replace(HugadbColumns, HugadbColumns.ToUpperInvariant()) },
            { "h.txt", hugadb, "HuGaDB rows ending in a tab", hugadb.Replace(HugadbRow(0), HugadbRow(0) + "\t").Replace(HugadbRow(1), HugadbRow(1) + " \t") },
            { "9-9_rf.txt", ipol, "IPOL rate line in lower case, spaced", ipol.Replace("Acquisition frequency: 100 Hz", "acquisition  frequency : 100 Hz") },
            { "9-9_rf.txt", ipol, "IPOL rate line in upper case, indented", ipol.Replace("Acquisition frequency: 100 Hz", " ACQUISITION\tFREQUENCY: 100 hz") },
            { "9-9_rf.txt", ipol, "IPOL column line in upper case", ipol.Replace("PacketCounter\tAcc_X", "PACKETCOUNTER\tacc_x").Replace("Gyr_Z", "GYR_Z") },
            { "9-9_rf.txt", ipol, "IPOL rows ending in a tab", ipol.Replace("0\t0\t0\n", "0\t0\t0\t\n") },
            { "imu.csv", gaitmap, "gaitmap header rows in upper case", gaitmap.Replace(GaitmapTwoRows, GaitmapTwoRows.ToUpperInvariant()) },
            { "imu.csv", gaitmap, "gaitmap sensor names in title case, spaced", gaitmap.Replace("right_sensor,", " Right_Sensor ,").Replace("axis,acc_x", "axis, Acc_X") },
            { "one.csv", single, "gaitmap single-sensor row in upper case", single.Replace(",acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z", ", ACC_X,ACC_Y,ACC_Z,GYR_X,GYR_Y,GYR_Z ") },
        };
        return data;
    }

    private static string NativeTraceTestsHeader() => CalfMonitor.Tests.Trace.NativeTraceTests.Header;

    [Theory]
    [MemberData(nameof(HeaderVariants))]
    public void Header_case_and_spacing_are_benign_variations(string name, string canonical, string variation, string text)
    {
        Assert.NotEqual(canonical, text);
        using var d = new TempDir();
        string a = Path.Combine(d.Path, "a"), b = Path.Combine(d.Path, "b");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        string fa = Path.Combine(a, name), fb = Path.Combine(b, name);
        File.WriteAllText(fa, canonical);
        File.WriteAllText(fb, text);
        Assert.Equal(SourceFactory.Sniff(fa), SourceFactory.Sniff(fb));
        using var ra = (IDisposable)SourceFactory.Open(fa, "auto", Leg.Right, null, null);
        using var rb = (IDisposable)SourceFactory.Open(fb, "auto", Leg.Right, null, null);
        var sa = ((ISampleSource)ra).ReadSamples().ToList();
        var sb = ((ISampleSource)rb).ReadSamples().ToList();
        Assert.Equal(2, sa.Count);
        Assert.True(sa.SequenceEqual(sb), variation);
        if (rb is NativeTraceReader n)
        {
            Assert.Equal(new[] { "label", "truth" }, n.Header.ExtraColumns);   // known columns keep their names: truth is still truth
            Assert.Equal("label", n.Info.LabelName);
        }
    }
}
