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
}
