using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CalfMonitor.Core.Ble;

namespace CalfMonitor.Tests.Companion;

/// <summary>
/// The CalfMonitor's GATT table in Chromium's Bluetooth emulation (CDP domain
/// <c>BluetoothEmulation</c>, on the browser target): every characteristic read or write the page
/// makes arrives as an event and is answered with the bytes / ATT code of the
/// <see cref="ReplayedDevice"/>. Connection and discovery are accepted; CCCD (0x2902) writes are
/// acknowledged so that <c>startNotifications</c> works. The emulation cannot push notifications:
/// the tests hand their bytes to the page's handler (the page's <c>calfmonTest.deliver</c>).
/// </summary>
public sealed class EmulatedPeripheral
{
    /// <summary>An address of digits: one with hex letters was never listed by the chooser here.</summary>
    public const string Address = "09:09:09:09:09:09";

    private readonly CdpConnection _cdp;
    private readonly ReplayedDevice _device;
    private readonly ConcurrentDictionary<string, string> _characteristicNames = new();

    /// <summary>Operations the page made, in order ("read live", "write config", "subscribe alert", …).</summary>
    public ConcurrentQueue<string> Operations { get; } = new();

    /// <summary>Connection requests made (the first connect and every reconnect).</summary>
    public int Connections;

    /// <summary>Guards <see cref="_tableComplete"/> and <see cref="_heldConnections"/>.</summary>
    private readonly object _gate = new();

    /// <summary>The GATT table is all there: a connection request is answered at once. While
    /// <see cref="DisconnectAsync"/> adds it again the device is out of range for the page, whose
    /// reconnection waits (<see cref="_heldConnections"/>) instead of finding half a table, or a
    /// characteristic whose name <see cref="AddCharacteristic"/> has not noted yet (its read was
    /// answered as an unknown one's, its write refused), whenever the machine is slow.</summary>
    private bool _tableComplete;

    /// <summary>Connection requests waiting for the table, answered when it is complete.</summary>
    private int _heldConnections;

    /// <summary>Reads to fail, by characteristic name ("history", …): each read of it answers with
    /// an ATT error (0x0E Unlikely Error, as a busy or failing link may) and counts one down.</summary>
    public ConcurrentDictionary<string, int> FailReads { get; } = new();

    /// <summary>Writes to refuse, by characteristic name ("config", …): each write of it is answered
    /// with 0x13 Value Not Allowed without reaching the device (as a device with other ranges —
    /// older or newer firmware — may refuse what this page sends) and counts one down.</summary>
    public ConcurrentDictionary<string, int> RefuseWrites { get; } = new();

    /// <summary>Control opcodes the device does not know, as firmware from before them answers
    /// (ble-protocol.md, Control: firmware before "try a buzz" answers 0x81): a Control write
    /// <c>01 NN …</c> with one of them is answered with 0x81 Unknown Opcode, recorded among the
    /// device's writes, and reaches nothing else.</summary>
    public ConcurrentDictionary<int, bool> UnknownControlOpcodes { get; } = new();

    /// <summary>Reads to hold, by characteristic name: a read of it is not answered (a slow device,
    /// or one at the edge of range) until <see cref="ReleaseReads"/>. The emulation waits for that
    /// answer even after <see cref="DropAsync"/> (and then takes no connection request, and cannot
    /// be answered: its characteristics are gone): a test drops a link with a read held as the page
    /// sees a drop (<see cref="CompanionSession.DropAsThePageSeesItAsync"/>), then releases the read.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _heldReads = new();

    /// <summary>Holds every read of <paramref name="name"/> from now on (see <see cref="_heldReads"/>).</summary>
    public void HoldReads(string name) => _heldReads.TryAdd(name, new ConcurrentQueue<string>());

    /// <summary>Reads of <paramref name="name"/> held so far.</summary>
    public int HeldReads(string name) => _heldReads.TryGetValue(name, out var q) ? q.Count : 0;

    /// <summary>Stops holding reads of <paramref name="name"/> and answers the ones held, with the
    /// device's bytes now.</summary>
    public void ReleaseReads(string name)
    {
        if (!_heldReads.TryRemove(name, out var q)) return;
        while (q.TryDequeue(out string? id)) AnswerRead(id, name);
    }

    /// <summary>Leaves the Current Time Service out of the table, as a stack that does not offer it
    /// (the page then sets the clock with Control <c>01 03</c>).</summary>
    public volatile bool WithoutCurrentTimeService;

    /// <summary>What a read of Battery Level (0x2A19) answers, % (a healthy cell unless a test sets it).</summary>
    public volatile int BatteryPercent = 87;

