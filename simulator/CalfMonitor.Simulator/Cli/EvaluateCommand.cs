using System.CommandLine;
using System.Diagnostics;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Evaluation;

namespace CalfMonitor.Simulator.Cli;

/// <summary>
/// <c>calfmon evaluate --dataset hugadb|ipol|gaitmap|marpino PATH…</c>: measures the detector against the
/// truth of the shared datasets, on what the device would see (docs/validation.md).
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Dataset files or folders (e.g. ../shared/datasets/ipol-foot)",
            Arity = ArgumentArity.OneOrMore,
        };
        var dataset = new Option<string>("--dataset")
        {
            Description = "Which dataset the paths belong to: hugadb, ipol, gaitmap or marpino; or sites: how often the mounting-site guess is right on every recording under the paths",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print JSON (per-file rows, overall, targets, excluded files) for CI" };
        var rotate = new Option<int>("--rotate")
        {
            Description = "Also evaluate under N random fixed sensor rotations and report the worst change",
            DefaultValueFactory = _ => 0,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the random rotations and of the --gyro-offset signs", DefaultValueFactory = _ => 1 };
        var shift = new Option<int>("--shift")
        {
            Description = $"Also evaluate N more times, each recording started 1…N of its own samples late (at most {LateStartSource.MaxSamples}), and report how far the scores move: the noise floor of a comparison on these recordings",
            DefaultValueFactory = _ => 0,
        };
        var plots = new Option<string?>("--plots") { Description = "Write PNG plots into this folder (made, with its parents, when missing)" };
        var deviceRate = new Option<int>("--device-rate")
        {
            Description = "Firmware sample rate the recordings are converted to, Hz",
            DefaultValueFactory = _ => SensorConfig.DefaultSampleRateHz,
        };
        var gyroScale = new Option<double>("--gyro-scale")
        {
            Description = $"Scale every gyro reading by this factor ({GyroScaledSource.MinScale}–{GyroScaledSource.MaxScale}) before the device sees it: the same movements, smaller and slower, as an older walker makes (a robustness probe)",
            DefaultValueFactory = _ => 1.0,
        };
        var timeScale = new Option<double>("--time-scale")
        {
            Description = $"Replay every recording this many times as slow ({TimeScaledSource.MinScale}–{TimeScaledSource.MaxScale}): the same movements, as far, at a slower walker's cadence (a robustness probe)",
            DefaultValueFactory = _ => 1.0,
        };
        var gyroOffset = new Option<double>("--gyro-offset")
        {
            Description = $"Add this zero-rate offset, °/s (0–{GyroOffsetSource.MaxDps}; the MPU6050 allows up to 20), to every gyro axis, its sign per axis and recording drawn from --seed: a real chip's offset, which the datasets' sensors do not have (a robustness probe)",
            DefaultValueFactory = _ => 0.0,
        };
        var configuredSite = new Option<string>("--configured-site")
        {
            Description = "worn (default): the device configured for the site each sensor was worn at; other: for the other one (a foot sensor run as a shank strap, a shank sensor as a shoe clip), as a wearer who never set the mounting has it (a robustness probe)",
            DefaultValueFactory = _ => "worn",
        };
        var insolePressure = new Option<string?>("--insole-pressure")
        {
            Description = "marpino only: the EstimatedData folder of the upstream Marpino/Walking-dataset, whose Press.csv (toe and heel pressure) adds a diagnostic: misses of a foot that never left the ground, standing activations on a foot lift no toe-off registers",
        };
        var cmd = new Command("evaluate", "Measure detection against the datasets' truth: event F1 (IPOL, gaitmap, marpino), rate error and false activations (HuGaDB)")
        {
            paths, dataset, json, rotate, seed, shift, plots, deviceRate, gyroScale, timeScale, gyroOffset, configuredSite, insolePressure,
        };

        var failOnTarget = new Option<bool>("--fail-on-target") { Description = "Exit with code 1 when a target is NOT MET or a recording could not be read (for CI)" };
        cmd.Options.Add(failOnTarget);
        cmd.SetAction(p => CliErrors.Guard(p, (stdout, stderr) =>
        {
            string ds = (p.GetValue(dataset) ?? "").Trim().ToLowerInvariant();
            if (ds is not ("hugadb" or "ipol" or "gaitmap" or "marpino" or "sites")) throw new UsageException($"--dataset must be hugadb, ipol, gaitmap, marpino or sites, not '{p.GetValue(dataset)}'");
            int n = p.GetValue(rotate);
            if (n < 0 || n > 100) throw new UsageException($"--rotate must be between 0 and 100, not {n}");
            int late = p.GetValue(shift);
            if (late < 0 || late > LateStartSource.MaxSamples) throw new UsageException($"--shift must be between 0 and {LateStartSource.MaxSamples}, not {late}");
            int rate = p.GetValue(deviceRate);
            if (rate < SensorConfig.MinSampleRateHz || rate > SensorConfig.MaxSampleRateHz)
            {
                throw new UsageException($"--device-rate must be between {SensorConfig.MinSampleRateHz} and {SensorConfig.MaxSampleRateHz} Hz");
            }
            double scale = p.GetValue(gyroScale);
            if (!(scale >= GyroScaledSource.MinScale && scale <= GyroScaledSource.MaxScale))
            {
                throw new UsageException($"--gyro-scale must be between {GyroScaledSource.MinScale} and {GyroScaledSource.MaxScale}, not {scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
            double slow = p.GetValue(timeScale);
            if (!(slow >= TimeScaledSource.MinScale && slow <= TimeScaledSource.MaxScale))
            {
                throw new UsageException($"--time-scale must be between {TimeScaledSource.MinScale} and {TimeScaledSource.MaxScale}, not {slow.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
            double offset = p.GetValue(gyroOffset);
            if (!(offset >= 0 && offset <= GyroOffsetSource.MaxDps))
            {
                throw new UsageException($"--gyro-offset must be between 0 and {GyroOffsetSource.MaxDps} °/s, not {offset.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
            string configured = (p.GetValue(configuredSite) ?? "").Trim().ToLowerInvariant();
            if (configured is not ("worn" or "other")) throw new UsageException($"--configured-site must be worn or other, not '{p.GetValue(configuredSite)}'");
            bool otherSite = configured == "other";
            string? pressureDir = p.GetValue(insolePressure);
            if (pressureDir != null)
            {
                if (ds != "marpino") throw new UsageException("--insole-pressure goes with --dataset marpino");
                if (!Directory.Exists(pressureDir)) throw new UsageException($"{pressureDir}: no such folder (--insole-pressure wants the upstream release's EstimatedData folder)");
            }
            if (p.GetValue(plots) is { } plotFolder)
            {
                // Checked before minutes of evaluation, not after: a folder (made, with its parents, when missing).
                Inputs.RequirePath("--plots", plotFolder);
                if (File.Exists(plotFolder)) throw new UsageException($"--plots {plotFolder}: is a file; give a folder for the plots (it is made if missing)");
            }
            string[] inputs = p.GetValue(paths) ?? Array.Empty<string>();
            foreach (var path in inputs)
            {
                Inputs.RejectUnknownOption(path);
                if (!File.Exists(path) && !Directory.Exists(path) && !(ds == "ipol" && File.Exists(path + ".json")))
                {
                    throw new UsageException($"{path}: no such file or folder");
                }
            }
            if (ds == "sites")
            {
                if (scale != 1.0) throw new UsageException("--gyro-scale applies to the datasets' truth, not to --dataset sites");
                if (late != 0) throw new UsageException("--shift applies to the datasets' truth, not to --dataset sites");
                if (slow != 1.0) throw new UsageException("--time-scale applies to the datasets' truth, not to --dataset sites");
                if (offset != 0) throw new UsageException("--gyro-offset applies to the datasets' truth, not to --dataset sites");
                if (otherSite) throw new UsageException("--configured-site applies to the datasets' truth, not to --dataset sites (which replays every sensor configured for the other site already)");
                var excluded = new List<string>();
                var runs = Progress.Run(new ProgressState($"evaluate sites{Passes(n, 0)}", 0), stderr,
                    _ => SiteGuessEvaluation.Run(SiteGuessEvaluation.Channels(inputs), rate, n, p.GetValue(seed), excluded));
                stdout.Write(p.GetValue(json) ? SiteGuessEvaluation.Json(runs, excluded) + "\n"
                    : SiteGuessEvaluation.Text(runs, excluded));
                return CliErrors.Ok;
            }
            string? plotDir = p.GetValue(plots);
            // On a terminal, a bar over the passes (as recorded, each rotation, each start phase): a
            // whole dataset takes seconds, with --rotate and --shift minutes.
            int passes = 1 + n + late;
            var progress = new ProgressState($"evaluate {ds}{Passes(n, late)}", passes > 1 ? passes : 0);
            var result = Progress.Run(progress, stderr,
                st => Run(ds, inputs, rate, n, p.GetValue(seed), plotDir != null, scale, pressureDir, late, slow, offset, otherSite, st));
            NoRecordingsIsBadInput(ds, inputs, result);
            // A pressure file that cannot be read is bad input: one message, exit 2.
            if (result.Events?.Rows.Select(r => r.InsoleError).FirstOrDefault(e => e != null) is { } badPressure) throw badPressure;
            if (plotDir != null)
            {
                Directory.CreateDirectory(plotDir);
                foreach (var f in EvaluationPlots.Write(result, plotDir)) stderr.WriteLine($"calfmon: wrote {f}");
            }
            stdout.Write(p.GetValue(json) ? EvaluationReport.Json(result) + "\n" : EvaluationReport.Text(result));
            if (!p.GetValue(failOnTarget)) return CliErrors.Ok;
            bool failed = false;
            if (result.TargetChecks().Any(t => !t.Met))
            {
                stderr.WriteLine($"calfmon: targets not met: {string.Join("; ", result.TargetChecks().Where(t => !t.Met).Select(t => t.Name))} (--fail-on-target)");
                failed = true;
            }
            // A recording that could not be read is not scored: the targets above say nothing of it,
            // and a gate that passed over a corrupt file would pass on less than it was given.
            // (Files left out by design — no truth, too short, a copy — do not fail it.)
            foreach (var e in result.Excluded.Where(e => e.Unreadable))
            {
                stderr.WriteLine($"calfmon: could not be read: {(e.Reason.StartsWith(e.File, StringComparison.Ordinal) ? e.Reason : $"{e.File}: {e.Reason}")} (--fail-on-target)");
                failed = true;
            }
            return failed ? CliErrors.Failed : CliErrors.Ok;
        }));
        return HelpExamples.Register(cmd, HelpExamples.Evaluate);
    }

    /// <summary>The passes an evaluation makes besides the one as recorded, for the progress bar's label.</summary>
    private static string Passes(int rotations, int lateStarts) =>
        (rotations > 0 ? $", {rotations} rotation{(rotations == 1 ? "" : "s")}" : "")
        + (lateStarts > 0 ? $", {lateStarts} start phase{(lateStarts == 1 ? "" : "s")}" : "");

    /// <summary>Paths that hold no recording of the named dataset are bad input, not a score of 0.</summary>
    private static void NoRecordingsIsBadInput(string dataset, string[] inputs, DatasetEvaluation result)
    {
        int rows = result.Events?.Rows.Count ?? result.Hugadb?.Rows.Count ?? 0;
        if (rows > 0) return;
        var excluded = result.Excluded;
        string why = excluded.Count > 0 ? $"; {excluded.Count} excluded, e.g. {excluded[0].Reason}" : "";
        throw new UsageException($"no {dataset} recordings found in {string.Join(", ", inputs)}{why} (is --dataset right?)");
    }

    /// <summary>Evaluates one dataset, then again under <paramref name="rotations"/> random rotations
    /// and with every recording started 1…<paramref name="lateStarts"/> samples late; with
    /// <paramref name="otherSite"/>, every run with the device configured for the other site than its sensor's.</summary>
    public static DatasetEvaluation Run(string dataset, IReadOnlyList<string> paths, int deviceRateHz = SensorConfig.DefaultSampleRateHz,
        int rotations = 0, int seed = 1, bool record = false, double gyroScale = 1.0, string? insolePressureDir = null, int lateStarts = 0,
        double timeScale = 1.0, double gyroOffsetDps = 0, bool otherSite = false, ProgressState? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var opt = new EvaluationOptions(deviceRateHz, null, record, gyroScale, insolePressureDir, TimeScale: timeScale,
            GyroOffsetDps: gyroOffsetDps, GyroOffsetSeed: seed, OtherSite: otherSite);
        var result = Evaluate(dataset, paths, opt);
        int passesDone = 1;
        if (progress != null) progress.Done = passesDone;
        result.GyroScale = gyroScale;
        result.TimeScale = timeScale;
        result.GyroOffsetDps = gyroOffsetDps;
        result.OtherSite = otherSite;
        if (gyroOffsetDps != 0) result.Seed = seed;
        if (rotations > 0)
        {
            result.Seed = seed;
            var rng = new Random(seed);
            var baseLine = result.Headline;
            for (int i = 1; i <= rotations; i++)
            {
                var m = RotatedSource.RandomRotation(rng);
                var r = Evaluate(dataset, paths, opt with { Rotation = m, Record = false, InsolePressureDir = null }).Headline;
                result.Rotations.Add(new RotationRun(i, RotatedSource.AngleDeg(m), r,
                    r.F1 - baseLine.F1, r.CadenceMapePct - baseLine.CadenceMapePct, r.FalsePerMinSitStand - baseLine.FalsePerMinSitStand,
                    r.Foot?.CadenceMapePct - baseLine.Foot?.CadenceMapePct, r.Foot?.FalsePerMinSitStand - baseLine.Foot?.FalsePerMinSitStand));
                if (progress != null) progress.Done = ++passesDone;
            }
        }
        for (int k = 1; k <= lateStarts; k++)
        {
            var e = Evaluate(dataset, paths, opt with { Record = false, InsolePressureDir = null, LateStartSamples = k });
            var h = e.Headline;
            var b = result.Headline;
            result.LateStarts.Add(new LateStartRun(k, h, e.Events?.Overall, e.Events?.CountedTwice,
                h.F1 - b.F1, h.CadenceMapePct - b.CadenceMapePct, h.FalsePerMinSitStand - b.FalsePerMinSitStand,
                h.Foot?.CadenceMapePct - b.Foot?.CadenceMapePct, h.Foot?.FalsePerMinSitStand - b.Foot?.FalsePerMinSitStand));
            if (progress != null) progress.Done = ++passesDone;
        }
        result.ElapsedS = clock.Elapsed.TotalSeconds;
        return result;
    }

    private static DatasetEvaluation Evaluate(string dataset, IReadOnlyList<string> paths, EvaluationOptions opt) => dataset switch
    {
        "ipol" => new DatasetEvaluation { Dataset = dataset, Events = IpolEvaluation.Evaluate(paths, opt) },
        "gaitmap" => new DatasetEvaluation { Dataset = dataset, Events = GaitmapEvaluation.Evaluate(paths, opt) },
        "marpino" => new DatasetEvaluation { Dataset = dataset, Events = MarpinoEvaluation.Evaluate(paths, opt) },
        _ => new DatasetEvaluation { Dataset = dataset, Hugadb = HugadbEvaluation.Evaluate(paths, opt) },
    };
}
