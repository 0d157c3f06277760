using CalfMonitor.Simulator.Input;
using CalfMonitor.Tests.Cli;
using CalfMonitor.Tests.Datasets;
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
        long marked = reader.ReadRows().Count(r => r.Extra![truth] == "1");
        Assert.InRange(marked, trial.RightFootEvents.Count / 2, trial.RightFootEvents.Count);   // toe-offs inside packet-loss gaps are not marked
        Assert.True(marked > 0);
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
        Assert.False(File.Exists(output + ".tmp"));
        Assert.Equal(2, CliRunner.Run("convert", SimTestKit.OfficeHour).ExitCode);   // --out is required
    }
}
