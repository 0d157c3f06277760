using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;
using nanoFramework.TestFramework;

namespace CalfMonitor.Firmware.Tests
{
    [TestClass]
    public class BleOnBoardTests
    {
        [TestMethod]
        public void Gatt_server_registers_its_services_and_advertises()
        {
            BleServer ble = new BleServer("test", "test");
            Assert.IsTrue(ble.Start(), "advertising did not start");

            BluetoothLEServer server = BluetoothLEServer.Instance;
            GattServiceProvider battery = server.GetServiceByUUID(GattServiceUuids.Battery);
            Assert.IsNotNull(battery, "Battery service 0x180F");
            Assert.AreEqual(1, battery.Service.Characteristics.Length, "Battery Level only");

            GattServiceProvider info = server.GetServiceByUUID(GattServiceUuids.DeviceInformation);
            Assert.IsNotNull(info, "Device Information service 0x180A");
            // Ours (4 strings) replaced the library's default one (2 strings).
            Assert.AreEqual(4, info.Service.Characteristics.Length, "Device Information characteristics");

            // TODO(ble protocol): once docs/ble-protocol.md and Core/Ble land, assert the CalfMonitor
            // service and characteristic UUIDs it documents.
        }
    }
}
