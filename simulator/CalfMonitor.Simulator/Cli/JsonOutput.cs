using System.Text.Encodings.Web;
using System.Text.Json;

namespace CalfMonitor.Simulator.Cli;

/// <summary>The options of every JSON calfmon writes (replay, evaluate and bench output, check
/// sidecars): indented, lines ending in "\n" on every platform, as traces do. The writers' own
/// default is Environment.NewLine: on Windows a sidecar would mix "\r\n" with the "\n" calfmon
/// ends it with, and differ byte for byte from the same sidecar written on Linux or macOS.</summary>
internal static class JsonOutput
{
    public const string NewLine = "\n";

    /// <param name="relaxedEscaping">Non-ASCII text (file names, descriptions) as it is, not as \u escapes.</param>
    public static JsonWriterOptions Writer(bool relaxedEscaping = false) => new()
    {
        Indented = true,
        NewLine = NewLine,
        Encoder = relaxedEscaping ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : null,
    };

    public static JsonSerializerOptions Serializer() => new() { WriteIndented = true, NewLine = NewLine };
}
