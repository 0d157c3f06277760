namespace CalfMonitor.Core.Ble
{
    /// <summary>
    /// What the device advertises (docs/ble-protocol.md, "Advertising"): the AD sections in the
    /// order the firmware hands them to nanoFramework.Device.Bluetooth, and the packing that library
    /// applies (BluetoothLEAdvertisement.CreateLegacyAdvertisements: in order, each section goes
    /// into the 31-byte advertisement if it still fits, otherwise into the 31-byte scan response,
    /// otherwise it is dropped). The result, pinned by a test:
    /// <list type="bullet">
    /// <item>advertisement (30 bytes): flags <c>02 01 06</c> | complete list of 128-bit service
    /// UUIDs <c>11 07</c> + the CalfMonitor service UUID, little-endian | shortened local name
    /// <c>08 08 "CalfMon"</c>;</item>
    /// <item>scan response (13 bytes): complete local name <c>0c 09 "CalfMonitor"</c> (also the GAP
    /// Device Name).</item>
    /// </list>
    /// So a passive scan (no scan request) sees the service UUID and a name. Allocates: called once at start.
    /// </summary>
    public static class AdvertisingData
    {
        /// <summary>Largest legacy advertisement or scan response, bytes (Bluetooth Core, Vol 3 Part C §11).</summary>
        public const int MaxLegacyBytes = 31;

        /// <summary>AD type: flags.</summary>
        public const int TypeFlags = 0x01;

        /// <summary>AD type: complete list of 128-bit service UUIDs.</summary>
        public const int TypeCompleteList128 = 0x07;

        /// <summary>AD type: shortened local name.</summary>
        public const int TypeShortenedName = 0x08;

        /// <summary>AD type: complete local name.</summary>
        public const int TypeCompleteName = 0x09;

        /// <summary>Flags: LE General Discoverable (0x02) | BR/EDR not supported (0x04), what the
        /// library itself advertises by default.</summary>
        public const int Flags = 0x06;

        /// <summary>The full name: GAP Device Name and the scan response.</summary>
        public const string FullName = "CalfMonitor";

        /// <summary>The shortened name in the advertisement: a prefix of the full name that fits
        /// beside the flags (3 bytes) and the 128-bit UUID (18 bytes) — at most 8 characters.</summary>
        public const string ShortName = "CalfMon";

        /// <summary>Number of AD sections.</summary>
        public const int SectionCount = 4;

        /// <summary>AD type of section <paramref name="index"/> (0–3).</summary>
        public static int SectionType(int index)
        {
            switch (index)
            {
                case 0: return TypeFlags;
                case 1: return TypeCompleteList128;
                case 2: return TypeShortenedName;
                default: return TypeCompleteName;
            }
        }

        /// <summary>Data of section <paramref name="index"/> (without its length and type bytes).</summary>
        public static byte[] SectionData(int index)
        {
            switch (index)
            {
                case 0:
                    return new byte[] { Flags };
                case 1:
                    return UuidLittleEndian(BleUuids.Service);
                default:
                    string name = index == 2 ? ShortName : FullName;
                    byte[] bytes = new byte[name.Length];
                    DeviceInformation.EncodeString(name, bytes, 0);
                    return bytes;
            }
        }

        /// <summary>A UUID in its textual form as the 16 bytes sent over the air (little-endian:
        /// the textual bytes reversed).</summary>
        public static byte[] UuidLittleEndian(string uuid)
        {
            byte[] bytes = new byte[16];
            int n = 0;
            int high = -1;
            for (int i = uuid.Length - 1; i >= 0 && n < 16; i--)
            {
                int v = HexValue(uuid[i]);
                if (v < 0) continue;
                if (high < 0)
                {
                    high = v;   // reading backwards: the low nibble comes first
                    continue;
                }
                bytes[n++] = (byte)(v << 4 | high);
                high = -1;
            }
            return bytes;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        /// <summary>
        /// Packs the sections as the library does: fills <paramref name="advertisement"/> and
        /// <paramref name="scanResponse"/> (31 bytes each) and returns the advertisement's length;
        /// <paramref name="scanResponseLength"/> is the scan response's; <paramref name="allFit"/>
        /// is false when a section was dropped.
        /// </summary>
        public static int Pack(byte[] advertisement, byte[] scanResponse, out int scanResponseLength, out bool allFit)
        {
            int a = 0, s = 0;
            allFit = true;
            bool[] inAdvertisement = new bool[SectionCount];
            for (int i = 0; i < SectionCount; i++)
            {
                byte[] data = SectionData(i);
                if (a + data.Length + 2 > MaxLegacyBytes) continue;
                a = Put(advertisement, a, SectionType(i), data);
                inAdvertisement[i] = true;
            }
            for (int i = 0; i < SectionCount; i++)
            {
                if (inAdvertisement[i]) continue;
                byte[] data = SectionData(i);
                if (s + data.Length + 2 > MaxLegacyBytes)
                {
                    allFit = false;
                    continue;
                }
                s = Put(scanResponse, s, SectionType(i), data);
            }
            scanResponseLength = s;
            return a;
        }

        private static int Put(byte[] buffer, int at, int type, byte[] data)
        {
            buffer[at] = (byte)(data.Length + 1);
            buffer[at + 1] = (byte)type;
            for (int i = 0; i < data.Length; i++) buffer[at + 2 + i] = data[i];
            return at + 2 + data.Length;
        }
    }
}
