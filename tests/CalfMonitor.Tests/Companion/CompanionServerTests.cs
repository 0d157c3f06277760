using System.Net;
using CalfMonitor.Simulator;
using CalfMonitor.Simulator.Companion;
using Xunit;

namespace CalfMonitor.Tests.Companion;

/// <summary><c>calfmon companion</c>: the embedded page is served on loopback, and only the page.</summary>
public class CompanionServerTests
{
    [Fact]
    public void Every_page_file_is_embedded_and_the_tests_and_their_npm_tooling_are_not()
    {
        var files = CompanionServer.EmbeddedFiles();
        string root = Path.Combine(CompanionVectorTests.RepoRoot(), "companion");
        var expected = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            // Not the page: its tests and their npm tooling (the accessibility audit's axe-core).
            .Where(f => !f.StartsWith("test/", StringComparison.Ordinal) && !f.StartsWith("node_modules/", StringComparison.Ordinal)
                && f is not ("package.json" or "package-lock.json"))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, files.Keys.OrderBy(f => f, StringComparer.Ordinal).ToList());
        Assert.Contains("index.html", files.Keys);
        Assert.Contains("js/protocol.js", files.Keys);
    }

    [Fact]
    public void The_service_worker_caches_every_page_file()
    {
        var files = CompanionServer.EmbeddedFiles();
        string sw = System.Text.Encoding.UTF8.GetString(files["sw.js"]);
        var list = System.Text.RegularExpressions.Regex.Match(sw, @"const FILES = \[(.*?)\];", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var cached = System.Text.RegularExpressions.Regex.Matches(list, "'([^']+)'").Select(m => m.Groups[1].Value).Where(f => f != "./").OrderBy(f => f, StringComparer.Ordinal);
        var expected = files.Keys.Where(f => f != "sw.js").OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(expected, cached);
    }

    [Fact]
    public async Task Serves_the_page_on_loopback_with_types_and_404_for_anything_else()
    {
        using var server = new CompanionServer(0);
        Assert.StartsWith("http://localhost:", server.Url);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/") };
        var index = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<title>CalfMonitor companion</title>", await index.Content.ReadAsStringAsync());
        var js = await http.GetAsync("js/app.js?v=1");
        Assert.Equal("text/javascript", js.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("test/vectors.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("nothing.html")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync("/", new StringContent("x"))).StatusCode);
    }

    [Fact]
    public void A_bad_port_is_one_line_and_exit_code_2()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(2, Program.Run(["companion", "--port", "70000"], stdout, stderr));
        Assert.Equal("calfmon: --port must be 0–65535, not 70000", stderr.ToString().Trim());
    }
}
