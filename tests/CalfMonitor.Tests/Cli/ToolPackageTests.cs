using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace CalfMonitor.Tests.Cli;

/// <summary>README, "calfmon also installs as a .NET tool": the package <c>dotnet pack</c> makes installs with
/// <c>dotnet tool install</c>, and the installed calfmon carries what a build from the repository has — the
/// embedded office-hour trace, the plotting library's native part, the companion page. The doc-command tests
/// do not install tools for the user, so this test installs into a folder of its own (<c>--tool-path</c>) from
/// that one package folder only (a nuget.config that clears every other source: nothing is fetched).</summary>
public class ToolPackageTests
{
    private static readonly string Dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    [SkippableFact]
    public async Task The_packed_tool_installs_replays_plots_and_serves_the_page_as_this_build_does()
    {
        Skip.If(OperatingSystem.IsWindows(), "installs and runs the tool as the README's POSIX shell does");
        string root = RepoPaths.Root();
        using var tmp = new TempDir();
        string artifacts = Path.Combine(tmp.Path, "artifacts");

        // As the README packs it (Release), without a restore: the test's build has restored the projects.
        // No build server or node is left behind holding this test's output pipes.
        var pack = Run(Dotnet, root, 600, "pack", "simulator/CalfMonitor.Simulator", "-c", "Release", "-o", artifacts, "--no-restore", "--nologo",
            "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.True(pack.Code == 0, $"dotnet pack failed:\n{pack.Stdout}\n{pack.Stderr}");
        string package = Assert.Single(Directory.GetFiles(artifacts, "calfmon.*.nupkg"));
        string version = Regex.Match(Path.GetFileName(package), @"^calfmon\.(.+)\.nupkg$").Groups[1].Value;

        tmp.File("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="artifacts" value="{artifacts}" />
              </packageSources>
            </configuration>
            """);
        string tools = Path.Combine(tmp.Path, "tools");
        var install = Run(Dotnet, tmp.Path, 300, "tool", "install", "calfmon", "--tool-path", tools,
            "--configfile", Path.Combine(tmp.Path, "nuget.config"), "--version", version);
        Assert.True(install.Code == 0, $"dotnet tool install failed:\n{install.Stdout}\n{install.Stderr}");
        string calfmon = Path.Combine(tools, "calfmon");

        var installedVersion = Run(calfmon, tmp.Path, 60, "--version");
        Assert.Equal(0, installedVersion.Code);
        Assert.StartsWith(version, installedVersion.Stdout);

        // The embedded trace, replayed by the installed tool, gives what this build gives.
        var replay = Run(calfmon, tmp.Path, 120, "replay", "--format", "json");
        Assert.True(replay.Code == 0, replay.Stderr);
        var here = CliRunner.Run("replay", "--format", "json");
        Assert.Equal(0, here.ExitCode);
        Assert.Equal(here.Stdout.Trim(), replay.Stdout);
        Assert.Contains("\"alerts\"", replay.Stdout);

        // The plot needs SkiaSharp's native library, which the package must carry for this platform.
        string png = Path.Combine(tmp.Path, "office.png");
        var plot = Run(calfmon, tmp.Path, 120, "replay", "--plot", png);
        Assert.True(plot.Code == 0, plot.Stderr);
        byte[] head = File.ReadAllBytes(png)[..8];
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, head);

        // The companion page is served by the installed tool byte for byte as it is in companion/.
        var psi = new ProcessStartInfo(calfmon) { WorkingDirectory = tmp.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "companion", "--port", "0" }) psi.ArgumentList.Add(a);
        using var server = Process.Start(psi)!;
        try
        {
            var announce = server.StandardOutput.ReadLineAsync();
            Assert.True(announce.Wait(TimeSpan.FromSeconds(60)), "calfmon companion printed no address within 60 s");
            var url = Regex.Match(announce.Result ?? "", @"http://localhost:(\d+)/");
            Assert.True(url.Success, $"calfmon companion printed '{announce.Result}', expected its address");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{url.Groups[1].Value}/") };
            foreach (string file in new[] { "index.html", "js/app.js", "js/protocol.js" })
                Assert.Equal(File.ReadAllBytes(Path.Combine(root, "companion", file)), await http.GetByteArrayAsync(file));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(string program, string workingDirectory, int timeoutSeconds, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', args)} did not finish within {timeoutSeconds} s");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result.Trim(), stderr.Result.Trim());
    }
}
