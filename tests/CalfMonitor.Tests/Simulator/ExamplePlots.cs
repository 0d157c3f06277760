using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Simulator;

/// <summary>Writes example plots for a person to look at when CALFMON_PLOT_DIR is set (skipped otherwise).</summary>
public class ExamplePlots
{
    [SkippableFact]
    public void WritesExamplePlotsWhenAsked()
    {
        string? dir = Environment.GetEnvironmentVariable("CALFMON_PLOT_DIR");
        Skip.If(string.IsNullOrEmpty(dir), "set CALFMON_PLOT_DIR to write example plots");
        Directory.CreateDirectory(dir!);
        string hour = Path.Combine(dir!, "synthetic-hour.trace.csv");
        SyntheticTrace.Write(hour, SyntheticTrace.OfficeHour);
        Assert.Equal(0, CliRunner.Run("replay", hour, "--plot", Path.Combine(dir!, "synthetic-hour.png")).ExitCode);
        string day = Path.Combine(dir!, "synthetic-day.trace.csv");
        SyntheticTrace.Write(day, SyntheticTrace.Day(9));
        Assert.Equal(0, CliRunner.Run("replay", day, "--plot", Path.Combine(dir!, "synthetic-day.png")).ExitCode);
    }
}
