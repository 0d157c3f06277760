using System.Text;
using System.Text.Json;
using CalfMonitor.Simulator.Companion;
using PuppeteerSharp;
using Xunit;
using Xunit.Abstractions;

namespace CalfMonitor.Tests.Companion;

public class SpikeTests(ITestOutputHelper output)
{
    const string Page = """
<!doctype html><html><body><button id="go">go</button><pre id="out"></pre><script>
const log = s => document.getElementById('out').textContent += s + '\n';
document.getElementById('go').onclick = async () => {
  try {
    const d = await navigator.bluetooth.requestDevice({ filters: [{ services: ['ca1f0001-7b1e-4c9d-8e2a-5f3b6d0c9a41'] }] });
    log('device ' + d.name);
    const g = await d.gatt.connect();
    const s = await g.getPrimaryService('ca1f0001-7b1e-4c9d-8e2a-5f3b6d0c9a41');
    const c = await s.getCharacteristic('ca1f0004-7b1e-4c9d-8e2a-5f3b6d0c9a41');
    const v = await c.readValue();
    log('read ' + v.byteLength + ' ' + v.getUint8(0));
    for (const n of [1, 2, 3]) {
      try { await c.writeValueWithResponse(new Uint8Array(n)); log('write ok ' + n); }
      catch (e) { log('write err ' + n + ' ' + e.name + ': ' + e.message); }
    }
    log('done');
  } catch (e) { log('error ' + e.name + ': ' + e.message); }
};
</script></body></html>
""";

    [SkippableFact]
    public async Task Spike()
    {
        Skip.IfNot(File.Exists("/usr/bin/chromium"));
        using var server = new CompanionServer(0, new() { ["index.html"] = Encoding.UTF8.GetBytes(Page) });
        string dir = Directory.CreateTempSubdirectory("cr-").FullName;
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true, UserDataDir = dir,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--enable-features=WebBluetooth"],
        });
        await using var cdp = await CdpConnection.ConnectAsync(browser.WebSocketEndpoint);
        const string addr = "09:09:09:09:09:09";
        cdp.OnEvent = (m, d) =>
        {
            output.WriteLine("ev " + m + " " + d);
            if (m == "BluetoothEmulation.gattOperationReceived")
                cdp.Fire("BluetoothEmulation.simulateGATTOperationResponse", new { address = addr, type = d.GetProperty("type").GetString(), code = 0 });
            if (m == "BluetoothEmulation.characteristicOperationReceived")
            {
                string type = d.GetProperty("type").GetString()!;
                string id = d.GetProperty("characteristicId").GetString()!;
                if (type == "read")
                    cdp.Fire("BluetoothEmulation.simulateCharacteristicOperationResponse", new { characteristicId = id, type, code = 0, data = Convert.ToBase64String(new byte[] { 2, 7, 6 }) });
                else if (type == "write")
                {
                    int len = Convert.FromBase64String(d.GetProperty("data").GetString()!).Length;
                    int code = len == 1 ? 0 : len == 2 ? 0x0D : 0x13;
                    cdp.Fire("BluetoothEmulation.simulateCharacteristicOperationResponse", new { characteristicId = id, type, code });
                }
            }
        };
        await cdp.SendAsync("BluetoothEmulation.enable", new { state = "powered-on", leSupported = true });
        var page = await browser.NewPageAsync();
        await page.GoToAsync(server.Url);
        var prompt = page.WaitForDevicePromptAsync(new WaitForOptions { Timeout = 30000 });
        await page.ClickAsync("#go");
        using var adv = new CancellationTokenSource();
        DeviceRequestPrompt? promptObj = null;
        _ = prompt.ContinueWith(t => { if (t.IsCompletedSuccessfully) promptObj = t.Result; });
        var advertise = Task.Run(async () =>
        {
            while (!adv.IsCancellationRequested)
            {
                try { var ar = cdp.SendAsync("BluetoothEmulation.simulateAdvertisement", new { entry = new { deviceAddress = addr, rssi = -50, scanRecord = new { name = "CalfMonitor", uuids = new[] { "ca1f0001-7b1e-4c9d-8e2a-5f3b6d0c9a41" }, manufacturerData = new[] { new { key = 0xFFFF, data = "AA==" } }, appearance = 0, txPower = 0 } } }, TimeSpan.FromSeconds(2));  } catch (Exception ex) { output.WriteLine("adv fail " + ex.Message); }
                await Task.Delay(500);

            }
        });
        try { await prompt; } catch (Exception ex) { output.WriteLine("prompt fail " + ex.Message + " page: " + await page.EvaluateExpressionAsync<string>("document.getElementById('out').textContent")); throw; }
        var p = await prompt;
        var dev = await p.WaitForDeviceAsync(d => d.Id == addr, new WaitForOptions { Timeout = 30000 });
        var s2 = await cdp.SendAsync("BluetoothEmulation.addService", new { address = addr, serviceUuid = "ca1f0001-7b1e-4c9d-8e2a-5f3b6d0c9a41" });
        string sid = s2.GetProperty("serviceId").GetString()!;
        var c = await cdp.SendAsync("BluetoothEmulation.addCharacteristic", new { serviceId = sid, characteristicUuid = "ca1f0004-7b1e-4c9d-8e2a-5f3b6d0c9a41", properties = new { read = true, write = true } });
        output.WriteLine("char " + c);
        await p.SelectAsync(dev);
        adv.Cancel();
        await page.WaitForFunctionAsync("() => document.getElementById('out').textContent.includes('device')", new WaitForFunctionOptions { Timeout = 30000 });
        await page.WaitForFunctionAsync("() => /done|error/.test(document.getElementById('out').textContent)", new WaitForFunctionOptions { Timeout = 30000 });
        output.WriteLine(await page.EvaluateExpressionAsync<string>("document.getElementById('out').textContent"));
    }
}
