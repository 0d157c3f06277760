using System.CommandLine;
using System.Text;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Simulator.Synthesis;

namespace CalfMonitor.Simulator.Cli;

/// <summary>
/// <c>calfmon synth SCENARIO [--minutes N] [--seed S] [--sensor shank|foot] [--rate HZ] --out FILE</c>:
/// writes a synthetic native trace with <c>label</c> and <c>truth</c> columns (docs/synthesis.md).
/// </summary>
public static class SynthCommand
{
    /// <summary>Exit code for bad usage (unknown scenario, bad option value).</summary>
    public const int UsageError = 2;

    /// <summary>Longest trace synth writes, minutes: a week (7 × 1440), past every real use (the
    /// docs and tests go up to a 24-hour day, 1440) and about 1.2 GB at 50 Hz (4.7 GB at 200 Hz); a
    /// typo such as <c>--minutes 100000</c> (70 days, 11.6 GB at 50 Hz) is refused before a byte is written.</summary>
    public const int MaxMinutes = 7 * 1440;

    public static Command Create()
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "Scenario: " + string.Join(", ", Scenario.All.Select(s => s.Name)),
        };
        var minutes = new Option<int?>("--minutes") { Description = $"Length in minutes, 1 to {MaxMinutes} (a week; default: the scenario's own)" };
        var seed = new Option<int>("--seed") { Description = "Random seed; same seed, same bytes", DefaultValueFactory = _ => 1 };
        var sensor = new Option<string>("--sensor") { Description = "Sensor site: shin (or shank) or foot", DefaultValueFactory = _ => "shank" };
        var rate = new Option<int>("--rate") { Description = "Sample rate, Hz", DefaultValueFactory = _ => SensorConfig.DefaultSampleRateHz };
        var mounting = new Option<double?>("--mounting") { Description = "Board rotation about the limb axis, degrees (default: from the seed)" };
        var output = new Option<string>("--out") { Description = "Output file, '-' for stdout", Required = true };

        var cmd = new Command("synth", "Write a synthetic IMU trace with ground truth (docs/synthesis.md)")
        {
            scenario, minutes, seed, sensor, rate, mounting, output,
        };
        cmd.SetAction(p =>
        {
            var stderr = p.InvocationConfiguration.Error;
            string name = p.GetValue(scenario)!;
            var found = Scenario.Find(name);
            if (found == null)
            {
                stderr.WriteLine($"calfmon: unknown scenario '{name}'; the scenarios are:");
                foreach (var s in Scenario.All) stderr.WriteLine($"  {s.Name,-17} {s.Description}");
                return UsageError;
            }
            string siteName = p.GetValue(sensor)!;
            if (Sites.TryParse(siteName) is not { } site)
            {
                stderr.WriteLine($"calfmon: --sensor must be {Sites.Accepted}, not '{siteName}'");
                return UsageError;
            }
            int? n = p.GetValue(minutes);
            if (n is <= 0 or > MaxMinutes)
            {
                stderr.WriteLine($"calfmon: --minutes must be a whole number from 1 to {MaxMinutes} (a week), not {n}");
                return UsageError;
            }
            int hz = p.GetValue(rate);
            if (hz < SensorConfig.MinSampleRateHz || hz > SensorConfig.MaxSampleRateHz)
            {
                stderr.WriteLine($"calfmon: --rate must be a whole number from {SensorConfig.MinSampleRateHz} to {SensorConfig.MaxSampleRateHz} Hz, not {hz}");
                return UsageError;
            }
            double? about = p.GetValue(mounting);
            if (about is { } deg && (!double.IsFinite(deg) || Math.Abs(deg) > 360))
            {
                // NaN or an infinity turned every sample into 0 (a "stuck" sensor); 1e308 likewise.
                stderr.WriteLine($"calfmon: --mounting must be an angle from -360 to 360 degrees, not {deg.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                return UsageError;
            }
            string file = p.GetValue(output)!;
            try
            {
                Inputs.CheckOutputFile("--out", file);
            }
            catch (UsageException e)
            {
                stderr.WriteLine($"calfmon: {e.Message}");
                return UsageError;
            }
            var options = new SynthOptions
            {
                Seed = p.GetValue(seed),
                Site = site,
                RateHz = hz,
                Minutes = n,
                AboutLimbDeg = about,
            };
            var trace = new SyntheticTrace(found, options);
            try
            {
                if (file == "-")
                {
                    var stdout = p.InvocationConfiguration.Output;
                    if (ReferenceEquals(stdout, Console.Out))
                    {
                        // Console.Out flushes every write: stream through a buffered writer instead.
                        using var raw = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
                        trace.Write(raw);
                    }
                    else
                    {
                        trace.Write(stdout);
                    }
                }
                else
                {
                    // Through a temporary file renamed when complete (as convert writes): killed, or
                    // on a full disk, synth left a trace with a cut last row where a good one was.
                    using (var output = OutputFile.Create("--out", file))
                    {
                        trace.Write(output.Writer);
                        output.Commit();
                    }
                    // As convert does: say what was written (a file; '-' keeps stderr for errors).
                    stderr.WriteLine($"calfmon: wrote {file} ({found.Name}, {trace.Minutes.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} min at {hz} Hz, {(site == MountingSite.Foot ? "foot" : "shank")})");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"calfmon: --out {file}: cannot be written ({Input.IoWords.Why(e)})");
                return UsageError;
            }
            catch (UsageException e)
            {
                stderr.WriteLine($"calfmon: {e.Message}");
                return UsageError;
            }
            return 0;
        });
        return HelpExamples.Register(cmd, HelpExamples.Synth);
    }
}
