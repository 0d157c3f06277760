namespace CalfMonitor.Core.Ble
{
    /// <summary>
    /// GATT UUIDs (docs/ble-protocol.md). The custom service and its characteristics share the
    /// 128-bit base <c>ca1f0000-7b1e-4c9d-8e2a-5f3b6d0c9a41</c> ("ca1f" = calf) with the 16-bit
    /// alias in bytes 2–3 of the textual form. The device builds <c>new Guid(string)</c> from these
    /// strings (nanoFramework's mscorlib has Guid(string)); 16-bit SIG UUIDs are given as numbers.
    /// </summary>
    public static class BleUuids
    {
        /// <summary>CalfMonitor service.</summary>
        public const string Service = "ca1f0001-7b1e-4c9d-8e2a-5f3b6d0c9a41";

        /// <summary>Live: read, notify once a second while subscribed.</summary>
        public const string Live = "ca1f0002-7b1e-4c9d-8e2a-5f3b6d0c9a41";

        /// <summary>Alert: read (the last alert), notify (each alert).</summary>
        public const string Alert = "ca1f0003-7b1e-4c9d-8e2a-5f3b6d0c9a41";

        /// <summary>Config: read, write.</summary>
        public const string Config = "ca1f0004-7b1e-4c9d-8e2a-5f3b6d0c9a41";

        /// <summary>Control: write.</summary>
        public const string Control = "ca1f0005-7b1e-4c9d-8e2a-5f3b6d0c9a41";

        /// <summary>History: read, notify.</summary>
        public const string History = "ca1f0006-7b1e-4c9d-8e2a-5f3b6d0c9a41";

        /// <summary>Current Time Service (SIG).</summary>
        public const int CurrentTimeService = 0x1805;

        /// <summary>Current Time characteristic (SIG): read, write, notify.</summary>
        public const int CurrentTime = 0x2A2B;

        /// <summary>Battery Service (SIG).</summary>
        public const int BatteryService = 0x180F;

        /// <summary>Battery Level characteristic (SIG): read, notify.</summary>
        public const int BatteryLevel = 0x2A19;

        /// <summary>Device Information Service (SIG).</summary>
        public const int DeviceInformationService = 0x180A;

        /// <summary>Manufacturer Name String (SIG).</summary>
        public const int ManufacturerName = 0x2A29;

        /// <summary>Model Number String (SIG).</summary>
        public const int ModelNumber = 0x2A24;

        /// <summary>Firmware Revision String (SIG).</summary>
        public const int FirmwareRevision = 0x2A26;

        /// <summary>Client Characteristic Configuration descriptor (SIG).</summary>
        public const int Cccd = 0x2902;

        /// <summary>The full 128-bit form of a 16-bit SIG UUID (Bluetooth base UUID).</summary>
        public static string FromSig16(int uuid16)
        {
            const string hex = "0123456789abcdef";
            char[] c = { '0', '0', '0', '0', hex[(uuid16 >> 12) & 15], hex[(uuid16 >> 8) & 15], hex[(uuid16 >> 4) & 15], hex[uuid16 & 15] };
            return new string(c) + "-0000-1000-8000-00805f9b34fb";
        }
    }
}
