using System.Text.Json;
using PuppeteerSharp;
using PuppeteerSharp.Media;
using Xunit;
using Xunit.Abstractions;

namespace CalfMonitor.Tests.Companion;

/// <summary>
/// The companion page against WCAG 2.2 A and AA, audited by axe-core (the npm package in
/// companion/package.json, installed by <c>npm ci --prefix companion</c>; .ci/run does) in headless
/// Chromium: many wearers are older, read small grey text badly, zoom, use a screen reader or the
/// keyboard. Each test audits the page in the states a wearer sees — before connecting, connected
/// with today's chart and an alert listed, a buzz tried and one refused by older firmware, and with
/// a setting refused in the form — in light and
/// dark colours, on a laptop and a phone.
/// </summary>
[Collection("Companion browser")] // one Chromium at a time: the CI machine has 2 cores
public class CompanionAccessibilityTests(ITestOutputHelper output)
{
    /// <summary>WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA, as axe-core tags them.</summary>
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

    private static string AxePath => Path.Combine(CompanionVectorTests.RepoRoot(), "companion", "node_modules", "axe-core", "axe.min.js");

    private static void SkipWithoutAxe() =>
        Skip.IfNot(File.Exists(AxePath), "axe-core not installed (companion/node_modules): `npm ci --prefix companion` installs it (.ci/run does) to run the companion accessibility audit");

    [SkippableTheory]
    [InlineData("light", 1280, 900, false)]
    [InlineData("dark", 1280, 900, false)]
    [InlineData("light", 390, 844, true)]
    [InlineData("dark", 390, 844, true)]
    [InlineData("light", 320, 640, false)] // a 1280 px window zoomed to 400 % (WCAG 1.4.10, reflow)
    public async Task Every_state_a_wearer_sees_meets_WCAG_2_2_AA(string scheme, int width, int height, bool mobile)
    {
        CompanionSession.SkipWithoutChromium();
        SkipWithoutAxe();
        // The page's clock held in its minute (no history read of its own mid-audit) and about noon
        // (a chart of the device's hour, not of the first minutes after midnight).
        await using var s = await CompanionSession.StartAsync(width, height, mobile, holdMinute: true);
        await CompanionBrowserTests.AboutNoonAsync(s);
        await s.Page.EmulateMediaFeaturesAsync([new MediaFeatureValue { MediaFeature = MediaFeature.PrefersColorScheme, Value = scheme }]);
        string axe = await File.ReadAllTextAsync(AxePath);
        await s.Page.EvaluateExpressionAsync(axe);

        var problems = new List<string>();
        problems.AddRange(await AuditAsync(s, "before connecting"));
        problems.AddRange(await ReflowAsync(s, "before connecting"));

        s.Device.AdvanceTo(60); // the whole office hour: a chart, an alert, a long spell
        s.Peripheral.BatteryPercent = 15; // and a low battery: its warning in the Device card and the status line
        await s.ConnectAsync();
        Assert.False(await s.Page.EvaluateExpressionAsync<bool>("document.getElementById('battery-low').hidden"));
        await s.DeliverAsync("alert", "01 02 02 01 28 00 01 02 03 00");
        await s.WaitForAsync("() => document.querySelectorAll('#alert-log li').length > 0");
        // The mounting question (a new device in this browser) is part of this state.
        Assert.True(await s.Page.EvaluateExpressionAsync<bool>("window.calfmonTest.state.siteAsked"));
        problems.AddRange(await AuditAsync(s, "connected, chart and alert shown, the mounting question asked, the battery low"));
        problems.AddRange(await ChartLabelContrastAsync(s));
        problems.AddRange(await ReflowAsync(s, "connected, chart and alert shown"));

        // "What the buzzes mean": a buzz tried ("Buzzing now: …"), then one that firmware without
        // "try a buzz" refuses (0x81: "too old to try buzzes").
        await s.ClickAsync("#buzz-2");
        await s.WaitForAsync("() => /Buzzing now/.test(document.getElementById('buzz-status').textContent)");
        problems.AddRange(await AuditAsync(s, "a buzz tried"));
        s.Peripheral.UnknownControlOpcodes[CalfMonitor.Core.Ble.ControlCommand.OpTryBuzz] = true;
        await s.ClickAsync("#buzz-4");
        await s.WaitForAsync("() => /too old/.test(document.getElementById('buzz-status').textContent)");
        problems.AddRange(await AuditAsync(s, "a buzz refused by firmware without it"));
        problems.AddRange(await ReflowAsync(s, "a buzz refused by firmware without it"));

        await s.Page.EvaluateFunctionAsync(
            "(k, v) => { const e = document.getElementById('cfg-' + k); e.value = v; e.dispatchEvent(new Event('input', { bubbles: true })); }",
            "alert_after_min", "0");
        await s.ClickAsync("#config-save");
        await s.WaitForAsync("() => /Not saved/.test(document.getElementById('config-message').textContent)");
        problems.AddRange(await AuditAsync(s, "a setting refused in the form"));
        problems.AddRange(await ReflowAsync(s, "a setting refused in the form"));

        s.Device.Gatt.SensorFault = CompanionBrowserTests.NotAnswering(s.Device.Monitor);   // the sensor stops answering
        await s.DeliverAsync("live", CalfMonitor.Simulator.Ble.BleText.Hex(s.Device.LiveNow(), 20));
        await s.WaitForAsync("() => /The sensor is not answering/.test(document.getElementById('flags').textContent)");
        problems.AddRange(await AuditAsync(s, "the sensor not answering"));
        problems.AddRange(await ReflowAsync(s, "the sensor not answering"));

        Assert.True(problems.Count == 0, $"{problems.Count} WCAG 2.2 AA violations ({scheme}, {width}×{height}):\n" + string.Join("\n", problems));
    }

