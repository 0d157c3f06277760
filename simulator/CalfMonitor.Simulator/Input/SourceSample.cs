using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Simulator.Input;

/// <summary>
/// One sample as a recording holds it, in physical units: acceleration in g (with gravity),
/// angular rate in °/s, time in seconds from the recording's own clock.
/// </summary>
/// <param name="Row">0-based index of the data row in the input file (not counting header lines).</param>
/// <param name="TimeS">Time of the sample, seconds.</param>
/// <param name="Label">Ground-truth label for this sample, if the recording has one.</param>
public readonly record struct SourceSample(
    long Row, double TimeS,
    double AxG, double AyG, double AzG,
    double GxDps, double GyDps, double GzDps,
    string? Label);

/// <summary>What a reader knows about a recording before its samples are read.</summary>
/// <param name="Format">native, hugadb, ipol or gaitmap.</param>
/// <param name="RateHz">The recording's sample rate.</param>
/// <param name="Site">Where the sensor sat (shank or foot).</param>
/// <param name="Description">Source / device / channel description for reports.</param>
/// <param name="LabelName">Name of the ground-truth column, or null.</param>
public sealed record SourceInfo(string Format, double RateHz, MountingSite Site, string Description, string? LabelName);

/// <summary>
/// A recording that can be read once, front to back, in constant memory. Readers validate as
/// they go and throw <see cref="InputException"/> for anything malformed; benign oddities are
/// reported through <see cref="Warnings"/>. Gaps in the timestamps are told by
/// <see cref="DeviceSignalAdapter"/> (one definition, shared with the core), not by the readers.
/// </summary>
public interface ISampleSource
{
    /// <summary>The file as the user named it.</summary>
    string Path { get; }

    /// <summary>Header information (available once the source is opened).</summary>
    SourceInfo Info { get; }

    /// <summary>Warnings found so far (values out of range in unread channels…), each naming file and line.</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>The samples, in time order. Enumerate once.</summary>
    IEnumerable<SourceSample> ReadSamples();

    /// <summary>Where the sample last read came from, for messages: FILE:LINE where the reader
    /// knows the line, else the file.</summary>
    string Where() => Path;
}
