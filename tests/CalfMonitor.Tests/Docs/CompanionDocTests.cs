using System.Text.RegularExpressions;
using CalfMonitor.Simulator.Cli;
using Xunit;

namespace CalfMonitor.Tests.Docs;

/// <summary>
/// docs/companion.md tells whoever hosts the page which files it is: <c>calfmon companion</c>
/// serves the files the simulator's .csproj embeds, the GitHub Pages workflow publishes what its
/// rsync keeps, and the doc tells everyone else what to copy. The three must leave out the same
/// test-only files, or a host publishes <c>node_modules/</c> (third-party code) or the page
/// served from the clone differs from the published one. And the line <c>calfmon companion</c>
/// prints is the one the doc quotes.
/// </summary>
public class CompanionDocTests
{
    private const string Doc = "docs/companion.md";

    /// <summary>What the .csproj leaves out of <c>companion/**</c>, as paths under companion/
    /// ("test/", "node_modules/", "package*.json").</summary>
    private static List<string> EmbeddedExcludes()
    {
        string csproj = DocText.Raw("simulator/CalfMonitor.Simulator/CalfMonitor.Simulator.csproj");
        var m = Regex.Match(csproj, @"<EmbeddedResource Include=""\.\./\.\./companion/\*\*/\*"" Exclude=""([^""]*)""");
        Assert.True(m.Success, "the simulator's .csproj does not embed ../../companion/**/* with an Exclude");
        return m.Groups[1].Value.Split(';').Select(e =>
        {
            Assert.StartsWith("../../companion/", e);
            string rest = e["../../companion/".Length..];
            return rest.EndsWith("/**", StringComparison.Ordinal) ? rest[..^2] : rest;
        }).OrderBy(x => x, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void The_published_page_and_the_copied_one_leave_out_what_calfmon_companion_does_not_serve()
    {
        var embedded = EmbeddedExcludes();
        Assert.Contains("test/", embedded);

        string workflow = DocText.Raw(".github/workflows/companion-pages.yml");
        var rsync = Regex.Match(workflow, @"run: rsync -a (.*) companion/ site/");
        Assert.True(rsync.Success, "companion-pages.yml: no 'rsync -a … companion/ site/' step");
        var published = Regex.Matches(rsync.Groups[1].Value, @"--exclude '?([^' ]+)'?").Select(x => x.Groups[1].Value)
            .OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.Equal(embedded, published);

        // "Anywhere else: copy `companion/` except `companion/test/`, `companion/node_modules/` and `companion/package*.json`".
        var copy = Regex.Match(DocText.Flat(Doc), @"Anywhere else: copy `companion/` except (.*?) \(test-only\) to the host's web root");
        Assert.True(copy.Success, $"{Doc}: no 'Anywhere else: copy `companion/` except … (test-only) to the host's web root'");
        var told = Regex.Matches(copy.Groups[1].Value, "`companion/([^`]+)`").Select(x => x.Groups[1].Value)
            .OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.Equal(embedded, told);
    }

    [Fact]
    public void The_line_calfmon_companion_prints_is_the_one_quoted()
    {
        string source = DocText.Raw("simulator/CalfMonitor.Simulator/Cli/CompanionCommand.cs");
        Assert.Contains("stdout.WriteLine($\"calfmon: companion page at {server.Url}  (Ctrl+C stops)\");", source);
        using var server = new CalfMonitor.Simulator.Companion.CompanionServer(0);
        Assert.Matches(@"^http://localhost:\d+/$", server.Url);
        string line = $"calfmon: companion page at {server.Url.Replace($":{server.Port}/", $":{CompanionCommand.DefaultPort}/")}  (Ctrl+C stops)";
        Assert.Contains(Regex.Replace($"It prints `{line}`", @"\s+", " "), DocText.Flat(Doc));
        Assert.Contains($"`{line}`", DocText.Raw(Doc));   // the two blanks before "(Ctrl+C stops)" as printed
        Assert.Contains("`--port N` picks another port (`--port 0`: any free one)", DocText.Flat(Doc));
    }
}
