using System;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Core.Storage;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;
using nanoFramework.TestFramework;

namespace CalfMonitor.Firmware.Tests
{
    /// <summary>The GATT server registers the services and characteristics of docs/ble-protocol.md.</summary>
    [TestClass]
    public class BleOnBoardTests
    {
        private static BluetoothLEServer _server;

        private static BluetoothLEServer Server()
        {
            if (_server == null)
            {
                DeviceListener events = new DeviceListener(new MotorPattern());
                CalfPumpMonitor monitor = new CalfPumpMonitor(SensorConfig.Default(MountingSite.Shank), new MonitorSettings(), events);
                events.Attach(monitor);
                CalfMonitorGatt gatt = new CalfMonitorGatt(monitor, LoadStatus.Blank);
                BleServer ble = new BleServer(gatt, new object(), events, new SettingsStore(new ConfigStore()));
                Assert.IsTrue(ble.Start(), "advertising did not start");
                _server = BluetoothLEServer.Instance;
            }
            return _server;
        }

        private static GattLocalService Service(string uuid)
        {
            GattServiceProvider provider = Server().GetServiceByUUID(new Guid(uuid));
            Assert.IsNotNull(provider, "service " + uuid);
            return provider.Service;
        }

        private static void AssertCharacteristic(GattLocalCharacteristic c, string uuid, GattCharacteristicProperties properties)
        {
            Assert.IsTrue(c.Uuid.Equals(new Guid(uuid)), "characteristic " + uuid);
            Assert.IsTrue(c.CharacteristicProperties == properties, "properties of " + uuid);
        }

        [TestMethod]
        public void CalfMonitor_service_has_the_documented_characteristics()
        {
            GattLocalCharacteristic[] c = Service(BleUuids.Service).Characteristics;
            Assert.AreEqual(5, c.Length, "characteristics");
            AssertCharacteristic(c[0], BleUuids.Live, GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify);
            AssertCharacteristic(c[1], BleUuids.Alert, GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify);
            AssertCharacteristic(c[2], BleUuids.Config, GattCharacteristicProperties.Read | GattCharacteristicProperties.Write);
            AssertCharacteristic(c[3], BleUuids.Control, GattCharacteristicProperties.Write);
            AssertCharacteristic(c[4], BleUuids.History, GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify);
        }

        [TestMethod]
        public void Standard_services_are_registered()
        {
            GattLocalCharacteristic[] time = Service(BleUuids.FromSig16(BleUuids.CurrentTimeService)).Characteristics;
            Assert.AreEqual(1, time.Length, "Current Time characteristics");
            AssertCharacteristic(time[0], BleUuids.FromSig16(BleUuids.CurrentTime),
                GattCharacteristicProperties.Read | GattCharacteristicProperties.Write | GattCharacteristicProperties.Notify);

            GattLocalCharacteristic[] battery = Service(BleUuids.FromSig16(BleUuids.BatteryService)).Characteristics;
            Assert.AreEqual(1, battery.Length, "Battery characteristics");
            AssertCharacteristic(battery[0], BleUuids.FromSig16(BleUuids.BatteryLevel),
                GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify);

            // Ours (3 strings) replaced the library's default Device Information service (2 strings).
            GattLocalCharacteristic[] info = Service(BleUuids.FromSig16(BleUuids.DeviceInformationService)).Characteristics;
            Assert.AreEqual(3, info.Length, "Device Information characteristics");
            AssertCharacteristic(info[0], BleUuids.FromSig16(BleUuids.ManufacturerName), GattCharacteristicProperties.Read);
            AssertCharacteristic(info[1], BleUuids.FromSig16(BleUuids.ModelNumber), GattCharacteristicProperties.Read);
            AssertCharacteristic(info[2], BleUuids.FromSig16(BleUuids.FirmwareRevision), GattCharacteristicProperties.Read);
        }
    }
}
