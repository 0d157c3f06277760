using System;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Storage;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.Advertisement;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;

namespace CalfMonitor.Firmware
{
    /// <summary>
    /// GATT server glue (nanoFramework.Device.Bluetooth on the NimBLE stack of the ESP32_BLE_* images) for
    /// the profile of docs/ble-protocol.md: the CalfMonitor service (Live, Alert, Config, Control,
    /// History), Current Time (0x1805), Battery (0x180F) and Device Information (0x180A). It only
    /// moves bytes: every payload is encoded or decoded by the core's <see cref="CalfMonitorGatt"/>,
    /// whose ATT error codes go back unchanged through RespondWithProtocolError.
    ///
    /// Threads: the library raises read/write events on its own thread; every call into
    /// <see cref="CalfMonitorGatt"/> (and so into the monitor) takes the lock the main loop holds
    /// while it polls the sensor. Notifications go out from the main loop (<see cref="Service"/>),
    /// never from the sampling path: NotifyValue allocates a copy per subscribed client.
    ///
    /// Alerts are notified, never indicated: the library's NotifyValue always sends a notification
    /// (NimBLE ble_gattc_notify_custom) and it has no way to indicate. A phone that missed some
    /// reads Live (alerts today, last sequence) and Alert (the last alert): docs/ble-protocol.md.
    ///
    /// Advertising: a custom advertisement (GattServiceProviderAdvertisingParameters.CustomAdvertisement)
    /// whose AD sections, in order, come from the core's <see cref="AdvertisingData"/>; the library
    /// packs them first-fit into the 31-byte advertisement and the scan response
    /// (BluetoothLEAdvertisement.CreateLegacyAdvertisements), so the flags, the 128-bit service UUID
    /// and the short name are advertised and the full name goes to the scan response. The default
    /// (flags + complete name + UUID) pushed the UUID into the scan response, unseen by passive scans.
    ///
    /// Facts from the library's sources: the first service created is the one advertised, and it
    /// makes the library add a default Device Information service (manufacturer "nanoFramework"),
    /// which ours, created later with the same UUID, replaces; GattServiceProvider.Create always
    /// reports Success (real failures surface in AdvertisementStatus); DataReader/DataWriter are
    /// little-endian; Buffer(byte[]) wraps the array without copying.
    /// </summary>
    internal sealed class BleServer
    {
        /// <summary>GAP device name (the full name, in the scan response).</summary>
        public const string DeviceName = AdvertisingData.FullName;

        /// <summary>Current Time notifications while subscribed, ms: once a minute keeps a phone's
        /// view of the device clock fresh without traffic.</summary>
        public const int TimeNotifyIntervalMs = 60000;

        private readonly CalfMonitorGatt _gatt;
        private readonly object _sync;
        private readonly DeviceListener _events;
        private readonly SettingsStore _store;

        // Preallocated payload buffers: one per characteristic and direction, so a read answered on
        // the library's thread never shares an array with a notification from the main loop.
        private readonly byte[] _liveRead = new byte[LivePayload.Length];
        private readonly byte[] _liveNotify = new byte[LivePayload.Length];
        private readonly byte[] _alertNotify = new byte[AlertPayload.Length];
        private readonly byte[] _alertRead = new byte[AlertPayload.Length];
        private readonly byte[] _configRead = new byte[ConfigPayload.Length];
        private readonly byte[] _historyRead = new byte[HistoryChunk.Length];
        private readonly byte[] _historyNotify = new byte[HistoryChunk.Length];
        private readonly byte[] _timeRead = new byte[CurrentTime.Length];
        private readonly byte[] _timeNotify = new byte[CurrentTime.Length];
        private readonly byte[] _batteryRead = new byte[1];
        private readonly byte[] _batteryNotify = new byte[1];

        private GattLocalCharacteristic _live;
        private GattLocalCharacteristic _alert;
        private GattLocalCharacteristic _history;
        private GattLocalCharacteristic _time;
        private GattLocalCharacteristic _battery;

        // Subscription state, kept by SubscribedClientsChanged (reading SubscribedClients allocates).
        private bool _liveSubscribed;
        private bool _alertSubscribed;
        private bool _historySubscribed;
        private bool _timeSubscribed;

        private int _historyToStream;
        private readonly BatteryNotifySchedule _batterySchedule = new BatteryNotifySchedule();
        private int _nextTimeNotifyMs;

        public BleServer(CalfMonitorGatt gatt, object sync, DeviceListener events, SettingsStore store)
        {
            _gatt = gatt;
            _sync = sync;
            _events = events;
            _store = store;
        }

