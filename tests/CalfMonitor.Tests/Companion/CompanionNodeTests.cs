using System.Diagnostics;
using Xunit;

namespace CalfMonitor.Tests.Companion;

/// <summary>
/// The page's own node tests (<c>node --test companion/test/</c>: every test vector decoded and
/// encoded by companion/js/protocol.js, and the Today chart and the Settings form on a small
/// stand-in for the DOM), run from the README's <c>dotnet test</c> so that one command checks both
/// sides of the protocol.
/// </summary>
public class CompanionNodeTests
{
    [SkippableFact]
    public void The_page_codec_passes_its_node_tests_on_every_vector()
    {
        string? node = FindOnPath("node");
        Skip.If(node == null, "node (Node.js) not on PATH: the companion page's node tests (node --test companion/test/: codec, chart, settings) need it");
        var psi = new ProcessStartInfo(node!)
        {
            WorkingDirectory = CompanionVectorTests.RepoRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("--test");
        psi.ArgumentList.Add("companion/test/");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "node --test companion/test/ did not finish within 120 s");
        Assert.True(p.ExitCode == 0, $"node --test companion/test/ exited {p.ExitCode}:\n{stdout}\n{stderr.Result}");
        // The runner really ran the vector tests (not an empty folder).
        Assert.Matches(@"(?m)^# pass [1-9][0-9]*$", stdout);
        Assert.Matches(@"(?m)^# fail 0$", stdout);
    }

    private static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
