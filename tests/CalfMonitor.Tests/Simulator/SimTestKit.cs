using System.Text;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Tests.Simulator;

/// <summary>Small shared traces for the simulator tests, written once per test run.</summary>
public static class SimTestKit
{
    private static readonly Lazy<string> Dir = new(() =>
    {
        string dir = Directory.CreateTempSubdirectory("calfmon-sim-").FullName;
        // The hour is 7 MB: removed when the test run ends, not left behind by every run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        };
        return dir;
    });
    private static readonly Lazy<string> HourLazy = new(() =>
    {
        string path = Path.Combine(Dir.Value, "office-hour.trace.csv");
        SyntheticTrace.Write(path, SyntheticTrace.OfficeHour);
        return path;
    });

    /// <summary>A synthetic office hour (one alert near 30 min, two walks). Do not modify.</summary>
    public static string OfficeHour => HourLazy.Value;

    /// <summary>Copies the office hour into <paramref name="dir"/> under <paramref name="name"/>.</summary>
    public static string CopyOfficeHour(TempDir dir, string name = "office.trace.csv")
    {
        string path = Path.Combine(dir.Path, name);
        File.Copy(OfficeHour, path);
        return path;
    }

    public static bool HasEscape(string s) => s.Contains('\u001b');
}