        /// <summary>True once advertising has started.</summary>
        public bool Started { get; private set; }

        /// <summary>Battery level to report, percent (set by the main loop from the ADC).</summary>
        public int BatteryPercent { get; set; }

        /// <summary>Builds the services and starts advertising. Returns false (the monitor runs on
        /// without BLE) if the stack refuses.</summary>
        public bool Start()
        {
            BluetoothLEServer.Instance.DeviceName = DeviceName;

            // 1. The CalfMonitor service first: it is the advertised one.
            GattServiceProviderResult main = GattServiceProvider.Create(new Guid(BleUuids.Service));
            if (main.Error != BluetoothError.Success) return false;
            GattLocalService service = main.ServiceProvider.Service;

            _live = Add(service, BleUuids.Live, GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify);
            _alert = Add(service, BleUuids.Alert, GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify);
            GattLocalCharacteristic config = Add(service, BleUuids.Config, GattCharacteristicProperties.Read | GattCharacteristicProperties.Write);
            GattLocalCharacteristic control = Add(service, BleUuids.Control, GattCharacteristicProperties.Write);
            _history = Add(service, BleUuids.History, GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify);
            if (_live == null || _alert == null || config == null || control == null || _history == null) return false;

            _live.ReadRequested += OnLiveRead;
            _live.SubscribedClientsChanged += OnSubscriptionsChanged;
            _alert.ReadRequested += OnAlertRead;
            _alert.SubscribedClientsChanged += OnSubscriptionsChanged;
            config.ReadRequested += OnConfigRead;
            config.WriteRequested += OnConfigWrite;
            control.WriteRequested += OnControlWrite;
            _history.ReadRequested += OnHistoryRead;
            _history.SubscribedClientsChanged += OnSubscriptionsChanged;

            // 2. Current Time (SIG 0x1805 / 0x2A2B).
            GattServiceProviderResult cts = GattServiceProvider.Create(new Guid(BleUuids.FromSig16(BleUuids.CurrentTimeService)));
            if (cts.Error != BluetoothError.Success) return false;
            _time = Add(cts.ServiceProvider.Service, BleUuids.FromSig16(BleUuids.CurrentTime),
                GattCharacteristicProperties.Read | GattCharacteristicProperties.Write | GattCharacteristicProperties.Notify);
            if (_time == null) return false;
            _time.ReadRequested += OnTimeRead;
            _time.WriteRequested += OnTimeWrite;
            _time.SubscribedClientsChanged += OnSubscriptionsChanged;

            // 3. Battery (SIG 0x180F / 0x2A19).
            GattServiceProviderResult battery = GattServiceProvider.Create(new Guid(BleUuids.FromSig16(BleUuids.BatteryService)));
            if (battery.Error != BluetoothError.Success) return false;
            _battery = Add(battery.ServiceProvider.Service, BleUuids.FromSig16(BleUuids.BatteryLevel),
                GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify);
            if (_battery == null) return false;
            _battery.ReadRequested += OnBatteryRead;
            _battery.SubscribedClientsChanged += OnSubscriptionsChanged;

            // 4. Device Information (SIG 0x180A): replaces the library's default one.
            GattServiceProviderResult info = GattServiceProvider.Create(new Guid(BleUuids.FromSig16(BleUuids.DeviceInformationService)));
            if (info.Error != BluetoothError.Success) return false;
            GattLocalService infoService = info.ServiceProvider.Service;
            if (!AddStaticString(infoService, BleUuids.ManufacturerName, DeviceInformation.Manufacturer)) return false;
            if (!AddStaticString(infoService, BleUuids.ModelNumber, DeviceInformation.Model)) return false;
            if (!AddStaticString(infoService, BleUuids.FirmwareRevision, DeviceInformation.FirmwareRevision)) return false;

            // Custom advertisement: set last, it removes the flags and name sections the other
            // setters add; then the core's sections in order (the library packs them first-fit).
            GattServiceProviderAdvertisingParameters advertising = new GattServiceProviderAdvertisingParameters
            {
                IsConnectable = true,
                IsDiscoverable = true,
                CustomAdvertisement = true,
            };
            for (int i = 0; i < AdvertisingData.SectionCount; i++)
            {
                advertising.Advertisement.DataSections.Add(new BluetoothLEAdvertisementDataSection(
                    (byte)AdvertisingData.SectionType(i), new Buffer(AdvertisingData.SectionData(i))));
            }
            main.ServiceProvider.StartAdvertising(advertising);
            GattServiceProviderAdvertisementStatus status = main.ServiceProvider.AdvertisementStatus;
            Started = status == GattServiceProviderAdvertisementStatus.Started
                || status == GattServiceProviderAdvertisementStatus.StartedWithoutAllAdvertisementData;
            return Started;
        }