    public EmulatedPeripheral(CdpConnection cdp, ReplayedDevice device)
    {
        _cdp = cdp;
        _device = device;
        _cdp.OnEvent = OnEvent;
    }

    public Task EnableAsync() => _cdp.SendAsync("BluetoothEmulation.enable", new { state = "powered-on", leSupported = true });

    /// <summary>One advertisement as the device sends it (name and service UUID). Sent without
    /// waiting: the emulation may answer it late.</summary>
    public void Advertise() => _cdp.Fire("BluetoothEmulation.simulateAdvertisement", new
    {
        entry = new
        {
            deviceAddress = Address,
            rssi = -50,
            // The manufacturer data map must be present (an absent one breaks the emulation's pipe).
            scanRecord = new { name = "CalfMonitor", uuids = new[] { BleUuids.Service }, manufacturerData = new[] { new { key = 0xFFFF, data = "AA==" } }, appearance = 0, txPower = 0 },
        },
    });

    /// <summary>Adds the services and characteristics (after the advertisement made the peripheral known).</summary>
    public async Task AddGattTableAsync()
    {
        string custom = await AddService(BleUuids.Service);
        await AddCharacteristic(custom, BleUuids.Live, "live", new { read = true, notify = true }, cccd: true);
        await AddCharacteristic(custom, BleUuids.Alert, "alert", new { read = true, notify = true }, cccd: true);
        await AddCharacteristic(custom, BleUuids.Config, "config", new { read = true, write = true });
        await AddCharacteristic(custom, BleUuids.Control, "control", new { write = true });
        await AddCharacteristic(custom, BleUuids.History, "history", new { read = true, notify = true }, cccd: true);
        if (!WithoutCurrentTimeService)
        {
            string time = await AddService(BleUuids.FromSig16(BleUuids.CurrentTimeService));
            await AddCharacteristic(time, BleUuids.FromSig16(BleUuids.CurrentTime), "current-time", new { read = true, write = true, notify = true }, cccd: true);
        }
        string battery = await AddService(BleUuids.FromSig16(BleUuids.BatteryService));
        await AddCharacteristic(battery, BleUuids.FromSig16(BleUuids.BatteryLevel), "battery", new { read = true, notify = true }, cccd: true);
        string info = await AddService(BleUuids.FromSig16(BleUuids.DeviceInformationService));
        await AddCharacteristic(info, BleUuids.FromSig16(BleUuids.ManufacturerName), "manufacturer", new { read = true });
        await AddCharacteristic(info, BleUuids.FromSig16(BleUuids.ModelNumber), "model", new { read = true });
        await AddCharacteristic(info, BleUuids.FromSig16(BleUuids.FirmwareRevision), "firmware", new { read = true });
        int held;
        lock (_gate)
        {
            _tableComplete = true;
            held = _heldConnections;
            _heldConnections = 0;
        }
        for (int i = 0; i < held; i++) AnswerGattOperation("connection");
    }

    /// <summary>Drops the link as if the device went out of range. The emulation forgets the
    /// peripheral's services with the link; the real device keeps its GATT table, so it is added again.</summary>
    public async Task DisconnectAsync()
    {
        await DropAsync();
        await AddGattTableAsync();
    }

    /// <summary>Drops the link and stays out of range: the page's connection requests wait (are
    /// not answered) until <see cref="AddGattTableAsync"/> brings the device back.</summary>
    public async Task DropAsync()
    {
        lock (_gate) _tableComplete = false;
        await _cdp.SendAsync("BluetoothEmulation.simulateGATTDisconnection", new { address = Address });
    }

    /// <summary>The GATT table is all there (a connection request is answered at once).</summary>
    public bool TableComplete { get { lock (_gate) return _tableComplete; } }

    private async Task<string> AddService(string uuid)
    {
        var r = await _cdp.SendAsync("BluetoothEmulation.addService", new { address = Address, serviceUuid = uuid });
        return r.GetProperty("serviceId").GetString()!;
    }

    private async Task AddCharacteristic(string serviceId, string uuid, string name, object properties, bool cccd = false)
    {
        var r = await _cdp.SendAsync("BluetoothEmulation.addCharacteristic", new { serviceId, characteristicUuid = uuid, properties });
        string id = r.GetProperty("characteristicId").GetString()!;
        _characteristicNames[id] = name;
        if (cccd) await _cdp.SendAsync("BluetoothEmulation.addDescriptor", new { characteristicId = id, descriptorUuid = BleUuids.FromSig16(BleUuids.Cccd) });
    }