    /// <summary>WCAG 2.4.11 (focus not obscured): the top bar stays on screen from 600 px up and covers
    /// what lies under it. A button reached with Shift+Tab while it lies under the bar must be
    /// scrolled out from under it — here "Reload from device", as a wearer going back up the
    /// Settings meets it. (The bar's status line wraps to more lines when it says more.)</summary>
    [SkippableFact]
    public async Task A_button_focused_with_the_keyboard_is_not_hidden_under_the_top_bar()
    {
        CompanionSession.SkipWithoutChromium();
        await using var s = await CompanionSession.StartAsync(1280, 500);   // a laptop with the browser's bars, zoomed
        s.Device.AdvanceTo(5);
        await s.ConnectAsync();
        await s.Page.FocusAsync("#cfg-alert_after_min");
        // The page scrolled so that the button lies under the bar, the field below it still in view.
        await s.Page.EvaluateExpressionAsync("""
            (() => {
              const r = document.getElementById('config-reload').getBoundingClientRect();
              window.scrollBy({ top: r.top - 10, behavior: 'instant' });
            })()
            """);
        string cover = await s.Page.EvaluateExpressionAsync<string>(Under("config-reload"));
        Assert.True(cover != "config-reload" && await s.Page.EvaluateFunctionAsync<bool>("id => document.querySelector('.bar').contains(document.getElementById(id))", cover),
            $"the button lies under the bar before the Tab (found '{cover}' there; scrollY {await s.Page.EvaluateExpressionAsync<int>("Math.round(scrollY)")})");
        await s.Page.Keyboard.DownAsync("Shift");
        await s.Page.Keyboard.PressAsync("Tab");
        await s.Page.Keyboard.UpAsync("Shift");
        Assert.Equal("config-reload", await s.Page.EvaluateExpressionAsync<string>("document.activeElement.id"));
        Assert.Equal("config-reload", await s.Page.EvaluateExpressionAsync<string>(Under("config-reload")));
    }

    /// <summary>The id (or tag) of what lies at the middle of the element with this id.</summary>
    private static string Under(string id) => $$"""
        (() => {
          const r = document.getElementById('{{id}}').getBoundingClientRect();
          const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return e ? (e.id || e.tagName) : '';
        })()
        """;