        /// <summary>Main-loop work after each tick: notifications that are due,
        /// and persisting an accepted Config write. Never called from the sampling path.</summary>
        public void Service(int nowMs)
        {
            if (!Started) return;

            if (_events.AlertRaised)
            {
                _events.AlertRaised = false;
                lock (_sync) _gatt.EncodeAlert(_alertNotify, 0);
                if (_alertSubscribed) Notify(_alert, _alertNotify);   // a notification: unacknowledged; the sequence shows gaps
            }

            if (_events.SecondEnded)
            {
                _events.SecondEnded = false;
                if (_liveSubscribed)
                {
                    lock (_sync) _gatt.ReadLive(_liveNotify, 0, _gatt.NowMs);
                    Notify(_live, _liveNotify);
                }
            }

            if (_historySubscribed)
            {
                // One chunk per tick (10 ms): 90 chunks in about a second. The count is set by the
                // library's thread (a snapshot written, a subscription), hence under the lock.
                bool chunk = false;
                lock (_sync)
                {
                    if (_historyToStream > 0)
                    {
                        _gatt.ReadHistory(_historyNotify, 0);
                        _historyToStream--;
                        chunk = true;
                    }
                }
                if (chunk) Notify(_history, _historyNotify);
            }

            // The subscription state of Current Time and Battery Level is set on the library's
            // thread (OnSubscriptionsChanged): read and advanced under the lock, so that a
            // subscription arriving while this tick decides is neither lost nor overwritten.
            bool timeDue;
            lock (_sync)
            {
                timeDue = _timeSubscribed && nowMs - _nextTimeNotifyMs >= 0;
                if (timeDue)
                {
                    _nextTimeNotifyMs = nowMs + TimeNotifyIntervalMs;
                    _gatt.ReadCurrentTime(_timeNotify, 0, _gatt.NowMs);
                }
            }
            if (timeDue) Notify(_time, _timeNotify);

            int battery = BatteryPercent;
            bool batteryDue;
            lock (_sync) batteryDue = _batterySchedule.Due(nowMs, battery);
            if (batteryDue)
            {
                DeviceInformation.EncodeBatteryLevel(battery, _batteryNotify, 0);
                Notify(_battery, _batteryNotify);
            }

            // The write already took effect; flash follows (two copies: power-fail safe), and a
            // save the flash refused is tried again (CalfMonitorGatt.SaveDone).
            MonitorSettings accepted = null;
            lock (_sync)
            {
                if (_gatt.SaveDue(nowMs)) accepted = _gatt.TakeConfigToSave();
            }
            if (accepted != null)
            {
                bool saved = _store.Save(accepted);
                lock (_sync) _gatt.SaveDone(saved, nowMs);
            }
        }

        // ---- event handlers (library thread) ----------------------------------------------------

        private void OnLiveRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            lock (_sync) _gatt.ReadLive(_liveRead, 0, _gatt.NowMs);
            args.GetRequest().RespondWithValue(new Buffer(_liveRead));
        }

