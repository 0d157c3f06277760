using CalfMonitor.Simulator.Companion;
using PuppeteerSharp;
using Xunit;

namespace CalfMonitor.Tests.Companion;

/// <summary>
/// One browser test session: <c>calfmon companion</c>'s server (the embedded page), headless
/// Debian Chromium driven by PuppeteerSharp (never a downloaded browser), the emulated radio on
/// the browser target and the replayed device behind it. Generous timeouts and waits for
/// conditions, no sleeps: a loaded 2-core CI machine is slow. Disposing closes Chromium (and
/// kills it if closing fails) and removes its profile.
/// </summary>
public sealed class CompanionSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static int PatienceMs => (int)Patience.TotalMilliseconds;
    public static int PatienceMsPublic => PatienceMs;

    public CompanionServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IPage Page { get; private set; } = null!;
    public CdpConnection Cdp { get; private set; } = null!;
    public EmulatedPeripheral Peripheral { get; private set; } = null!;
    public ReplayedDevice Device { get; } = new();
    private string _profile = "";

    /// <summary>The page's console messages and errors (shown when a wait times out).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

    /// <summary>Skips the test with a visible reason when there is no Chromium.</summary>
    public static void SkipWithoutChromium() =>
        Skip.IfNot(File.Exists(ChromiumPath), $"no Chromium at {ChromiumPath}: install Debian's chromium package (.ci/run does) to run the companion browser tests");

    /// <summary>The page's clocks, both set by the test: from an anchor (<c>window.__clock</c>: at
    /// real <c>performance.now()</c> <c>real</c>, <c>Date.now</c> read <c>wall</c> and
    /// <c>performance.now</c> read <c>mono</c>) both run on with real time — always (<c>run</c>), to
    /// the end of the anchor's minute (<c>minute</c>), or not at all (<c>stop</c>). Time passing moves
    /// both on alike; a change of this computer's clock (set by hand, or corrected by the
    /// network) moves <c>Date.now</c> alone. Time runs from the real monotonic clock, so the
    /// test machine's own clock changes do not reach the page.</summary>
    private const string ClocksScript = """
        (() => {
          const realPerf = performance.now.bind(performance), start = Date.now();
          window.__realPerf = realPerf;
          const runFor = (c) => (c.mode === 'run' ? Infinity : c.mode === 'stop' ? 0 : 59999 - (c.wall % 60000));
          window.__setClocks = (wall, mono, mode) => {
            const c = { wall, mono, mode, real: realPerf() };
            c.runFor = runFor(c);
            window.__clock = c;
            return wall;
          };
          const ran = () => Math.min(realPerf() - window.__clock.real, window.__clock.runFor);
          Date.now = () => Math.floor(window.__clock.wall + ran());
          performance.now = () => window.__clock.mono + ran();
          // The page's once-a-second checks, counted as each ends (window.__checks): a test waits
          // for one made with the clocks where it set them (CheckedAsync).
          const every = window.setInterval.bind(window);
          window.__checks = 0;
          window.setInterval = (f, ms, ...args) => every(typeof f === 'function' && ms === 1000
            ? () => { try { f(...args); } finally { window.__checks++; } } : f, ms, ...args);
          const hold = HOLD_MINUTE;
          window.__setClocks(hold ? Math.floor(start / 60000) * 60000 + 6000 : start, realPerf(), hold ? 'minute' : 'run');
        })()
        """;

    /// <summary>Starts a session. The page's two clocks are the test's (see <see cref="ClocksScript"/>):
    /// <c>Date.now</c>, this computer's clock (the page's minutes and calendar), and
    /// <c>performance.now</c>, the monotonic clock (the ages the page measures, such as Live's); both
    /// run on with real time until a test stops or moves them. <paramref name="holdMinute"/>: they run
    /// from 6 s into the minute the page loads in and stop at that minute's end, until the test moves
    /// them on (<see cref="MovePageClockAsync"/>): the page reads the Today history again only in a
    /// minute the test lets begin, so a test that counts the page's reads and writes counts only its
    /// own, however slow the machine. (Real time on the page, for waits: <c>window.__realPerf()</c>.)</summary>
    public static async Task<CompanionSession> StartAsync(int width = 1280, int height = 900, bool mobile = false, bool serviceWorker = false, bool holdMinute = false)
    {
        var s = new CompanionSession();
        try
        {
            s.Server = new CompanionServer(0);
            s._profile = Directory.CreateTempSubdirectory("calfmon-chromium-").FullName;
            s.Browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                UserDataDir = s._profile,
                Timeout = PatienceMs,
                ProtocolTimeout = PatienceMs,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--enable-features=WebBluetooth",
                ],
            });
            s.Cdp = await CdpConnection.ConnectAsync(s.Browser.WebSocketEndpoint);
            s.Peripheral = new EmulatedPeripheral(s.Cdp, s.Device);
            await s.Peripheral.EnableAsync();
            s.Page = await s.Browser.NewPageAsync();
            s.Page.DefaultTimeout = PatienceMs;
            s.Page.Console += (_, e) => s.Log.Enqueue($"console {e.Message.Type}: {e.Message.Text}");
            s.Page.PageError += (_, e) => s.Log.Enqueue($"page error: {e.Message}");
            s.Page.Error += (_, e) => s.Log.Enqueue($"page crashed: {e.Error}");
            await s.Page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height, IsMobile = mobile, HasTouch = mobile, DeviceScaleFactor = mobile ? 2 : 1 });
            // Notifications: record what the page shows (headless Chromium has no notification centre).
            await s.Page.EvaluateExpressionOnNewDocumentAsync("""
                window.__shown = [];
                window.Notification = class { constructor(title, options) { window.__shown.push({ title, body: options && options.body }); }
                  static get permission() { return 'granted'; } static requestPermission() { return Promise.resolve('granted'); } };
                // The device the chooser gave the page (window.__device), and that it gave one (window.__picked).
                if (navigator.bluetooth) {
                  const request = navigator.bluetooth.requestDevice.bind(navigator.bluetooth);
                  navigator.bluetooth.requestDevice = (options) => request(options).then((d) => { window.__device = d; window.__picked = true; return d; });
                }
                """);
            await s.Page.EvaluateExpressionOnNewDocumentAsync(ClocksScript.Replace("HOLD_MINUTE", holdMinute ? "true" : "false"));
            await s.Page.GoToAsync(s.Server.Url + (serviceWorker ? "" : "?nosw"), new NavigationOptions { Timeout = PatienceMs, WaitUntil = [WaitUntilNavigation.Load] });
            return s;
        }
        catch
        {
            await s.DisposeAsync();
            throw;
        }
    }

    /// <summary>Presses Connect, lets the chooser list the advertised device, picks it and waits
    /// until the page says it is connected (clock set, settings and history loaded), or until
    /// <paramref name="until"/> holds. <paramref name="whileChooserOpen"/> runs once the chooser
    /// lists the device, before it is picked (a wearer slow to choose). The GATT table is added
    /// unless the device already has it (a connection before this one) or
    /// <paramref name="addTable"/> is false (a device out of range: the test brings it back).</summary>
    public async Task ConnectAsync(string? until = null, Func<Task>? whileChooserOpen = null, bool addTable = true)
    {
        var prompt = Page.WaitForDevicePromptAsync(new WaitForOptions { Timeout = PatienceMs });
        await ClickAsync("#connect");
        using var stop = new CancellationTokenSource();
        // The chooser lists only advertisements sent after its scan started: repeat until picked.
        var advertising = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Peripheral.Advertise();
                try { await Task.Delay(500, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        try
        {
            DeviceRequestPrompt chooser;
            try { chooser = await prompt; }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"no device chooser: {e.Message}; page log: {string.Join(" | ", Log)}"); }
            var device = await ListedAsync(chooser);
            if (addTable && !Peripheral.TableComplete) await Peripheral.AddGattTableAsync();
            if (whileChooserOpen != null) await whileChooserOpen();
            await chooser.SelectAsync(device);
        }
        finally
        {
            stop.Cancel();
            await advertising;
        }
        await WaitForAsync(until ?? "() => window.calfmonTest.state.connected && window.calfmonTest.state.historyLoaded && /Connected/.test(document.getElementById('status').textContent)");
    }

    /// <summary>Waits until the chooser lists the emulated device. Polls the prompt's device list
    /// rather than using PuppeteerSharp's <c>WaitForDeviceAsync</c>: that one looks at the list and
    /// only then subscribes to new devices, so a device listed between the two is never reported
    /// (the chooser does not list it again), and the wait ran out after 90 s on a loaded CI machine.
    /// The list is filled on the CDP connection's thread, so a read that meets a change is retried.</summary>
    private async Task<DeviceRequestPromptDevice> ListedAsync(DeviceRequestPrompt chooser)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            DeviceRequestPromptDevice[] listed;
            try { listed = chooser.Devices.ToArray(); }
            catch (ArgumentException) { listed = []; }             // the list grew while being copied
            foreach (var device in listed)
            {
                if (device?.Id == EmulatedPeripheral.Address) return device;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"the device chooser did not list {EmulatedPeripheral.Address} in {Patience.TotalSeconds} s; it listed: [{string.Join(", ", listed.Select(d => d?.Id))}]; CDP errors: {string.Join("; ", Cdp.Errors)}; page log: {string.Join(" | ", Log)}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the JavaScript predicate holds; on timeout the message shows the page's status.</summary>
    public async Task WaitForAsync(string predicate)
    {
        try
        {
            await Page.WaitForFunctionAsync(predicate, new WaitForFunctionOptions { Timeout = PatienceMs, PollingInterval = 100 });
        }
        catch (PuppeteerException)
        {
            string status = await Text("#status");
            throw new Xunit.Sdk.XunitException($"waited {Patience.TotalSeconds} s for {predicate}; page status: '{status}'; CDP errors: {string.Join("; ", Cdp.Errors)}; operations: {string.Join(", ", Peripheral.Operations.TakeLast(12))}; page log: {string.Join(" | ", Log)}");
        }
    }

    /// <summary>Clicks an element as a wearer would: scrolled to the middle of the window first, and
    /// only when the element itself is what lies under the pointer (else it fails at once, naming
    /// what covers it). Puppeteer's own click scrolls only an element outside the window and then
    /// clicks by coordinates: a button inside the window but under the sticky top bar gave its click
    /// to the bar (the status line), and whether a button ended up there depended on how long the
    /// page above it was — a longer help text in Settings broke "Reload from device" every time.</summary>
    public async Task ClickAsync(string selector)
    {
        string covered = await Page.EvaluateFunctionAsync<string>("""
            s => {
              const e = document.querySelector(s);
              if (!e) return `no element ${s}`;
              e.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
              const r = e.getBoundingClientRect();
              const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return hit === e || e.contains(hit) ? '' : `${s} is covered by ${hit ? hit.outerHTML.slice(0, 160) : 'nothing: it is outside the window'}`;
            }
            """, selector);
        if (covered.Length > 0) throw new Xunit.Sdk.XunitException($"cannot click {covered}");
        await Page.ClickAsync(selector);
    }

    /// <summary>Drops the link as the page sees a drop: its GATT server disconnects (the reads and
    /// writes under way fail, gattserverdisconnected fires, and a page that wants the link
    /// reconnects), while the emulated device stays in range. Unlike
    /// <see cref="EmulatedPeripheral.DisconnectAsync"/> it leaves a held read answerable
    /// (<see cref="EmulatedPeripheral.ReleaseReads"/>): the emulation takes no new request before.</summary>
    public Task DropAsThePageSeesItAsync() => Page.EvaluateExpressionAsync("window.__device.gatt.disconnect()");

    /// <summary>Moves the page's clock (see <c>holdMinute</c>) to <paramref name="second"/> s into
    /// the minute <paramref name="minutes"/> after the one it shows (0: the same minute), from where
    /// it runs to that minute's end; with <paramref name="liveHex"/>, a Live notification arrives at
    /// that moment (as one does every second: the page's check of Live's age, which runs every
    /// second, sees no gap). The monotonic clock moves on alike (time passed), unless
    /// <paramref name="computerClockChanged"/>: then this computer's clock was set (by hand, or
    /// corrected) and only <c>Date.now</c> moves — the only way back. Returns the new time, ms since 1970.</summary>
    public Task<double> MovePageClockAsync(int minutes, int second, string? liveHex = null, bool computerClockChanged = false) => Page.EvaluateFunctionAsync<double>(
        """
        (m, s, live, changed) => {
          const now = Date.now(), mono = performance.now();
          const at = (Math.floor(now / 60000) + m) * 60000 + s * 1000;
          if (at < now && !changed) throw new Error('time does not pass backwards: a clock set back is a change of this computer clock (computerClockChanged)');
          window.__setClocks(at, changed ? mono : mono + (at - now), window.__clock.mode);
          if (live) window.calfmonTest.deliver('live', live);
          return at;
        }
        """, minutes, second, liveHex ?? "", computerClockChanged);

    /// <summary>Stops both of the page's clocks where they are (until moved: <see cref="PassPageTimeAsync"/>).</summary>
    public Task StopPageClocksAsync() =>
        Page.EvaluateExpressionAsync("window.__setClocks(Date.now(), performance.now(), 'stop')");

    /// <summary><paramref name="ms"/> of time pass on the page at once: both clocks move on.</summary>
    public Task PassPageTimeAsync(double ms) =>
        Page.EvaluateFunctionAsync("ms => window.__setClocks(Date.now() + ms, performance.now() + ms, window.__clock.mode)", ms);

    /// <summary>This computer's clock is changed by <paramref name="ms"/> (negative: set back): only
    /// <c>Date.now</c> moves; the monotonic clock does not.</summary>
    public Task ChangeComputerClockAsync(double ms) =>
        Page.EvaluateFunctionAsync("ms => window.__setClocks(Date.now() + ms, performance.now(), window.__clock.mode)", ms);

    /// <summary>Waits until the page's once-a-second check has run since this call began (after a
    /// move of its clocks: with the clocks as moved).</summary>
    public async Task CheckedAsync()
    {
        int before = await Page.EvaluateExpressionAsync<int>("window.__checks");
        await WaitForAsync($"() => window.__checks > {before}");
    }

    public Task<string> Text(string selector) => Page.EvaluateFunctionAsync<string>("s => document.querySelector(s)?.textContent ?? ''", selector);

    /// <summary>Hands a notification's bytes to the page's handler (the emulation cannot push one).</summary>
    public Task DeliverAsync(string kind, string hex) => Page.EvaluateFunctionAsync("(k, h) => window.calfmonTest.deliver(k, h)", kind, hex);

    /// <summary>Saves a full-page screenshot to the test output folder and, with
    /// CALFMON_UPDATE_SCREENSHOTS=1, to docs/img (the ones docs/companion.md shows).</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "companion-screenshots");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, name);
        await Page.ScreenshotAsync(file, new ScreenshotOptions { FullPage = fullPage });
        if (Environment.GetEnvironmentVariable("CALFMON_UPDATE_SCREENSHOTS") == "1")
        {
            File.Copy(file, Path.Combine(CompanionVectorTests.RepoRoot(), "docs", "img", name), overwrite: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Cdp != null) await Cdp.DisposeAsync();
        if (Browser != null)
        {
            try
            {
                await Browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Browser.Process?.WaitForExit(TimeSpan.FromSeconds(30));
            }
            catch (Exception)
            {
                try { Browser.Process?.Kill(entireProcessTree: true); } catch (Exception) { }
            }
            Browser.Dispose();
        }
        Server?.Dispose();
        if (_profile.Length > 0)
        {
            try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
