using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace CalfMonitor.SkipReasons;

/// <summary>
/// Prints each skipped test with its reason as it is skipped, and at the end of the run one line
/// per reason with the number of tests it skipped ("skipped 12: ../shared/datasets not found …").
/// </summary>
[FriendlyName(FriendlyName)]
[ExtensionUri(ExtensionUri)]
public sealed class SkipReasonLogger : ITestLoggerWithParameters
{
    public const string FriendlyName = "skipreasons";
    public const string ExtensionUri = "logger://CalfMonitor/SkipReasons/v1";

    /// <summary>Prefix of the closing lines, for scripts (.ci/run).</summary>
    public const string SummaryPrefix = "skip reason:";

    private readonly TextWriter _out;
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _byReason = new(StringComparer.Ordinal);

    public SkipReasonLogger() : this(Console.Out) { }

    /// <summary>Writes to <paramref name="output"/> (tests).</summary>
    public SkipReasonLogger(TextWriter output) => _out = output;

    public void Initialize(TestLoggerEvents events, Dictionary<string, string?> parameters) => Initialize(events, testRunDirectory: "");

    public void Initialize(TestLoggerEvents events, string testRunDirectory)
    {
        events.TestResult += (_, e) =>
        {
            if (e.Result.Outcome != TestOutcome.Skipped) return;
            string reason = Reason(e.Result);
            lock (_gate)
            {
                _byReason[reason] = _byReason.GetValueOrDefault(reason) + 1;
                _out.WriteLine($"  Skipped {e.Result.TestCase.DisplayName}: {reason}");
            }
        };
        events.TestRunComplete += (_, _) =>
        {
            lock (_gate)
            {
                if (_byReason.Count == 0) return;
                _out.WriteLine();
                foreach (var (reason, n) in _byReason.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    _out.WriteLine($"{SummaryPrefix} {n} skipped: {reason}");
                }
            }
        };
    }

    /// <summary>The skip reason: xunit gives it as the result's message (a dynamic skip from
    /// Xunit.SkippableFact, or a [Fact(Skip = …)]).</summary>
    private static string Reason(TestResult result)
    {
        string? text = result.ErrorMessage;
        if (string.IsNullOrWhiteSpace(text))
        {
            text = result.Messages.Select(m => m.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        }
        return string.IsNullOrWhiteSpace(text) ? "(no reason given)" : text.Trim().ReplaceLineEndings(" ");
    }
}