        private void OnAlertRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            lock (_sync) _gatt.ReadAlert(_alertRead, 0);
            args.GetRequest().RespondWithValue(new Buffer(_alertRead));
        }

        private void OnConfigRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            lock (_sync) _gatt.ReadConfig(_configRead, 0);
            args.GetRequest().RespondWithValue(new Buffer(_configRead));
        }

        private void OnHistoryRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            lock (_sync) _gatt.ReadHistory(_historyRead, 0);
            args.GetRequest().RespondWithValue(new Buffer(_historyRead));
        }

        private void OnTimeRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            lock (_sync) _gatt.ReadCurrentTime(_timeRead, 0, _gatt.NowMs);
            args.GetRequest().RespondWithValue(new Buffer(_timeRead));
        }

        private void OnBatteryRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            DeviceInformation.EncodeBatteryLevel(BatteryPercent, _batteryRead, 0);
            args.GetRequest().RespondWithValue(new Buffer(_batteryRead));
        }

        private void OnConfigWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest request = args.GetRequest();
            byte[] data = ReadAll(request.Value);
            int code;
            lock (_sync) code = _gatt.WriteConfig(data, 0, data.Length);
            Respond(request, code);
        }

        private void OnControlWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest request = args.GetRequest();
            byte[] data = ReadAll(request.Value);
            int code;
            lock (_sync) code = _gatt.WriteControl(data, 0, data.Length, _gatt.NowMs);
            Respond(request, code);
            // The one place the glue looks at a payload: after an accepted "history snapshot"
            // (opcode byte, ble-protocol.md Control) a subscribed phone gets the 90 chunks streamed.
            if (code == AttError.Ok && data.Length >= 2 && data[1] == ControlCommand.OpHistorySnapshot)
            {
                lock (_sync) _historyToStream = HistoryChunk.ChunkCount;
            }
        }

        private void OnTimeWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest request = args.GetRequest();
            byte[] data = ReadAll(request.Value);
            int code;
            lock (_sync) code = _gatt.WriteCurrentTime(data, 0, data.Length, _gatt.NowMs);
            Respond(request, code);
        }

        private void OnSubscriptionsChanged(GattLocalCharacteristic sender, object args)
        {
            bool subscribed = sender.SubscribedClients.Length > 0;
            if (sender == _live) _liveSubscribed = subscribed;
            else if (sender == _alert) _alertSubscribed = subscribed;
            // A new subscription is served at the next tick: its timer starts now, not at 0 — the
            // clock is an int that wraps, and "now - 0 >= 0" is false for 24.8 days out of 49.7.
            else if (sender == _time)
            {
                lock (_sync)
                {
                    if (subscribed && !_timeSubscribed) _nextTimeNotifyMs = DeviceClock.NowMs();
                    _timeSubscribed = subscribed;
                }
            }
            else if (sender == _battery)
            {
                lock (_sync) _batterySchedule.SetSubscribed(subscribed, DeviceClock.NowMs());
            }
            else if (sender == _history)
            {
                bool started = subscribed && !_historySubscribed;
                _historySubscribed = subscribed;
                // Subscribing streams the chunks from the cursor to the end of the snapshot.
                if (started)
                {
                    lock (_sync) _historyToStream = HistoryChunk.ChunkCount - _gatt.HistoryCursor;
                }
            }
        }

        // ---- helpers ---------------------------------------------------------------------------

        /// <summary>Notifies the subscribed clients. A library exception skips this notification
        /// only, not the rest of <see cref="Service"/> (a pending Config save included):
        /// Device.Bluetooth 1.1.123 sizes NotifyValue's result array before taking its lock, so a
        /// second client subscribing at that moment makes it throw IndexOutOfRangeException.</summary>
        private static void Notify(GattLocalCharacteristic characteristic, byte[] value)
        {
            try
            {
                characteristic.NotifyValue(new Buffer(value));
            }
            catch (Exception)
            {
                // the value is read again by the phone (Live each second, Alert's sequence shows gaps)
            }
        }

        /// <summary>A write's bytes (writes are rare: one small array each).</summary>
        private static byte[] ReadAll(Buffer value)
        {
            DataReader reader = DataReader.FromBuffer(value);
            int length = (int)reader.UnconsumedBufferLength;   // a uint: kept in an int local before use
            byte[] data = new byte[length];
            if (length > 0) reader.ReadBytes(data);
            return data;
        }

        private static void Respond(GattWriteRequest request, int code)
        {
            if (code != AttError.Ok)
            {
                request.RespondWithProtocolError((byte)code);
                return;
            }
            // Always: the ESP32's NimBLE host waits (up to 2 s, nothing else served) until managed
            // code answers a write (nf-interpreter esp32_nimble.cpp, PostAndWaitManagedGapEvent).
            // Device.Bluetooth 1.1.123 reports every write as WriteWithResponse anyway.
            request.Respond();
        }

        private static GattLocalCharacteristic Add(GattLocalService service, string uuid, GattCharacteristicProperties properties)
        {
            GattLocalCharacteristicResult result = service.CreateCharacteristic(new Guid(uuid),
                new GattLocalCharacteristicParameters { CharacteristicProperties = properties });
            return result.Error == BluetoothError.Success ? result.Characteristic : null;
        }

        private static bool AddStaticString(GattLocalService service, int uuid16, string value)
        {
            byte[] bytes = new byte[value.Length];
            DeviceInformation.EncodeString(value, bytes, 0);
            GattLocalCharacteristicResult result = service.CreateCharacteristic(new Guid(BleUuids.FromSig16(uuid16)),
                new GattLocalCharacteristicParameters
                {
                    CharacteristicProperties = GattCharacteristicProperties.Read,
                    StaticValue = new Buffer(bytes),
                });
            return result.Error == BluetoothError.Success;
        }
    }
}
