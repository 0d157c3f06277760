using System;
using CalfMonitor.Core.Device;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;

namespace CalfMonitor.Firmware
{
    /// <summary>
    /// GATT server glue (nanoFramework.Device.Bluetooth on the NimBLE stack of ESP32_BLE_REV0).
    ///
    /// TODO(ble protocol): the CalfMonitor service — its UUIDs, characteristics (status, alerts,
    /// settings, activation log) and their byte layouts — is specified by docs/ble-protocol.md and
    /// encoded by firmware/CalfMonitor.Core/Ble/, which are not in main yet. Until they land this
    /// server publishes only the two standard services below; no CalfMonitor UUID or payload is
    /// invented here. When they land: create the CalfMonitor service FIRST (the first service
    /// created is the one advertised, and it makes the library add its default Device Information
    /// service, which ours below then replaces), add its characteristics with the codecs, and move
    /// the notifications in <see cref="Service"/> onto them.
    ///
    /// Standard services:
    /// - Battery (0x180F): Battery Level (0x2A19), Read + Notify, one byte 0..100 %.
    /// - Device Information (0x180A): Manufacturer Name (0x2A29), Model Number (0x2A24),
    ///   Hardware Revision (0x2A27), Firmware Revision (0x2A26), static reads.
    ///
    /// Facts from the library's sources: GattServiceProvider.Create always reports Success (real
    /// failures surface in AdvertisementStatus after StartAdvertising); NotifyValue allocates per
    /// subscribed client, so notifications go out from the main loop at most once a minute for the
    /// battery, never from the sampling path; DataWriter is little-endian.
    /// </summary>
    internal sealed class BleServer
    {
        /// <summary>GAP device name: what a phone's scan list shows.</summary>
        public const string DeviceName = "CalfMonitor";

        /// <summary>Battery notifications at most this often, ms: the level moves slowly and every
        /// notification allocates.</summary>
        public const int BatteryNotifyIntervalMs = 60000;

        private readonly string _firmwareVersion;
        private readonly string _hardwareRevision;
        private GattLocalCharacteristic _batteryLevel;
        private GattServiceProvider _advertised;
        private readonly byte[] _batteryValue = new byte[1];
        private int _notifiedPercent = -1;
        private int _nextBatteryNotifyMs;

        public BleServer(string firmwareVersion, string hardwareRevision)
        {
            _firmwareVersion = firmwareVersion;
            _hardwareRevision = hardwareRevision;
        }

        /// <summary>True once advertising has started.</summary>
        public bool Started { get; private set; }

        /// <summary>Battery level reported, percent.</summary>
        public int BatteryPercent { get; set; }

        /// <summary>Builds the services and starts advertising. Returns false (and the monitor runs
        /// on without BLE) if the stack refuses.</summary>
        public bool Start()
        {
            BluetoothLEServer server = BluetoothLEServer.Instance;
            server.DeviceName = DeviceName;

            // TODO(ble protocol): create the CalfMonitor service here, before the standard ones.

            GattServiceProviderResult battery = GattServiceProvider.Create(GattServiceUuids.Battery);
            if (battery.Error != BluetoothError.Success) return false;
            GattLocalCharacteristicResult level = battery.ServiceProvider.Service.CreateCharacteristic(
                GattCharacteristicUuids.BatteryLevel,
                new GattLocalCharacteristicParameters
                {
                    CharacteristicProperties = GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify,
                });
            if (level.Error != BluetoothError.Success) return false;
            _batteryLevel = level.Characteristic;
            _batteryLevel.ReadRequested += OnBatteryRead;

            // Created after the first service, so it replaces the library's default one
            // (manufacturer "nanoFramework").
            GattServiceProviderResult info = GattServiceProvider.Create(GattServiceUuids.DeviceInformation);
            if (info.Error != BluetoothError.Success) return false;
            GattLocalService infoService = info.ServiceProvider.Service;
            AddStaticString(infoService, GattCharacteristicUuids.ManufacturerNameString, "CalfMonitor");
            AddStaticString(infoService, GattCharacteristicUuids.ModelNumberString, "CalfMonitor ankle sensor");
            AddStaticString(infoService, GattCharacteristicUuids.HardwareRevisionString, _hardwareRevision);
            AddStaticString(infoService, GattCharacteristicUuids.FirmwareRevisionString, _firmwareVersion);

            _advertised = battery.ServiceProvider;
            _advertised.StartAdvertising(new GattServiceProviderAdvertisingParameters
            {
                IsConnectable = true,
                IsDiscoverable = true,
            });
            Started = _advertised.AdvertisementStatus == GattServiceProviderAdvertisementStatus.Started
                || _advertised.AdvertisementStatus == GattServiceProviderAdvertisementStatus.StartedWithoutAllAdvertisementData;
            return Started;
        }

        /// <summary>Main-loop work: notifications that are due. Never called from the sampling path.</summary>
        public void Service(DeviceListener events, SensorState sensor, int nowMs)
        {
            if (!Started) return;

            // TODO(ble protocol): notify the status / alert characteristics from
            // events.StatusChanged / events.AlertPending with the core's codecs, then clear the flags.

            if (nowMs - _nextBatteryNotifyMs >= 0 && BatteryPercent != _notifiedPercent)
            {
                _nextBatteryNotifyMs = nowMs + BatteryNotifyIntervalMs;
                _notifiedPercent = BatteryPercent;
                if (_batteryLevel.SubscribedClients.Length > 0)
                {
                    _batteryLevel.NotifyValue(BatteryBuffer());
                }
            }
        }

        private void OnBatteryRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            args.GetRequest().RespondWithValue(BatteryBuffer());
        }

        private Buffer BatteryBuffer()
        {
            int pct = BatteryPercent;
            _batteryValue[0] = (byte)(pct < 0 ? 0 : pct > 100 ? 100 : pct);
            return new Buffer(_batteryValue);
        }

        private static void AddStaticString(GattLocalService service, Guid uuid, string value)
        {
            DataWriter writer = new DataWriter();
            writer.WriteString(value);
            service.CreateCharacteristic(uuid, new GattLocalCharacteristicParameters
            {
                CharacteristicProperties = GattCharacteristicProperties.Read,
                StaticValue = writer.DetachBuffer(),
            });
        }
    }
}
