using BenchmarkDotNet.Attributes;
using CalfMonitor.Core;
using CalfMonitor.Core.Conditioning;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Rate;
using CalfMonitor.Core.Sedentary;
using CalfMonitor.Simulator.Bench;
using CalfMonitor.Simulator.Cli;

namespace CalfMonitor.Benchmarks;

/// <summary>
/// Each stage of the core over the embedded synthetic office hour (180 000 samples at 50 Hz),
/// reported per sample (or per second for the once-a-second stages). Every invocation builds the
/// stage afresh and feeds the whole trace, so the state evolves as on the device.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class StageBenchmarks
{
    private BenchTrace _trace = null!;
    private int[] _rates = null!;
    private int _seconds;

    [GlobalSetup]
    public void Setup()
    {
        _trace = BenchTrace.From("office hour", Inputs.OpenEmbedded());
        var c = new SignalConditioner(_trace.Sensor);
        var rates = new List<int>();
        for (int i = 0; i < _trace.Count; i++)
        {
            if (c.Condition(_trace.T[i], _trace.Ax[i], _trace.Ay[i], _trace.Az[i], _trace.Gx[i], _trace.Gy[i], _trace.Gz[i], out int rate) != SignalConditioner.NoOutput) rates.Add(rate);
        }
        _rates = rates.ToArray();
        _seconds = (_trace.T[^1] - _trace.T[0]) / 1000;
    }

    private const int Samples = 180_000;

    [Benchmark(OperationsPerInvoke = Samples, Description = "SignalConditioner.Condition (per sample)")]
    public int Condition()
    {
        var t = _trace;
        var c = new SignalConditioner(t.Sensor);
        int sum = 0;
        for (int i = 0; i < Samples; i++)
        {
            if (c.Condition(t.T[i], t.Ax[i], t.Ay[i], t.Az[i], t.Gx[i], t.Gy[i], t.Gz[i], out int rate) != SignalConditioner.NoOutput) sum += rate;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Samples, Description = "PlantarflexionDetector.Update (per sample)")]
    public int Detect()
    {
        var d = new PlantarflexionDetector(_trace.Sensor, new MonitorSettings());
        int n = 0;
        var r = _rates;
        for (int i = 0; i < r.Length; i++) if (d.Update(r[i])) n++;
        for (int i = r.Length; i < Samples; i++) if (d.Update(0)) n++;
        return n;
    }

    [Benchmark(OperationsPerInvoke = 3600, Description = "ActivationRateMeter.CloseSecond (per second)")]
    public int RateMeter()
    {
        var m = new ActivationRateMeter();
        int n = 0;
        for (int s = 0; s < 3600; s++)
        {
            if (s % 3 == 0) m.CountActivation();
            if (m.CloseSecond()) n++;
            n += m.ActivationsLastMinute;
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = Samples, Description = "AlertPolicy.Advance + Evaluate, SedentaryTracker (per sample)")]
    public int Policy()
    {
        var p = new AlertPolicy(new MonitorSettings());
        var t = _trace.T;
        p.Start(t[0]);
        int n = 0;
        for (int i = 1; i < Samples; i++)
        {
            p.Advance(t[i]);
            if (i % 5000 == 0) p.OnActivation(t[i]);
            n += p.Evaluate(t[i]);
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = Samples, Description = "CalfPumpMonitor.OnSample, whole pipeline (per sample)")]
    public int Monitor()
    {
        var t = _trace;
        var m = new CalfPumpMonitor(t.Sensor, new MonitorSettings(), new NullListener());
        for (int i = 0; i < Samples; i++) m.OnSample(t.T[i], t.Ax[i], t.Ay[i], t.Az[i], t.Gx[i], t.Gy[i], t.Gz[i]);
        return m.Activations;
    }
}
