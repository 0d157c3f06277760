using CalfMonitor.SkipReasons;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;
using Xunit;

namespace CalfMonitor.Tests.Docs;

/// <summary>A plain <c>dotnet test</c> shows why each test was skipped (README), through the
/// skipreasons logger of test.runsettings.</summary>
public class SkipReasonLoggerTests
{
    private sealed class Events : TestLoggerEvents
    {
        public override event EventHandler<TestRunMessageEventArgs>? TestRunMessage { add { } remove { } }
        public override event EventHandler<TestRunStartEventArgs>? TestRunStart { add { } remove { } }
        public override event EventHandler<TestResultEventArgs>? TestResult;
        public override event EventHandler<TestRunCompleteEventArgs>? TestRunComplete;
        public override event EventHandler<DiscoveryStartEventArgs>? DiscoveryStart { add { } remove { } }
        public override event EventHandler<TestRunMessageEventArgs>? DiscoveryMessage { add { } remove { } }
        public override event EventHandler<DiscoveredTestsEventArgs>? DiscoveredTests { add { } remove { } }
        public override event EventHandler<DiscoveryCompleteEventArgs>? DiscoveryComplete { add { } remove { } }

        public void Result(string name, TestOutcome outcome, string? message)
        {
            var tc = new TestCase(name, new Uri("executor://xunit"), "tests.dll") { DisplayName = name };
            TestResult?.Invoke(this, new TestResultEventArgs(new TestResult(tc) { Outcome = outcome, ErrorMessage = message }));
        }

        public void Complete() => TestRunComplete?.Invoke(this, new TestRunCompleteEventArgs(null, false, false, null, null, TimeSpan.Zero));
    }

    [Fact]
    public void Prints_each_skip_with_its_reason_and_a_count_by_reason_at_the_end()
    {
        var output = new StringWriter();
        var events = new Events();
        new SkipReasonLogger(output).Initialize(events, "");
        events.Result("A.needs_data", TestOutcome.Skipped, "../shared/datasets not found");
        events.Result("A.passes", TestOutcome.Passed, null);
        events.Result("B.needs_data", TestOutcome.Skipped, "../shared/datasets not found");
        events.Result("C.needs_linux", TestOutcome.Skipped, "needs Linux\n(pseudo-terminals)");
        events.Complete();
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(new[]
        {
            "Skipped A.needs_data: ../shared/datasets not found",
            "Skipped B.needs_data: ../shared/datasets not found",
            "Skipped C.needs_linux: needs Linux (pseudo-terminals)",
            "skip reason: 2 skipped: ../shared/datasets not found",
            "skip reason: 1 skipped: needs Linux (pseudo-terminals)",
        }, lines);
    }

    [Fact]
    public void A_plain_dotnet_test_uses_it()
    {
        // The test platform loads loggers named *.TestLogger.dll from beside the tests, and the
        // run settings of a plain `dotnet test` turn this one on.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "CalfMonitor.SkipReasons.TestLogger.dll")));
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CalfMonitor.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        string settings = File.ReadAllText(Path.Combine(dir!.FullName, "tests", "CalfMonitor.Tests", "test.runsettings"));
        Assert.Contains($"friendlyName=\"{SkipReasonLogger.FriendlyName}\" enabled=\"True\"", settings);
        Assert.Contains("test.runsettings", File.ReadAllText(Path.Combine(dir.FullName, "tests", "CalfMonitor.Tests", "CalfMonitor.Tests.csproj")));
    }
}
