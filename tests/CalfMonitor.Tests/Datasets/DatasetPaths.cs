using System.Text;
using Xunit;

namespace CalfMonitor.Tests.Datasets;

/// <summary>
/// Finds the shared recordings (<c>shared/datasets</c>, beside the repository — never inside it)
/// by walking up from the test binaries. Tests that need them skip visibly when they are absent.
/// </summary>
public static class DatasetPaths
{
    /// <summary>Message shown by every skipped dataset test.</summary>
    public const string MissingMessage = "../shared/datasets not found beside the repository (walked up from the test binaries): dataset test skipped";

    private static readonly Lazy<string?> RootLazy = new(Find);

    /// <summary>The datasets folder, or null when it cannot be found.</summary>
    public static string? Root => RootLazy.Value;

    public static string Hugadb => Path.Combine(Root ?? "", "hugadb");
    public static string Ipol => Path.Combine(Root ?? "", "ipol-foot");
    public static string Gaitmap => Path.Combine(Root ?? "", "gaitmap");

    /// <summary>Skips the calling test when the datasets (or one of them) are absent.</summary>
    public static void RequireDatasets(string? sub = null)
    {
        Skip.If(Root == null, MissingMessage);
        if (sub != null) Skip.IfNot(Directory.Exists(Path.Combine(Root!, sub)), $"{Path.Combine(Root!, sub)} not found: dataset test skipped");
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