    /// <summary>
    /// axe-core leaves the contrast of SVG text undecided ("needs a look"), so the chart's axis
    /// labels are measured here with axe's own colour functions: each label's fill against the
    /// card behind the chart, at least 4.5:1 (WCAG 1.4.3 for text this small). And their size on
    /// screen (the font size times the drawing's scale), at least 12 px: newcomer audit (session 25),
    /// the labels were 11 px, and 8.9 px in a 320 px window, where the drawing was shrunk to fit.
    /// </summary>
    private async Task<List<string>> ChartLabelContrastAsync(CompanionSession s)
    {
        string json = await s.Page.EvaluateExpressionAsync<string>(
            """
            (() => {
              const { Color, getContrast } = axe.commons.color;
              const parse = (css) => { const c = new Color(); c.parseString(css); return c; };
              let card = document.getElementById('chart');
              while (card && parse(getComputedStyle(card).backgroundColor).alpha < 1) card = card.parentElement;
              const bg = parse(getComputedStyle(card || document.body).backgroundColor);
              const svg = document.querySelector('#chart svg');
              const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
              return JSON.stringify([...document.querySelectorAll('#chart text')].map((t) =>
                ({ text: t.textContent, ratio: getContrast(bg, parse(getComputedStyle(t).fill)),
                   px: parseFloat(getComputedStyle(t).fontSize) * scale })));
            })()
            """);
        var labels = JsonSerializer.Deserialize<List<JsonElement>>(json)!;
        Assert.True(labels.Count >= 4, $"the chart has axis labels to measure (found {labels.Count})");
        var found = new List<string>();
        foreach (var l in labels)
        {
            double ratio = l.GetProperty("ratio").GetDouble();
            if (ratio < 4.5) found.Add($"[chart] axis label '{l.GetProperty("text").GetString()}' contrast {ratio:F2}:1, under 4.5:1");
            double px = l.GetProperty("px").GetDouble();
            if (px < 12) found.Add($"[chart] axis label '{l.GetProperty("text").GetString()}' {px:F1} px on screen, under 12 px");
        }
        output.WriteLine($"[chart] {labels.Count} axis labels, lowest contrast {labels.Min(l => l.GetProperty("ratio").GetDouble()):F2}:1, smallest {labels.Min(l => l.GetProperty("px").GetDouble()):F1} px on screen");
        return found;
    }

    /// <summary>WCAG 1.4.10: the page reads without scrolling sideways (nothing wider than the window).</summary>
    private static async Task<List<string>> ReflowAsync(CompanionSession s, string state)
    {
        int[] w = await s.Page.EvaluateExpressionAsync<int[]>("[document.documentElement.scrollWidth, window.innerWidth]");
        return w[0] > w[1] ? [$"[{state}] reflow: the page is {w[0]} px wide in a {w[1]} px window (scrolls sideways)"] : [];
    }

    /// <summary>Runs axe-core on the whole document; returns one line per violating element.</summary>
    private async Task<List<string>> AuditAsync(CompanionSession s, string state)
    {
        string json = await s.Page.EvaluateFunctionAsync<string>(
            """
            async tags => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
              const lines = list => list.flatMap(v => v.nodes.map(n => ({ id: v.id, impact: v.impact, help: v.help, target: n.target.join(' '), why: n.failureSummary })));
              return JSON.stringify({ violations: lines(r.violations), incomplete: lines(r.incomplete), passes: r.passes.map(p => p.id) });
            }
            """, (object)WcagTags);
        using var doc = JsonDocument.Parse(json);
        var found = new List<string>();
        foreach (var v in doc.RootElement.GetProperty("violations").EnumerateArray())
        {
            found.Add($"[{state}] {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} at {v.GetProperty("target").GetString()} — {v.GetProperty("why").GetString()}");
        }
        foreach (var v in doc.RootElement.GetProperty("incomplete").EnumerateArray())
        {
            output.WriteLine($"[{state}] needs a look (axe could not decide): {v.GetProperty("id").GetString()} at {v.GetProperty("target").GetString()}");
        }
        var passed = doc.RootElement.GetProperty("passes").EnumerateArray().Select(p => p.GetString()).ToList();
        output.WriteLine($"[{state}] {found.Count} violations; {passed.Count} rules passed: {string.Join(" ", passed)}");
        return found;
    }
}
