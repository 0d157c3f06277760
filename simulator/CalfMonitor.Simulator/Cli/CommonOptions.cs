using CalfMonitor.Core.Sensing;
using System.CommandLine;

namespace CalfMonitor.Simulator.Cli;

/// <summary>Options shared by the commands that read recordings (replay, check, convert, evaluate).</summary>
public sealed class InputOptions
{
    public Option<string> InputFormat { get; } = new("--input-format")
    {
        Description = "Input format: native (calfmon trace), hugadb, ipol, gaitmap, or auto (sniff the file)",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string> Leg { get; } = new("--leg")
    {
        Description = "Which leg's sensor to read from a dataset file: left or right (an IPOL foot file, _lf or _rf, is read as its own leg when not given)",
        DefaultValueFactory = _ => "right",
    };

    public Option<string?> Sensor { get; } = new("--sensor")
    {
        Description = "Sensor site: shin (shank) or foot. Native traces name it in their header; HuGaDB defaults to shin",
    };

    public Option<double?> Rate { get; } = new("--rate")
    {
        Description = "Sample rate of the input in Hz where the file does not say (HuGaDB: 58.8)",
    };

    public Option<int> DeviceRate { get; } = new("--device-rate")
    {
        Description = "Firmware sample rate the input is converted to, Hz",
        DefaultValueFactory = _ => SensorConfig.DefaultSampleRateHz,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(InputFormat);
        command.Options.Add(Leg);
        command.Options.Add(Sensor);
        command.Options.Add(Rate);
        command.Options.Add(DeviceRate);
    }

    public InputSelection Read(ParseResult p)
    {
        // Option values in any case (LEFT, Native), as --sensor and the files' own names are.
        string leg = (p.GetValue(Leg) ?? "right").Trim().ToLowerInvariant();
        if (leg is not ("left" or "right")) throw new UsageException($"--leg must be left or right, not '{leg}'");
        MountingSite? site = p.GetValue(Sensor) is { } name ? Sites.Parse("--sensor", name) : null;
        string format = (p.GetValue(InputFormat) ?? "auto").Trim().ToLowerInvariant();
        if (format is not ("auto" or "native" or "hugadb" or "ipol" or "gaitmap"))
        {
            throw new UsageException($"unknown --input-format '{format}': use native, hugadb, ipol, gaitmap or auto");
        }
        double? rate = p.GetValue(Rate);
        if (rate is { } r && (double.IsNaN(r) || r < 1 || r > 10000)) throw new UsageException($"--rate must be between 1 and 10000 Hz, not {r}");
        int deviceRate = p.GetValue(DeviceRate);
        if (deviceRate < SensorConfig.MinSampleRateHz || deviceRate > SensorConfig.MaxSampleRateHz)
        {
            throw new UsageException($"--device-rate must be between {SensorConfig.MinSampleRateHz} and {SensorConfig.MaxSampleRateHz} Hz, not {deviceRate}");
        }
        bool legGiven = p.GetResult(Leg) is { Implicit: false };
        return new InputSelection(format, leg == "left", site, rate, deviceRate, legGiven);
    }
}

/// <summary>The one set of names of a sensor site, for every command and file that names one.</summary>
public static class Sites
{
    /// <summary>shin or shank (the same site), or foot; null for any other name.</summary>
    public static MountingSite? TryParse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "shin" or "shank" => MountingSite.Shank,
        "foot" => MountingSite.Foot,
        _ => null,
    };

    /// <summary>What is accepted, for messages.</summary>
    public const string Accepted = "shin (or shank) or foot";

    /// <summary>The site <paramref name="name"/> names, or a usage error naming <paramref name="option"/>.</summary>
    public static MountingSite Parse(string option, string name) =>
        TryParse(name) ?? throw new UsageException($"{option} must be {Accepted}, not '{name}'");
}

/// <summary>The validated input options.</summary>
/// <param name="LegGiven">--leg was on the command line (not its default): a native trace, which
/// holds one sensor, says it is ignored rather than ignoring it without a word.</param>
public sealed record InputSelection(string Format, bool LeftLeg, MountingSite? Site, double? RateHz, int DeviceRateHz, bool LegGiven = false);
