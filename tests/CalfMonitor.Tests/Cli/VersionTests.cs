using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace CalfMonitor.Tests.Cli;

/// <summary>Every commit builds a higher version, 0.2.&lt;commit height&gt;, so that
/// <c>dotnet tool update</c> picks a rebuild up (Directory.Build.props).</summary>
public class VersionTests
{
    [SkippableFact]
    public void Version_is_the_commit_height_of_the_built_tree()
    {
        // As its own process: in-process, --version would name the test host's version.
        string calfmon = Path.Combine(AppContext.BaseDirectory, "calfmon.dll");
        var (code, stdout) = Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", AppContext.BaseDirectory, calfmon, "--version");
        Assert.Equal(0, code);
        var m = Regex.Match(stdout, @"^0\.2\.(\d+)(\+[0-9a-f]+)?$");
        Assert.True(m.Success, $"calfmon --version printed '{stdout}', expected 0.2.<commit height>[+commit]");
        // The assembly and the package carry the same number.
        var info = FileVersionInfo.GetVersionInfo(calfmon);
        Assert.Equal($"0.2.{m.Groups[1].Value}.0", info.FileVersion);

        string? height = GitCommitHeight();
        Skip.If(height == null, "git or the repository's .git not available here: the build falls back to 0.2.0, not checked");
        Assert.True(m.Groups[1].Value == height,
            $"calfmon --version says 0.2.{m.Groups[1].Value}, but git rev-list --count HEAD is {height} (rebuild after committing)");
        Assert.True(int.Parse(height) > 0);
    }

    /// <summary>git rev-list --count HEAD in the repository the tests were built from, or null.</summary>
    private static string? GitCommitHeight()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CalfMonitor.sln"))) dir = dir.Parent;
        if (dir == null) return null;
        try
        {
            var (code, output) = Run("git", dir.FullName, "rev-list", "--count", "HEAD");
            return code == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;   // no git on PATH
        }
    }

    private static (int Code, string Stdout) Run(string program, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd().Trim();
        stderr.Wait();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
