using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Evaluation;

/// <summary>
/// A recording started a few of its own samples late: the first <see cref="Samples"/> are left
/// out, every other sample keeps its time on the recording's clock, so the truth still lines up.
/// A robustness probe of <c>calfmon evaluate --shift</c>: the device's sampling grid, and the
/// moments at which the conditioner learns its axis, fall elsewhere on the same movements — as
/// they would for any recording that happened to start a moment earlier or later. How far the
/// scores move is the noise floor of a comparison between two detectors on these recordings.
/// </summary>
public sealed class LateStartSource : ISampleSource, IDisposable
{
    /// <summary>Most samples an evaluation may leave out: 20 at 100 Hz is 0.2 s, before the first
    /// scored event of every dataset here (IPOL, gaitmap and marpino recordings start standing;
    /// HuGaDB's segments are trimmed by 2 s at their edges).</summary>
    public const int MaxSamples = 20;

    private readonly ISampleSource _inner;

    public LateStartSource(ISampleSource inner, int samples)
    {
        if (samples < 1 || samples > MaxSamples) throw new ArgumentOutOfRangeException(nameof(samples));
        _inner = inner;
        Samples = samples;
        Info = inner.Info with { Description = inner.Info.Description + $", started {samples} sample{(samples == 1 ? "" : "s")} late" };
    }

    /// <summary>Samples of the recording left out at its start.</summary>
    public int Samples { get; }
    public string Path => _inner.Path;
    public SourceInfo Info { get; }
    public IReadOnlyList<string> Warnings => _inner.Warnings;
    public string Where() => _inner.Where();

    public IEnumerable<SourceSample> ReadSamples() => _inner.ReadSamples().Skip(Samples);

    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
