namespace CalfMonitor.Tests;

/// <summary>Where the repository is, seen from the test binaries.</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds CalfMonitor.sln.</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CalfMonitor.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (CalfMonitor.sln) not found above the test binaries");
    }
}