    private void OnEvent(string method, JsonElement p)
    {
        switch (method)
        {
            case "BluetoothEmulation.gattOperationReceived":
            {
                string type = p.GetProperty("type").GetString()!;
                if (type == "connection")
                {
                    Interlocked.Increment(ref Connections);
                    lock (_gate)
                    {
                        if (!_tableComplete)
                        {
                            _heldConnections++;
                            break;
                        }
                    }
                }
                AnswerGattOperation(type);
                break;
            }
            case "BluetoothEmulation.characteristicOperationReceived":
                OnCharacteristic(p);
                break;
            case "BluetoothEmulation.descriptorOperationReceived":
            {
                string type = p.GetProperty("type").GetString()!;
                string id = p.GetProperty("descriptorId").GetString()!;
                Operations.Enqueue($"descriptor {type}");
                if (type == "read") _cdp.Fire("BluetoothEmulation.simulateDescriptorOperationResponse", new { descriptorId = id, type, code = 0, data = Convert.ToBase64String(new byte[2]) });
                else _cdp.Fire("BluetoothEmulation.simulateDescriptorOperationResponse", new { descriptorId = id, type, code = 0 });
                break;
            }
        }
    }

    private void AnswerGattOperation(string type) =>
        _cdp.Fire("BluetoothEmulation.simulateGATTOperationResponse", new { address = Address, type, code = 0 });

    private void AnswerRead(string id, string name)
    {
        byte[] value = name switch
        {
            "live" => _device.Read((g, b, now) => g.ReadLive(b, 0, now)),
            "alert" => _device.Read((g, b, _) => g.ReadAlert(b, 0)),
            "config" => _device.Read((g, b, _) => g.ReadConfig(b, 0)),
            "history" => _device.Read((g, b, _) => g.ReadHistory(b, 0)),
            "current-time" => _device.Read((g, b, now) => g.ReadCurrentTime(b, 0, now)),
            "battery" => new byte[] { (byte)BatteryPercent },
            "manufacturer" => Encoding.ASCII.GetBytes(DeviceInformation.Manufacturer),
            "model" => Encoding.ASCII.GetBytes(DeviceInformation.Model),
            "firmware" => Encoding.ASCII.GetBytes(DeviceInformation.FirmwareRevision),
            _ => Array.Empty<byte>(),
        };
        _cdp.Fire("BluetoothEmulation.simulateCharacteristicOperationResponse", new { characteristicId = id, type = "read", code = 0, data = Convert.ToBase64String(value) });
    }

    private void OnCharacteristic(JsonElement p)
    {
        string id = p.GetProperty("characteristicId").GetString()!;
        string type = p.GetProperty("type").GetString()!;
        string name = _characteristicNames.TryGetValue(id, out var n) ? n : id;
        Operations.Enqueue($"{type} {name}");
        switch (type)
        {
            case "read" when FailReads.TryGetValue(name, out int left) && left > 0:
                FailReads[name] = left - 1;
                _cdp.Fire("BluetoothEmulation.simulateCharacteristicOperationResponse", new { characteristicId = id, type, code = 0x0E });
                break;
            case "read" when _heldReads.TryGetValue(name, out var held):
                held.Enqueue(id);
                break;
            case "read":
                AnswerRead(id, name);
                break;
            case "write" when RefuseWrites.TryGetValue(name, out int refuse) && refuse > 0:
                RefuseWrites[name] = refuse - 1;
                _cdp.Fire("BluetoothEmulation.simulateCharacteristicOperationResponse", new { characteristicId = id, type, code = (int)AttError.ValueNotAllowed });
                break;
            case "write":
            {
                byte[] data = Convert.FromBase64String(p.GetProperty("data").GetString() ?? "");
                int code = name switch
                {
                    "control" when data.Length >= 2 && data[0] == ControlCommand.Version && UnknownControlOpcodes.ContainsKey(data[1]) =>
                        _device.Write(name, data, (_, _, _) => AttError.UnknownOpcode),
                    "config" => _device.Write(name, data, (g, b, _) => g.WriteConfig(b, 0, data.Length)),
                    "control" => _device.Write(name, data, (g, b, now) => g.WriteControl(b, 0, data.Length, now)),
                    "current-time" => _device.Write(name, data, (g, b, now) => g.WriteCurrentTime(b, 0, data.Length, now)),
                    _ => AttError.UnsupportedVersion,
                };
                _cdp.Fire("BluetoothEmulation.simulateCharacteristicOperationResponse", new { characteristicId = id, type, code });
                break;
            }
            default: // subscribe / unsubscribe
                _cdp.Fire("BluetoothEmulation.simulateCharacteristicOperationResponse", new { characteristicId = id, type, code = 0 });
                break;
        }
    }
}
